from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.crypto import get_random_string

from sociable.core.worker import DeskWorker


class Command(BaseCommand):
    help = "Run the background worker: the scheduler loop and the task queue. Stops on SIGTERM."
    # The web process and `migrate` run Django's system checks; run here they would import every
    # URL and view, and a worker started again after a crash would take twice as long to be
    # back at work.
    requires_system_checks: list = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--tick",
            type=float,
            default=settings.WORKER_TICK_SECONDS,
            help="Seconds between scheduler ticks (default: %(default)s).",
        )
        parser.add_argument(
            "--max-seconds",
            type=float,
            default=None,
            help="Stop after this many seconds (for tests and one-off runs).",
        )
        parser.add_argument(
            "--threads",
            type=int,
            default=settings.WORKER_THREADS,
            help="Tasks run at once, each in a thread (default: %(default)s).",
        )
        parser.add_argument("--worker-id", default=None, help="Unique id (default: random).")
        parser.add_argument(
            "--scheduler-only",
            action="store_true",
            help="Run only the scheduler loop (automatic when tasks go to Redis: run "
            "`sociable rq-worker` processes for them).",
        )

    def handle(self, *args, tick, threads, max_seconds, worker_id, scheduler_only, **options):
        if tick <= 0:
            raise CommandError("--tick must be a positive number of seconds.")
        if threads < 1:
            raise CommandError("--threads must be at least 1.")
        database_tasks = settings.TASKS["default"]["BACKEND"] == settings.TASK_BACKENDS["database"]
        worker = DeskWorker(
            tick_seconds=tick,
            worker_id=worker_id or f"worker-{get_random_string(12)}",
            run_tasks=database_tasks and not scheduler_only,
            threads=threads,
        )
        worker.install_signal_handlers()
        worker.run(max_seconds=max_seconds)
