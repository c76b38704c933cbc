"""A crisis message arrives, is pinned with its banner, an officer acknowledges the alert and
replies with the crisis template, and the audit log shows it. Then axe-core checks the pages."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from sociable.audit.models import AuditEvent
from sociable.inbox.models import Alert, Message
from tests.browser.conftest import log_in
from tests.conftest import CAST_PASSWORD
from tests.inbox_support import arrive

pytestmark = pytest.mark.browser
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def axe_violations(page) -> list[str]:
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA}})
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])} element(s))"
        for v in results.response["violations"]
    ]


def test_an_officer_answers_a_crisis_from_alert_to_audit(
    live_server, transactional_db, cast, page, smtp_server
):
    cast.organisation.on_call_emails = "oncall@northshire.example"
    cast.organisation.save()
    arrive(cast.channel, "Where is the blood test clinic?", handle="@pat")
    crisis = arrive(
        cast.channel,
        "I can't do this anymore. I've got all my tablets saved up and tonight's the night",
        handle="@struggling",
        name="Robin",
    )
    assert crisis.route == "crisis"
    assert smtp_server.wait_for(1), "the on-call list was not e-mailed"

    log_in(page, live_server, "officer", CAST_PASSWORD)
    banner = page.get_by_test_id("urgent-pinned")
    assert banner.is_visible()
    assert "tablets saved up" in banner.inner_text()

    banner.get_by_role("link", name="Robin").click()
    page.get_by_test_id("urgent-banner").wait_for()  # the conversation opens beside the list
    assert page.get_by_test_id("urgent-banner").is_visible()
    page.get_by_test_id("acknowledge").click()
    assert "Alert acknowledged" in page.get_by_test_id("alert-acknowledged").inner_text()

    page.get_by_role("link", name="Crisis: reach out now").click()
    reply_box = page.locator("#id_text")
    assert "116 123" in reply_box.input_value() and "999" in reply_box.input_value()
    page.get_by_test_id("send-reply").click()
    page.locator("#flash", has_text="Reply sent.").wait_for()

    history = page.get_by_test_id("history").inner_text()
    assert "Acknowledged an urgent alert" in history and "Sent a reply" in history
    alert = Alert.objects.get(message=crisis)
    assert alert.acknowledged_by == cast.officer
    reply = Message.objects.get(conversation=crisis.conversation, direction="out", automatic=False)
    assert reply.delivery == "sent" and "116 123" in reply.text
    assert AuditEvent.objects.filter(verb="reply.sent", actor=cast.officer).exists()


def test_the_inbox_and_conversation_pages_have_no_wcag_22_aa_violations(
    live_server, transactional_db, cast, page
):
    crisis = arrive(cast.channel, "I've taken all my tablets, I want it to end", name="Robin")
    arrive(cast.channel, "Huge thanks to Sister Aisha Rahman on Ward 7")
    log_in(page, live_server, "officer", CAST_PASSWORD)
    assert axe_violations(page) == []
    page.goto(f"{live_server.url}/inbox/{crisis.conversation_id}/")
    assert axe_violations(page) == []


def test_the_accessibility_check_finds_a_planted_violation(page):
    page.set_content(
        '<html lang="en"><title>t</title><main><img src="x.png"><input type="text"></main></html>'
    )
    found = " ".join(axe_violations(page))
    assert "image-alt" in found and "label" in found
