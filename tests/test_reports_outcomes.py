"""Outcomes officers record, and kudos, make the preference, impact and advocacy stages."""

from datetime import date

from django.utils import timezone

from sociable.audit.models import AuditEvent
from sociable.inbox.models import Kudos
from sociable.reports.build import build
from sociable.reports.models import Outcome
from sociable.reports.periods import preset
from sociable.reports.scope import Scope
from tests.conftest import CAST_PASSWORD


def this_month(cast, **filters):
    return build(Scope(cast.organisation, preset("this_month"), **filters))


def test_an_officer_records_an_outcome_and_it_counts_in_its_stage(cast, client):
    client.login(username="officer", password=CAST_PASSWORD)
    response = client.post(
        "/reports/outcomes/new/",
        {
            "stage": "impact",
            "description": "Flu jab bookings via the link",
            "count": "140",
            "date": timezone.localdate().isoformat(),
            "campaign": "#FluJab",
            "source": "Booking system report",
        },
    )
    assert response.status_code == 302
    assert this_month(cast).outcome_totals == {"preference": 0, "impact": 140, "advocacy": 0}
    assert AuditEvent.objects.filter(verb="outcome.recorded", actor=cast.officer).exists()


def test_a_campaign_report_counts_only_that_campaigns_outcomes(cast):
    today = timezone.localdate()
    Outcome.objects.create(
        organisation=cast.organisation,
        date=today,
        stage="impact",
        description="Bookings",
        count=140,
        campaign="#FluJab",
    )
    Outcome.objects.create(
        organisation=cast.organisation,
        date=today,
        stage="impact",
        description="Volunteers",
        count=12,
        campaign="#Volunteer",
    )
    assert this_month(cast, campaign="FluJab").outcome_totals["impact"] == 140


def test_an_outcome_without_a_count_is_refused_with_a_reason(cast, client):
    client.login(username="officer", password=CAST_PASSWORD)
    response = client.post(
        "/reports/outcomes/new/",
        {"stage": "impact", "description": "Bookings", "date": "2026-11-02"},
    )
    assert "There is a problem" in response.content.decode()
    assert not Outcome.objects.exists()


def test_another_organisations_outcomes_are_not_counted(cast):
    Outcome.objects.create(
        organisation=cast.other_organisation,
        date=timezone.localdate(),
        stage="advocacy",
        description="Volunteers",
        count=50,
    )
    assert this_month(cast).outcome_totals["advocacy"] == 0


def test_kudos_count_towards_advocacy(cast):
    message = cast.maternity_conversation.messages.first()
    Kudos.objects.create(
        organisation=cast.organisation,
        message=message,
        staff_name="Midwife Jo",
        team=cast.maternity,
        at=timezone.now(),
    )
    report = this_month(cast)
    assert report.kudos == 1 and report.kudos_by_team == [("Maternity", 1)]


def test_outcomes_outside_the_period_are_left_out(cast):
    Outcome.objects.create(
        organisation=cast.organisation,
        date=date(2020, 1, 1),
        stage="impact",
        description="Old bookings",
        count=9,
    )
    assert this_month(cast).outcome_totals["impact"] == 0


def test_the_outcomes_page_lists_an_outcome_whose_recorder_has_left(cast, client):
    Outcome.objects.create(
        organisation=cast.organisation,
        stage="impact",
        count=12,
        description="Blood donor sign-ups",
        date=timezone.localdate(),
        recorded_by=None,
    )
    client.login(username="officer", password=CAST_PASSWORD)
    response = client.get("/reports/outcomes/")
    assert response.status_code == 200
    assert "Blood donor sign-ups" in response.text and "A former member" in response.text
