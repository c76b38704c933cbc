"""The multi-machine shape: a scheduler process and several RQ task workers sharing one database
(PostgreSQL when DATABASE_URL names it) and one Redis. Messages are stored once, a scheduled post
is published once, and every process stops cleanly. Redis going away loses nothing."""

from tests.deployment_support import (
    Redis,
    desk_env,
    query,
    run,
    scratch_database,
    start,
    stop,
    wait_for_output,
)
from tests.support import wait_until

SCHEDULE_A_POST = """
from datetime import timedelta
from django.utils import timezone
from sociable.accounts.models import Organisation
from sociable.publishing.models import Post, PostTarget
org = Organisation.objects.get(slug="northshire-demo")
post = Post.objects.create(organisation=org, text="Flu clinics all week", status="approved",
                           scheduled_at=timezone.now())
PostTarget.objects.create(post=post, channel=org.channels.first(), status="scheduled",
                          next_attempt_at=post.scheduled_at)
print(post.pk)
"""
COUNTS = """
from django.db.models import Count
from sociable.inbox.models import Message
from sociable.publishing.models import PostTarget
inbound = Message.objects.filter(direction="in")
dupes = inbound.values("channel", "network_id").annotate(n=Count("id")).filter(n__gt=1).count()
published = PostTarget.objects.filter(status="published",
                                      post__text="Flu clinics all week").count()
print(inbound.count(), dupes, published)
"""


def counts(env):
    inbound, dupes, published = (int(x) for x in query(env, COUNTS).split())
    return inbound, dupes, published


def test_redis_workers_ingest_and_publish_once_and_stop_cleanly(tmp_path):
    redis = Redis(tmp_path)
    redis.start()
    try:
        with scratch_database(tmp_path) as database_url:
            env = desk_env(tmp_path, database_url, TASKS_BACKEND="redis", REDIS_URL=redis.url)
            run("migrate", "-v", "0", env=env)
            run("seed_demo", "--pace", "60", env=env)
            query(env, SCHEDULE_A_POST)
            scheduler = start("worker", "--tick", "0.3", env=env)
            workers = [start("rq-worker", env=env) for _ in range(2)]
            try:
                assert wait_until(lambda: counts(env)[0] >= 30 and counts(env)[2] == 1, 180), (
                    f"only {counts(env)} after 180s"
                )
            finally:
                results = [stop(p) for p in [scheduler, *workers]]
            inbound, dupes, published = counts(env)
            assert dupes == 0 and published == 1
            for code, output in results:
                assert code == 0, output[-2000:]
            assert "Scheduler tick failed" not in results[0][1]
    finally:
        redis.stop()


def test_redis_going_away_delays_work_but_loses_nothing(tmp_path):
    redis = Redis(tmp_path)
    redis.start()
    try:
        with scratch_database(tmp_path) as database_url:
            env = desk_env(tmp_path, database_url, TASKS_BACKEND="redis", REDIS_URL=redis.url)
            run("migrate", "-v", "0", env=env)
            run("seed_demo", "--pace", "60", env=env)
            redis.stop()
            query(env, SCHEDULE_A_POST)
            scheduler = start("worker", "--tick", "0.3", env=env)
            try:
                ready = query(
                    env,
                    "from django.test import Client; "
                    "print(Client(SERVER_NAME='localhost').get('/readyz').json()"
                    "['task_queue'])",
                )
                assert ready.startswith("unavailable")
                assert wait_for_output(scheduler, "Task queue unreachable", 60), (
                    "the scheduler never found the queue missing"
                )
                assert counts(env)[2] == 0  # nothing published, nothing lost: still scheduled
                status = query(
                    env,
                    "from sociable.publishing.models import PostTarget; print("
                    "PostTarget.objects.get(post__text='Flu clinics all week')"
                    ".status)",
                )
                assert status == "scheduled"
                redis.start()
                workers = [start("rq-worker", env=env)]
                recovered = wait_until(lambda: counts(env)[2] == 1 and counts(env)[0] > 0, 180)
            finally:
                results = [stop(scheduler)] + [stop(w) for w in locals().get("workers", [])]
            assert recovered, "\n".join(output[-3000:] for _, output in results)
            assert counts(env)[1] == 0
            assert results[0][0] == 0, results[0][1][-2000:]
    finally:
        redis.stop()
