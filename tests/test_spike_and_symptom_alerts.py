"""Unusual volume and rising symptom mentions raise one alert per period, e-mailed to the
on-call list (or the search's own list) through a real SMTP server, and shown on the listening
page until someone acknowledges it."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from sociable.listening import alerting
from sociable.listening.models import ListeningAlert, Mention, SavedSearch, SearchKind
from tests.conftest import CAST_PASSWORD, verified

NOW = timezone.make_aware(timezone.datetime(2026, 11, 25, 15, 0))  # a Wednesday


def search_for(cast, **fields):
    cast.organisation.on_call_emails = "oncall@northshire.example"
    cast.organisation.save()
    return SavedSearch.objects.create(
        organisation=cast.organisation,
        name=fields.pop("name", "Northshire"),
        keywords="Northshire",
        created_at=NOW - timedelta(days=60),
        **fields,
    )


def mentions(search, day, count):
    Mention.objects.bulk_create(
        [
            Mention(
                organisation=search.organisation,
                search=search,
                network="demo",
                network_id=f"{day.isoformat()}-{n}",
                text="Northshire",
                posted_at=day,
            )
            for n in range(count)
        ]
    )


def quiet_month(search, per_day=3):
    for days_ago in range(1, 29):
        mentions(search, NOW - timedelta(days=days_ago), per_day + days_ago % 3)


@pytest.mark.django_db
def test_an_unusual_day_e_mails_the_on_call_list(cast, smtp_server):
    search = search_for(cast)
    quiet_month(search)
    mentions(search, NOW - timedelta(hours=1), 40)
    alert = alerting.check_volume(search, NOW)
    mail = smtp_server.wait_for(1)
    assert alert.kind == "volume" and alert.observed == 40
    assert mail[0].rcpt_tos == ["oncall@northshire.example"]
    assert "unusual volume" in mail[0].content.decode()
    assert f"/listening/{search.pk}/" in mail[0].content.decode()


@pytest.mark.django_db
def test_an_ordinary_day_raises_no_alert(cast, smtp_server):
    search = search_for(cast)
    quiet_month(search)
    mentions(search, NOW - timedelta(hours=1), 5)
    assert alerting.check_volume(search, NOW) is None
    assert smtp_server.wait_for(1, seconds=0.5) == []


@pytest.mark.django_db
def test_an_unusual_day_is_alerted_once(cast, smtp_server):
    search = search_for(cast)
    quiet_month(search)
    mentions(search, NOW - timedelta(hours=2), 40)
    alerting.check_volume(search, NOW - timedelta(hours=1))
    mentions(search, NOW - timedelta(minutes=30), 20)
    assert alerting.check_volume(search, NOW) is None
    assert ListeningAlert.objects.filter(search=search).count() == 1
    assert len(smtp_server.wait_for(2, seconds=0.5)) == 1


@pytest.mark.django_db
def test_a_new_search_does_not_alert_before_it_knows_what_usual_is(cast, smtp_server):
    search = search_for(cast)
    SavedSearch.objects.filter(pk=search.pk).update(created_at=NOW - timedelta(days=2))
    search.refresh_from_db()
    mentions(search, NOW - timedelta(hours=1), 80)
    assert alerting.check_volume(search, NOW) is None


@pytest.mark.django_db
def test_three_weekly_rises_in_symptom_mentions_raise_an_alert(cast, smtp_server):
    search = search_for(
        cast,
        name="Norovirus",
        kind=SearchKind.SYMPTOMS,
        alert_emails="health-protection@northshire.example",
    )
    monday = NOW - timedelta(days=NOW.weekday())
    for weeks_ago, count in ((4, 2), (3, 3), (2, 5), (1, 8)):
        mentions(search, monday - timedelta(weeks=weeks_ago) + timedelta(days=2), count)
    alert = alerting.check_symptoms(search, NOW)
    mail = smtp_server.wait_for(1)
    assert alert.kind == "symptoms"
    assert alert.detail["weekly"][-4:] == [2, 3, 5, 8]
    assert alert.period == (monday - timedelta(weeks=1)).date().isoformat()
    assert mail[0].rcpt_tos == ["health-protection@northshire.example"]


@pytest.mark.django_db
def test_symptom_mentions_that_fall_back_raise_no_alert(cast, smtp_server):
    search = search_for(cast, name="Norovirus", kind=SearchKind.SYMPTOMS)
    monday = NOW - timedelta(days=NOW.weekday())
    for weeks_ago, count in ((4, 2), (3, 3), (2, 8), (1, 5)):
        mentions(search, monday - timedelta(weeks=weeks_ago) + timedelta(days=2), count)
    assert alerting.check_symptoms(search, NOW) is None


@pytest.mark.django_db
def test_an_alert_that_could_not_be_e_mailed_is_sent_later(cast, settings, smtp_server):
    search = search_for(cast)
    quiet_month(search)
    mentions(search, NOW - timedelta(hours=1), 40)
    real_port = settings.EMAIL_PORT
    settings.EMAIL_PORT = 9  # nothing listens there
    alert = alerting.check_volume(search, NOW)
    alert.refresh_from_db()
    assert alert.emailed_at is None and alert.last_error
    settings.EMAIL_PORT = real_port
    assert alerting.resend_unsent(timezone.now() + timedelta(minutes=6)) == 1
    assert len(smtp_server.wait_for(1)) == 1


@pytest.mark.django_db
def test_alerts_show_on_the_listening_page_until_acknowledged(cast, smtp_server):
    search = search_for(cast)
    quiet_month(search)
    mentions(search, NOW - timedelta(hours=1), 40)
    alert = alerting.check_volume(search, NOW)
    client = Client()
    client.login(username=cast.officer.username, password=CAST_PASSWORD)
    assert 'data-testid="listening-alerts"' in client.get("/listening/").content.decode()
    client.post(f"/listening/alerts/{alert.pk}/acknowledge/")
    alert.refresh_from_db()
    assert alert.acknowledged_by == cast.officer
    assert 'data-testid="listening-alerts"' not in client.get("/listening/").content.decode()


@pytest.mark.django_db
def test_another_organisation_cannot_acknowledge_an_alert(cast, smtp_server):
    search = search_for(cast)
    quiet_month(search)
    mentions(search, NOW - timedelta(hours=1), 40)
    alert = alerting.check_volume(search, NOW)
    client = Client()
    client.login(username=cast.outsider.username, password=CAST_PASSWORD)
    verified(client)  # an admin who has passed the second factor
    assert client.post(f"/listening/alerts/{alert.pk}/acknowledge/").status_code == 404
