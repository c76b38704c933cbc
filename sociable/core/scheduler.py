"""Periodic work: what the scheduler loop does on each tick. Claims rows, then enqueues tasks."""

import logging

from sociable.api import webhooks
from sociable.api.tasks import deliver_webhook
from sociable.channels import tokens
from sociable.channels.polling import claim_due_channels
from sociable.channels.tasks import poll_channel, refresh_channel_token
from sociable.inbox import alerts
from sociable.listening import alerting as listening_alerts
from sociable.listening import running as listening
from sociable.listening.tasks import run_search_source
from sociable.privacy import retention
from sociable.privacy.tasks import apply_retention
from sociable.publishing import calendar, publisher
from sociable.publishing.tasks import publish_target
from sociable.reports import metrics as report_metrics
from sociable.reports import monthly as monthly_reports
from sociable.reports.tasks import refresh_metrics, send_monthly_report

log = logging.getLogger(__name__)


def tick() -> int:
    """Enqueue the work that is due now; returns how many tasks were enqueued."""
    enqueued = 0
    for channel_id in tokens.claim_due_refreshes():  # before polling: a fresh token first
        refresh_channel_token.enqueue(channel_id)
        enqueued += 1
    for channel_id in claim_due_channels():
        poll_channel.enqueue(channel_id)
        enqueued += 1
    for delivery_id, lease in webhooks.claim_due():
        deliver_webhook.enqueue(delivery_id, lease)
        enqueued += 1
    for target_id in publisher.take_for_queue():
        publish_target.enqueue(target_id)
        enqueued += 1
    for target_id in report_metrics.claim_due():
        refresh_metrics.enqueue(target_id)
        enqueued += 1
    for delivery_id in monthly_reports.due():
        send_monthly_report.enqueue(delivery_id)
        enqueued += 1
    for source_id in listening.claim_due_sources():
        run_search_source.enqueue(source_id)
        enqueued += 1
    for organisation_id in retention.claim_due():  # once a day per organisation
        apply_retention.enqueue(organisation_id)
        enqueued += 1
    listening_alerts.resend_unsent()
    publisher.recover_stuck()
    publisher.notify_missed_approvals()
    calendar.refresh_sources()
    alerts.resend_due()
    tokens.expire_unrefreshable()
    tokens.notify_needs_reconnect()
    tokens.remind_expiring()
    return enqueued
