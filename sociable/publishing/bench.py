"""`sociable bench publish --posts N --crashes K [--workers W] [--latency S]`.

Publishes N posts due at once through W real `sociable worker` processes while killing a random
worker (SIGKILL) K times and starting it again, then counts, from the network's side, what was
published twice and what was lost.

- The network is a local recording server on 127.0.0.1 that speaks the part of Mastodon's API
  the desk publishes with (POST /api/v1/statuses, honouring Idempotency-Key per account as
  Mastodon does). Each request takes `latency` seconds: half before the server creates the
  status, half before it answers, so a worker killed mid-request may leave a post created but
  unanswered, or never received.
- Everything runs in a throwaway database with a throwaway secret key: a SQLite file in a
  temporary directory, or (`--database-url`) a new database on the given PostgreSQL server,
  dropped afterwards. The configured database and credentials are never touched.
- The kills come at random moments chosen as random counts of requests received, so each lands
  while posts are in flight.

Prints one JSON object: posts, published, duplicates and lost (both counted from the recording
server: a post created more than once; a post the network does not have and the desk does not
hold for a person), held, held_never_sent (held although no request for it ever reached the
network), p50_s and p95_s (seconds from due to published), database_sessions (PostgreSQL: the
connections opened on the bench's database, migration and setup included), and the machine's
load.
"""

from __future__ import annotations

import json
import os
import random
import resource
import secrets
import signal
import sqlite3
import statistics
import subprocess  # starts our own workers  # nosec B404
import sys
import tempfile
import threading
import time
import uuid
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit, urlunsplit

ACCOUNTS = 8
TEXT = "Post {n} of the publishing bench: flu vaccination clinics are open late this week."
IDEMPOTENCY_WINDOW = 3600.0  # seconds, as Mastodon keeps a key
FAR_FUTURE = "2999-01-01 00:00:00"


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a worker killed mid-request
            super().handle_error(request, client_address)


class RecordingNetwork:
    """A Mastodon-compatible status endpoint that records every request it accepts."""

    def __init__(self, latency: float):
        self.latency = latency
        self.lock = threading.Lock()
        self.requests: list[dict] = []  # every POST /api/v1/statuses received
        self.statuses: list[dict] = []  # every status created
        self._by_key: dict[tuple[str, str], tuple[float, dict]] = {}
        self._by_id: dict[str, dict] = {}
        self.in_flight = 0
        self.most_in_flight = 0
        self._server = _QuietServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def start(self) -> RecordingNetwork:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def received(self) -> int:
        with self.lock:
            return len(self.requests)

    def status(self, status_id: str) -> dict | None:
        with self.lock:
            return self._by_id.get(status_id)

    def post_status(self, token: str, key: str, text: str) -> dict:
        with self.lock:
            self.requests.append({"token": token, "key": key, "text": text})
            self.in_flight += 1
            self.most_in_flight = max(self.most_in_flight, self.in_flight)
        try:
            time.sleep(self.latency / 2)  # the request on its way
            now = time.time()
            with self.lock:
                seen = self._by_key.get((token, key)) if key else None
                if seen and now - seen[0] < IDEMPOTENCY_WINDOW:
                    return seen[1]  # a repeat: the first status, not a second one
                status = {
                    "id": str(100000 + len(self.statuses)),
                    "created_at": datetime.now(UTC).isoformat().replace("+00:00", "Z"),
                    "content": f"<p>{text}</p>",
                    "visibility": "public",
                    "account": {"id": token, "acct": token, "username": token},
                    "media_attachments": [],
                    "mentions": [],
                    "tags": [],
                    "emojis": [],
                    "replies_count": 0,
                    "reblogs_count": 0,
                    "favourites_count": 0,
                }
                status["url"] = status["uri"] = f"{self.url}/@{token}/{status['id']}"
                self.statuses.append({"token": token, "key": key, "text": text, "id": status["id"]})
                self._by_id[status["id"]] = status
                if key:
                    self._by_key[(token, key)] = (now, status)
            time.sleep(self.latency / 2)  # the answer on its way
            return status
        finally:
            with self.lock:
                self.in_flight -= 1

    def _handler(self):
        network = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format, *args):  # quiet
                return

            def _answer(self, code: int, body: dict) -> None:
                data = json.dumps(body).encode()
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):  # noqa: N802 (http.server's name)
                if self.path.startswith("/api/v1/instance"):
                    return self._answer(
                        200, {"uri": "127.0.0.1", "title": "Bench", "version": "4.3.0"}
                    )
                found = network.status(self.path.removeprefix("/api/v1/statuses/"))
                if found is None:
                    return self._answer(404, {"error": "Record not found"})
                return self._answer(200, found)

            def do_POST(self):  # noqa: N802
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode("utf-8", "replace")
                if self.path.rstrip("/") != "/api/v1/statuses":
                    return self._answer(404, {"error": "Record not found"})
                token = self.headers.get("Authorization", "").removeprefix("Bearer ").strip()
                if not token:
                    return self._answer(401, {"error": "The access token is invalid"})
                if "json" in self.headers.get("Content-Type", ""):
                    text = str(json.loads(body or "{}").get("status", ""))
                else:
                    text = (parse_qs(body).get("status") or [""])[0]
                key = self.headers.get("Idempotency-Key", "")
                return self._answer(200, network.post_status(token, key, text))

        return Handler


# The throwaway desk ---------------------------------------------------------------------------


def child_env(data_dir: Path) -> dict:
    """The environment of every process the bench starts: its own database and keys."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "SOCIABLE_CREDENTIAL_KEYS", "SECRET_KEY"}
    }
    env.update(
        SOCIABLE_DATA_DIR=str(data_dir),
        TASKS_BACKEND="database",
        SECRET_KEY=secrets.token_urlsafe(64),
        SOCIABLE_ALLOW_PRIVATE_HOSTS="127.0.0.1",
        PYTHONUNBUFFERED="1",
    )
    return env


def _sociable(*args: str, env: dict, **kwargs) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603 (our own interpreter, fixed arguments)  # nosec B603
        [sys.executable, "-m", "sociable.cli", *args], env=env, **kwargs
    )


def setup(posts: int, accounts: int, instance: str) -> dict[str, int]:
    """(In the throwaway desk.) One organisation, `accounts` Mastodon accounts at the recording
    server and `posts` approved posts, one target each, not yet due. Returns each target's
    idempotency key with its post number."""
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from sociable.accounts.models import Membership, Organisation, Role, Team
    from sociable.channels.models import Channel
    from sociable.publishing.models import Post, PostStatus, PostTarget, TargetStatus

    never = datetime(2999, 1, 1, tzinfo=UTC)
    with transaction.atomic():
        organisation = Organisation.objects.create(name="Bench Trust", slug="bench-trust")
        team = Team.objects.create(organisation=organisation, name="Communications", is_comms=True)
        author = get_user_model().objects.create_user(
            username="bench-author", email="author@bench.invalid"
        )
        Membership.objects.create(user=author, organisation=organisation, role=Role.OFFICER)
        channels = []
        for n in range(accounts):
            channel = Channel(
                organisation=organisation,
                team=team,
                network="mastodon",
                handle=f"@bench{n}",
                options={"instance": instance},
                next_poll_at=never,
            )
            channel.credentials = {"access_token": f"bench{n}"}
            channel.save()
            channels.append(channel)
        keys = {}
        for n in range(posts):
            post = Post.objects.create(
                organisation=organisation,
                author=author,
                text=TEXT.format(n=n),
                status=PostStatus.APPROVED,
                scheduled_at=never,
            )
            target = PostTarget.objects.create(
                post=post,
                channel=channels[n % accounts],
                status=TargetStatus.SCHEDULED,
                next_attempt_at=never,
            )
            keys[target.idempotency_key.hex] = n
    return keys


class Database:
    """The bench's own database, read and written by the bench directly (not through Django,
    which is configured for the desk's database in this process)."""

    def __init__(self, data_dir: Path, server_url: str | None):
        self.path = data_dir / "sociable.sqlite3"
        self.server_url, self.url = server_url, None
        self._server_db = None
        if server_url:
            import psycopg
            from psycopg import sql

            parts = urlsplit(server_url)
            if parts.scheme not in {"postgres", "postgresql"}:
                raise ValueError(
                    "--database-url: give a PostgreSQL server (postgres://user@host:port/database)."
                )
            self.name = f"sociable_bench_publish_{uuid.uuid4().hex[:10]}"
            with psycopg.connect(server_url, autocommit=True) as server:
                server.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(self.name)))
            self.url = urlunsplit(parts._replace(path=f"/{self.name}"))

    @property
    def vendor(self) -> str:
        return "postgresql" if self.url else "sqlite"

    def execute(self, statement: str, params: tuple = ()) -> list[tuple]:
        if self.url:
            import psycopg

            if self._server_db is None:  # one connection for the bench's own reads
                self._server_db = psycopg.connect(self.url, autocommit=True)
            cursor = self._server_db.execute(statement, params)  # type: ignore[arg-type]
            return cursor.fetchall() if cursor.description else []
        db = sqlite3.connect(self.path, timeout=30)
        try:
            db.execute("PRAGMA busy_timeout = 30000")
            with db:
                return db.execute(statement.replace("%s", "?"), params).fetchall()
        finally:
            db.close()

    def moment(self, moment: datetime):
        """A moment as the desk stores it (SQLite: UTC text without an offset)."""
        return moment if self.url else moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")

    def sessions(self) -> int | None:
        """PostgreSQL: connections opened on the bench's database so far (each is a server
        process); None on SQLite."""
        if not self.url:
            return None
        rows = self.execute(
            "SELECT sessions FROM pg_stat_database WHERE datname = current_database()"
        )
        return int(rows[0][0]) if rows and rows[0][0] is not None else None

    def drop(self) -> None:
        if self._server_db is not None:
            self._server_db.close()
        if self.url:
            import psycopg
            from psycopg import sql

            with psycopg.connect(self.server_url, autocommit=True) as server:
                server.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                        sql.Identifier(self.name)
                    )
                )


def _make_due(db: Database) -> datetime:
    due = datetime.now(UTC)
    db.execute("UPDATE publishing_posttarget SET next_attempt_at = %s", (db.moment(due),))
    db.execute("UPDATE publishing_post SET scheduled_at = %s", (db.moment(due),))
    return due


def _unfinished(db: Database) -> int:
    return db.execute(
        "SELECT COUNT(*) FROM publishing_posttarget WHERE status NOT IN "
        "('published', 'held', 'failed')"
    )[0][0]


def _targets(db: Database) -> list[tuple]:
    return db.execute(
        "SELECT idempotency_key, status, published_at, network_post_id FROM publishing_posttarget"
    )


def _parse(stamp) -> datetime:
    if isinstance(stamp, datetime):
        return stamp
    return datetime.fromisoformat(stamp).replace(tzinfo=UTC)


# The run -------------------------------------------------------------------------------------


class Workers:
    def __init__(self, count: int, env: dict, logs: Path, threads: int | None, tick: float):
        self.env, self.logs = env, logs
        self.args = ["worker", "--tick", str(tick)]
        if threads:
            self.args += ["--threads", str(threads)]
        self.started = 0
        self.procs = [self._start() for _ in range(count)]

    def _start(self) -> subprocess.Popen:
        self.started += 1
        log = open(self.logs / f"worker-{self.started}.log", "w")  # noqa: SIM115 (kept open)
        return _sociable(*self.args, env=self.env, stdout=log, stderr=subprocess.STDOUT)

    def kill_one(self, rng: random.Random) -> None:
        index = rng.randrange(len(self.procs))
        self.procs[index].send_signal(signal.SIGKILL)
        self.procs[index].wait()
        self.procs[index] = self._start()

    def stop(self) -> None:
        for proc in self.procs:
            proc.send_signal(signal.SIGTERM)
        for proc in self.procs:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def run(
    posts: int,
    crashes: int,
    workers: int = 2,
    latency: float = 0.3,
    *,
    threads: int | None = None,
    tick: float = 1.0,
    seed: int | None = None,
    timeout: float | None = None,
    keep: Path | None = None,
    database_url: str | None = None,
) -> dict:
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory(prefix="sociable-bench-publish-") as tmp:
        data_dir = keep or Path(tmp)
        data_dir.mkdir(parents=True, exist_ok=True)
        db = Database(data_dir, database_url)
        try:
            return _run(db, data_dir, rng, posts, crashes, workers, latency, threads, tick, timeout)
        finally:
            db.drop()


def _run(
    db: Database,
    data_dir: Path,
    rng: random.Random,
    posts: int,
    crashes: int,
    workers: int,
    latency: float,
    threads: int | None,
    tick: float,
    timeout: float | None,
) -> dict:
    network = RecordingNetwork(latency).start()
    env = child_env(data_dir)
    if db.url:
        env["DATABASE_URL"] = db.url
    _check(_sociable("migrate", "-v0", env=env), "migrate")
    prepared = _sociable_output(
        ["-m", "sociable.publishing.bench", "setup", str(posts), str(ACCOUNTS), network.url], env
    )
    keys = json.loads(prepared)
    before = _children_cpu()
    pool = Workers(workers, env, data_dir, threads, tick)
    try:
        _wait_for_workers(db, workers)
        due = _make_due(db)
        started = time.monotonic()
        limit = timeout if timeout is not None else 120 + posts * 0.5
        kill_at = sorted(rng.sample(range(1, max(posts, crashes + 1)), crashes))
        crashed = 0
        while time.monotonic() - started < limit:
            if crashed < len(kill_at) and network.received() >= kill_at[crashed]:
                time.sleep(rng.uniform(0, latency))  # somewhere inside a round trip
                pool.kill_one(rng)
                crashed += 1
                continue
            if crashed == len(kill_at) and not _unfinished(db):
                break
            time.sleep(0.05 if crashed < len(kill_at) else 0.5)
        seconds = time.monotonic() - started
    finally:
        pool.stop()
        network.stop()
    worker_cpu = _children_cpu() - before
    result = _count(keys, _targets(db), network, due)
    result.update(
        database=db.vendor,
        database_sessions=db.sessions(),
        crashes=crashed,
        workers=workers,
        latency_s=latency,
        seconds=round(seconds, 1),
        worker_cpu_ms_per_post=round(worker_cpu * 1000 / posts, 1),
        load=list(os.getloadavg()),
    )
    return result


def _count(
    keys: dict[str, int], targets: list[tuple], network: RecordingNetwork, due: datetime
) -> dict:
    """Duplicates and lost from the network's records; the desk's own view beside them."""
    created: dict[int, list[str]] = {}
    for status in network.statuses:
        number = keys.get(_target_key(status["key"]))
        if number is not None:
            created.setdefault(number, []).append(status["id"])
    asked = {keys.get(_target_key(request["key"])) for request in network.requests}
    published, held, held_never_sent, lost, delays = 0, 0, 0, 0, []
    for key, status, published_at, network_id in targets:
        number = keys[uuid.UUID(str(key)).hex]
        on_network = created.get(number, [])
        if status == "published":
            published += 1
            delays.append((_parse(published_at) - due).total_seconds())
        if status == "held":
            held += 1
            held_never_sent += number not in asked
        if not on_network and status != "held":
            lost += 1  # the network does not have it, and no person was asked to look
        elif status == "published" and network_id not in on_network:
            lost += 1  # the desk points at a post the network never made
    duplicates = sum(len(ids) - 1 for ids in created.values())
    delays.sort()
    return {
        "posts": len(targets),
        "published": published,
        "duplicates": duplicates,
        "lost": lost,
        "held": held,
        "held_never_sent": held_never_sent,
        "p50_s": round(statistics.median(delays), 2) if delays else None,
        "p95_s": round(delays[min(len(delays) - 1, int(len(delays) * 0.95))], 2)
        if delays
        else None,
        "requests": len(network.requests),
        "most_in_flight": network.most_in_flight,
    }


def _target_key(sent: str) -> str:
    """The target's key (hex) from the Idempotency-Key sent for one of its parts."""
    try:
        return uuid.UUID(sent.rsplit("-", 1)[0]).hex
    except ValueError:
        return ""


def _children_cpu() -> float:
    """CPU seconds used by the bench's finished child processes (the workers, once stopped)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _check(proc: subprocess.Popen, what: str) -> None:
    if proc.wait() != 0:
        raise RuntimeError(f"The bench's {what} failed (exit {proc.returncode}).")


def _sociable_output(args: list[str], env: dict) -> str:
    done = subprocess.run(  # noqa: S603 (our own interpreter)  # nosec B603
        [sys.executable, *args], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"The bench's setup failed: {done.stderr[-2000:]}")
    return done.stdout


def _wait_for_workers(db: Database, count: int, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        alive = db.execute("SELECT COUNT(*) FROM core_workerheartbeat")[0][0]
        if alive >= count:
            return
        time.sleep(0.2)
    raise RuntimeError("The bench's workers did not start.")


if __name__ == "__main__":  # the throwaway desk's setup, run by run() in its own environment
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sociable.settings")
    django.setup()
    command, posts, accounts, instance = sys.argv[1:5]
    assert command == "setup"  # noqa: S101 (internal use only)
    print(json.dumps(setup(int(posts), int(accounts), instance)))
