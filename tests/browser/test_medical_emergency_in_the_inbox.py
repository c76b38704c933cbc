"""A medical emergency arrives: it is pinned, and its banner and the suggested reply in the
conversation say "call 999 now", not the mental-health helplines. axe-core finds nothing."""

import pytest

from tests.browser.conftest import log_in, screenshot, seen
from tests.browser.test_crisis_journey import axe_violations
from tests.conftest import CAST_PASSWORD
from tests.inbox_support import arrive

pytestmark = pytest.mark.browser


def test_a_medical_emergency_shows_the_999_wording_in_the_banner_and_the_reply(
    live_server, transactional_db, cast, page
):
    emergency = arrive(
        cast.channel,
        "Please help my little boy is fitting and it won't stop, been going 6 minutes",
        handle="@worried",
        name="Jordan",
    )
    assert emergency.route == "crisis" and emergency.verdict["kind"] == "medical_emergency"

    log_in(page, live_server, "officer", CAST_PASSWORD)
    pinned = page.get_by_test_id("urgent-pinned")
    seen(pinned)
    assert "Samaritans" not in pinned.inner_text()
    link = pinned.get_by_role("link", name="Jordan")
    seen(link)
    link.click()

    banner = page.get_by_test_id("urgent-banner")
    seen(banner)
    text = banner.inner_text()
    assert "Medical emergency: act now" in text and "call 999 now" in text
    assert "116 123" not in text and "SHOUT" not in text and "mental health" not in text

    screenshot(page, "medical-emergency-banner")
    suggestion = page.get_by_role("link", name="Medical emergency: call 999 now")
    seen(suggestion)
    suggested = page.locator("p", has_text="Suggested for").inner_text()
    assert "Crisis: reach out now" not in suggested
    suggestion.click()
    reply = page.locator("#id_text")
    seen(reply)
    assert "call 999 now" in reply.input_value() and "116 123" not in reply.input_value()

    assert axe_violations(page) == []
    screenshot(page, "medical-emergency-reply")
