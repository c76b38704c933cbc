from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.test import Client

from sociable.publishing import timing
from sociable.publishing.models import Post, PostTarget
from tests.conftest import CAST_PASSWORD

LONDON = ZoneInfo("Europe/London")


def published(cast, when, reach, engagements):
    post = Post.objects.create(organisation=cast.organisation, author=cast.officer, text="x",
                               status="approved", scheduled_at=when)
    PostTarget.objects.create(post=post, channel=cast.channel, status="published",
                              published_at=when, reach=reach, reactions=engagements)


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
    cast.post.text = ("Patients with hypertension should commence their medication and utilise "
                      "the outpatient facility in order to facilitate the cessation of symptoms "
                      "following their elective procedure at the hospital.")
    cast.post.save()
    client = Client()
    client.login(username="officer", password=CAST_PASSWORD)
    page = client.get(f"/publish/{cast.post.pk}/").content.decode()
    assert "Reading age about" in page
    assert "high blood pressure" in page
    assert 'data-testid="best-times"' in page
