"""The signature check that docs/api.md gives receivers accepts Sociable's signatures and
refuses tampered or old ones."""

import re
import time
from pathlib import Path

from sociable.api import signing

DOC = Path(__file__).resolve().parent.parent / "docs" / "api.md"


def documented_verify():
    text = DOC.read_text()
    [code] = [
        block for block in re.findall(r"```python\n(.*?)```", text, re.S) if "def verify" in block
    ]
    namespace = {}
    exec(compile(code, str(DOC), "exec"), namespace)  # noqa: S102 (our own documentation)
    return namespace["verify"]


def test_the_documented_check_accepts_a_signature_made_by_sociable():
    verify = documented_verify()
    body = b'{"data":{"route":"crisis"},"event":"alert.raised","id":1}'
    assert verify("whsec_abc", body, signing.header("whsec_abc", body))


def test_the_documented_check_refuses_a_changed_body_a_wrong_secret_and_an_old_timestamp():
    verify = documented_verify()
    body = b'{"event":"alert.raised"}'
    header = signing.header("whsec_abc", body)
    assert not verify("whsec_abc", body.replace(b"alert", b"other"), header)
    assert not verify("whsec_other", body, header)
    old = signing.header("whsec_abc", body, timestamp=int(time.time()) - 3600)
    assert not verify("whsec_abc", body, old)
