"""Periodic work: what the scheduler loop does on each tick. Claims rows, then enqueues tasks."""

import logging

from sociable.channels.polling import claim_due_channels
from sociable.channels.tasks import poll_channel
from sociable.inbox import alerts

log = logging.getLogger(__name__)


def tick() -> int:
    """Enqueue the work that is due now; returns how many tasks were enqueued."""
    enqueued = 0
    for channel_id in claim_due_channels():
        poll_channel.enqueue(channel_id)
        enqueued += 1
    alerts.resend_due()
    return enqueued
