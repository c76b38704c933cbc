"""In Chromium: an admin logs in, is sent to set up two-step verification, scans (reads) the
key, enters a code and reaches the inbox; the security and data-protection pages pass axe-core
(WCAG 2.2 AA) and the browser reports no Content-Security-Policy violation."""

import re
from urllib.parse import urlsplit

import pyotp
import pytest
from django.core import mail

from sociable.security.models import SecondFactor
from tests.browser.test_crisis_journey import axe_violations
from tests.conftest import CAST_PASSWORD
from tests.inbox_support import arrive

pytestmark = pytest.mark.browser


def test_an_admin_enrols_and_the_pages_are_accessible(live_server, transactional_db, cast, page):
    refused = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    arrive(cast.channel, "Where do I park?", handle="@pat", name="Pat Doe")
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", CAST_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/security/two-factor/enrol/**")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Send the link").click()
    page.get_by_text("Check your e-mail").wait_for()
    link = re.search(r"https?://\S+", mail.outbox[-1].body).group(0)
    parts = urlsplit(link)
    page.goto(f"{live_server.url}{parts.path}?{parts.query}")
    assert page.get_by_test_id("qr-code").is_visible()
    assert axe_violations(page) == []
    secret = page.get_by_test_id("secret").inner_text()
    assert secret == SecondFactor.objects.get(user=cast.admin).secret
    page.fill("#id_code", pyotp.TOTP(secret).now())
    page.click("button[type=submit]")
    assert len(page.get_by_test_id("recovery-codes").locator("li").all()) == 10
    assert axe_violations(page) == []
    page.get_by_role("link", name="I have saved my codes: continue").click()
    page.wait_for_url("**/inbox/")
    contact = cast.organisation.contacts.get(handle="@pat")
    for path in (
        "/security/two-factor/",
        "/settings/retention/",
        "/settings/audit/",
        "/settings/people/?q=pat",
        f"/settings/people/{contact.pk}/",
        f"/settings/people/{contact.pk}/erase/",
    ):
        page.goto(f"{live_server.url}{path}")
        assert axe_violations(page) == [], path
    assert refused == []
