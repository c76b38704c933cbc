"""The long-running worker: the scheduler loop and the task worker in one process.

Each loop it runs the scheduler tick when due, then claims queued tasks (django-tasks-db,
claimed under a row lock so two workers never run the same task), as many as it has free
threads, in one transaction, and runs each in a thread of its own (at most `threads` at once).
A task thread keeps its database connection for its next task, as a web process keeps one for
its next request: it is closed after a task only when broken, left in a transaction or older
than CONN_MAX_AGE (on SQLite, 0: after every task), and when the worker stops. (On PostgreSQL a
new connection is a new server process: one per task used to cost the server more CPU than the
task's own queries.) A heartbeat thread says the process is alive every few seconds
(sociable.core.heartbeat), so whatever it had claimed is recovered soon after it dies. SIGTERM
or SIGINT ends it cleanly: tasks under way finish first, nothing is left half-done.
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection, connections
from django.db.utils import OperationalError
from django_tasks_db.management.commands.db_worker import Worker as DBWorker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from sociable.core import heartbeat as liveness
from sociable.core import scheduler
from sociable.core.models import WorkerHeartbeat
from sociable.networks import registry

log = logging.getLogger("sociable.worker")


def heartbeat(worker_id: str, tasks_run: int) -> None:
    """Say this worker is alive (readiness and metrics read it)."""
    from django.utils import timezone

    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id, defaults={"last_seen": timezone.now(), "tasks_run": tasks_run}
    )


class DeskWorker:
    def __init__(
        self,
        *,
        tick_seconds: float,
        worker_id: str,
        backend_name: str = "default",
        run_tasks: bool = True,
        threads: int | None = None,
    ):
        self.tick_seconds = tick_seconds
        self.threads = max(1, threads or settings.WORKER_THREADS)
        self.running: set[Future] = set()
        self.run_tasks = run_tasks
        self.worker_id = worker_id
        self.backend_name = backend_name
        self.stopping = threading.Event()
        self._freed = threading.Event()  # a task thread finished (or the worker is stopping)
        self.tasks_run = 0
        self._count_lock = threading.Lock()
        self._task_connections: dict[int, list] = {}  # kept by each task thread, by thread id
        self._db_worker = DBWorker(
            queue_names=["*"],
            interval=0,
            batch=False,
            backend_name=backend_name,
            startup_delay=False,
            max_tasks=None,
            worker_id=worker_id,
            excluded_queue_names=[],
        )

    def stop(self, signum=None, frame=None) -> None:
        if signum is not None:
            log.info(
                "Received %s: finishing the current task, then stopping.",
                signal.Signals(signum).name,
            )
        self.stopping.set()
        self._freed.set()

    def install_signal_handlers(self) -> None:
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)

    def run(self, *, max_seconds: float | None = None) -> None:
        log.info(
            "Worker %s started (scheduler tick every %ss, %d task threads)",
            self.worker_id,
            self.tick_seconds,
            self.threads,
        )
        self._load_adapters()
        beating = liveness.Beating(self.worker_id)
        pool = ThreadPoolExecutor(max_workers=self.threads, thread_name_prefix="task")
        try:
            self._loop(pool, max_seconds)
        finally:
            pool.shutdown(wait=True)  # tasks under way finish
            self._close_task_connections()
            beating.stop()
        log.info("Worker %s stopped after %d task(s)", self.worker_id, self.tasks_run)

    @staticmethod
    def _load_adapters() -> None:
        """Import the adapters of the networks in use now, not in the first task (a worker
        that says it is alive is ready to work)."""
        from sociable.channels.models import Channel

        try:
            networks = set(Channel.objects.values_list("network", flat=True).distinct())
        except DatabaseError:
            networks = set()
        for network in networks:
            try:
                registry.adapter_class(network)
            except Exception:  # an unknown network fails in its own task, with its own message
                log.warning("No adapter could be loaded for %r", network)

    def _loop(self, pool: ThreadPoolExecutor, max_seconds: float | None) -> None:
        started = time.monotonic()
        next_tick = 0.0
        outage = 0  # consecutive loops that found the database unreachable
        while not self.stopping.is_set():
            if max_seconds is not None and time.monotonic() - started >= max_seconds:
                break
            self._freed.clear()
            try:
                close_old_connections()
                if time.monotonic() >= next_tick:
                    try:
                        scheduler.tick()
                        heartbeat(self.worker_id, self.tasks_run)
                    except DatabaseError:
                        raise
                    except Exception:
                        log.exception("Scheduler tick failed; trying again next tick")
                    next_tick = time.monotonic() + self.tick_seconds
                started_some = self.run_tasks and self._fill(pool)
                outage = 0
            except DatabaseError as error:
                # The database restarted or went away: drop the connection and try again,
                # waiting a little longer each time. Work is re-derived from the database, so
                # nothing is lost; a task cut short is recovered by the scheduler.
                outage += 1
                wait = min(10.0, 0.5 * 2 ** min(outage, 5))
                log.warning("Database unavailable (%s); retrying in %.1fs", error, wait)
                connection.close()
                self.stopping.wait(wait)
                continue
            if not started_some:
                # Every thread busy: the next task is claimed the moment one finishes. Some
                # busy: the queue is looked at again shortly. None: a little less often.
                busy = 0 < len(self.running) < self.threads
                self._freed.wait(min(0.2 if busy else 0.5, max(0.0, next_tick - time.monotonic())))

    def _fill(self, pool: ThreadPoolExecutor) -> bool:
        """Claim queued tasks while a thread is free; each runs in the pool."""
        if self.threads == 1:  # one at a time, in this thread
            task_result = self.claim_one_task()
            if task_result is not None:
                self._db_worker.run_task(task_result)
                self.tasks_run += 1
            return task_result is not None
        self.running = {future for future in self.running if not future.done()}
        free = self.threads - len(self.running)
        if free <= 0 or self.stopping.is_set():
            return False
        claimed = self.claim_tasks(free)
        for task_result in claimed:
            future = pool.submit(self._run_task, task_result)
            future.add_done_callback(lambda _: self._freed.set())  # called once it is done
            self.running.add(future)
        return bool(claimed)

    def _run_task(self, task_result: DBTaskResult) -> None:
        close_old_connections()  # this thread's connection, if broken or too old, is replaced
        try:
            self._db_worker.run_task(task_result)
            with self._count_lock:
                self.tasks_run += 1
        finally:
            close_old_connections()  # kept for the next task unless broken, mid-transaction, old
            with self._count_lock:
                self._task_connections[threading.get_ident()] = connections.all(
                    initialized_only=True
                )

    def _close_task_connections(self) -> None:
        """Once the task threads have ended: close the connections they kept."""
        for kept in self._task_connections.values():
            for conn in kept:
                conn.inc_thread_sharing()  # its thread has ended: nothing else can use it
                try:
                    conn.close()
                except DatabaseError:
                    pass
                finally:
                    conn.dec_thread_sharing()
        self._task_connections.clear()

    def claim_tasks(self, count: int) -> list[DBTaskResult]:
        """Up to `count` queued tasks (one per free thread), claimed in one transaction: one
        commit for the batch, not one each (on SQLite every commit waits for the one writer)."""
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        with exclusive_transaction(tasks.db):
            try:
                claimed = list(tasks.select_for_update(skip_locked=True)[:count])
                for task_result in claimed:
                    task_result.claim(self.worker_id)
            except OperationalError as error:
                if is_locked_database_exception(error):
                    return []
                raise
        return claimed

    def claim_one_task(self) -> DBTaskResult | None:
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        with exclusive_transaction(tasks.db):
            try:
                task_result = tasks.get_locked()
                if task_result is not None:
                    task_result.claim(self.worker_id)
            except OperationalError as error:
                if is_locked_database_exception(error):
                    return None
                raise
        return task_result
