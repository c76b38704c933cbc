"""The publisher: never loses a post, never publishes one twice.

A target moves scheduled → publishing → published | failed | held.

- Claiming is a conditional UPDATE (status and due time checked in the same statement), so two
  workers never publish the same target. The claim names the worker (its heartbeat,
  sociable.core.heartbeat, tells whether it is still alive). Workers run several targets at
  once, each in its own thread, each claimed the same way.
- Intent is recorded before the network call: the target is `publishing`, with its attempt
  counted and an idempotency key the network may recognise; and right before each request
  leaves the desk, `sending_since` is saved (committed) unless it is already set. It is cleared
  only when the network confirms the part (or says it does not have it), so it always tells
  whether the first part not confirmed may have reached the network, and since when.
- After a transient error the network either certainly did not accept the post (a rate limit,
  an HTTP error with a response) and the target is retried with back-off that honours
  Retry-After, or the outcome is unknown (a timeout, a dropped connection, a crash). An unknown
  outcome is resolved by reading back from the network where it allows; otherwise the target is
  held for a person, never re-sent blindly. A network that recognises a repeated key
  (Mastodon's Idempotency-Key) is asked again only within its window, counted from the first
  request that may have reached it.
- A worker that dies (its heartbeat stops) leaves targets `publishing`; within a minute another
  worker takes them back: a target whose request never left the desk is sent again at once;
  one whose request may have left is resolved as an unknown outcome (read back, a repeat the
  network recognises, or held for a person). A live worker's target is only treated as
  interrupted after PUBLISH_STUCK_AFTER_SECONDS.
- An expired token marks the account needs-reconnecting and holds its targets (not failed, not
  dropped); reconnecting puts them back on the schedule.
- A permanent error fails the target and tells the post's author.
- While the organisation's publishing is paused (pause.py) nothing of it is claimed: the pause
  is checked before and straight after the claiming UPDATE, so no due post slips out once the
  pause is recorded (one already being sent finishes).
- An edit, a cancellation or a new time takes a post's targets back with the same kind of
  conditional UPDATE (posts.py), so a target is either claimed here or taken back there, never
  both.
- Deleting a published post asks each network to take it down (thread parts last first); the
  target is kept, marked deleted, and the deletion audited.
- A thread is published part by part; `thread_ids` records the parts the network confirmed, saved
  after each one. An unknown outcome concerns the first part not confirmed: read back asks about
  that part, a hold names it, and any retry (by the scheduler or a person) sends only the parts
  not yet confirmed.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.dispatch import Signal
from django.utils import timezone

from sociable.audit.log import record
from sociable.channels.adapters import adapter_of
from sociable.channels.models import ChannelStatus
from sociable.channels.tokens import record_success
from sociable.core import heartbeat
from sociable.networks.base import Draft, Media, NetworkError
from sociable.publishing import notices, pause
from sociable.publishing.models import PostStatus, PostTarget, TargetStatus

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 6
REQUEUE_AFTER = timedelta(minutes=2)  # a queued task that never ran is queued again
QUEUE_AT_ONCE = 200  # targets queued per scheduler tick (the queue never holds many more)
BACKOFF = [60, 120, 300, 900, 1800]  # seconds after attempts 1, 2, 3, ...
# A repeat is sent to a network that recognises one only this long before its window ends.
REPEAT_MARGIN = timedelta(minutes=10)


def stuck_after() -> timedelta:
    """How long a target may stay `publishing` before it is treated as interrupted."""
    return timedelta(seconds=settings.PUBLISH_STUCK_AFTER_SECONDS)


# Sent when a target is published, with target=<PostTarget>.
post_published = Signal()


def due_targets(now=None, limit: int = 50, also: Q | None = None) -> list[int]:
    now = now or timezone.now()
    return list(
        PostTarget.objects.filter(
            pause.not_paused(),
            also or Q(),
            status=TargetStatus.SCHEDULED,
            next_attempt_at__lte=now,
            post__status=PostStatus.APPROVED,
        )
        .order_by("next_attempt_at", "id")
        .values_list("id", flat=True)[:limit]
    )


def take_for_queue(now=None, limit: int = QUEUE_AT_ONCE) -> list[int]:
    """Due targets not already waiting in the task queue, marked as queued (conditional UPDATE),
    so the scheduler queues each once however often it ticks. At most `limit` wait at a time:
    when thousands fall due at once, the queue holds the next few hundred, in order."""
    now = now or timezone.now()
    not_queued = Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=now - REQUEUE_AFTER)
    scheduled = PostTarget.objects.filter(status=TargetStatus.SCHEDULED)
    waiting = scheduled.filter(enqueued_at__gte=now - REQUEUE_AFTER).count()
    if waiting >= limit:
        return []
    due = due_targets(now, limit - waiting, also=not_queued)
    if not due or not scheduled.filter(not_queued, pk__in=due).update(enqueued_at=now):
        return []
    # One UPDATE for the batch; those it marked carry this tick's time (a second tick that ran
    # meanwhile marked the others, and queues them itself).
    taken = set(scheduled.filter(pk__in=due, enqueued_at=now).values_list("id", flat=True))
    return [target_id for target_id in due if target_id in taken]


def queue_again(target_id: int) -> None:
    """Its queued task was lost (a worker died holding it): let the scheduler queue it now."""
    PostTarget.objects.filter(pk=target_id, status=TargetStatus.SCHEDULED).update(enqueued_at=None)


def claim(target_id: int, now=None) -> bool:
    """Take a due target for publishing. Only one caller can win.

    The UPDATE names only the target's own columns, so on PostgreSQL a claim that waited on a
    concurrent change (another claim, or an edit taking the target back) re-checks them on the
    row as it now is. The post's approval and the pause are read first; a pause that lands
    between that read and the claim is seen straight after it, and the target is given back
    before anything is sent."""
    now = now or timezone.now()
    post = (
        PostTarget.objects.filter(pk=target_id)
        .values("post__status", "post__organisation_id")
        .first()
    )
    if post is None or post["post__status"] != PostStatus.APPROVED:
        return False
    organisation = post["post__organisation_id"]
    if pause.is_paused(organisation):
        return False
    took = PostTarget.objects.filter(
        pk=target_id,
        status=TargetStatus.SCHEDULED,
        next_attempt_at__lte=now,
    ).update(
        status=TargetStatus.PUBLISHING,
        claimed_at=now,
        claimed_by=heartbeat.this_worker(),
        attempts=F("attempts") + 1,
    )
    if took and pause.is_paused(organisation):
        PostTarget.objects.filter(
            pk=target_id, status=TargetStatus.PUBLISHING, claimed_at=now
        ).update(
            status=TargetStatus.SCHEDULED,
            claimed_at=None,
            claimed_by="",
            attempts=F("attempts") - 1,
        )
        return False
    return bool(took)


def publish_target(target_id: int, now=None) -> str:
    """Claim and publish one target. Returns its new status (or '' if someone else has it)."""
    now = now or timezone.now()
    if not claim(target_id, now):
        return ""
    target = PostTarget.objects.select_related("post__organisation", "channel").get(pk=target_id)
    if target.channel.status != ChannelStatus.CONNECTED:
        return _hold(target, f"The account is {target.channel.get_status_display().lower()}.")
    try:
        adapter = adapter_of(target.channel)
        _publish_parts(target, adapter)
    except NetworkError as error:
        return _after_error(target, error, adapter=locals().get("adapter"), now=now)
    except ClaimLost:
        log.warning("Post target %s was taken back before it was sent; not sending", target_id)
        return ""
    return TargetStatus.PUBLISHED


class ClaimLost(Exception):
    """The target is no longer this caller's (taken back as interrupted): send nothing."""


def _publish_parts(target: PostTarget, adapter) -> None:
    """Publish the first part, then each thread part as a reply to the one before. Progress is
    saved after each part, so a retry resumes where it stopped."""
    parts = target.parts()
    media = tuple(_media(target))
    published_ids = list(target.thread_ids)
    url = target.url
    for index in range(len(published_ids), len(parts)):
        key = f"{target.idempotency_key}-{index}"
        draft = Draft(
            text=parts[index],
            **target.draft_fields(index, media),
            in_reply_to=published_ids[-1] if published_ids else "",
            idempotency_key=key,
        )
        adapter.check_length(draft.text)
        _about_to_send(target)
        result = adapter.reply(draft) if draft.in_reply_to else adapter.publish(draft)
        published_ids.append(result.network_id)
        target.thread_ids = list(published_ids)
        if index == 0:
            url = result.url
        if index == len(parts) - 1:
            break  # the last part: _published saves it
        confirmed = {"thread_ids": published_ids, "sending_since": None}
        if index == 0:
            confirmed.update(network_post_id=result.network_id, url=result.url or "")
        PostTarget.objects.filter(pk=target.pk).update(**confirmed)
        target.sending_since = None
    _published(target, published_ids, url)


def _about_to_send(target: PostTarget) -> None:
    """Record, durably, that a request for the next part is about to leave the desk (the first
    such time is kept). Refuses if the target was taken back from this caller meanwhile."""
    target.sent_fresh = target.sending_since is None  # no earlier request left for this part
    now = timezone.now()
    if not PostTarget.objects.filter(
        pk=target.pk,
        status=TargetStatus.PUBLISHING,
        claimed_at=target.claimed_at,
    ).update(sending_since=Coalesce(F("sending_since"), Value(now))):
        raise ClaimLost(target.pk)
    if target.sending_since is None:
        target.sending_since = now


def _published(target, ids, url):
    now = timezone.now()
    with transaction.atomic():  # one commit: the target, its account's last success, the audit
        PostTarget.objects.filter(pk=target.pk).update(
            status=TargetStatus.PUBLISHED,
            network_post_id=ids[0],
            thread_ids=ids,
            url=url or "",
            published_at=now,
            last_error="",
            next_attempt_at=None,
            sending_since=None,
        )
        record_success(target.channel_id, now)
        record(
            target.post.organisation,
            None,
            "post.published",
            target.post,
            after={"target": target.pk, "channel": str(target.channel), "network_id": ids[0]},
        )
    post_published.send(sender=PostTarget, target=target)


def _media(target):
    from sociable.publishing.media_links import public_url

    for item in target.post.media.all():
        with item.file.open("rb") as handle:
            yield Media(
                filename=item.file.name.rsplit("/", 1)[-1],
                content_type=item.content_type,
                data=handle.read(),
                alt_text=item.alt_text,
                url=public_url(item),
            )


def _after_error(target, error: NetworkError, *, adapter, now) -> str:
    organisation = target.post.organisation
    if error.reconnect:
        type(target.channel).objects.filter(pk=target.channel_id).update(
            status=ChannelStatus.NEEDS_RECONNECT, status_detail=str(error)[:500]
        )
        return _hold(target, "The account needs reconnecting: " + str(error))
    if error.permanent:
        PostTarget.objects.filter(pk=target.pk).update(
            status=TargetStatus.FAILED, last_error=str(error)[:500], next_attempt_at=None
        )
        record(
            organisation,
            None,
            "post.failed",
            target.post,
            after={"target": target.pk, "error": str(error)[:300]},
        )
        notices.tell_author(
            target.post,
            f"Your post could not be published on {target.channel}",
            f"The network refused it: {error}\n\nNothing was published there.",
        )
        return TargetStatus.FAILED
    # A rate limit or a refusal with a 4xx answer: the network did not take the post. A 5xx or
    # no answer at all (timeout, dropped connection): it may have.
    certainly_not_published = error.retry_after is not None or (
        error.status is not None and error.status < 500
    )
    if not certainly_not_published:
        return resolve_unknown(target, adapter, reason=str(error))
    if getattr(target, "sent_fresh", False):
        # This request was the only one for the part, and it was refused: nothing is out there.
        PostTarget.objects.filter(pk=target.pk).update(sending_since=None)
    return _retry_later(target, error, now)


def _retry_later(target, error, now, *, at_once: bool = False) -> str:
    """Back on the schedule after a back-off (or `at_once`, keeping its place in the queue, when
    the network did not fail: the worker did)."""
    target.refresh_from_db(fields=["attempts", "sending_since", "thread_ids"])
    if target.attempts >= MAX_ATTEMPTS and target.sending_since is not None:
        return _hold(
            target,
            uncertain_part_message(
                target, len(target.thread_ids), f"tried {target.attempts} times: {error}"
            ),
        )
    if target.attempts >= MAX_ATTEMPTS:
        PostTarget.objects.filter(pk=target.pk).update(
            status=TargetStatus.FAILED,
            last_error=f"Gave up after {target.attempts} tries: {error}"[:500],
            next_attempt_at=None,
        )
        notices.tell_author(
            target.post,
            f"Your post could not be published on {target.channel}",
            f"The network kept failing ({error}). Nothing was published there.",
        )
        return TargetStatus.FAILED
    wait = BACKOFF[min(target.attempts - 1, len(BACKOFF) - 1)]
    if error.retry_after:
        wait = max(wait, error.retry_after)
    when = {} if at_once else {"next_attempt_at": now + timedelta(seconds=wait)}
    PostTarget.objects.filter(pk=target.pk).update(
        status=TargetStatus.SCHEDULED,
        last_error=str(error)[:500],
        claimed_at=None,
        claimed_by="",
        enqueued_at=None,
        **when,
    )
    return TargetStatus.SCHEDULED


def resolve_unknown(target, adapter, *, reason: str, after_crash: bool = False) -> str:
    """The network may or may not have the first part not yet confirmed. Read back that part;
    if the network cannot say, hold the target and name the part. After a crash (the network
    did not fail, the worker did) a retry goes at once instead of after a back-off."""
    target.refresh_from_db()  # the confirmed parts as saved, not as they were when loaded
    now = timezone.now()
    uncertain = len(target.thread_ids)
    if target.sending_since is None:  # no request for that part ever left the desk
        return _retry_later(target, NetworkError(reason), now, at_once=after_crash)
    key = f"{target.idempotency_key}-{uncertain}"
    if adapter is not None:
        try:
            found, answered = adapter.find_published(key), True
        except NetworkError:
            found, answered = None, False
        if found is not None:
            ids = [*target.thread_ids, found.network_id]
            if len(ids) == len(target.parts()):
                _published(target, ids, target.url or found.url)
                return TargetStatus.PUBLISHED
            first = (
                {"network_post_id": found.network_id, "url": found.url or ""}
                if uncertain == 0
                else {}
            )
            PostTarget.objects.filter(pk=target.pk).update(
                thread_ids=ids,
                status=TargetStatus.SCHEDULED,
                next_attempt_at=now,
                claimed_at=None,
                claimed_by="",
                enqueued_at=None,
                sending_since=None,
                **first,
            )
            return TargetStatus.SCHEDULED
        if answered and "read_back" in adapter.supports:
            # The network said it has no such post: trying again cannot publish it twice.
            PostTarget.objects.filter(pk=target.pk).update(sending_since=None)
            return _retry_later(target, NetworkError(reason), now, at_once=after_crash)
        if _repeat_recognised(adapter, target, now):
            # The network recognises the same key within its window: a repeat returns the
            # first post instead of a second one.
            return _retry_later(target, NetworkError(reason), now, at_once=after_crash)
    return _hold(target, uncertain_part_message(target, uncertain, reason))


def _repeat_recognised(adapter, target, now) -> bool:
    window = timedelta(seconds=adapter.idempotent_publish_window)
    return bool(window) and now - target.sending_since < window - REPEAT_MARGIN


def uncertain_part_message(target, uncertain: int, reason: str) -> str:
    total = len(target.parts())
    if total == 1:
        return (
            f"It is not known whether the network published it ({reason}). "
            "Check the account, then mark it published or try again."
        )
    done = "Part 1 is" if uncertain == 1 else f"Parts 1 to {uncertain} are"
    confirmed = f"{done} confirmed. " if uncertain else ""
    return (
        f"It is not known whether the network published part {uncertain + 1} of {total} "
        f"of the thread ({reason}). {confirmed}Check the account: if part {uncertain + 1} "
        f"is not there, try again and only parts {uncertain + 1} to {total} will be sent; "
        "if it is, mark the post published."
    )


def _hold(target, reason: str) -> str:
    PostTarget.objects.filter(pk=target.pk).update(
        status=TargetStatus.HELD,
        last_error=reason[:500],
        next_attempt_at=None,
        claimed_at=None,
        claimed_by="",
    )
    record(
        target.post.organisation,
        None,
        "post.held",
        target.post,
        after={"target": target.pk, "reason": reason[:300]},
    )
    notices.tell_author(target.post, f"Your post on {target.channel} needs a person", reason)
    return TargetStatus.HELD


def interrupted(now=None):
    """Targets left `publishing`: claimed by a worker whose heartbeat has stopped (found within
    a minute), or by anyone for longer than PUBLISH_STUCK_AFTER_SECONDS."""
    now = now or timezone.now()
    dead_worker = (
        Q(claimed_at__lt=now - heartbeat.DEAD_AFTER)
        & ~Q(claimed_by="")
        & ~Q(claimed_by__in=heartbeat.alive_workers(now))
    )
    return PostTarget.objects.filter(status=TargetStatus.PUBLISHING).filter(
        dead_worker | Q(claimed_at__lt=now - stuck_after())
    )


def recover_stuck(now=None) -> int:
    """Targets left `publishing` by a crash: take each back (one conditional UPDATE), then send
    again at once what never left the desk and resolve the rest as unknown outcomes."""
    now = now or timezone.now()
    recovered = 0
    for target in interrupted(now).select_related("post__organisation", "channel"):
        took = PostTarget.objects.filter(
            pk=target.pk, status=TargetStatus.PUBLISHING, claimed_at=target.claimed_at
        ).update(claimed_at=now, claimed_by=heartbeat.this_worker())
        if not took:
            continue
        recovered += 1
        if target.sending_since is None:
            _resume_unsent(target, now)
            continue
        try:
            adapter = adapter_of(target.channel)
        except NetworkError:
            adapter = None
        resolve_unknown(target, adapter, reason="publishing was interrupted", after_crash=True)
    return recovered


def _resume_unsent(target, now) -> str:
    """Interrupted before any request left the desk: back in the queue, in its place."""
    if target.attempts >= MAX_ATTEMPTS:
        return _hold(
            target,
            f"Publishing was interrupted {target.attempts} times. Nothing was "
            "sent to the network: try again, or change the post.",
        )
    PostTarget.objects.filter(pk=target.pk, status=TargetStatus.PUBLISHING).update(
        status=TargetStatus.SCHEDULED,
        claimed_at=None,
        claimed_by="",
        enqueued_at=None,
        next_attempt_at=Coalesce(F("next_attempt_at"), Value(now)),
    )
    record(
        target.post.organisation,
        None,
        "post.resumed",
        target.post,
        after={"target": target.pk, "reason": "publishing was interrupted before sending"},
    )
    return TargetStatus.SCHEDULED


def release_held_for_channel(channel) -> int:
    """After an account is reconnected, its held targets go back on the schedule."""
    now = timezone.now()
    return PostTarget.objects.filter(
        channel=channel, status=TargetStatus.HELD, last_error__startswith="The account"
    ).update(status=TargetStatus.SCHEDULED, next_attempt_at=now, last_error="", enqueued_at=None)


class DeleteFailed(Exception):
    """The network did not take the post down; the target stays published."""


def delete_published(target, user) -> None:
    """Take a published target down from its network, thread parts last first. The target is
    kept, marked deleted. Claimed with a conditional UPDATE, so two people deleting at once
    make one request each part at most."""
    now = timezone.now()
    if not PostTarget.objects.filter(
        pk=target.pk, status=TargetStatus.PUBLISHED, deleted_at__isnull=True
    ).update(deleted_at=now):
        raise DeleteFailed("It is not published there (or is already being deleted).")
    target.refresh_from_db()
    remaining = [i for i in (target.thread_ids or [target.network_post_id]) if i]
    try:
        if not remaining:
            raise NetworkError(
                "The desk does not know its id on the network (it was marked "
                "published by a person): delete it on the network itself.",
                permanent=True,
            )
        adapter = adapter_of(target.channel)
        if "delete" not in adapter.supports:
            raise NetworkError(
                f"{adapter.label or adapter.name} does not let us delete posts: "
                "delete it on the network itself.",
                permanent=True,
            )
        while remaining:
            adapter.delete(remaining[-1])
            remaining.pop()
    except NetworkError as error:
        PostTarget.objects.filter(pk=target.pk).update(deleted_at=None, thread_ids=remaining)
        record(
            target.post.organisation,
            user,
            "post.delete_failed",
            target.post,
            after={"target": target.pk, "channel": str(target.channel), "error": str(error)[:300]},
        )
        raise DeleteFailed(str(error)) from error
    PostTarget.objects.filter(pk=target.pk).update(
        status=TargetStatus.DELETED, deleted_by=user if getattr(user, "pk", None) else None
    )
    record(
        target.post.organisation,
        user,
        "post.deleted_from_network",
        target.post,
        after={
            "target": target.pk,
            "channel": str(target.channel),
            "network_id": target.network_post_id,
        },
    )


def mark_published_by_person(target, user, url: str = "") -> None:
    PostTarget.objects.filter(pk=target.pk, status=TargetStatus.HELD).update(
        status=TargetStatus.PUBLISHED,
        url=url,
        published_at=timezone.now(),
        last_error="",
        sending_since=None,
    )
    record(
        target.post.organisation,
        user,
        "post.marked_published",
        target.post,
        after={"target": target.pk, "url": url},
    )


def retry_by_person(target, user) -> None:
    PostTarget.objects.filter(
        pk=target.pk, status__in=[TargetStatus.HELD, TargetStatus.FAILED]
    ).update(
        status=TargetStatus.SCHEDULED,
        next_attempt_at=timezone.now(),
        last_error="",
        enqueued_at=None,
        sending_since=None,
    )  # the person checked: it is not out there
    record(target.post.organisation, user, "post.retried", target.post, after={"target": target.pk})


def notify_missed_approvals(now=None) -> int:
    """A post not approved by its time is not published, and its author is told (once)."""
    from sociable.publishing.models import Post

    now = now or timezone.now()
    missed = Post.objects.filter(
        status__in=[PostStatus.SUBMITTED, PostStatus.CHANGES_REQUESTED],
        scheduled_at__lte=now,
        missed_notified_at__isnull=True,
    )
    told = 0
    for post in missed:
        if Post.objects.filter(pk=post.pk, missed_notified_at__isnull=True).update(
            missed_notified_at=now
        ):
            notices.tell_author(
                post,
                "Your post was not approved in time",
                "It was not published. Choose a new time and submit it again.",
            )
            record(post.organisation, None, "post.missed_approval", post)
            told += 1
    return told
