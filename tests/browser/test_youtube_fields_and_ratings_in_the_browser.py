"""In Chromium, at a desk (1366 px) and on a phone (390 px), every control seen before it is
used and axe-core on each page: an officer writes a YouTube post with its title, privacy and
caption file from the composer's YouTube fieldset; a viewer reads each location's rating on the
reports page."""

from datetime import timedelta

import pytest
from django.utils import timezone

from sociable.channels.models import Channel
from sociable.publishing.models import Post
from sociable.reports.models import LocationRating
from tests.browser.conftest import choose, log_in, screenshot, seen
from tests.browser.test_crisis_journey import axe_violations
from tests.conftest import CAST_PASSWORD

pytestmark = pytest.mark.browser

MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64
VTT = b"WEBVTT\n\n00:00.000 --> 00:04.000\nOur flu clinic is open today.\n"


@pytest.mark.parametrize("width", [1366, 390])
def test_an_officer_writes_a_youtube_post_with_its_own_fields(
    live_server, transactional_db, cast, page, width, tmp_path
):
    Channel.objects.create(
        organisation=cast.organisation,
        team=cast.comms,
        network="youtube",
        handle="@northshire-videos",
        display_name="Northshire on YouTube",
        options={"channel_id": "UCnorthshireNHS0000000AB"},
    )
    video, captions = tmp_path / "tour.mp4", tmp_path / "tour.vtt"
    video.write_bytes(MP4)
    captions.write_bytes(VTT)
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server, "officer", CAST_PASSWORD)
    page.goto(f"{live_server.url}/publish/new/")
    choose(page, "@northshire-videos")
    seen(page.get_by_label("Post", exact=True)).fill("Flu clinics open all week")
    seen(page.get_by_label("Image or video (optional)")).set_input_files(str(video))
    seen(page.get_by_label("Describe the image or video (alt text)")).fill(
        "A nurse shows the clinic"
    )
    youtube = seen(page.get_by_role("group", name="YouTube video details"))
    assert "Only for YouTube" in youtube.inner_text()
    # Saved without a title: the server asks for one.
    seen(page.get_by_role("button", name="Save draft")).click()
    page.wait_for_load_state()
    assert "Give the video a title for YouTube." in page.content()
    assert axe_violations(page) == []
    screenshot(page, f"youtube-{width}-1-title-asked-for")
    seen(page.get_by_label("Image or video (optional)")).set_input_files(str(video))
    seen(page.get_by_label("Video title")).fill("Flu clinic tour")
    choose(page, "Unlisted: only people with the link")
    seen(page.get_by_label("Caption file (optional, .vtt or .srt)")).set_input_files(str(captions))
    assert axe_violations(page) == []
    screenshot(page, f"youtube-{width}-2-fields")
    seen(page.get_by_role("button", name="Save draft")).click()
    assert "Draft saved." in seen(page.get_by_text("Draft saved.")).inner_text()
    post = Post.objects.exclude(pk=cast.post.pk).get()
    assert (post.youtube_title, post.youtube_privacy) == ("Flu clinic tour", "unlisted")
    assert post.youtube_captions.name.endswith(".vtt") and post.media.get().has_captions


@pytest.mark.parametrize("width", [1366, 390])
def test_a_viewer_reads_the_rating_by_location(live_server, transactional_db, cast, page, width):
    today = timezone.localdate()
    for title, base in (("Northshire General Hospital", 420), ("Eastfield Surgery", 260)):
        channel = Channel.objects.create(
            organisation=cast.organisation,
            team=cast.comms,
            network="google_business",
            handle=title,
            display_name=title,
            options={"account": "accounts/1", "location": "locations/2"},
        )
        for days_ago in range(6, -1, -1):
            if days_ago != 3:  # a day whose read failed
                LocationRating.objects.create(
                    channel=channel,
                    day=today - timedelta(days=days_ago),
                    average_rating_x100=base + days_ago * 3,
                    reviews=80 + days_ago,
                )
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server, "viewer", CAST_PASSWORD)
    start = (today - timedelta(days=6)).isoformat()
    page.goto(f"{live_server.url}/reports/?period=custom&start={start}&end={today}")
    section = seen(page.get_by_role("region", name="Rating by location"))
    seen(section.get_by_test_id("rating-1"))
    seen(section.get_by_test_id("rating-2"))
    assert "1 day not known: shown as a gap, not as zero." in section.inner_text()
    assert axe_violations(page) == []
    section.scroll_into_view_if_needed()
    screenshot(page, f"ratings-{width}")
