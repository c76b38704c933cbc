"""In Chromium, at a desktop (1366 px) and a phone (390 px) width: a contributor drafts a post
and sends it for approval; an officer approves it and the publisher step publishes it; the
officer edits one scheduled post and cancels another; an admin pauses all publishing (the
banner is on every page and a due post is held) and lifts the pause. Each control is used only
once a person can see it, and every page passes axe-core (WCAG 2.2 AA)."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from sociable.publishing import publisher
from sociable.publishing.models import Post, PostStatus, TargetStatus
from tests.browser.conftest import choose, log_in, screenshot, seen
from tests.browser.test_crisis_journey import axe_violations
from tests.browser.test_people_in_the_browser import signed_in_as
from tests.conftest import CAST_PASSWORD
from tests.publishing_support import approved_post

pytestmark = pytest.mark.browser


def run_the_publisher_step() -> list[str]:
    """What the worker does for due posts: the scheduler's claim, then each task."""
    return [publisher.publish_target(pk) for pk in publisher.take_for_queue()]


def click(locator):
    seen(locator).click()


def fill(locator, text):
    seen(locator).fill(text)


def step(page, name):
    assert axe_violations(page) == [], name
    screenshot(page, name)


@pytest.fixture
def person(browser, settings):
    """A fresh browser (its own cookies) for each person in the journey."""
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False
    contexts = []

    def open_as(width):
        context = browser.new_context(viewport={"width": width, "height": 900}, locale="en-GB")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    yield open_as
    for context in contexts:
        context.close()


@pytest.mark.parametrize("width", [1366, 390])
def test_a_post_from_draft_to_published_then_changed_cancelled_and_held_by_a_pause(
    live_server, transactional_db, cast, person, width
):
    when = timezone.localtime() + timedelta(days=2)

    # A contributor lands on their drafts and writes a post for their team's account.
    contributor = person(width)
    log_in(contributor, live_server, "contributor", CAST_PASSWORD)
    assert contributor.url.endswith("/publish/")
    seen(contributor.get_by_test_id("team-inbox"))
    step(contributor, f"posts-{width}-1-contributor-lands")
    click(contributor.get_by_role("link", name="Write a post"))
    choose(contributor, "@NorthshireMaternity")
    fill(
        contributor.get_by_label("Post", exact=True),
        "Tours of the new birth centre every Saturday at 10am. Come and see us!",
    )
    fill(contributor.get_by_label("When (UK time)"), when.strftime("%Y-%m-%dT%H:%M"))
    step(contributor, f"posts-{width}-2-contributor-drafts")
    click(contributor.get_by_role("button", name="Send for approval"))
    seen(contributor.get_by_text("Sent for approval."))
    step(contributor, f"posts-{width}-3-sent-for-approval")
    post = Post.objects.get(author=cast.contributor)
    assert post.status == PostStatus.SUBMITTED

    # An officer approves it.
    officer = person(width)
    log_in(officer, live_server, "officer", CAST_PASSWORD)
    assert officer.url.endswith("/inbox/")
    officer.goto(f"{live_server.url}/publish/")
    click(officer.get_by_role("link", name=re.compile("Tours of the new birth centre")))
    step(officer, f"posts-{width}-4-officer-reviews")
    click(officer.get_by_role("button", name="Approve and schedule"))
    seen(officer.get_by_text("Approved and scheduled."))
    post.refresh_from_db()
    assert post.status == PostStatus.APPROVED

    # Its time comes, and the publisher step publishes it.
    Post.objects.filter(pk=post.pk).update(scheduled_at=timezone.now() - timedelta(seconds=5))
    post.targets.update(next_attempt_at=timezone.now() - timedelta(seconds=5))
    assert run_the_publisher_step() == [TargetStatus.PUBLISHED]
    officer.reload()
    seen(officer.get_by_role("cell", name=re.compile("Published")))
    step(officer, f"posts-{width}-5-published")

    # The officer changes the words of one scheduled post and cancels another.
    edited, _ = approved_post(
        cast, "Flu clinic in the atrium on Monday", author=cast.officer, when=when
    )
    cancelled, _ = approved_post(
        cast, "Car park C closes for resurfacing", author=cast.officer, when=when
    )
    officer.goto(f"{live_server.url}/publish/{edited.pk}/")
    click(officer.get_by_test_id("edit-scheduled"))
    seen(officer.get_by_test_id("editing-scheduled"))
    step(officer, f"posts-{width}-6-editing-a-scheduled-post")
    fill(officer.get_by_label("Post", exact=True), "Flu clinic in the atrium on Tuesday")
    click(officer.get_by_role("button", name="Schedule"))
    seen(officer.get_by_text("Scheduled."))
    edited.refresh_from_db()
    assert edited.text.endswith("Tuesday") and edited.status == PostStatus.APPROVED
    assert {t.status for t in edited.targets.all()} == {TargetStatus.SCHEDULED}
    officer.goto(f"{live_server.url}/publish/{cancelled.pk}/")
    click(officer.get_by_test_id("cancel-post"))
    seen(officer.get_by_text("Cancelled: it is a draft again"))
    step(officer, f"posts-{width}-7-cancelled")
    cancelled.refresh_from_db()
    assert cancelled.status == PostStatus.DRAFT
    assert {t.status for t in cancelled.targets.all()} == {TargetStatus.DRAFT}

    # An admin pauses all publishing: the banner is on every page, and a due post waits.
    admin = person(width)
    signed_in_as(admin.context, live_server, cast.admin)
    admin.goto(f"{live_server.url}/publish/")
    click(admin.get_by_text("Pause all publishing", exact=True).first)
    fill(admin.get_by_label("Why publishing is paused"), "Major incident: all planned posts held")
    step(admin, f"posts-{width}-8-pausing")
    click(admin.get_by_role("button", name="Pause all publishing"))
    banner = seen(admin.get_by_test_id("publishing-paused"))
    assert "Major incident" in banner.inner_text()
    due, target = approved_post(cast, "Blood donors needed this week", author=cast.officer)
    assert run_the_publisher_step() == []
    target.refresh_from_db()
    assert target.status == TargetStatus.SCHEDULED
    officer.goto(f"{live_server.url}/calendar/")
    banner = seen(officer.get_by_test_id("publishing-paused"))
    assert "1 post is due and waiting" in banner.inner_text()
    assert officer.get_by_role("button", name="Lift the pause").count() == 0
    step(officer, f"posts-{width}-9-officer-sees-the-pause")
    admin.goto(f"{live_server.url}/inbox/")
    step(admin, f"posts-{width}-10-paused-inbox")
    click(admin.get_by_role("button", name="Lift the pause"))
    seen(admin.get_by_text("Publishing resumed."))
    assert admin.get_by_test_id("publishing-paused").count() == 0
    step(admin, f"posts-{width}-11-resumed")
    assert run_the_publisher_step() == [TargetStatus.PUBLISHED]
