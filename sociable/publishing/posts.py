"""Posts from draft to schedule: checks, the confidentiality guard and approvals.

Contributors draft and submit; comms officers and admins approve, ask for changes or reject,
and nobody approves their own post. Officers and admins may also schedule their own posts
directly (their role publishes). Every step is in the audit log.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from sociable.accounts import access
from sociable.accounts.models import Role
from sociable.audit.log import record
from sociable.inbox.triaging import check_outgoing
from sociable.networks.registry import adapter_class
from sociable.publishing import notices
from sociable.publishing.models import Language, PostStatus, PostTarget, TargetStatus

EDITABLE = (PostStatus.DRAFT, PostStatus.CHANGES_REQUESTED, PostStatus.REJECTED)


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
    """Accounts this member may post to: all of the organisation's for officers and admins,
    their teams' accounts for contributors (who then need approval)."""
    from sociable.channels.models import Channel

    if not access.can(membership, access.Capability.DRAFT_POSTS):
        return Channel.objects.none()
    channels = Channel.objects.filter(organisation=membership.organisation)
    if membership.role == Role.CONTRIBUTOR:
        channels = channels.filter(team__in=membership.teams.all())
    return channels


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
        network = adapter_class(target.channel.network)
        needs = {"media": "an image or a video", "video": "a video"}.get(network.requires)
        media = list(post.media.all()) if needs else []
        if needs and not any(m.is_video or network.requires == "media" for m in media):
            result.problems.append(f"{target.channel}: {network.label} needs {needs}.")
        for length in measure(target):
            result.lengths.append({key: length[key] for key in ("channel", "part", "used",
                                                                "limit")})
            if length["over"]:
                result.problems.append(
                    f"{length['channel']}: part {length['part']} is {length['used']} characters "
                    f"as {length['network']} counts them; the limit is {length['limit']}."
                )
            result.problems += [f"{target.channel}: {p}"
                                for p in network.text_problems(length["text"])]
    for item in post.media.all():
        if not item.alt_text.strip():
            result.problems.append(f"{item.file.name}: describe the image or video (alt text).")
        if item.is_video and not item.has_captions:
            result.problems.append(f"{item.file.name}: videos need captions.")
    result.findings = guard({*post.texts(), *(t.text for t in targets if t.text)},
                           post.organisation)
    return result


def limit_of(channel) -> int | None:
    """How long a post on this account may be (an instance may allow more than the network)."""
    return channel.options.get("max_characters") or adapter_class(channel.network).max_length


def measure(target) -> list[dict]:
    """Each part the target publishes, counted as its network counts it, against its limit."""
    network = adapter_class(target.channel.network)
    limit = limit_of(target.channel)
    lengths = []
    for number, part in enumerate(target.parts(), start=1):
        used = network.count_length(part)
        lengths.append({"channel": str(target.channel), "network": network.label or network.name,
                        "part": number, "text": part, "used": used, "limit": limit,
                        "over": limit is not None and used > limit})
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
    if post.author_id != membership.user_id and not access.can(
            membership, access.Capability.PUBLISH):
        raise PermissionDenied("Only the author or a comms officer can change this post.")


def set_targets(post, membership, channels, languages: dict[int, str] | None = None,
                variants: dict[int, str] | None = None) -> None:
    require_editor(post, membership)
    if post.status not in EDITABLE:
        raise PermissionDenied("Only a draft can be changed.")
    allowed = set(publishable_channels(membership).values_list("id", flat=True))
    chosen = [c for c in channels if c.id in allowed]
    post.targets.exclude(channel__in=chosen).delete()
    for channel in chosen:
        PostTarget.objects.update_or_create(
            post=post, channel=channel,
            defaults={"language": (languages or {}).get(channel.id, Language.ENGLISH),
                      "text": (variants or {}).get(channel.id, "")},
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


def approve(post, membership, *, override_reason: str = "") -> Check:
    """Approve and schedule. Officers and admins approve others' posts, or schedule their own
    directly; nobody approves someone else's work without the checks passing."""
    if not access.can(membership, access.Capability.PUBLISH):
        raise PermissionDenied("Only comms officers and admins approve posts.")
    if post.organisation_id != membership.organisation_id:
        raise PermissionDenied("Not your organisation's post.")
    own = post.author_id == membership.user_id
    if post.status == PostStatus.SUBMITTED and own:
        raise PermissionDenied("Nobody approves their own post: ask a colleague.")
    if post.status not in (PostStatus.SUBMITTED, *((*EDITABLE,) if own else ())):
        raise PermissionDenied("This post is not waiting for approval.")
    result = check(post)
    if post.scheduled_at is None:
        result.problems.append("Choose when it should go out.")
    elif post.scheduled_at < timezone.now() - timedelta(minutes=1):
        result.problems.append("That time has passed: choose a new one.")
    if result.problems:
        raise PostRefused(result)
    if result.blocked_by_guard:
        if not (override_reason.strip() and membership.role == Role.ADMIN):
            raise PostRefused(result, "The post contains patient-identifiable information.")
        post.guard_override_reason = override_reason.strip()[:300]
        record(post.organisation, membership.user, "post.guard_overridden", post,
               after={"reason": post.guard_override_reason,
                      "findings": [f["type"] for f in result.findings]})
    with transaction.atomic():
        post.status = PostStatus.APPROVED
        post.reviewed_by, post.reviewed_at = membership.user, timezone.now()
        post.save()
        post.targets.exclude(status=TargetStatus.PUBLISHED).update(
            status=TargetStatus.SCHEDULED, next_attempt_at=post.scheduled_at, last_error="",
            enqueued_at=None,
        )
    record(post.organisation, membership.user, "post.approved" if not own else "post.scheduled",
           post, after={"scheduled_at": post.scheduled_at.isoformat()})
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
    record(post.organisation, membership.user, f"post.{status}", post,
           after={"comment": post.review_comment})
    notices.tell_author(post, f"Your post: {post.get_status_display().lower()}",
                        post.review_comment)


def reschedule(post, membership, when) -> None:
    """Move a post (drag and drop on the calendar). Published parts are not touched."""
    require_editor(post, membership)
    if when < timezone.now():
        raise ValueError("Choose a time in the future.")
    if post.targets.filter(status__in=[TargetStatus.PUBLISHING, TargetStatus.PUBLISHED]).exists():
        raise PermissionDenied("It has already been published on at least one account.")
    before = post.scheduled_at
    with transaction.atomic():
        post.scheduled_at = when
        post.missed_notified_at = None
        post.save(update_fields=["scheduled_at", "missed_notified_at", "updated_at"])
        post.targets.filter(status=TargetStatus.SCHEDULED).update(next_attempt_at=when,
                                                                  enqueued_at=None)
    record(post.organisation, membership.user, "post.rescheduled", post,
           before={"scheduled_at": before.isoformat() if before else None},
           after={"scheduled_at": when.isoformat()})
