"""The one-page strategy: officers write it, everyone reads it, audiences sit on the
power/interest matrix, and each objective's KPI is shown against its target."""

import re
from datetime import date, timedelta

from django.test import Client

from sociable.reports.models import Outcome
from sociable.strategy import kpis
from sociable.strategy.models import Audience, Objective, Strategy
from tests.conftest import CAST_PASSWORD
from tests.inbox_support import at
from tests.reports_support import published


def signed_in(username):
    client = Client()
    assert client.login(username=username, password=CAST_PASSWORD)
    return client


def text_of(response):
    return re.sub(r"\s+", " ", response.content.decode())


def objective(cast, kpi, target, **extra):
    return Objective.objects.create(
        organisation=cast.organisation, title=f"Objective {kpi}", kpi=kpi, target=target, **extra
    )


def test_an_officer_writes_the_purpose_and_content_pillars(cast):
    response = signed_in("officer").post(
        "/strategy/edit/",
        {
            "purpose": "Help Northshire people use the right service first time.",
            "content_pillars": "Right care, right place\nOur people\n\nHealthy Northshire",
            "policy_notes": "",
        },
    )
    assert response.status_code == 302
    strategy = Strategy.objects.get(organisation=cast.organisation)
    assert strategy.pillars == ["Right care, right place", "Our people", "Healthy Northshire"]
    page = text_of(signed_in("viewer").get("/strategy/"))
    assert "Help Northshire people use the right service first time." in page


def test_a_viewer_reads_the_strategy_without_edit_links(cast):
    page = signed_in("viewer").get("/strategy/").content.decode()
    assert "/strategy/edit/" not in page and "/strategy/objectives/new/" not in page


def test_audiences_sit_in_their_quadrant_with_the_accounts_where_they_are_found(cast):
    response = signed_in("officer").post(
        "/strategy/audiences/new/",
        {
            "name": "Expectant parents",
            "power": "low",
            "interest": "high",
            "channels": [cast.maternity_channel.pk],
            "elsewhere": "Local parents' groups",
        },
    )
    assert response.status_code == 302
    html = signed_in("viewer").get("/strategy/").content.decode()
    quadrant = html.split('data-testid="quadrant-keep_informed"')[1].split("</td>")[0]
    assert "Expectant parents" in quadrant and "@NorthshireMaternity" in quadrant
    assert "Local parents&#x27; groups" in quadrant


def test_two_audiences_cannot_share_a_name(cast):
    Audience.objects.create(
        organisation=cast.organisation, name="Staff", power="high", interest="high"
    )
    response = signed_in("officer").post(
        "/strategy/audiences/new/", {"name": "staff", "power": "low", "interest": "low"}
    )
    assert "There is already an audience with this name." in response.content.decode()


def test_an_objective_must_use_a_kpi_from_the_reports(cast):
    response = signed_in("officer").post(
        "/strategy/objectives/new/",
        {
            "title": "Advertising value",
            "kpi": "ave_pounds",
            "target": "50000",
            "period": "month",
            "order": "0",
        },
    )
    assert "Select a valid choice" in response.content.decode()
    assert not Objective.objects.exists()


def test_an_objective_from_another_organisation_is_not_found(cast):
    other = Objective.objects.create(
        organisation=cast.other_organisation, title="Theirs", kpi="reach", target=1
    )
    assert signed_in("officer").get(f"/strategy/objectives/{other.pk}/").status_code == 404


def test_a_total_is_on_track_when_it_meets_the_share_of_the_target_due_so_far(cast):
    goal = objective(cast, "reach", 30000)  # a month: 1,000 a day
    published(
        cast, channel=cast.maternity_channel, when=at("2026-11-03 10:00"), reach=12000, reactions=10
    )
    status = kpis.evaluate(goal, today=date(2026, 11, 10))
    assert (status.status, status.expected) == ("on_track", 10000)
    assert status.base == "from 1 of 1 posts whose network reports reach"
    assert kpis.evaluate(goal, today=date(2026, 11, 20)).status == "behind"


def test_the_engagement_rate_kpi_states_its_base(cast):
    goal = objective(cast, "engagement_rate", 3)
    published(
        cast, channel=cast.maternity_channel, when=at("2026-11-03 10:00"), reach=2000, reactions=100
    )
    status = kpis.evaluate(goal, today=date(2026, 11, 10))
    assert status.value_text == "5.0%" and status.status == "on_track"
    assert status.base == "engagements ÷ reach, of 2,000 people reached"


def test_a_kpi_without_data_says_so_rather_than_guessing(cast):
    goal = objective(cast, "engagement_rate", 3)
    published(cast, when=at("2026-11-03 10:00"), reactions=100)  # no reach reported
    status = kpis.evaluate(goal, today=date(2026, 11, 10))
    assert (status.status, status.value_text) == ("no_data", "unknown")
    assert status.base == "reach is unknown for every post in the period"


def test_a_slow_median_response_is_behind_its_target(cast):
    from sociable.inbox.models import Direction, Message

    goal = objective(cast, "response_time_median_minutes", 60)
    conversation = cast.conversation
    Message.objects.filter(conversation=conversation).update(sent_at=at("2026-11-03 10:00"))
    Message.objects.create(
        conversation=conversation,
        channel=conversation.channel,
        direction=Direction.OUTBOUND,
        network_id="r1",
        text="Answer",
        sent_at=at("2026-11-03 12:00"),
        delivery="sent",
    )
    status = kpis.evaluate(goal, today=date(2026, 11, 10))
    assert (status.status, status.value_text) == ("behind", "2 hr 0 min")


def test_an_outcome_kpi_counts_the_objectives_campaign_only(cast):
    goal = objective(cast, "outcome:impact", 100, campaign="#FluJab")
    for campaign, count in (("#FluJab", 140), ("#Volunteer", 999)):
        Outcome.objects.create(
            organisation=cast.organisation,
            date=date(2026, 11, 5),
            stage="impact",
            description="Bookings",
            count=count,
            campaign=campaign,
        )
    status = kpis.evaluate(goal, today=date(2026, 11, 30))
    assert (status.value, status.status) == (140, "on_track")


def test_the_dashboard_shows_each_kpi_with_its_status_in_words(cast):
    objective(cast, "kudos_count", 5, period="year")
    page = text_of(signed_in("viewer").get("/strategy/dashboard/"))
    assert "Objective kudos_count" in page and "Kudos" in page
    assert re.search(r"(On track|Behind|No data yet)", page)


def test_a_quarter_runs_from_its_first_month_to_the_end_of_its_third(cast):
    period = kpis.current_period("quarter", date(2026, 11, 21))
    assert (period.start, period.end) == (date(2026, 10, 1), date(2026, 12, 31))
    assert period.end - period.start == timedelta(days=91)
