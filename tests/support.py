"""Helpers for tests that start the product's own processes."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

VENV_BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def product_env(data_dir: Path, **extra) -> dict:
    """An environment for a child `sociable` process with its own SQLite database."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG"}}
    env.update(SOCIABLE_DATA_DIR=str(data_dir), DEBUG="1", SOCIABLE_WORKER_TICK="0.5")
    env.update(extra)
    return env


def sociable(*args, env, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(VENV_BIN / "sociable"), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=kwargs.pop("timeout", 120),
        **kwargs,
    )


def wait_for(url: str, seconds: float = 60) -> httpx.Response:
    deadline = time.monotonic() + seconds
    last = None
    while time.monotonic() < deadline:
        try:
            return httpx.get(url, timeout=2)
        except httpx.TransportError as error:
            last = error
            time.sleep(0.3)
    raise AssertionError(f"{url} did not answer within {seconds}s: {last}")


def wait_until(check, seconds=60, every=0.5) -> bool:
    """Ask `check` every `every` seconds until it is true (True) or `seconds` have passed
    (False): for waiting on another thread or process, never for the clock (time-machine)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(every)
    return False
