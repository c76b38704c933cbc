"""Periodic work: what the scheduler loop does on each tick.

A tick is a table of named steps, the most urgent first (crisis alerts are re-sent before
anything else is looked at). Each step runs in its own guard: an exception in one is logged and
the others still run, so a fault in, say, the monthly reports never stops an alert. Steps only
read and claim rows and enqueue tasks (or send the on-call e-mail, which is the point of the
tick); network I/O (polling, feeds, saved searches, webhooks, publishing) is always a task,
never inline, so a slow or hostile server can hold up one task at most, and that only until the
deadline of sociable.networks.http.

To add a step, add a line to STEPS where its urgency puts it: `enqueue_each(name, claim, task)`
for work claimed row by row and done by a task, or `Step(name, function)` for a quick database
step.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import InterfaceError, OperationalError, transaction
from django_tasks_db.backend import DatabaseBackend
from redis.exceptions import ConnectionError as QueueUnreachable
from redis.exceptions import TimeoutError as QueueTimedOut

from sociable.api import webhooks
from sociable.api.tasks import deliver_webhook
from sociable.channels import tokens
from sociable.channels.polling import claim_due_channels
from sociable.channels.tasks import poll_channel, refresh_channel_token
from sociable.core import database, heartbeat
from sociable.inbox import alerts
from sociable.listening import alerting as listening_alerts
from sociable.listening import running as listening
from sociable.listening.tasks import run_search_source
from sociable.privacy import retention
from sociable.privacy.tasks import apply_retention
from sociable.publishing import calendar, publisher
from sociable.publishing.tasks import publish_target, refresh_content_source
from sociable.reports import metrics as report_metrics
from sociable.reports import monthly as monthly_reports
from sociable.reports.tasks import read_location_rating, refresh_metrics, send_monthly_report

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Step:
    name: str
    run: Callable[[], int | None]
    enqueues: bool = False  # run() returns how many tasks it enqueued


# The priority of work that can wait (reading metrics, feeds, reports) where the task queue
# orders by priority (the database queue does; Redis runs tasks in the order queued): two
# thousand posts falling due at once go out before two thousand metrics reads, not between them.
CAN_WAIT = -10


def enqueue_each(
    name: str,
    claim: Callable[[], Iterable],
    task,
    release: Callable[..., None] | None = None,
    can_wait: bool = False,
    together: bool = False,
) -> Step:
    """A step that claims due rows and enqueues `task` for each (a tuple is its arguments).
    If the queue refuses (Redis gone), `release` gives back each claim not yet queued, so the
    next tick queues it as soon as the queue is back instead of waiting for the claim to age.
    Work that `can_wait` runs after the work due now that is waiting in the queue.
    `together`: where the queue is the database, the claim and its tasks are one transaction, so
    a worker killed between them leaves neither (not rows claimed with no task, which would
    wait for the claim to age); it is also one commit for the batch instead of one per task."""

    def run() -> int:
        if together and isinstance(task.get_backend(), DatabaseBackend):
            with transaction.atomic():  # a failure undoes the claims too: nothing to release
                return _claim_and_enqueue(claim, task, None, can_wait)
        return _claim_and_enqueue(claim, task, release, can_wait)

    return Step(name, run, enqueues=True)


def _claim_and_enqueue(claim, task, release, can_wait) -> int:
    claimed_all = [c if isinstance(c, tuple) else (c,) for c in claim()]
    queued = task
    if can_wait and task.get_backend().supports_priority:
        queued = task.using(priority=CAN_WAIT)
    enqueued = 0
    try:
        for args in claimed_all:
            queued.enqueue(*args)
            enqueued += 1
    except Exception:
        for args in claimed_all[enqueued:] if release else ():
            release(*args)
        raise
    return enqueued


# What to do again when a dead worker's task row is cleared (its work was claimed, not done).
AGAIN_AFTER_DEAD_WORKER = {publish_target.module_path: publisher.queue_again}


def clear_after_dead_workers() -> int:
    cleared = heartbeat.clear_orphaned_tasks()
    for row in cleared:
        again = AGAIN_AFTER_DEAD_WORKER.get(row.task_path)
        if again is not None:
            again(*row.args_kwargs.get("args", []), **row.args_kwargs.get("kwargs", {}))
    heartbeat.forget_old()
    return len(cleared)


STEPS: tuple[Step, ...] = (
    Step("Re-send unacknowledged crisis and safeguarding alerts", alerts.resend_due),
    Step("Re-send listening alerts not yet sent", listening_alerts.resend_unsent),
    # Before polling: an account's token is refreshed before it expires.
    enqueue_each("Refresh account tokens", tokens.claim_due_refreshes, refresh_channel_token),
    enqueue_each("Poll connected accounts", claim_due_channels, poll_channel),
    enqueue_each("Run saved searches", listening.claim_due_sources, run_search_source),
    enqueue_each("Deliver webhooks", webhooks.claim_due, deliver_webhook),
    enqueue_each(
        "Publish due posts",
        publisher.take_for_queue,
        publish_target,
        release=publisher.queue_again,
        together=True,
    ),
    Step("Recover posts left publishing by a dead worker", publisher.recover_stuck),
    Step("Clear task rows left running by a dead worker", clear_after_dead_workers),
    Step("Remind approvers of missed approvals", publisher.notify_missed_approvals),
    enqueue_each(
        "Fetch news feeds", calendar.claim_due_sources, refresh_content_source, can_wait=True
    ),
    enqueue_each("Refresh post metrics", report_metrics.claim_due, refresh_metrics, can_wait=True),
    enqueue_each(
        "Read location ratings",
        report_metrics.claim_due_ratings,
        read_location_rating,
        can_wait=True,
    ),
    enqueue_each("Send monthly reports", monthly_reports.due, send_monthly_report, can_wait=True),
    enqueue_each("Apply retention rules", retention.claim_due, apply_retention, can_wait=True),
    Step("Mark accounts whose token expired unrenewed", tokens.expire_unrefreshable),
    Step("Tell admins about accounts that need reconnecting", tokens.notify_needs_reconnect),
    Step("Remind admins of connections about to end", tokens.remind_expiring),
    Step(
        "Refresh the query planner's statistics (at start, then daily)", database.optimise_when_due
    ),
)

# The database is unreachable: every step would fail the same way. The worker waits and tries
# again (sociable.core.worker); nothing is lost, work is re-derived from the database.
OUTAGE = (OperationalError, InterfaceError)


# The task queue (Redis) is unreachable: steps that enqueue wait for it; the others still run.
QUEUE_OUTAGE = (QueueUnreachable, QueueTimedOut)
_queue = {"down": False}  # said once when the queue goes away and once when it is back


def tick(steps: Iterable[Step] = STEPS) -> int:
    """Run every step, each in its own guard; returns how many tasks were enqueued. While the
    task queue is unreachable, the steps that enqueue are skipped for the rest of the tick and
    the outage is logged once, not as a traceback per step per tick."""
    enqueued = 0
    queue_down = False
    for step in steps:
        if queue_down and step.enqueues:
            continue
        started = time.monotonic()
        try:
            done = step.run()
        except OUTAGE:
            raise
        except QUEUE_OUTAGE as error:
            queue_down = True
            if not _queue["down"]:
                log.warning(
                    "Task queue unreachable (%s): queueing waits until it is back; "
                    "nothing claimed is lost",
                    error,
                )
            _queue["down"] = True
            continue
        except Exception:
            log.exception("Scheduler step failed: %s (the other steps still run)", step.name)
            continue
        if step.enqueues and _queue["down"]:
            _queue["down"] = False
            log.warning("Task queue reachable again")
        if step.enqueues:
            enqueued += int(done or 0)
        took = time.monotonic() - started
        if took > 5:
            log.warning("Scheduler step %r took %.1fs", step.name, took)
    return enqueued
