from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from sociable.publishing import besttime, timing
from sociable.publishing.models import Post, PostTarget
from tests.conftest import CAST_PASSWORD

LONDON = ZoneInfo("Europe/London")


def published(cast, when, reach, engagements):
    post = Post.objects.create(
        organisation=cast.organisation,
        author=cast.officer,
        text="x",
        status="approved",
        scheduled_at=when,
    )
    PostTarget.objects.create(
        post=post,
        channel=cast.channel,
        status="published",
        published_at=when,
        reach=reach,
        reactions=engagements,
    )


def test_best_times_come_from_the_accounts_own_results_within_staffed_hours(cast):
    tuesday_10am = datetime(2026, 10, 6, 10, 5, tzinfo=LONDON)
    friday_3pm = datetime(2026, 10, 9, 15, 5, tzinfo=LONDON)
    for week in range(6):
        published(cast, tuesday_10am - timedelta(weeks=week), 1000, 80)
        published(cast, friday_3pm - timedelta(weeks=week), 1000, 10)
    suggestions = timing.suggestions(cast.channel, top=3)
    assert (suggestions[0].weekday, suggestions[0].hour) == (1, 10)
    staffed = timing.staffed_slots(cast.organisation)
    assert all((s.weekday, s.hour) in staffed for s in suggestions)
    assert (5, 10) not in staffed  # Saturday: nobody there to reply


def test_the_post_page_shows_readability_and_best_times(cast):
    cast.post.text = (
        "Patients with hypertension should commence their medication and utilise "
        "the outpatient facility in order to facilitate the cessation of symptoms "
        "following their elective procedure at the hospital."
    )
    cast.post.save()
    client = Client()
    client.login(username="officer", password=CAST_PASSWORD)
    page = client.get(f"/publish/{cast.post.pk}/").content.decode()
    assert "Reading age about" in page
    assert "high blood pressure" in page
    assert 'data-testid="best-times"' in page


def test_the_database_sums_the_history_per_slot_as_the_estimator_would_from_each_post(cast):
    now = datetime(2026, 10, 12, 12, tzinfo=UTC)
    rows = []  # (published_at, reach, reactions, comments, status)
    for week in range(1, 30):
        for day, hour, reach, reactions in (
            (1, 10, 1000, 40 + week),
            (3, 15, 800, 9),
            (4, 9, 1200, week % 5),
            (0, 13, 500, 30),
        ):
            at = datetime(2026, 10, 5, hour, 20, tzinfo=LONDON) + timedelta(days=day, weeks=-week)
            rows.append((at, reach, reactions, week % 3 or None, "published"))
    rows += [
        (datetime(2026, 7, 6, 23, 30, tzinfo=UTC), 900, 50, None, "published"),  # Tue 00:30 BST
        (datetime(2026, 1, 5, 23, 30, tzinfo=UTC), 900, 50, None, "published"),  # Mon 23:30 GMT
        (datetime(2026, 9, 1, 10, tzinfo=UTC), 700, None, None, "published"),  # no metrics yet
        (now - timedelta(days=400), 1000, 900, 0, "published"),  # more than a year ago
        (now + timedelta(days=1), 1000, 900, 0, "published"),  # after now
        (datetime(2026, 9, 2, 10, tzinfo=UTC), 0, 20, 0, "published"),  # no reach
        (datetime(2026, 9, 3, 10, tzinfo=UTC), 1000, 900, 0, "failed"),
        (datetime(2026, 9, 4, 10, tzinfo=UTC), None, 30, 2, "published"),  # views, no reach
    ]
    posts = []
    for at, reach, reactions, comments, status in rows:
        post = Post.objects.create(
            organisation=cast.organisation,
            author=cast.officer,
            text="x",
            status="approved",
            scheduled_at=at,
        )
        posts.append(
            PostTarget.objects.create(
                post=post,
                channel=cast.channel,
                status=status,
                published_at=at,
                reach=reach,
                impressions=600 if reach is None else None,
                reactions=reactions,
                comments=comments,
            )
        )
    published = [
        besttime.PastPost(t.published_at, t.reach or t.impressions, t.engagements or 0)
        for t in posts
        if t.status == "published"
    ]
    summed = timing.history(cast.channel, now)
    by_hand = besttime._history(published, LONDON, now)
    assert summed.keys() == by_hand.keys() and (1, 0) in summed and (0, 23) in summed
    for slot, totals in by_hand.items():
        assert summed[slot].posts == totals.posts
        assert (summed[slot].reach, summed[slot].engagements) == (totals.reach, totals.engagements)
        assert summed[slot].rate_sum == pytest.approx(totals.rate_sum)
        assert summed[slot].rate_squares == pytest.approx(totals.rate_squares)
    every_hour = {(d, h) for d in range(7) for h in range(24)}
    from_sql = besttime.suggest_from_slots(summed, every_hour, top=8)
    from_posts = besttime.suggest(published, every_hour, now=now, top=8)
    assert [(s.weekday, s.hour, s.posts, s.explored, s.reason) for s in from_sql] == [
        (s.weekday, s.hour, s.posts, s.explored, s.reason) for s in from_posts
    ]
    assert [s.rate for s in from_sql] == pytest.approx([s.rate for s in from_posts])
