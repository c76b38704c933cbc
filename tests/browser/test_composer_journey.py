"""An officer writes a post in Chromium, ticks the accounts to post to and schedules it, seeing
every control they use, at a desktop and a phone width; axe-core checks the composer."""

from datetime import timedelta

import pytest
from django.utils import timezone

from sociable.publishing.models import Post, PostStatus, TargetStatus
from tests.browser.conftest import choose, log_in, seen
from tests.browser.test_crisis_journey import axe_violations
from tests.conftest import CAST_PASSWORD

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1366, 390])
def test_an_officer_schedules_a_post_to_an_account_they_can_see(live_server, transactional_db,
                                                                cast, page, width):
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
        (cast.channel, TargetStatus.SCHEDULED)]


def test_the_visibility_check_finds_a_control_a_person_cannot_see(page):
    page.set_content('<html lang="en"><title>t</title><main>'
                     '<div style="opacity:0"><label for="a">Hidden account</label>'
                     '<input id="a" type="checkbox"></div>'
                     '<label for="b">Shown account</label><input id="b" type="checkbox">'
                     '</main></html>')
    seen(page.locator("label[for=b]"))
    with pytest.raises(AssertionError, match="opacity 0"):
        seen(page.locator("label[for=a]"))


def test_an_officer_picks_the_routes_of_a_new_saved_reply_from_boxes_they_can_see(
        live_server, transactional_db, cast, page):
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
