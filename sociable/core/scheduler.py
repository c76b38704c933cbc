"""Periodic work: what the scheduler loop does on each tick. Claims rows, then enqueues tasks."""

import logging

from sociable.channels.polling import claim_due_channels
from sociable.channels.tasks import poll_channel
from sociable.inbox import alerts
from sociable.publishing import calendar, publisher
from sociable.publishing.tasks import publish_target

log = logging.getLogger(__name__)


def tick() -> int:
    """Enqueue the work that is due now; returns how many tasks were enqueued."""
    enqueued = 0
    for channel_id in claim_due_channels():
        poll_channel.enqueue(channel_id)
        enqueued += 1
    for target_id in publisher.due_targets():
        publish_target.enqueue(target_id)
        enqueued += 1
    publisher.recover_stuck()
    publisher.notify_missed_approvals()
    calendar.refresh_sources()
    alerts.resend_due()
    return enqueued
