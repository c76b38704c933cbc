"""Encryption at rest of small JSON documents (Fernet; MultiFernet for key rotation).

The keys are passed in: `sociable.core.crypto` reads them from the settings."""

import base64
import json
from collections.abc import Sequence

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF


class CredentialsUnreadable(Exception):
    """The stored credentials cannot be decrypted with any configured key."""


def derived_key(secret: str) -> bytes:
    """A Fernet key derived from a secret (HKDF-SHA256), for a server given no keys of its own."""
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"sociable-credentials")
    return base64.urlsafe_b64encode(hkdf.derive(secret.encode()))


def keyring(keys: Sequence[str], secret: str) -> MultiFernet:
    """The keys, newest first; with none, one derived from `secret`."""
    return MultiFernet([Fernet(key) for key in [k.encode() for k in keys] or [derived_key(secret)]])


def encrypt(ring: MultiFernet, data: dict) -> str:
    return ring.encrypt(json.dumps(data, sort_keys=True).encode()).decode()


def decrypt(ring: MultiFernet, token: str) -> dict:
    if not token:
        return {}
    try:
        return json.loads(ring.decrypt(token.encode()))
    except InvalidToken:
        raise CredentialsUnreadable(
            "These credentials were encrypted with a key this server no longer has."
        ) from None


def rotate(ring: MultiFernet, token: str) -> str:
    """Re-encrypt a token under the newest key."""
    return ring.rotate(token.encode()).decode() if token else token
