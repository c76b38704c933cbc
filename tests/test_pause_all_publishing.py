"""An admin pauses all publishing (a major incident, an election period): nothing due goes out,
every page says so, and lifting the pause lets the held posts go. All audited."""

from datetime import timedelta

from django.utils import timezone

from sociable.audit.models import AuditEvent
from sociable.core import scheduler
from sociable.publishing import pause, publisher
from sociable.publishing.models import PublishingPause, TargetStatus
from tests.people_support import signed_in
from tests.publishing_support import approved_post


def paused_by_admin(cast, reason="Major incident: all planned posts held"):
    answer = signed_in(cast.admin).post("/publish/pause/", {"action": "pause", "reason": reason})
    assert answer.status_code == 302
    return PublishingPause.objects.get(organisation=cast.organisation, lifted_at=None)


def test_while_paused_no_due_post_is_claimed_queued_or_published(cast):
    from django_tasks_db.models import DBTaskResult

    _, target = approved_post(cast)  # due now
    paused_by_admin(cast)
    assert publisher.due_targets() == []
    assert publisher.take_for_queue() == []
    assert publisher.publish_target(target.pk) == ""  # a task queued before the pause
    scheduler.tick()
    assert not DBTaskResult.objects.filter(task_path__endswith=".publish_target").exists()
    target.refresh_from_db()
    assert target.status == TargetStatus.SCHEDULED  # held on the schedule, not dropped


def test_lifting_the_pause_lets_the_held_posts_go(cast):
    _, target = approved_post(cast)
    paused_by_admin(cast)
    answer = signed_in(cast.admin).post("/publish/pause/", {"action": "lift"}, follow=True)
    assert "1 post that fell due while paused will go out now" in answer.content.decode()
    assert publisher.publish_target(target.pk) == TargetStatus.PUBLISHED
    verbs = list(
        AuditEvent.objects.filter(
            organisation=cast.organisation, verb__startswith="post.publishing_"
        )
        .order_by("at")
        .values_list("verb", "actor__username")
    )
    assert verbs == [("post.publishing_paused", "admin"), ("post.publishing_resumed", "admin")]


def test_every_page_shows_the_banner_to_everyone_and_only_admins_may_lift_it(cast):
    approved_post(cast)
    paused_by_admin(cast, reason="Pre-election period")
    for user, path in [
        (cast.officer, "/inbox/"),
        (cast.contributor, "/calendar/"),
        (cast.viewer, "/reports/"),
        (cast.admin, "/settings/"),
    ]:
        page = signed_in(user).get(path).content.decode()
        assert "Publishing is paused." in page and "Pre-election period" in page, user
        assert "1 post is due and waiting" in page
        assert ("Lift the pause" in page) == (user == cast.admin), user
    outsider = signed_in(cast.outsider).get("/inbox/").content.decode()
    assert "Publishing is paused" not in outsider  # another organisation is not paused


def test_another_organisations_posts_are_not_held(cast):
    from sociable.publishing.models import Post, PostStatus, PostTarget

    paused_by_admin(cast)
    post = Post.objects.create(
        organisation=cast.other_organisation,
        author=cast.outsider,
        text="Hospice open day",
        status=PostStatus.APPROVED,
        scheduled_at=timezone.now() - timedelta(seconds=5),
    )
    target = PostTarget.objects.create(
        post=post,
        channel=cast.other_channel,
        status=TargetStatus.SCHEDULED,
        next_attempt_at=post.scheduled_at,
    )
    assert publisher.due_targets() == [target.pk]


def test_only_admins_pause_and_a_reason_is_needed(cast):
    assert signed_in(cast.officer).post("/publish/pause/", {"reason": "x"}).status_code == 403
    answer = signed_in(cast.admin).post(
        "/publish/pause/", {"action": "pause", "reason": " "}, follow=True
    )
    assert "Say why" in answer.content.decode()
    assert pause.active(cast.organisation) is None
    officer_page = signed_in(cast.officer).get("/publish/").content.decode()
    assert "Pause all publishing" not in officer_page
    assert "Pause all publishing" in signed_in(cast.admin).get("/publish/").content.decode()


def test_pausing_twice_is_refused_and_keeps_the_first_reason(cast):
    first = paused_by_admin(cast, reason="Major incident")
    answer = signed_in(cast.admin).post(
        "/publish/pause/", {"action": "pause", "reason": "Again"}, follow=True
    )
    assert "already paused" in answer.content.decode()
    assert pause.active(cast.organisation) == first


def test_a_pause_that_lands_during_a_claim_gives_the_target_back_before_anything_is_sent(
    cast, monkeypatch
):
    _, target = approved_post(cast)
    checks = iter([False, True])  # not paused when read, paused by the time it is claimed
    monkeypatch.setattr(pause, "is_paused", lambda organisation_id: next(checks))
    assert publisher.publish_target(target.pk) == ""
    target.refresh_from_db()
    assert (target.status, target.attempts, target.claimed_at) == (TargetStatus.SCHEDULED, 0, None)
