"""`sociable run`: one foreground command for the whole desk on one machine.

Migrates, optionally seeds the demo, then runs the web server (gunicorn) and the worker as child
processes. Ctrl-C or SIGTERM stops both cleanly; if either exits, the other is stopped too.
"""

import os
import signal
import subprocess  # starts our own gunicorn and worker  # nosec B404
import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from sociable.core.startup import assert_safe_to_serve

STOP_GRACE_SECONDS = 15


class Command(BaseCommand):
    help = "Migrate, then serve the desk and run the background worker until Ctrl-C."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default="127.0.0.1:8000", help="host:port to serve on.")
        parser.add_argument("--web-workers", type=int, default=2, help="Web processes.")
        parser.add_argument("--demo", action="store_true",
                            help="Create the demo organisation and its demo accounts first.")
        parser.add_argument("--max-seconds", type=float, default=None,
                            help="Stop after this many seconds (for tests).")

    def handle(self, *args, bind, web_workers, demo, max_seconds, **options):
        if web_workers < 1:
            raise CommandError("--web-workers must be at least 1.")
        assert_safe_to_serve()
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Database is up to date.")
        if not settings.DEBUG:
            call_command("collectstatic", interactive=False, verbosity=0)
        if demo:
            call_command("seed_demo", stdout=self.stdout)
        children = self._start(bind, web_workers)
        self.stdout.write(f"Sociable is running on http://{bind}/ (Ctrl-C to stop).")
        self._supervise(children, max_seconds)

    def _start(self, bind, web_workers):
        python = sys.executable
        web = subprocess.Popen([  # noqa: S603 (fixed argv, our own interpreter)  # nosec B603
            python, "-m", "gunicorn", "sociable.wsgi:application",
            "--bind", bind, "--workers", str(web_workers), "--graceful-timeout", "10",
            "--access-logfile", "-", "--log-level", "warning",
        ])
        worker = subprocess.Popen(  # noqa: S603 (fixed argv)  # nosec B603
            [python, "-m", "sociable.cli", "worker"], env={**os.environ}
        )
        return {"web server": web, "worker": worker}

    def _supervise(self, children, max_seconds):
        stopping = {"signal": None}

        def on_signal(signum, frame):
            stopping["signal"] = signum

        signal.signal(signal.SIGINT, on_signal)
        signal.signal(signal.SIGTERM, on_signal)
        started = time.monotonic()
        exit_code = 0
        while stopping["signal"] is None:
            ended = [name for name, proc in children.items() if proc.poll() is not None]
            if ended:
                self.stderr.write(f"The {ended[0]} stopped unexpectedly; stopping the rest.")
                exit_code = 1
                break
            if max_seconds is not None and time.monotonic() - started >= max_seconds:
                break
            time.sleep(0.2)
        self.stdout.write("Stopping the web server and the worker…")
        for proc in children.values():
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + STOP_GRACE_SECONDS
        for name, proc in children.items():
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                self.stderr.write(f"The {name} did not stop in time; killing it.")
                proc.kill()
                proc.wait()
        self.stdout.write("Stopped.")
        if exit_code:
            raise SystemExit(exit_code)
