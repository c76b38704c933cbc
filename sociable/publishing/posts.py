"""Posts from draft to schedule: checks, the confidentiality guard and approvals.

Contributors draft and submit; comms officers and admins approve, ask for changes or reject,
and nobody approves their own post. Officers and admins may also schedule their own posts
directly (their role publishes). Every step is in the audit log.

A scheduled post can still change until it is published: its author or a comms officer may
edit it (a change to what it says takes the approval away: it is approved again before it
goes), give it a new time, cancel it (back to a draft) or delete it. Each of these takes the
post's targets back from the schedule with a conditional UPDATE in one transaction, and gives
up if the publisher has claimed any of them (publisher.claim): a post is never half edited,
lost or sent twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from sociable.accounts import access
from sociable.audit.log import record
from sociable.inbox.triaging import check_outgoing
from sociable.publishing import notices
from sociable.publishing.models import Language, PostStatus, PostTarget, TargetStatus

EDITABLE = (PostStatus.DRAFT, PostStatus.CHANGES_REQUESTED, PostStatus.REJECTED)
# Targets the schedule may take back: not yet on the network, not being sent now.
TAKEABLE = (TargetStatus.DRAFT, TargetStatus.SCHEDULED, TargetStatus.HELD, TargetStatus.FAILED)
GONE_OUT = (TargetStatus.PUBLISHING, TargetStatus.PUBLISHED, TargetStatus.DELETED)


@dataclass
class Check:
    """What stands between a post and publishing. `findings` come from the guard."""

    problems: list[str] = field(default_factory=list)
    findings: list[dict] = field(default_factory=list)
    lengths: list[dict] = field(default_factory=list)

    @property
    def blocked_by_guard(self) -> bool:
        return any(f.get("blocking", True) for f in self.findings)

    @property
    def ok(self) -> bool:
        return not self.problems and not self.blocked_by_guard


class PostRefused(Exception):
    def __init__(self, check: Check, message: str = "The post cannot go ahead yet."):
        super().__init__(message)
        self.check = check


def publishable_channels(membership):
    """Accounts this member may post to (accounts/access.py decides)."""
    return access.drafting_channels(membership)


def check(post) -> Check:
    result = Check()
    targets = list(post.targets.select_related("channel"))
    if not targets:
        result.problems.append("Choose at least one account to post to.")
    if not post.text.strip():
        result.problems.append("Write the post.")
    for target in targets:
        if target.language in (Language.WELSH, Language.BILINGUAL) and not post.text_cy.strip():
            result.problems.append(f"{target.channel}: add the Welsh text, or post in English.")
        network = target.channel.rules
        needs = {"media": "an image or a video", "video": "a video"}.get(network.requires)
        media = list(post.media.all()) if needs else []
        if needs and not any(m.is_video or network.requires == "media" for m in media):
            result.problems.append(f"{target.channel}: {network.label} needs {needs}.")
        for length in measure(target):
            result.lengths.append(
                {key: length[key] for key in ("channel", "part", "used", "limit")}
            )
            if length["over"]:
                result.problems.append(
                    f"{length['channel']}: part {length['part']} is {length['used']} characters "
                    f"as {length['network']} counts them; the limit is {length['limit']}."
                )
            result.problems += [
                f"{target.channel}: {p}" for p in network.text_problems(length["text"])
            ]
    for item in post.media.all():
        if not item.alt_text.strip():
            result.problems.append(f"{item.file.name}: describe the image or video (alt text).")
        if item.is_video and not item.has_captions:
            result.problems.append(f"{item.file.name}: videos need captions.")
    result.findings = guard(
        {*post.texts(), *(t.text for t in targets if t.text)}, post.organisation
    )
    return result


def limit_of(channel) -> int | None:
    """How long a post on this account may be (an instance may allow more than the network)."""
    return channel.options.get("max_characters") or channel.rules.max_length


def measure(target) -> list[dict]:
    """Each part the target publishes, counted as its network counts it, against its limit."""
    network = target.channel.rules
    limit = limit_of(target.channel)
    lengths = []
    for number, part in enumerate(target.parts(), start=1):
        used = network.count_length(part)
        lengths.append(
            {
                "channel": str(target.channel),
                "network": network.label or network.name,
                "part": number,
                "text": part,
                "used": used,
                "limit": limit,
                "over": limit is not None and used > limit,
            }
        )
    return lengths


def guard(texts, organisation) -> list[dict]:
    """The confidentiality guard's blocking findings in these texts: the one check behind the
    composer's warning as you type, saving, submitting and approving."""
    findings = []
    for text in sorted(texts):
        for finding in check_outgoing(text, organisation)["findings"]:
            if finding.get("blocking", True):
                findings.append(finding)
    return findings


def require_editor(post, membership):
    if post.organisation_id != membership.organisation_id:
        raise PermissionDenied("Not your organisation's post.")
    if not access.may_edit_post(membership, post):
        raise PermissionDenied("Only the author or a comms officer can change this post.")


class AlreadyOut(PermissionDenied):
    """The publisher has claimed or published the post on at least one account."""

    def __init__(self):
        super().__init__(
            "It is being published, or has been, on at least one account: it can "
            "no longer be changed. Delete it from the networks instead."
        )


def _take_back(post) -> None:
    """Inside a transaction: take every target off the schedule with a conditional UPDATE, then
    make sure none had been claimed by the publisher (else the caller's transaction is rolled
    back by the exception). On PostgreSQL a claim waiting on the same rows finds them taken
    back; one that committed first is seen here."""
    post.targets.filter(status__in=TAKEABLE).update(
        status=TargetStatus.DRAFT, next_attempt_at=None, enqueued_at=None, claimed_at=None
    )
    if post.targets.filter(status__in=GONE_OUT).exists():
        raise AlreadyOut()


def fingerprint(post) -> tuple:
    """What an approval approved: the words, link (and its campaign tracking), media and where
    each part goes."""
    targets = tuple(sorted(post.targets.values_list("channel_id", "language", "text")))
    media = tuple(post.media.values_list("file", "alt_text", "has_captions"))
    return (
        post.text,
        post.text_cy,
        tuple(post.thread),
        post.link,
        post.campaign,
        post.link_tracking,
        targets,
        media,
    )


def begin_edit(post, membership) -> tuple | None:
    """Inside the transaction that saves an edit: take a scheduled post off the schedule and
    back to a draft. Returns what its approval approved (None if it was not approved)."""
    require_editor(post, membership)
    if post.status not in (*EDITABLE, PostStatus.SUBMITTED, PostStatus.APPROVED):
        raise PermissionDenied("This post cannot be changed.")
    approved = fingerprint(post) if post.status == PostStatus.APPROVED else None
    _take_back(post)
    if post.status not in EDITABLE:
        type(post).objects.filter(pk=post.pk).update(status=PostStatus.DRAFT)
        post.status = PostStatus.DRAFT
    return approved


def finish_edit(post, membership, approved: tuple | None) -> bool:
    """After an edit is saved (same transaction): a post whose approved content did not change
    goes back on the schedule at its (new) time; one that changed stays a draft, to be approved
    again. Returns True when it is scheduled again."""
    if approved is None:
        return False
    unchanged = fingerprint(post) == approved
    if not unchanged or post.scheduled_at is None or post.scheduled_at < timezone.now():
        type(post).objects.filter(pk=post.pk).update(reviewed_by=None, reviewed_at=None)
        record(
            post.organisation,
            membership.user,
            "post.approval_withdrawn",
            post,
            after={
                "why": "it changed after it was approved"
                if not unchanged
                else "it has no time in the future"
            },
        )
        if post.author_id != membership.user_id:
            notices.tell_author(
                post,
                "Your post was changed and needs approving again",
                "A colleague changed it after it was approved. It will not be "
                "published until it is approved again.",
            )
        return False
    type(post).objects.filter(pk=post.pk).update(status=PostStatus.APPROVED)
    post.status = PostStatus.APPROVED
    post.targets.filter(status=TargetStatus.DRAFT).update(
        status=TargetStatus.SCHEDULED, next_attempt_at=post.scheduled_at, last_error=""
    )
    record(
        post.organisation,
        membership.user,
        "post.edited",
        post,
        after={"scheduled_at": post.scheduled_at.isoformat(), "approval": "kept"},
    )
    return True


def cancel(post, membership) -> None:
    """Take a scheduled post off the schedule, back to a draft (to be approved again)."""
    require_editor(post, membership)
    with transaction.atomic():
        if (
            not type(post)
            .objects.filter(pk=post.pk, status__in=[PostStatus.APPROVED, PostStatus.SUBMITTED])
            .update(status=PostStatus.DRAFT, reviewed_by=None, reviewed_at=None)
        ):
            raise PermissionDenied(
                "Only a scheduled post, or one awaiting approval, can be cancelled."
            )
        _take_back(post)
    post.refresh_from_db()
    record(post.organisation, membership.user, "post.cancelled", post)
    if post.author_id != membership.user_id:
        notices.tell_author(
            post,
            "Your post was taken off the schedule",
            "A colleague cancelled it: it is a draft again and will not be "
            "published unless it is scheduled and approved again.",
        )


def delete_unpublished(post, membership) -> None:
    """Delete a post that has gone out nowhere. A published post is deleted from the networks
    instead (publisher.delete_published), and its record kept."""
    require_editor(post, membership)
    label = str(post)
    with transaction.atomic():
        _take_back(post)
        pk = post.pk
        post.delete()
    record(
        membership.organisation,
        membership.user,
        "post.deleted",
        None,
        object_type="publishing.post",
        object_id=pk,
        label=label,
    )


def set_targets(
    post,
    membership,
    channels,
    languages: dict[int, str] | None = None,
    variants: dict[int, str] | None = None,
) -> None:
    require_editor(post, membership)
    if post.status not in EDITABLE:
        raise PermissionDenied("Only a draft can be changed.")
    allowed = set(publishable_channels(membership).values_list("id", flat=True))
    chosen = [c for c in channels if c.id in allowed]
    post.targets.exclude(channel__in=chosen).delete()
    for channel in chosen:
        PostTarget.objects.update_or_create(
            post=post,
            channel=channel,
            defaults={
                "language": (languages or {}).get(channel.id, Language.ENGLISH),
                "text": (variants or {}).get(channel.id, ""),
            },
        )


def submit(post, membership) -> Check:
    """A contributor (or anyone) asks for approval. The guard and the checks must pass."""
    require_editor(post, membership)
    if post.status not in EDITABLE:
        raise PermissionDenied("This post was already submitted.")
    result = check(post)
    if post.scheduled_at is None:
        result.problems.append("Choose when it should go out.")
    if not result.ok:
        raise PostRefused(result)
    post.status = PostStatus.SUBMITTED
    post.missed_notified_at = None
    post.save(update_fields=["status", "missed_notified_at", "updated_at"])
    record(post.organisation, membership.user, "post.submitted", post)
    return result


def approve(post, membership, *, override_reason: str = "", as_editor: bool = False) -> Check:
    """Approve and schedule. Officers and admins approve others' posts, or schedule their own
    directly (or a post whose words they have just changed: `as_editor`); nobody approves
    someone else's work without the checks passing."""
    if not access.can(membership, access.Capability.PUBLISH):
        raise PermissionDenied("Only comms officers and admins approve posts.")
    if post.organisation_id != membership.organisation_id:
        raise PermissionDenied("Not your organisation's post.")
    own = post.author_id == membership.user_id
    if post.status == PostStatus.SUBMITTED and own:
        raise PermissionDenied("Nobody approves their own post: ask a colleague.")
    if post.status not in (PostStatus.SUBMITTED, *((*EDITABLE,) if own or as_editor else ())):
        raise PermissionDenied("This post is not waiting for approval.")
    result = check(post)
    if post.scheduled_at is None:
        result.problems.append("Choose when it should go out.")
    elif post.scheduled_at < timezone.now() - timedelta(minutes=1):
        result.problems.append("That time has passed: choose a new one.")
    if result.problems:
        raise PostRefused(result)
    if result.blocked_by_guard:
        if not (override_reason.strip() and access.may_override_guard(membership)):
            raise PostRefused(result, "The post contains patient-identifiable information.")
        post.guard_override_reason = override_reason.strip()[:300]
        record(
            post.organisation,
            membership.user,
            "post.guard_overridden",
            post,
            after={
                "reason": post.guard_override_reason,
                "findings": [f["type"] for f in result.findings],
            },
        )
    with transaction.atomic():
        post.status = PostStatus.APPROVED
        post.reviewed_by, post.reviewed_at = membership.user, timezone.now()
        post.save()
        post.targets.filter(status__in=TAKEABLE).update(
            status=TargetStatus.SCHEDULED,
            next_attempt_at=post.scheduled_at,
            last_error="",
            enqueued_at=None,
        )
    record(
        post.organisation,
        membership.user,
        "post.approved" if not own else "post.scheduled",
        post,
        after={"scheduled_at": post.scheduled_at.isoformat()},
    )
    if not own:
        when = timezone.localtime(post.scheduled_at).strftime("%A %d %B at %H:%M")
        notices.tell_author(post, "Your post was approved", f"It is scheduled for {when}.")
    return result


def review(post, membership, decision: str, comment: str) -> None:
    """Request changes, or reject, with a comment for the author."""
    if not access.can(membership, access.Capability.PUBLISH):
        raise PermissionDenied("Only comms officers and admins review posts.")
    if post.organisation_id != membership.organisation_id:
        raise PermissionDenied("Not your organisation's post.")
    if post.status != PostStatus.SUBMITTED:
        raise PermissionDenied("This post is not waiting for approval.")
    if not comment.strip():
        raise ValueError("Say what needs to change: the author sees your comment.")
    status = {"changes": PostStatus.CHANGES_REQUESTED, "reject": PostStatus.REJECTED}[decision]
    post.status, post.review_comment = status, comment.strip()
    post.reviewed_by, post.reviewed_at = membership.user, timezone.now()
    post.save()
    record(
        post.organisation,
        membership.user,
        f"post.{status}",
        post,
        after={"comment": post.review_comment},
    )
    notices.tell_author(
        post, f"Your post: {post.get_status_display().lower()}", post.review_comment
    )


def reschedule(post, membership, when) -> None:
    """Give a post a new time (a form, or drag and drop on the calendar). An approved post
    keeps its approval: its words have not changed."""
    require_editor(post, membership)
    if when < timezone.now():
        raise ValueError("Choose a time in the future.")
    before = post.scheduled_at
    with transaction.atomic():
        if post.targets.filter(status__in=GONE_OUT).exists():
            raise AlreadyOut()
        post.scheduled_at = when
        post.missed_notified_at = None
        post.save(update_fields=["scheduled_at", "missed_notified_at", "updated_at"])
        post.targets.filter(status=TargetStatus.SCHEDULED).update(
            next_attempt_at=when, enqueued_at=None
        )
        if post.targets.filter(status__in=GONE_OUT).exists():  # claimed meanwhile
            raise AlreadyOut()
    record(
        post.organisation,
        membership.user,
        "post.rescheduled",
        post,
        before={"scheduled_at": before.isoformat() if before else None},
        after={"scheduled_at": when.isoformat()},
    )
