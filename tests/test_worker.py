import signal
import sqlite3
import subprocess
import time
from datetime import timedelta

from django.utils import timezone

from sociable.channels.models import Channel, ChannelStatus
from sociable.channels.polling import claim_due_channels, poll
from sociable.core import scheduler
from sociable.networks.base import NetworkError
from tests.support import VENV_BIN, product_env, sociable


def test_a_due_channel_is_claimed_by_one_worker_only(cast):
    now = timezone.now()
    Channel.objects.update(next_poll_at=now - timedelta(seconds=1))
    first = claim_due_channels(now)
    second = claim_due_channels(now)
    assert set(first) == {cast.channel.pk, cast.maternity_channel.pk, cast.other_channel.pk}
    assert second == []


def test_channels_needing_reconnection_are_not_polled(cast):
    Channel.objects.update(next_poll_at=timezone.now() - timedelta(seconds=1))
    Channel.objects.filter(pk=cast.channel.pk).update(status=ChannelStatus.NEEDS_RECONNECT)
    assert cast.channel.pk not in claim_due_channels()


def test_the_scheduler_tick_enqueues_a_poll_for_each_due_channel(cast):
    from django_tasks_db.models import DBTaskResult

    Channel.objects.update(next_poll_at=timezone.now() - timedelta(seconds=1))
    polls = DBTaskResult.objects.filter(task_path__endswith=".poll_channel")
    scheduler.tick()
    assert polls.count() == 3
    scheduler.tick()
    assert polls.count() == 3


def test_an_expired_token_marks_the_channel_for_reconnection(cast, monkeypatch):
    def refuse(self, cursor):
        raise NetworkError("The access token has expired.", reconnect=True)

    monkeypatch.setattr("sociable.networks.demo.DemoNetwork.fetch_inbound", refuse)
    assert poll(cast.channel) == 0
    cast.channel.refresh_from_db()
    assert cast.channel.status == ChannelStatus.NEEDS_RECONNECT
    assert "expired" in cast.channel.status_detail


def test_a_rate_limit_waits_as_long_as_the_network_asked(cast, monkeypatch):
    def limited(self, cursor):
        raise NetworkError("Too many requests", retry_after=600)

    monkeypatch.setattr("sociable.networks.demo.DemoNetwork.fetch_inbound", limited)
    before = timezone.now()
    poll(cast.channel, now=before)
    cast.channel.refresh_from_db()
    assert cast.channel.status == ChannelStatus.CONNECTED
    assert cast.channel.next_poll_at == before + timedelta(seconds=600)
    assert cast.channel.cursor == {}


def test_the_worker_fills_the_inbox_and_stops_cleanly_on_sigterm(tmp_path):
    env = product_env(tmp_path)
    assert sociable("migrate", "-v0", env=env).returncode == 0
    assert sociable("seed_demo", env=env).returncode == 0
    worker = subprocess.Popen(
        [str(VENV_BIN / "sociable"), "worker", "--tick", "0.3"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        counted = 0
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and counted == 0:
            time.sleep(0.5)
            counted = _count_messages(tmp_path)
        assert counted > 0, "the worker stored no demo messages"
    finally:
        worker.send_signal(signal.SIGTERM)
        output, _ = worker.communicate(timeout=30)
    assert worker.returncode == 0, output
    assert "stopped after" in output


def _count_messages(data_dir) -> int:
    with sqlite3.connect(data_dir / "sociable.sqlite3", timeout=10) as db:
        return db.execute("SELECT COUNT(*) FROM inbox_message").fetchone()[0]


def test_an_unreachable_queue_skips_the_queueing_steps_runs_the_rest_and_is_said_once(caplog):
    from redis.exceptions import ConnectionError as RedisDown

    from sociable.core import scheduler

    ran, released = [], []

    class Task:
        @staticmethod
        def enqueue(*args):
            raise RedisDown("Connection refused")

    steps = (
        scheduler.enqueue_each("Publish", lambda: [1, 2], Task, release=released.append),
        scheduler.enqueue_each("Poll", lambda: ran.append("poll") or [3], Task),
        scheduler.Step("Re-send alerts", lambda: ran.append("alerts")),
    )
    scheduler._queue["down"] = False
    try:
        with caplog.at_level("WARNING", logger="sociable.core.scheduler"):
            scheduler.tick(steps)
            scheduler.tick(steps)
    finally:
        scheduler._queue["down"] = False
    assert ran == ["alerts", "alerts"]  # the other queueing step waits; the rest still runs
    assert released == [1, 2, 1, 2]  # each claim given back, to be queued once Redis is back
    said = [r.getMessage() for r in caplog.records]
    assert len(said) == 1 and said[0].startswith("Task queue unreachable")
    assert not any(r.exc_info for r in caplog.records)
