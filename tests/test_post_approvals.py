"""Contributors submit; comms officers approve, ask for changes or reject; nobody approves
their own post; the confidentiality guard blocks patient-identifiable information."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone

from sociable.accounts.models import Membership
from sociable.audit.models import AuditEvent
from sociable.publishing import posts
from sociable.publishing.models import Post, PostStatus, PostTarget, TargetStatus
from tests.conftest import CAST_PASSWORD


def member(cast, user):
    return Membership.objects.get(user=user, organisation=cast.organisation)


def draft(
    cast,
    text="Our new birth centre opens on Monday! Tours every Saturday.",
    *,
    author=None,
    channel=None,
    when=timedelta(days=1),
):
    post = Post.objects.create(
        organisation=cast.organisation,
        author=author or cast.contributor,
        text=text,
        scheduled_at=timezone.now() + when,
    )
    PostTarget.objects.create(post=post, channel=channel or cast.maternity_channel)
    return post


def test_a_contributors_post_is_approved_by_an_officer_and_scheduled(cast):
    post = draft(cast)
    posts.submit(post, member(cast, cast.contributor))
    posts.approve(post, member(cast, cast.officer))
    post.refresh_from_db()
    assert post.status == PostStatus.APPROVED and post.reviewed_by == cast.officer
    target = post.targets.get()
    assert target.status == TargetStatus.SCHEDULED and target.next_attempt_at == post.scheduled_at
    verbs = set(AuditEvent.objects.filter(object_id=str(post.pk)).values_list("verb", flat=True))
    assert {"post.submitted", "post.approved"} <= verbs
    assert any("approved" in m.subject for m in mail.outbox)


def test_nobody_approves_their_own_post(cast):
    post = draft(cast, author=cast.officer, channel=cast.channel)
    posts.submit(post, member(cast, cast.officer))
    with pytest.raises(PermissionDenied, match="own post"):
        posts.approve(post, member(cast, cast.officer))


def test_contributors_cannot_approve(cast):
    post = draft(cast, author=cast.officer, channel=cast.channel)
    posts.submit(post, member(cast, cast.officer))
    with pytest.raises(PermissionDenied):
        posts.approve(post, member(cast, cast.contributor))


def test_an_officer_may_schedule_their_own_draft_directly(cast):
    post = draft(cast, author=cast.officer, channel=cast.channel)
    posts.approve(post, member(cast, cast.officer))
    assert Post.objects.get(pk=post.pk).status == PostStatus.APPROVED


def test_patient_identifiable_information_blocks_the_post(cast):
    post = draft(cast, "Get well soon to Mrs Jones on Ward 7 after her hip operation")
    with pytest.raises(posts.PostRefused) as refused:
        posts.submit(post, member(cast, cast.contributor))
    assert refused.value.check.findings
    assert Post.objects.get(pk=post.pk).status == PostStatus.DRAFT


def test_an_admin_may_override_the_guard_with_a_recorded_reason(cast):
    post = draft(
        cast,
        "Happy 100th birthday to Mrs Jones on Ward 7, born 01/02/1926!",
        author=cast.admin,
        channel=cast.channel,
    )
    with pytest.raises(posts.PostRefused):
        posts.approve(post, member(cast, cast.admin))
    posts.approve(
        post,
        member(cast, cast.admin),
        override_reason="Written consent from Mrs Jones and her family on file",
    )
    assert Post.objects.get(pk=post.pk).guard_override_reason.startswith("Written consent")
    assert AuditEvent.objects.filter(verb="post.guard_overridden").exists()


def test_asking_for_changes_needs_a_comment_that_the_author_receives(cast):
    post = draft(cast)
    posts.submit(post, member(cast, cast.contributor))
    with pytest.raises(ValueError):
        posts.review(post, member(cast, cast.officer), "changes", "  ")
    posts.review(post, member(cast, cast.officer), "changes", "Please add the booking link")
    post.refresh_from_db()
    assert post.status == PostStatus.CHANGES_REQUESTED
    assert any("Please add the booking link" in m.body for m in mail.outbox)


def test_a_post_over_the_networks_limit_is_refused_with_the_count(cast):
    post = draft(cast, "word " * 120)  # 600 characters; the demo account allows 500
    with pytest.raises(posts.PostRefused) as refused:
        posts.submit(post, member(cast, cast.contributor))
    assert any("limit is 500" in p for p in refused.value.check.problems)


def test_a_welsh_post_needs_its_welsh_text(cast):
    post = draft(cast)
    post.targets.update(language="cy")
    with pytest.raises(posts.PostRefused) as refused:
        posts.submit(post, member(cast, cast.contributor))
    assert any("Welsh" in p for p in refused.value.check.problems)


def test_a_bilingual_target_puts_the_welsh_first(cast):
    post = draft(cast)
    post.text_cy = "Mae ein canolfan geni newydd yn agor ddydd Llun!"
    post.save()
    target = post.targets.get()
    target.language = "both"
    assert target.parts()[0].startswith("Mae ein canolfan geni newydd")


def test_a_time_in_the_past_cannot_be_approved(cast):
    post = draft(cast, when=-timedelta(hours=1))
    Post.objects.filter(pk=post.pk).update(status=PostStatus.SUBMITTED)
    post.refresh_from_db()
    with pytest.raises(posts.PostRefused) as refused:
        posts.approve(post, member(cast, cast.officer))
    assert any("passed" in p for p in refused.value.check.problems)


def test_writing_and_scheduling_a_post_from_the_composer(cast):
    client = Client()
    client.login(username="officer", password=CAST_PASSWORD)
    page = client.get("/publish/new/")
    assert b"Write a post" in page.content
    when = (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    answer = client.post(
        "/publish/new/",
        {
            "text": "Visiting times change on Monday: 2pm to 8pm on all wards.",
            "channels": [cast.channel.pk],
            "language": "en",
            "when": when,
            "action": "schedule",
        },
        follow=True,
    )
    assert b"Scheduled." in answer.content
    post = Post.objects.get(text__startswith="Visiting times")
    assert post.status == PostStatus.APPROVED
    assert post.targets.get().status == TargetStatus.SCHEDULED


def test_the_composer_explains_every_problem_and_keeps_what_was_written(cast):
    client = Client()
    client.login(username="contributor", password=CAST_PASSWORD)
    page = client.post(
        "/publish/new/",
        {
            "text": "Our new scanner arrives",
            "channels": [],
            "language": "cy",
            "when": "not-a-date",
        },
    )
    body = page.content.decode()
    assert "There is a problem" in body
    assert "Choose at least one account" in body and "Add the Welsh text" in body
    assert "Our new scanner arrives" in body


def test_an_image_needs_alt_text(cast):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = Client()
    client.login(username="officer", password=CAST_PASSWORD)
    from tests.publishing_support import image_bytes

    image = SimpleUploadedFile("ward.png", image_bytes(), content_type="image/png")
    page = client.post(
        "/publish/new/",
        {"text": "Our ward", "channels": [cast.channel.pk], "language": "en", "media_file": image},
    )
    assert b"Describe the image or video" in page.content


def test_a_contributor_only_posts_to_their_teams_accounts(cast):
    choices = posts.publishable_channels(member(cast, cast.contributor))
    assert list(choices) == [cast.maternity_channel]
