"""A scheduled post can be edited, given a new time, cancelled or deleted until it goes out; a
change to its words takes its approval away; a post the publisher has claimed is never changed
under it; a published post is deleted on its networks and its record kept."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from sociable.audit.models import AuditEvent
from sociable.networks.base import NetworkError
from sociable.networks.demo import DemoNetwork
from sociable.publishing import posts, publisher
from sociable.publishing.models import Post, PostStatus, TargetStatus
from tests.people_support import membership_of, signed_in
from tests.publishing_support import approved_post


def later(days=2):
    return timezone.localtime() + timedelta(days=days)


def scheduled(cast, **kwargs):
    """A contributor's post on the maternity account, approved by the officer."""
    post, target = approved_post(cast, channel=cast.maternity_channel, when=later(), **kwargs)
    Post.objects.filter(pk=post.pk).update(reviewed_by=cast.officer)
    return post, target


def edit(client, post, text, when):
    return client.post(
        f"/publish/{post.pk}/edit/",
        {
            "text": text,
            "channels": [t.channel_id for t in post.targets.all()],
            "language": "en",
            "when": when.strftime("%Y-%m-%dT%H:%M"),
            "action": "save",
        },
    )


def verbs(post):
    return list(
        AuditEvent.objects.filter(
            object_type="publishing.post", object_id=str(post.pk)
        ).values_list("verb", flat=True)
    )


def test_a_new_time_keeps_the_approval(cast):
    post, target = scheduled(cast)
    when = later(5).replace(second=0, microsecond=0)
    answer = edit(signed_in(cast.officer), post, post.text, when)
    assert answer.status_code == 302
    post.refresh_from_db()
    target.refresh_from_db()
    assert post.status == PostStatus.APPROVED and post.reviewed_by == cast.officer
    assert post.scheduled_at == when
    assert (target.status, target.next_attempt_at) == (TargetStatus.SCHEDULED, when)
    assert "post.edited" in verbs(post)


def test_changed_words_take_the_approval_away_until_it_is_approved_again(cast):
    post, target = scheduled(cast)
    edit(signed_in(cast.officer), post, "Birth centre tours now on Sundays too", later())
    post.refresh_from_db()
    target.refresh_from_db()
    assert post.status == PostStatus.DRAFT and post.reviewed_by is None
    assert target.status == TargetStatus.DRAFT
    assert "post.approval_withdrawn" in verbs(post)
    assert any("needs approving again" in m.subject for m in mail.outbox)  # the author is told
    # Even when its time comes, nothing publishes it.
    assert publisher.due_targets(now=timezone.now() + timedelta(days=30)) == []


def test_an_officer_who_changes_the_words_schedules_it_again_with_the_checks(cast):
    post, target = scheduled(cast)
    client = signed_in(cast.officer)
    client.post(
        f"/publish/{post.pk}/edit/",
        {
            "text": "Birth centre tours on Sundays too",
            "channels": [cast.maternity_channel.pk],
            "language": "en",
            "when": later(3).strftime("%Y-%m-%dT%H:%M"),
            "action": "schedule",
        },
    )
    post.refresh_from_db()
    target.refresh_from_db()
    assert post.text == "Birth centre tours on Sundays too"
    assert post.status == PostStatus.APPROVED and target.status == TargetStatus.SCHEDULED


def test_a_contributor_who_changes_their_approved_post_sends_it_for_approval_again(cast):
    post, _ = scheduled(cast)
    edit(signed_in(cast.contributor), post, "Tours every Sunday at the birth centre", later())
    post.refresh_from_db()
    assert post.status == PostStatus.DRAFT
    posts.submit(post, membership_of(cast.contributor, cast.organisation))
    post.refresh_from_db()
    assert post.status == PostStatus.SUBMITTED


def test_cancelling_takes_it_off_the_schedule_and_back_to_a_draft(cast):
    post, target = scheduled(cast)
    answer = signed_in(cast.officer).post(f"/publish/{post.pk}/action/", {"action": "cancel"})
    assert answer.status_code == 302
    post.refresh_from_db()
    target.refresh_from_db()
    assert post.status == PostStatus.DRAFT and target.status == TargetStatus.DRAFT
    Post.objects.filter(pk=post.pk).update(scheduled_at=timezone.now() - timedelta(minutes=1))
    assert publisher.publish_target(target.pk) == ""  # a task queued before: finds nothing
    assert "post.cancelled" in verbs(post)
    assert any("taken off the schedule" in m.subject for m in mail.outbox)


def test_a_new_time_from_the_post_page_keeps_the_approval(cast):
    post, target = scheduled(cast)
    when = later(4).replace(second=0, microsecond=0)
    signed_in(cast.officer).post(
        f"/publish/{post.pk}/action/",
        {"action": "reschedule", "when": when.strftime("%Y-%m-%dT%H:%M")},
    )
    target.refresh_from_db()
    post.refresh_from_db()
    assert post.status == PostStatus.APPROVED
    assert target.next_attempt_at == when and target.status == TargetStatus.SCHEDULED


def test_a_post_never_published_can_be_deleted(cast):
    post, _ = scheduled(cast)
    pk = post.pk
    answer = signed_in(cast.officer).post(f"/publish/{pk}/action/", {"action": "delete"})
    assert answer.status_code == 302 and answer.url == "/publish/"
    assert not Post.objects.filter(pk=pk).exists()
    assert AuditEvent.objects.filter(verb="post.deleted", object_id=str(pk)).exists()


@pytest.mark.parametrize("change", ["cancel", "delete", "reschedule", "edit"])
def test_a_post_the_publisher_has_claimed_is_not_changed_under_it(cast, change):
    post, target = approved_post(cast, channel=cast.maternity_channel)  # due now
    assert publisher.claim(target.pk)  # the publisher has it: it is being sent
    officer = membership_of(cast.officer, cast.organisation)
    with pytest.raises(posts.AlreadyOut):
        if change == "cancel":
            posts.cancel(post, officer)
        elif change == "delete":
            posts.delete_unpublished(post, officer)
        elif change == "reschedule":
            posts.reschedule(post, officer, timezone.now() + timedelta(days=1))
        else:
            from django.db import transaction

            with transaction.atomic():
                posts.begin_edit(post, officer)
    post.refresh_from_db()
    target.refresh_from_db()
    assert post.status == PostStatus.APPROVED  # rolled back whole
    assert target.status == TargetStatus.PUBLISHING


def test_once_cancelled_the_publisher_cannot_claim_it(cast):
    post, target = approved_post(cast, channel=cast.maternity_channel)  # due now
    posts.cancel(post, membership_of(cast.officer, cast.organisation))
    assert not publisher.claim(target.pk)
    assert publisher.due_targets() == []


class Deletions:
    def __init__(self, monkeypatch):
        self.asked = []
        self.refuse = None
        deletions = self

        def delete(adapter, network_id):
            if deletions.refuse:
                raise deletions.refuse
            deletions.asked.append(network_id)

        monkeypatch.setattr(DemoNetwork, "delete", delete)


def published(cast, thread=()):
    post, target = approved_post(cast, thread=thread)
    assert publisher.publish_target(target.pk) == TargetStatus.PUBLISHED
    target.refresh_from_db()
    return post, target


def test_a_published_thread_is_deleted_on_its_network_last_part_first_and_its_record_kept(
    cast, monkeypatch
):
    network = Deletions(monkeypatch)
    post, target = published(cast, thread=["Part two", "Part three"])
    answer = signed_in(cast.officer).post(
        f"/publish/{post.pk}/action/", {"action": "delete_published"}
    )
    assert answer.status_code == 302
    assert network.asked == list(reversed(target.thread_ids))
    target.refresh_from_db()
    assert target.status == TargetStatus.DELETED and target.deleted_by == cast.officer
    assert target.network_post_id and target.published_at  # the record is kept
    assert "post.deleted_from_network" in verbs(post)
    page = signed_in(cast.officer).get(f"/publish/{post.pk}/").content.decode()
    assert "Deleted from the network" in page


def test_a_refusal_by_the_network_leaves_the_post_published_and_says_why(cast, monkeypatch):
    network = Deletions(monkeypatch)
    network.refuse = NetworkError("Mastodon answered 503", status=503)
    post, target = published(cast)
    answer = signed_in(cast.officer).post(
        f"/publish/targets/{target.pk}/", {"action": "delete"}, follow=True
    )
    assert "Mastodon answered 503" in answer.content.decode()
    target.refresh_from_db()
    assert target.status == TargetStatus.PUBLISHED and target.deleted_at is None
    assert "post.delete_failed" in verbs(post)
    network.refuse = None  # it can be tried again
    publisher.delete_published(target, cast.officer)
    target.refresh_from_db()
    assert target.status == TargetStatus.DELETED


def test_a_network_that_cannot_delete_says_so_and_nothing_changes(cast, monkeypatch):
    Deletions(monkeypatch)
    monkeypatch.setattr(DemoNetwork, "supports", frozenset({"publish"}))
    _, target = published(cast)
    with pytest.raises(publisher.DeleteFailed, match="delete it on the network itself"):
        publisher.delete_published(target, cast.officer)
    target.refresh_from_db()
    assert target.status == TargetStatus.PUBLISHED


def test_two_people_deleting_at_once_ask_the_network_once(cast, monkeypatch):
    network = Deletions(monkeypatch)
    _, target = published(cast)
    stale = type(target).objects.get(pk=target.pk)
    publisher.delete_published(target, cast.officer)
    with pytest.raises(publisher.DeleteFailed):
        publisher.delete_published(stale, cast.admin)
    assert network.asked == [target.network_post_id]


def test_a_contributor_cannot_delete_a_published_post(cast, monkeypatch):
    Deletions(monkeypatch)
    post, target = published(cast)
    Post.objects.filter(pk=post.pk).update(author=cast.contributor)
    target.channel = cast.maternity_channel
    target.save()
    client = signed_in(cast.contributor)
    assert "Delete from every network" not in client.get(f"/publish/{post.pk}/").content.decode()
    client.post(f"/publish/{post.pk}/action/", {"action": "delete_published"})
    target.refresh_from_db()
    assert target.status == TargetStatus.PUBLISHED


def test_an_officer_who_corrects_a_post_sent_for_approval_schedules_it(cast):
    post, _ = scheduled(cast)
    Post.objects.filter(pk=post.pk).update(status=PostStatus.SUBMITTED)
    post.targets.update(status=TargetStatus.DRAFT)
    signed_in(cast.officer).post(
        f"/publish/{post.pk}/edit/",
        {
            "text": "Birth centre tours: every Saturday",
            "channels": [cast.maternity_channel.pk],
            "language": "en",
            "when": later(3).strftime("%Y-%m-%dT%H:%M"),
            "action": "schedule",
        },
    )
    post.refresh_from_db()
    assert post.status == PostStatus.APPROVED and post.reviewed_by == cast.officer


def test_an_officer_cannot_schedule_a_contributors_unsent_draft_by_saving_it(cast):
    post = Post.objects.create(
        organisation=cast.organisation,
        author=cast.contributor,
        text="Not ready yet",
        scheduled_at=later(),
    )
    signed_in(cast.officer).post(
        f"/publish/{post.pk}/edit/",
        {
            "text": "Not ready yet",
            "channels": [cast.maternity_channel.pk],
            "language": "en",
            "when": later(3).strftime("%Y-%m-%dT%H:%M"),
            "action": "schedule",
        },
    )
    post.refresh_from_db()
    assert post.status == PostStatus.DRAFT
