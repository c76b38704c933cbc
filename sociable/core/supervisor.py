"""`sociable run`: one foreground command for the whole desk on one machine.

A small supervising process: it imports neither Django nor the product, so it stays a few
megabytes for as long as the desk runs. It runs `sociable prepare` (refuse unsafe settings,
migrate, collect static files, the demo if asked) as a child and waits for it, then starts the
web server (gunicorn) and the worker as child processes. Ctrl-C or SIGTERM stops both cleanly;
if either exits, the other is stopped too.
"""

from __future__ import annotations

import argparse
import signal
import subprocess  # starts our own children  # nosec B404
import sys
import time

STOP_GRACE_SECONDS = 15


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="sociable run",
        description="Migrate, then serve the desk and run the background worker until Ctrl-C.",
    )
    parser.add_argument("--bind", default="127.0.0.1:8000", help="host:port to serve on.")
    parser.add_argument("--web-workers", type=int, default=2, help="Web processes.")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="Create the demo organisation and its demo accounts first.",
    )
    parser.add_argument(
        "--max-seconds", type=float, default=None, help="Stop after this many seconds (for tests)."
    )
    args = parser.parse_args(argv)
    if args.web_workers < 1:
        parser.error("--web-workers must be at least 1.")
    return args


def _child(args: list[str]) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, *args])  # noqa: S603 (fixed argv)  # nosec B603


def main(argv: list[str]) -> int:
    args = parse(argv)
    stopping = {"signal": None}

    def on_signal(signum, frame):
        stopping["signal"] = signum

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    prepare = _child(["-m", "sociable.cli", "prepare", *(["--demo"] if args.demo else [])])
    while prepare.poll() is None:
        if stopping["signal"] is not None:
            prepare.send_signal(signal.SIGTERM)
        time.sleep(0.1)
    if prepare.returncode != 0 or stopping["signal"] is not None:
        return prepare.returncode or 1
    children = {
        "web server": _child(
            [
                "-m",
                "gunicorn",
                "sociable.wsgi:application",
                "--bind",
                args.bind,
                "--workers",
                str(args.web_workers),
                "--graceful-timeout",
                "10",
                "--access-logfile",
                "-",
                "--log-level",
                "warning",
            ]
        ),
        "worker": _child(["-m", "sociable.cli", "worker"]),
    }
    print(f"Sociable is running on http://{args.bind}/ (Ctrl-C to stop).", flush=True)
    return supervise(children, stopping, args.max_seconds)


def supervise(
    children: dict[str, subprocess.Popen], stopping: dict, max_seconds: float | None
) -> int:
    started = time.monotonic()
    exit_code = 0
    while stopping["signal"] is None:
        ended = [name for name, proc in children.items() if proc.poll() is not None]
        if ended:
            print(f"The {ended[0]} stopped unexpectedly; stopping the rest.", file=sys.stderr)
            exit_code = 1
            break
        if max_seconds is not None and time.monotonic() - started >= max_seconds:
            break
        time.sleep(0.2)
    print("Stopping the web server and the worker…", flush=True)
    for proc in children.values():
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + STOP_GRACE_SECONDS
    for name, proc in children.items():
        try:
            proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            print(f"The {name} did not stop in time; killing it.", file=sys.stderr)
            proc.kill()
            proc.wait()
    print("Stopped.", flush=True)
    return exit_code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
