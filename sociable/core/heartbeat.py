"""Worker heartbeats: each worker process says it is alive every few seconds, from a thread of
its own, so whatever a worker had claimed when it died (killed, out of memory, the machine lost)
is found within DEAD_AFTER instead of after the long timeout kept for live workers.

A worker writes its first beat before it claims anything, and claims record its id
(`this_worker()`), so "claimed by a worker that is not alive" is a plain query.
"""

from __future__ import annotations

import logging
import threading
from datetime import timedelta

from django.db import DatabaseError, connection
from django.utils import timezone

from sociable.core.models import WorkerHeartbeat

log = logging.getLogger(__name__)

BEAT_SECONDS = 3.0
DEAD_AFTER = timedelta(seconds=20)  # several missed beats: the process is gone
FORGET_AFTER = timedelta(days=1)  # rows of workers long gone are deleted

_this_worker = ""


class WorkerDied(Exception):
    """Recorded on a task row whose worker stopped answering its heartbeat."""


def this_worker() -> str:
    """The id of the worker this process runs ('' outside a worker: web, shell, tests)."""
    return _this_worker


def beat(worker_id: str, now=None) -> None:
    """Say that this worker process is alive."""
    now = now or timezone.now()
    if not WorkerHeartbeat.objects.filter(worker_id=worker_id).update(alive_at=now):
        WorkerHeartbeat.objects.update_or_create(
            worker_id=worker_id, defaults={"alive_at": now, "last_seen": now}
        )


def alive_workers(now=None):
    """The ids of workers heard from within DEAD_AFTER (a subquery for filters)."""
    now = now or timezone.now()
    return WorkerHeartbeat.objects.filter(alive_at__gte=now - DEAD_AFTER).values("worker_id")


class Beating:
    """Beats for one worker process until stopped; owns its own database connection."""

    def __init__(self, worker_id: str, seconds: float = BEAT_SECONDS):
        global _this_worker
        _this_worker = worker_id
        self.worker_id = worker_id
        self.seconds = seconds
        self._stop = threading.Event()
        beat(worker_id)  # before anything is claimed under this id
        self._thread = threading.Thread(target=self._run, name="heartbeat", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            while not self._stop.wait(self.seconds):
                try:
                    beat(self.worker_id)
                except DatabaseError as error:
                    log.warning("Heartbeat not recorded (%s); trying again", error)
                    connection.close()
        finally:
            connection.close()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=self.seconds + 5)


def clear_orphaned_tasks(now=None) -> list:
    """Task rows left RUNNING by a worker that died are marked failed; returns them, so the work
    they stood for can be found again (sociable.core.scheduler). Only the database task backend
    keeps such rows."""
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    alive = set(alive_workers(now).values_list("worker_id", flat=True))
    running = DBTaskResult.objects.running().filter(started_at__lt=now - DEAD_AFTER)
    cleared = []
    for row in running.only("id", "worker_ids", "task_path", "args_kwargs"):
        if row.worker_ids and row.worker_ids[-1] in alive:
            continue
        if DBTaskResult.objects.filter(pk=row.pk, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.FAILED,
            finished_at=now,
            exception_class_path=f"{__name__}.{WorkerDied.__qualname__}",
            traceback=f"The worker running this task ({', '.join(row.worker_ids) or 'unknown'}) "
            "stopped answering its heartbeat.",
        ):
            cleared.append(row)
    return cleared


def forget_old(now=None) -> int:
    """Delete the rows of workers not heard from for a day (each restart has a new id)."""
    now = now or timezone.now()
    deleted, _ = WorkerHeartbeat.objects.filter(
        last_seen__lt=now - FORGET_AFTER, alive_at__lt=now - FORGET_AFTER
    ).delete()
    return deleted
