"""The public pages, the reports page and the strategy pages meet WCAG 2.2 AA (axe-core), in a
real browser, with realistic data on them."""

from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone

from sociable.inbox.models import Direction, Message
from sociable.reports import demo
from tests.browser.conftest import log_in
from tests.conftest import CAST_PASSWORD
from tests.inbox_support import arrive

pytestmark = pytest.mark.browser
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def axe_violations(page) -> list[str]:
    # Open every <details> so the charts' data tables are checked too.
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA}})
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])} element(s))"
        for v in results.response["violations"]
    ]


@pytest.fixture
def with_data(cast):
    cast.organisation.pals_phone, cast.organisation.pals_email = "01632 960000", "pals@ns.example"
    cast.organisation.save()
    demo.seed(cast.organisation)
    yesterday = (timezone.localtime() - timedelta(days=1)).strftime("%Y-%m-%d")
    question = arrive(
        cast.channel, "Where do I park for the eye clinic?", when=f"{yesterday} 10:00"
    )
    arrive(cast.channel, "Huge thanks to Sister Aisha Rahman on Ward 7", when=f"{yesterday} 11:00")
    Message.objects.create(
        conversation=question.conversation,
        channel=cast.channel,
        direction=Direction.OUTBOUND,
        network_id="answer-1",
        text="Car park B is nearest.",
        delivery="sent",
        sent_at=question.sent_at + timedelta(minutes=45),
    )
    return cast


def last_forty_days() -> str:
    today = timezone.localdate()
    return f"period=custom&start={today - timedelta(days=40)}&end={today}"


def test_the_public_pages_have_no_wcag_22_aa_violations(
    live_server, transactional_db, with_data, page
):
    slug = with_data.organisation.slug
    page.goto(f"{live_server.url}/public/{slug}/how-we-use-social-media/")
    assert "116 123" in page.get_by_test_id("urgent-help").inner_text()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Find our official accounts").click()
    assert "@NorthshireNHS" in page.get_by_test_id("accounts").inner_text()
    assert axe_violations(page) == []


def test_the_reports_page_has_no_wcag_22_aa_violations(
    live_server, transactional_db, with_data, page
):
    log_in(page, live_server, "officer", CAST_PASSWORD)
    page.goto(f"{live_server.url}/reports/?{last_forty_days()}")
    assert page.locator("svg[role=img]").count() == 4
    assert axe_violations(page) == []
    page.goto(f"{live_server.url}/reports/?period=custom&start=2026-11-20&end=2026-11-01")
    assert "There is a problem" in page.content()
    assert axe_violations(page) == []


def test_the_strategy_pages_have_no_wcag_22_aa_violations(
    live_server, transactional_db, with_data, page
):
    log_in(page, live_server, "officer", CAST_PASSWORD)
    for path in (
        "/strategy/",
        "/strategy/dashboard/",
        "/strategy/audiences/new/",
        "/strategy/objectives/new/",
        "/reports/outcomes/",
        "/reports/monthly/new/",
    ):
        page.goto(f"{live_server.url}{path}")
        assert axe_violations(page) == [], path
