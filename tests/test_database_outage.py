"""The database going away under a running worker (PostgreSQL: every connection of the desk's
database is cut, as in a server restart; SQLite: the file is locked by another process). The
worker rides it out: messages are stored once, posts are published once or, when the outage hid
whether the network took one, held for a person; nothing is doubled, nothing is left stuck."""

import sqlite3
import threading
import time

import psycopg

from tests.deployment_support import desk_env, query, run, scratch_database, start, stop
from tests.support import wait_until

SCHEDULE_POSTS = """
from datetime import timedelta
from django.utils import timezone
from sociable.accounts.models import Organisation
from sociable.publishing.models import Post, PostTarget
org = Organisation.objects.get(slug="northshire-demo")
for i, channel in enumerate(org.channels.all()[:3]):
    post = Post.objects.create(organisation=org, text=f"Outage post {i}", status="approved",
                               scheduled_at=timezone.now() + timedelta(seconds=2 + i))
    PostTarget.objects.create(post=post, channel=channel, status="scheduled",
                              next_attempt_at=post.scheduled_at)
print("ok")
"""
STATE = """
from django.db.models import Count
from sociable.audit.models import AuditEvent
from sociable.inbox.models import Message
from sociable.publishing.models import PostTarget
inbound = Message.objects.filter(direction="in")
dupes = inbound.values("channel", "network_id").annotate(n=Count("id")).filter(n__gt=1).count()
ours = PostTarget.objects.filter(post__text__startswith="Outage post")
# Published, or held for a person when the outage hid whether the network took it.
settled = ours.filter(status__in=["published", "held"]).count()
stuck = ours.filter(status__in=["publishing", "failed"]).count()
twice = AuditEvent.objects.filter(verb="post.published").values("after__target").annotate(
    n=Count("id")).filter(n__gt=1).count()
print(inbound.count(), dupes, settled, stuck, twice)
"""


def state(env):
    return tuple(int(x) for x in query(env, STATE).split())


def cut_database(database_url: str, seconds: float):
    """Simulate a restart: keep cutting the database's connections (PostgreSQL) or hold an
    exclusive lock on it (SQLite) for a while."""
    deadline = time.monotonic() + seconds
    if database_url.startswith("sqlite"):
        path = database_url.removeprefix("sqlite:///")
        lock = sqlite3.connect(path, timeout=30, isolation_level=None)
        lock.execute("BEGIN EXCLUSIVE")
        time.sleep(seconds)
        lock.execute("COMMIT")
        lock.close()
        return
    server, name = database_url.rsplit("/", 1)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        while time.monotonic() < deadline:
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                [name],
            )
            time.sleep(0.2)


def test_the_worker_rides_out_a_database_outage_without_losing_or_doubling(tmp_path):
    with scratch_database(tmp_path) as database_url:
        env = desk_env(tmp_path, database_url, PUBLISH_STUCK_AFTER_SECONDS="15")
        run("migrate", "-v", "0", env=env)
        run("seed_demo", "--pace", "120", env=env)
        query(env, SCHEDULE_POSTS)
        worker = start("worker", "--tick", "0.3", env=env)
        try:
            assert wait_until(lambda: state(env)[0] > 0, 120), "no messages before the outage"
            outage = threading.Thread(target=cut_database, args=(database_url, 4))
            outage.start()
            outage.join()
            survived = worker.poll() is None
            recovered = survived and wait_until(lambda: state(env)[2] == 3, 240)
        finally:
            code, output = stop(worker)
        assert survived, "the worker died with the database:\n" + output[-3000:]
        assert recovered, f"after the outage: {state(env)}\n" + output[-5000:]
        inbound, dupes, settled, stuck, twice = state(env)
        assert (dupes, settled, stuck, twice) == (0, 3, 0, 0), output[-3000:]
        assert code == 0, output[-3000:]
