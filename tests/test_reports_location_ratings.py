"""The rating of each Google Business Profile location over time: read once a day by the
scheduler through the location's adapter, shown on the report page and in the PDF as a line per
location with its data table; a day with no reading is a gap, never a zero."""

import io
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from sociable.channels.models import Channel
from sociable.core import scheduler
from sociable.networks.base import NetworkError
from sociable.reports import charts, metrics
from sociable.reports.models import LocationRating
from tests.conftest import CAST_PASSWORD

METRICS = "sociable.networks.google_business.GoogleBusinessNetwork.metrics"


def location(cast, title="Northshire General Hospital", number=456):
    channel = Channel(
        organisation=cast.channel.organisation,
        team=cast.comms,
        network="google_business",
        handle=f"locations/{number}",
        display_name=title,
        options={"account": "accounts/123", "location": f"locations/{number}", "title": title},
    )
    channel.credentials = {"access_token": "token", "refresh_token": "refresh"}
    channel.save()
    return channel


@pytest.fixture
def rated(monkeypatch):
    """The adapter's metrics answer with a rating; the location ids asked for are kept."""
    asked = []

    def metrics_of(self, network_id):
        asked.append(network_id)
        return {"average_rating_x100": 430, "reviews": 87}

    monkeypatch.setattr(METRICS, metrics_of)
    return asked


@pytest.fixture
def viewer(cast):
    client = Client()
    assert client.login(username="viewer", password=CAST_PASSWORD)
    return client


def test_each_location_is_read_once_a_day(cast, rated):
    first, second = location(cast), location(cast, "Eastfield Surgery", 789)
    now = timezone.now()
    claimed = metrics.claim_due_ratings(now)
    assert len(claimed) == 2
    assert all(metrics.read_rating(pk, now) for pk in claimed)
    assert metrics.claim_due_ratings(now) == []  # a second run that day reads nothing again
    assert metrics.claim_due_ratings(now + timedelta(minutes=5)) == []
    assert sorted(rated) == ["locations/456", "locations/789"]
    day = timezone.localdate(now)
    for channel in (first, second):
        reading = LocationRating.objects.get(channel=channel, day=day)
        assert (reading.rating, reading.reviews) == (4.3, 87)
    assert LocationRating.objects.count() == 2
    assert len(metrics.claim_due_ratings(now + timedelta(days=1))) == 2


def test_the_scheduler_enqueues_one_read_a_day_per_location(cast):
    from django_tasks_db.models import DBTaskResult

    location(cast)
    before = DBTaskResult.objects.count()
    scheduler.tick()
    scheduler.tick()
    names = list(DBTaskResult.objects.values_list("task_path", flat=True)[before:])
    assert names.count("sociable.reports.tasks.read_location_rating") == 1
    assert LocationRating.objects.count() == 1


def test_other_networks_and_disconnected_locations_are_not_read(cast, rated):
    gone = location(cast)
    Channel.objects.filter(pk=gone.pk).update(status="needs_reconnect")
    assert metrics.claim_due_ratings() == []


def test_a_failed_read_leaves_the_day_unknown_not_zero(cast, monkeypatch):
    def down(self, network_id):
        raise NetworkError("Google Business Profile is not answering.")

    location(cast)
    monkeypatch.setattr(METRICS, down)
    [pk] = metrics.claim_due_ratings()
    assert metrics.read_rating(pk) is False
    reading = LocationRating.objects.get(pk=pk)
    assert reading.rating is None and "not answering" in reading.last_error


def _readings(channel, values):
    today = timezone.localdate()
    for days_ago, value in values:
        LocationRating.objects.create(
            channel=channel,
            day=today - timedelta(days=days_ago),
            average_rating_x100=value,
            reviews=80 + days_ago,
        )


def test_the_report_shows_a_line_and_a_table_per_location(cast, viewer):
    _readings(location(cast), [(2, 410), (0, 430)])  # yesterday has no reading
    _readings(location(cast, "Eastfield Surgery", 789), [(1, 250), (0, 260)])
    today = timezone.localdate()
    page = re.sub(
        r"\s+",
        " ",
        viewer.get(
            "/reports/",
            {
                "period": "custom",
                "start": (today - timedelta(days=2)).isoformat(),
                "end": today.isoformat(),
            },
        ).content.decode(),
    )
    assert "Rating by location" in page
    assert 'data-testid="rating-1"' in page and 'data-testid="rating-2"' in page
    assert "Rating of Eastfield Surgery (in stars out of 5)" in page
    assert "4.30" in page and "2.60" in page and "4.10" in page
    assert "1 day not known: shown as a gap, not as zero." in page  # the hospital's yesterday
    assert "table-ratings" in page


def test_a_day_without_a_reading_is_a_gap():
    today = timezone.localdate()
    days = [today - timedelta(days=n) for n in (3, 2, 1, 0)]
    chart = charts.line_chart(
        "rating-1",
        "Rating of Eastfield Surgery",
        charts.RATING_UNIT,
        list(zip(days, [4.1, None, 3.9, 4.3], strict=True)),
        top=5,
        adds_up=False,
    )
    assert [len(run) for run in chart.segments] == [1, 2]
    assert [p.value for p in chart.points] == [4.1, 3.9, 4.3]
    assert chart.unknown_days == 1
    assert chart.y_ticks[-1].text == "5"  # every location on the same 0 to 5 axis
    assert "4.3 on" in chart.summary and "lowest 3.9" in chart.summary
    assert "in all" not in chart.summary  # ratings are not added up


def test_an_organisation_without_locations_has_no_rating_section(cast, viewer):
    assert "Rating by location" not in viewer.get("/reports/").content.decode()


def test_the_pdf_carries_the_rating_by_location(cast, viewer):
    _readings(location(cast), [(0, 430)])
    response = viewer.get("/reports/report.pdf")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Rating by location" in text and "Rating of Northshire General Hospital" in text
    assert "Stars out of 5" in text and "4.30" in text


def test_the_demo_organisation_shows_a_month_of_its_locations_rating(cast):
    from sociable.reports import demo

    channel = Channel.objects.create(
        organisation=cast.organisation,
        team=cast.comms,
        network="demo",
        handle="Northshire General (Google)",
        options={"stream": "google_business"},
    )
    assert demo.seed(cast.organisation) is True
    readings = LocationRating.objects.filter(channel=channel)
    assert readings.count() == 29  # 31 days, two of them gaps
    assert all(1 <= r.rating <= 5 for r in readings)
