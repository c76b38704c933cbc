"""Pause all publishing: an admin's switch for a major incident or an election period.

While a pause is on, the publisher claims nothing of the organisation's (publisher.claim checks
it before and straight after its conditional UPDATE), so every post that falls due waits, on
the schedule, until the pause is lifted; then it goes out at once. A post already being sent
when the pause began finishes. Replies to people are not paused: someone in crisis is still
answered. Pausing and lifting are audited, and each pause is kept.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from sociable.accounts import access
from sociable.audit.log import record
from sociable.publishing.models import PostStatus, PostTarget, PublishingPause, TargetStatus


def active(organisation) -> PublishingPause | None:
    return (
        PublishingPause.objects.filter(organisation=organisation, lifted_at__isnull=True)
        .select_related("paused_by")
        .first()
    )


def is_paused(organisation_id: int) -> bool:
    return PublishingPause.objects.filter(
        organisation_id=organisation_id, lifted_at__isnull=True
    ).exists()


def not_paused() -> Q:
    """A filter on PostTarget: its organisation's publishing is not paused."""
    paused = PublishingPause.objects.filter(lifted_at__isnull=True).values("organisation")
    return ~Q(post__organisation__in=paused)


def held(organisation, now=None) -> int:
    """How many targets are due and waiting because of the pause."""
    return PostTarget.objects.filter(
        post__organisation=organisation,
        post__status=PostStatus.APPROVED,
        status=TargetStatus.SCHEDULED,
        next_attempt_at__lte=now or timezone.now(),
    ).count()


def pause(membership, reason: str) -> PublishingPause:
    if not access.can(membership, access.Capability.PAUSE_PUBLISHING):
        raise PermissionDenied("Only admins pause publishing.")
    reason = (reason or "").strip()
    if not reason:
        raise ValueError("Say why: everyone sees it on the banner until the pause is lifted.")
    organisation = membership.organisation
    try:
        with transaction.atomic():
            made = PublishingPause.objects.create(
                organisation=organisation, reason=reason[:300], paused_by=membership.user
            )
    except IntegrityError:
        raise ValueError("Publishing is already paused.") from None
    record(
        organisation, membership.user, "post.publishing_paused", made, after={"reason": made.reason}
    )
    return made


def lift(membership) -> int:
    """Lift the pause; returns how many due posts now go out."""
    if not access.can(membership, access.Capability.PAUSE_PUBLISHING):
        raise PermissionDenied("Only admins lift a pause on publishing.")
    organisation = membership.organisation
    current = active(organisation)
    if current is None or not PublishingPause.objects.filter(
        pk=current.pk, lifted_at__isnull=True
    ).update(lifted_at=timezone.now(), lifted_by=membership.user):
        raise ValueError("Publishing is not paused.")
    waiting = held(organisation)
    record(
        organisation,
        membership.user,
        "post.publishing_resumed",
        current,
        after={"due_posts_released": waiting},
    )
    return waiting
