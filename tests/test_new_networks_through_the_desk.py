"""Instagram, Threads, YouTube and Google Business Profile reach every surface of the desk
through the network contract, shown here with the demo accounts of those kinds that a newcomer
gets (seed_demo): the composer counts each as its network does against its network's limit,
the calendar names the network, best-time suggests a time (or says plainly why it cannot),
reports carry their metrics, and listening says which networks it does not cover."""

from __future__ import annotations

import html
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from sociable.channels.models import Channel
from sociable.core.management.commands.seed_demo import CHANNELS
from sociable.listening import searches
from sociable.networks.base import Credentials, Draft, NetworkError
from sociable.networks.demo import DemoNetwork
from sociable.publishing import posts, preview, timing
from sociable.publishing.models import Post, PostTarget
from sociable.reports import demo as demo_reports
from sociable.reports import metrics
from tests.conftest import CAST_PASSWORD, verified

NEW_KINDS = ("instagram", "threads", "youtube", "google_business")
LABELS = {
    "instagram": "Instagram",
    "threads": "Threads",
    "youtube": "YouTube",
    "google_business": "Google Business Profile",
}
# The network's limit and a text just over it as the network counts it.
LIMITS = {"threads": 500, "instagram": 2200, "youtube": 5000, "google_business": 1500}
OVER = {
    "threads": "a" * 497 + "💙",  # the heart is 4 bytes in UTF-8: 501 as Threads counts
    "instagram": "a" * 2201,
    "youtube": "é" * 2501,  # 5,002 bytes of description
    "google_business": "a" * 1501,
}
LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def kinds(cast):
    """The demo accounts of the new kinds, as seed_demo makes them."""
    made = {}
    for stream, handle, display, _team in CHANNELS:
        if stream in NEW_KINDS:
            made[stream] = Channel.objects.create(
                organisation=cast.organisation,
                team=cast.comms,
                network="demo",
                handle=handle,
                display_name=display,
                options={"stream": stream, "pace_per_minute": 4},
            )
    assert set(made) == set(NEW_KINDS), "seed_demo makes a demo account of each new kind"
    return made


def signed_in(username="officer"):
    client = Client()
    assert client.login(username=username, password=CAST_PASSWORD)
    return verified(client)


def text_of(response) -> str:
    return html.unescape(re.sub(r"\s+", " ", response.content.decode()))


# The composer ------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", NEW_KINDS)
def test_the_composer_counts_each_new_kind_against_its_networks_limit(cast, kinds, kind):
    channel = kinds[kind]
    assert posts.limit_of(channel) == LIMITS[kind]
    fits = OVER[kind][:-1]
    built = preview.build(
        cast.organisation, [channel], {"text": OVER[kind], "link_tracking": "none"}, {}
    )
    [account] = built.accounts
    assert account.network == LABELS[kind]
    part = account.parts[0]
    assert part.over and part.limit == LIMITS[kind] and part.used > LIMITS[kind]
    assert f"Too long for {channel.display_name} on {LABELS[kind]}" in built.summary
    built = preview.build(cast.organisation, [channel], {"text": fits, "link_tracking": "none"}, {})
    assert not built.accounts[0].over and built.summary == "Fits every account."


@pytest.mark.parametrize("kind", NEW_KINDS)
def test_the_composer_preview_page_shows_the_networks_count(cast, kinds, kind):
    channel = kinds[kind]
    answer = signed_in().post(
        "/publish/preview/",
        {"language": "en", "text": OVER[kind], "link_tracking": "none", "channels": [channel.pk]},
    )
    assert answer.status_code == 200
    counted = channel.rules.count_length(OVER[kind])
    assert f"{counted} of {LIMITS[kind]}" in text_of(answer)


def test_an_instagram_post_needs_an_image_or_a_video_and_threads_does_not(cast, kinds):
    post = Post.objects.create(
        organisation=cast.organisation, author=cast.officer, text="Flu clinics all week"
    )
    for kind in ("instagram", "threads"):
        PostTarget.objects.create(post=post, channel=kinds[kind])
    problems = posts.check(post).problems
    assert any("Instagram needs an image or a video" in p for p in problems)
    assert not any("Threads needs" in p for p in problems)


def test_a_demo_youtube_account_asks_for_a_title_of_at_most_100_characters(cast, kinds):
    mp4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64
    answer = signed_in().post(
        "/publish/new/",
        {
            "text": "A tour of the new ward",
            "channels": [kinds["youtube"].pk],
            "language": "en",
            "action": "save",
            "alt_text": "A nurse shows the ward",
            "has_captions": "on",
            "youtube_title": "W" * 101,
            "media_file": SimpleUploadedFile("tour.mp4", mp4, content_type="video/mp4"),
        },
    )
    page = text_of(answer)
    assert "at most 100 characters" in page and 'id="id_youtube_title-error"' in page
    assert not Post.objects.filter(text="A tour of the new ward").exists()


def test_the_demo_network_refuses_what_the_kinds_network_would(kinds):
    adapter = DemoNetwork(Credentials({}), {"stream": "threads"})
    with pytest.raises(NetworkError) as caught:
        adapter.publish(Draft(text=OVER["threads"]))
    assert caught.value.permanent and "500" in str(caught.value)
    assert (
        DemoNetwork(Credentials({}), {"stream": "instagram"})
        .publish(Draft(text="a" * 1500))
        .network_id
    )  # within Instagram's 2,200


# The calendar ------------------------------------------------------------------------------


def test_the_calendar_names_the_network_of_each_new_kinds_post(cast, kinds):
    when = datetime(2026, 10, 14, 11, 0)
    post = Post.objects.create(
        organisation=cast.organisation,
        author=cast.officer,
        text="Our new children's ward opens today",
        scheduled_at=timezone.make_aware(when),
    )
    for channel in kinds.values():
        PostTarget.objects.create(post=post, channel=channel)
    page = signed_in().get("/calendar/", {"date": "2026-10"}).content.decode()
    start = page.index('data-date="2026-10-14"')
    cell = html.unescape(page[start : page.index("</td>", start)])
    assert f'data-post="{post.pk}"' in cell
    for label in LABELS.values():
        assert f"· {label}" in cell, label
    assert "demo" not in cell.lower() and "google_business" not in cell


# Best time ---------------------------------------------------------------------------------


def _published(cast, channel, when, counts):
    post = Post.objects.create(
        organisation=cast.organisation,
        author=cast.officer,
        text="x",
        status="approved",
        scheduled_at=when,
    )
    PostTarget.objects.create(
        post=post,
        channel=channel,
        status="published",
        published_at=when,
        **metrics.to_fields(counts),
    )


@pytest.mark.parametrize("kind", ("instagram", "threads", "youtube"))
def test_best_time_learns_from_each_new_kinds_own_results(cast, kinds, kind):
    channel = kinds[kind]
    assert all(s.posts == 0 and "not tried yet" in s.reason for s in timing.suggestions(channel)), (
        "no history: hours to try, said so"
    )
    tuesday_10am = datetime(2026, 10, 6, 10, 5, tzinfo=LONDON)
    for week in range(6):
        when = tuesday_10am - timedelta(weeks=week)
        # What the demo network reports for this kind (Threads and YouTube: views, no reach).
        counts = DemoNetwork(Credentials({}), {"stream": kind}, clock=lambda at=when: at).metrics(
            f"demo-post-{int(when.timestamp()) - 3 * 86400}-{week:06d}"
        )
        _published(cast, channel, when, counts)
    best = timing.suggestions(channel)[0]
    assert (best.weekday, best.hour, best.posts) == (1, 10, 6)


def test_best_time_says_plainly_that_google_gives_no_results_per_post(cast, kinds):
    channel = kinds["google_business"]
    assert timing.suggestions(channel) == []
    cast.post.targets.all().delete()
    PostTarget.objects.create(post=cast.post, channel=channel)
    page = text_of(signed_in().get(f"/publish/{cast.post.pk}/"))
    assert (
        "Google Business Profile gives no results for each post, so there is no history "
        "to suggest a time from."
    ) in page


# Reports -----------------------------------------------------------------------------------


def test_reports_carry_the_new_kinds_metrics_and_the_locations_rating(cast, kinds):
    now = timezone.now()
    assert demo_reports.seed(cast.organisation, now)
    viewer = signed_in("viewer")
    start, end = (timezone.localdate(now) - timedelta(days=40)), timezone.localdate(now)
    for kind in ("instagram", "threads", "youtube"):
        targets = PostTarget.objects.filter(channel=kinds[kind])
        assert targets.count() >= 2, kind
        assert all(t.reactions is not None and (t.reach or t.impressions) for t in targets)
        page = text_of(
            viewer.get(
                "/reports/",
                {
                    "period": "custom",
                    "start": start.isoformat(),
                    "end": end.isoformat(),
                    "channel": kinds[kind].pk,
                },
            )
        )
        likes = sum(t.reactions for t in targets)
        assert f"{likes:,}" in page, kind
    page = text_of(
        viewer.get(
            "/reports/", {"period": "custom", "start": start.isoformat(), "end": end.isoformat()}
        )
    )
    assert "Rating by location" in page and kinds["google_business"].display_name in page


def test_a_new_kinds_metrics_are_refreshed_through_the_contract(cast, kinds):
    for kind in ("instagram", "threads", "youtube"):
        when = timezone.now() - timedelta(hours=5)
        post = Post.objects.create(
            organisation=cast.organisation,
            author=cast.officer,
            text="x",
            status="approved",
            scheduled_at=when,
        )
        target = PostTarget.objects.create(
            post=post,
            channel=kinds[kind],
            status="published",
            published_at=when,
            network_post_id=f"demo-post-{int(when.timestamp())}-{post.pk:06d}",
        )
        assert metrics.refresh(target.pk)
        target.refresh_from_db()
        assert target.reactions is not None and target.impressions, kind


# Listening ---------------------------------------------------------------------------------


def test_listening_says_which_networks_it_does_not_cover(cast, kinds):
    page = signed_in("admin").get("/listening/new/")
    assert page.status_code == 200
    text = text_of(page)
    assert (
        "Listening does not cover Google Business Profile, Instagram, Threads and "
        "YouTube: they offer apps no search of public posts."
    ) in text
    offered = set(searches.searchable_channels(cast.organisation))
    assert cast.channel in offered  # a demo stream that searches
    for channel in kinds.values():
        assert channel not in offered and channel.display_name not in text
