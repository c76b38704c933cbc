"""Polling connected accounts for new messages. One service decides what a failure means."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.utils import timezone

from sociable.channels.adapters import adapter_of
from sociable.channels.models import Channel, ChannelStatus
from sociable.inbox.ingest import OUTAGE, ingest
from sociable.networks.base import NetworkError

log = logging.getLogger(__name__)
MAX_BACKOFF = timedelta(minutes=30)


def claim_due_channels(now=None, limit: int = 50) -> list[int]:
    """Claim channels due a poll. A conditional UPDATE per row, so two workers never share one."""
    now = now or timezone.now()
    claimed = []
    candidates = Channel.objects.filter(
        status=ChannelStatus.CONNECTED, next_poll_at__lte=now
    ).values_list("id", "next_poll_at", "poll_interval_seconds")[:limit]
    for channel_id, due_at, interval in candidates:
        updated = Channel.objects.filter(id=channel_id, next_poll_at=due_at).update(
            next_poll_at=now + timedelta(seconds=interval)
        )
        if updated:
            claimed.append(channel_id)
    return claimed


def poll(channel: Channel, now=None) -> int:
    """Fetch and store new messages for one channel; returns how many were new."""
    now = now or timezone.now()
    try:
        batch = adapter_of(channel).fetch_inbound(channel.cursor)
    except NetworkError as error:
        _after_failure(channel, error, now)
        return 0
    try:
        result = ingest(channel, batch.items)  # sets aside what it cannot store; never blocks
    except OUTAGE:
        raise
    except Exception:
        # Not expected (ingest sets bad items aside), but never silent: the account says so.
        Channel.objects.filter(id=channel.id).update(
            status_detail="New messages from this account could not be stored; the server's "
            "operator has been told in the logs.",
            last_polled_at=now,
        )
        raise
    # The cursor moves only after the items are stored: a crash here re-fetches, never loses.
    Channel.objects.filter(id=channel.id).update(
        cursor=batch.cursor, last_polled_at=now, status_detail="", last_success_at=now
    )
    if result.created:
        log.info("%s: %d new message(s)", channel, len(result.created))
    if result.quarantined:
        log.warning("%s: %d item(s) set aside", channel, result.quarantined)
    return len(result.created)


def _after_failure(channel: Channel, error: NetworkError, now) -> None:
    if error.reconnect:
        Channel.objects.filter(id=channel.id).update(
            status=ChannelStatus.NEEDS_RECONNECT, status_detail=str(error)[:500]
        )
        log.warning("%s needs reconnecting: %s", channel, error)
        return
    wait = (
        timedelta(seconds=error.retry_after)
        if error.retry_after
        else timedelta(seconds=channel.poll_interval_seconds * 2)
    )
    Channel.objects.filter(id=channel.id).update(
        next_poll_at=now + min(wait, MAX_BACKOFF),
        status_detail=str(error)[:500],
        last_polled_at=now,
    )
    log.warning("%s: polling failed (%s); next try in %s", channel, error, min(wait, MAX_BACKOFF))


def due_count() -> int:
    return Channel.objects.filter(
        status=ChannelStatus.CONNECTED, next_poll_at__lte=timezone.now()
    ).count()
