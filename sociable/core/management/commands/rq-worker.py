"""`sociable rq-worker`: run background tasks from Redis (when TASKS_BACKEND=redis)."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.crypto import get_random_string

from sociable.core.heartbeat import Beating


class Command(BaseCommand):
    help = "Run tasks from the Redis queue (TASKS_BACKEND=redis). Stops cleanly on SIGTERM."

    def add_arguments(self, parser):
        parser.add_argument(
            "--burst", action="store_true", help="Run until the queue is empty, then stop."
        )

    def handle(self, *args, burst, **options):
        if settings.TASKS["default"]["BACKEND"] != settings.TASK_BACKENDS["redis"]:
            raise CommandError(
                "Tasks are not going to Redis: set TASKS_BACKEND=redis (and REDIS_URL), or use "
                "`sociable worker`, which runs database tasks itself."
            )
        # Posts this process claims name it, so they are recovered soon after it dies.
        beating = Beating(f"rq-{get_random_string(12)}")
        try:
            call_command(
                "rqworker",
                "default",
                job_class="django_tasks_rq.Job",
                burst=burst,
                with_scheduler=False,
            )
        finally:
            beating.stop()
