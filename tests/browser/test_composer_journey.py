"""An officer writes a post in Chromium, ticks the accounts to post to and schedules it, seeing
every control they use, at a desktop and a phone width; axe-core checks the composer."""

from datetime import timedelta

import pytest
from django.utils import timezone

from sociable.channels.models import Channel
from sociable.networks.text import x_weighted_length
from sociable.publishing.models import Post, PostStatus, TargetStatus
from tests.browser.conftest import choose, log_in, screenshot, seen
from tests.browser.test_crisis_journey import axe_violations
from tests.conftest import CAST_PASSWORD
from tests.publishing_support import image_bytes

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1366, 390])
def test_an_officer_schedules_a_post_to_an_account_they_can_see(
    live_server, transactional_db, cast, page, width
):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server, "officer", CAST_PASSWORD)
    page.goto(f"{live_server.url}/publish/new/")
    seen(page.get_by_role("group", name="Accounts"))
    choose(page, "@NorthshireNHS")
    seen(page.get_by_label("Post", exact=True)).fill("Flu jabs for staff all week in the atrium")
    when = timezone.localtime() + timedelta(days=2)
    seen(page.get_by_label("When (UK time)")).fill(when.strftime("%Y-%m-%dT%H:%M"))
    assert axe_violations(page) == []
    seen(page.get_by_role("button", name="Schedule")).click()
    assert "Scheduled." in seen(page.get_by_text("Scheduled.")).inner_text()

    post = Post.objects.exclude(pk=cast.post.pk).get()
    assert post.status == PostStatus.APPROVED
    assert [(t.channel, t.status) for t in post.targets.all()] == [
        (cast.channel, TargetStatus.SCHEDULED)
    ]


def test_the_visibility_check_finds_a_control_a_person_cannot_see(page):
    page.set_content(
        '<html lang="en"><title>t</title><main>'
        '<div style="opacity:0"><label for="a">Hidden account</label>'
        '<input id="a" type="checkbox"></div>'
        '<label for="b">Shown account</label><input id="b" type="checkbox">'
        "</main></html>"
    )
    seen(page.locator("label[for=b]"))
    with pytest.raises(AssertionError, match="opacity 0"):
        seen(page.locator("label[for=a]"))


def test_an_officer_picks_the_routes_of_a_new_saved_reply_from_boxes_they_can_see(
    live_server, transactional_db, cast, page
):
    from sociable.inbox.models import SavedReply

    log_in(page, live_server, "officer", CAST_PASSWORD)
    page.goto(f"{live_server.url}/settings/saved-replies/new/")
    seen(page.get_by_label("Title")).fill("Parking at the main site")
    seen(page.get_by_label("Body")).fill("Hi {first_name}, parking is free for blue badge holders.")
    seen(page.get_by_role("group", name="Routes"))
    choose(page, "Query")
    assert axe_violations(page) == []
    seen(page.get_by_role("button", name="Save")).click()
    assert SavedReply.objects.get(title="Parking at the main site").routes == ["query"]


def _preview_of(page, handle):
    return page.get_by_test_id(f"preview-{handle}")


@pytest.mark.parametrize("width", [1366, 390])
def test_an_officer_writes_for_two_networks_sees_each_preview_and_the_guard_then_schedules(
    live_server, transactional_db, cast, page, width, tmp_path
):
    """Accounts on X and Bluesky: the text runs past X's 280 but not Bluesky's 300; X gets its
    own shorter words with a link, tracked for the campaign; an image with alt text; an NHS
    number is flagged as it is typed, removed, and the post is scheduled with each network's
    words."""
    cast.organisation.own_websites = "northshire.nhs.uk"
    cast.organisation.save()
    Channel.objects.create(
        organisation=cast.organisation,
        team=cast.comms,
        network="x",
        handle="@NorthshireX",
        display_name="Northshire NHS",
    )
    Channel.objects.create(
        organisation=cast.organisation,
        team=cast.comms,
        network="bluesky",
        handle="northshire.bsky.social",
        display_name="Northshire NHS",
    )
    picture = tmp_path / "jab.png"
    picture.write_bytes(image_bytes(size=(64, 48)))
    step = f"composer-{width}"
    problems = []  # script errors and refusals by the Content-Security-Policy
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server, "officer", CAST_PASSWORD)
    page.goto(f"{live_server.url}/publish/new/")

    # The accounts, grouped by network, each with its handle.
    for network in ("X", "Bluesky"):
        seen(page.get_by_role("group", name=network))
    choose(page, "@NorthshireX")
    choose(page, "northshire.bsky.social")
    screenshot(page, f"{step}-1-accounts")
    assert axe_violations(page) == []

    # Past X's limit (280) but within Bluesky's (300): X's counter turns, Bluesky's does not.
    long_text = (
        "Flu jabs for all staff this week in the atrium, 8am to 6pm, no appointment "
        "needed. Pregnant colleagues, carers and everyone who works with patients: the "
        "jab protects you, your family and the people you care for. Ask your manager "
        "for time to go. Thank you for keeping Northshire safe this winter!"
    )
    assert 280 < x_weighted_length(long_text) <= 300
    seen(page.get_by_label("Post", exact=True)).fill(long_text)
    x_preview, bluesky_preview = (
        _preview_of(page, "@NorthshireX"),
        _preview_of(page, "northshire.bsky.social"),
    )
    x_counter = x_preview.get_by_test_id("counter")
    x_counter.filter(has_text="too long by").wait_for()
    assert f"{x_weighted_length(long_text)} of 280" in seen(x_counter).inner_text()
    assert "sociable-counter--over" in x_counter.get_attribute("class")
    assert seen(x_preview.locator("mark")).inner_text().strip().endswith("winter!")
    bluesky_counter = bluesky_preview.get_by_test_id("counter")
    assert f"{len(long_text)} of 300" in seen(bluesky_counter).inner_text()
    assert "too long" not in bluesky_counter.inner_text()
    # Under the text too, where a person on a phone is typing.
    counts = seen(page.get_by_test_id("counts")).inner_text()
    assert f"X: {x_weighted_length(long_text)} of 280, too long" in counts
    assert f"Bluesky: {len(long_text)} of 300" in counts
    screenshot(page, f"{step}-2-too-long-for-x")

    # Its own words for X, from the preview's own advice, with a link tracked for the campaign.
    seen(page.get_by_label("Campaign (optional)")).fill("#FluJab")
    seen(x_preview.get_by_role("link", name="write different words for X")).click()
    x_words = (
        "Flu jabs for all staff this week in the atrium, 8am to 6pm. No appointment "
        "needed: https://northshire.nhs.uk/flu"
    )
    seen(page.get_by_label("Words for X only")).fill(x_words)
    x_counter.filter(has_text=f"{x_weighted_length(x_words)} of 280").wait_for()
    assert "too long" not in x_counter.inner_text()
    assert "Its own words for X" in seen(x_preview).inner_text()
    card = x_preview.locator(".sociable-preview__card")
    assert "https://northshire.nhs.uk/flu?utm_source=x&utm_medium=social&utm_campaign=flujab" in (
        seen(card).inner_text()
    )

    # An image with its alt text, shown in each preview.
    seen(page.get_by_label("Image or video (optional)")).set_input_files(str(picture))
    seen(page.get_by_label("Describe the image or video (alt text)")).fill(
        "A nurse giving a colleague the flu jab"
    )
    image = x_preview.get_by_role("img", name="A nurse giving a colleague the flu jab")
    image.wait_for()
    assert seen(image).evaluate("(img) => img.complete && img.naturalWidth") == 64
    screenshot(page, f"{step}-3-variant-link-image")
    assert axe_violations(page) == []

    # An NHS number typed into the thread: the guard warns as it is typed, before any saving.
    thread = seen(page.get_by_label("Thread (optional)"))
    thread.fill("Questions? Reply here. Patient 943 476 5919 had theirs")
    warning = page.get_by_test_id("guard-warning")
    warning.wait_for()
    assert "943 476 5919" in seen(warning).inner_text()
    assert "943 476 5919" in seen(x_preview.locator("mark.sociable-preview__flagged")).inner_text()
    assert (
        "Patient-identifiable information found" in seen(page.get_by_test_id("counts")).inner_text()
    )
    screenshot(page, f"{step}-4-guard-warns")
    assert axe_violations(page) == []
    thread.fill("Questions? Reply here and we will help.")
    warning.wait_for(state="detached")

    when = timezone.localtime() + timedelta(days=2)
    seen(page.get_by_label("When (UK time)")).fill(when.strftime("%Y-%m-%dT%H:%M"))
    seen(page.get_by_role("button", name="Schedule")).click()
    assert "Scheduled." in seen(page.get_by_text("Scheduled.")).inner_text()
    screenshot(page, f"{step}-5-scheduled")
    assert axe_violations(page) == []

    assert problems == []
    post = Post.objects.exclude(pk=cast.post.pk).get()
    assert post.status == PostStatus.APPROVED
    assert post.media.get().alt_text == "A nurse giving a colleague the flu jab"
    parts = {t.channel.network: (t.status, t.parts()) for t in post.targets.all()}
    assert parts == {
        "x": (
            TargetStatus.SCHEDULED,
            [
                f"{x_words}?utm_source=x&utm_medium=social&utm_campaign=flujab",
                "Questions? Reply here and we will help.",
            ],
        ),
        "bluesky": (TargetStatus.SCHEDULED, [long_text, "Questions? Reply here and we will help."]),
    }
