"""Running the desk as separate processes against a database and Redis of the test's own:
a fresh PostgreSQL database when DATABASE_URL points at PostgreSQL, else a SQLite file."""

from __future__ import annotations

import os
import select
import shutil
import signal
import socket
import subprocess
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

import psycopg

from tests.support import VENV_BIN, free_port


@contextmanager
def scratch_database(tmp_path: Path):
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        yield f"sqlite:///{tmp_path / 'desk.sqlite3'}"
        return
    name = f"sociable_scratch_{uuid.uuid4().hex[:10]}"
    server = url.rsplit("/", 1)[0]
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{server}/{name}"
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Redis:
    """A redis-server of the test's own on a free port, so it can be stopped and started."""

    def __init__(self, workdir: Path):
        binary = shutil.which("redis-server")
        assert binary, "redis-server is needed (Debian package redis-server)"
        self.binary, self.workdir, self.port = binary, workdir, free_port()
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            [
                self.binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.workdir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise AssertionError("redis-server did not start")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


def desk_env(tmp_path: Path, database_url: str, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG"}}
    env.update(
        SOCIABLE_DATA_DIR=str(tmp_path),
        DEBUG="1",
        DATABASE_URL=database_url,
        SOCIABLE_WORKER_TICK="0.3",
        **extra,
    )
    return env


def run(*args, env, timeout=120) -> str:
    done = subprocess.run(
        [str(VENV_BIN / "sociable"), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def start(*args, env) -> subprocess.Popen:
    return subprocess.Popen(
        [str(VENV_BIN / "sociable"), *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def wait_for_output(process: subprocess.Popen, text: str, seconds: float = 60) -> bool:
    """Read what a process started by start() prints until `text` appears (True), or until it
    ends or `seconds` pass (False). What was read is kept for stop()."""
    deadline = time.monotonic() + seconds
    read = bytearray()
    try:
        while text.encode() not in read:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([process.stdout], [], [], left)[0]:
                return False
            chunk = os.read(process.stdout.fileno(), 65536)
            if not chunk:
                return False
            read += chunk
        return True
    finally:
        process.output_read = getattr(process, "output_read", "") + read.decode(errors="replace")


def stop(process: subprocess.Popen, timeout=30) -> tuple[int, str]:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    output, _ = process.communicate(timeout=timeout)
    return process.returncode, getattr(process, "output_read", "") + output


def query(env, python: str) -> str:
    """Run Python in the desk's context and return what it printed last."""
    out = run("shell", "-v", "0", "-c", python, env=env)
    return out.strip().splitlines()[-1] if out.strip() else ""
