"""The content calendar: posts by day, awareness days, drag-and-drop moves and news ideas."""

import http.server
import threading
from datetime import datetime, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from sociable.publishing import calendar
from sociable.publishing.models import (
    ContentSource,
    ContentSuggestion,
    OrganisationAwarenessDay,
    Post,
    PostTarget,
)
from tests.conftest import CAST_PASSWORD, verified


def signed_in(username):
    client = Client()
    assert client.login(username=username, password=CAST_PASSWORD)
    return verified(client)


def scheduled(cast, when, text="Our stroke unit celebrates its 10th birthday", author=None):
    post = Post.objects.create(
        organisation=cast.organisation,
        text=text,
        author=author or cast.officer,
        scheduled_at=timezone.make_aware(when),
    )
    PostTarget.objects.create(post=post, channel=cast.channel)
    return post


def day_cell(html: str, iso: str) -> str:
    start = html.index(f'data-date="{iso}"')
    return html[start : html.index("</td>", start)]


def test_the_month_shows_awareness_days_and_posts_on_their_days(cast):
    post = scheduled(cast, datetime(2026, 10, 10, 9, 30))
    page = signed_in("officer").get("/calendar/", {"date": "2026-10"}).content.decode()
    cell = day_cell(page, "2026-10-10")
    assert "World Mental Health Day" in cell
    assert f'data-post="{post.pk}"' in cell and "09:30" in cell


def test_the_week_view_starts_on_monday(cast):
    page = signed_in("officer").get("/calendar/", {"view": "week", "date": "2026-11-25"})
    html = page.content.decode()
    assert "Week of 23 November 2026" in html
    assert 'data-date="2026-11-23"' in html and 'data-date="2026-11-29"' in html


def test_a_variable_day_awaits_confirmation_until_an_admin_confirms_it(cast):
    calendar.ensure_awareness_days(cast.organisation)
    day = OrganisationAwarenessDay.objects.get(
        organisation=cast.organisation, name="Eating Disorders Awareness Week"
    )
    found = dict(
        (r.name, o)
        for r, o in calendar.awareness_between(
            cast.organisation, datetime(2027, 2, 1).date(), datetime(2027, 2, 28).date()
        )
    )
    assert found["Eating Disorders Awareness Week"].needs_confirmation
    signed_in("admin").post(
        f"/calendar/awareness-days/{day.pk}/",
        {"action": "confirm", "year": "2027", "start": "2027-02-22", "end": "2027-02-28"},
    )
    found = dict(
        (r.name, o)
        for r, o in calendar.awareness_between(
            cast.organisation, datetime(2027, 2, 1).date(), datetime(2027, 2, 28).date()
        )
    )
    occurrence = found["Eating Disorders Awareness Week"]
    assert not occurrence.needs_confirmation
    assert occurrence.start == datetime(2027, 2, 22).date()


def test_confirming_dates_that_end_before_they_start_is_explained(cast):
    calendar.ensure_awareness_days(cast.organisation)
    day = OrganisationAwarenessDay.objects.get(
        organisation=cast.organisation, name="Eating Disorders Awareness Week"
    )
    page = signed_in("admin").post(
        f"/calendar/awareness-days/{day.pk}/",
        {"action": "confirm", "year": "2027", "start": "2027-02-28", "end": "2027-02-22"},
        follow=True,
    )
    assert b"end date is before the start date" in page.content
    assert not day.confirmations.exists()


def test_a_hidden_day_leaves_the_calendar(cast):
    calendar.ensure_awareness_days(cast.organisation)
    day = OrganisationAwarenessDay.objects.get(
        organisation=cast.organisation, name="World Mental Health Day"
    )
    signed_in("admin").post(f"/calendar/awareness-days/{day.pk}/", {"action": "hide"})
    page = signed_in("officer").get("/calendar/", {"date": "2026-10"}).content.decode()
    assert "World Mental Health Day" not in day_cell(page, "2026-10-10")


def test_an_organisation_adds_its_own_day_and_a_bad_rule_is_explained(cast):
    admin = signed_in("admin")
    bad = admin.post(
        "/calendar/awareness-days/new/",
        {"name": "Northshire Staff Awards", "kind": "day", "rule_machine": "fixed:13-45"},
        follow=True,
    )
    assert (
        b"not" in bad.content
        and not OrganisationAwarenessDay.objects.filter(name="Northshire Staff Awards").exists()
    )
    admin.post(
        "/calendar/awareness-days/new/",
        {
            "name": "Northshire Staff Awards",
            "kind": "day",
            "rule": "12 June",
            "rule_machine": "fixed:06-12",
        },
    )
    page = signed_in("officer").get("/calendar/", {"date": "2027-06"}).content.decode()
    assert "Northshire Staff Awards" in day_cell(page, "2027-06-12")


def test_dragging_a_post_to_another_day_keeps_its_time(cast):
    when = (timezone.localtime() + timedelta(days=3)).replace(
        hour=14, minute=15, second=0, microsecond=0
    )
    post = scheduled(cast, when.replace(tzinfo=None))
    target_day = (when + timedelta(days=2)).date()
    answer = signed_in("officer").post(
        "/calendar/move/",
        {"post": post.pk, "date": target_day.isoformat()},
        HTTP_ACCEPT="application/json",
    )
    assert answer.json() == {"ok": True}
    post.refresh_from_db()
    moved = timezone.localtime(post.scheduled_at)
    assert moved.date() == target_day and (moved.hour, moved.minute) == (14, 15)


def test_moving_a_post_into_the_past_is_refused(cast):
    post = scheduled(cast, (timezone.localtime() + timedelta(days=3)).replace(tzinfo=None))
    answer = signed_in("officer").post(
        "/calendar/move/", {"post": post.pk, "date": "2020-01-01"}, HTTP_ACCEPT="application/json"
    )
    assert answer.status_code == 400 and "future" in answer.json()["error"]


def test_a_contributor_cannot_move_someone_elses_post(cast):
    post = scheduled(cast, (timezone.localtime() + timedelta(days=3)).replace(tzinfo=None))
    before = post.scheduled_at
    signed_in("contributor").post("/calendar/move/", {"post": post.pk, "date": "2030-01-01"})
    post.refresh_from_db()
    assert post.scheduled_at == before


RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Northshire news</title>
<item><title>New MRI scanner opens at St Anne's</title><link>https://northshire.example/mri</link>
<guid>mri-2026</guid><pubDate>Mon, 16 Nov 2026 09:00:00 GMT</pubDate></item>
</channel></rss>"""


@pytest.fixture
def feed_server(monkeypatch):
    class Feed(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (the standard library's name)
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.end_headers()
            self.wfile.write(RSS)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Feed)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setenv("SOCIABLE_ALLOW_PRIVATE_HOSTS", "127.0.0.1")
    yield f"http://127.0.0.1:{server.server_address[1]}/news.xml"
    server.shutdown()


def test_news_feed_stories_become_ideas_on_the_calendar_once(cast, feed_server):
    signed_in("officer").post(
        "/calendar/feeds/", {"name": "Our news", "url": feed_server, "kind": "own"}
    )
    assert calendar.refresh_sources() == 1
    ContentSource.objects.update(last_checked_at=None)
    assert calendar.refresh_sources() == 0  # the same story is not offered twice
    assert ContentSuggestion.objects.get().title == "New MRI scanner opens at St Anne's"
    page = signed_in("officer").get("/calendar/")
    assert b"New MRI scanner opens at St Anne" in page.content


def test_a_feed_that_cannot_be_reached_says_why(cast, monkeypatch):
    ContentSource.objects.create(
        organisation=cast.organisation, name="Partner", url="http://127.0.0.9:1/feed.xml"
    )
    calendar.refresh_sources()
    assert ContentSource.objects.get().last_error


def test_the_previous_months_awareness_months_stay_out_of_the_padding_days(cast):
    page = signed_in("officer").get("/calendar/", {"date": "2026-11"}).content.decode()
    assert "Black History Month" not in day_cell(page, "2026-10-26")
    assert "Movember" in day_cell(page, "2026-11-01")
