"""Workers say they are alive every few seconds: what a dead worker claimed is taken back within
a minute (not after the ten minutes a live worker is given), its task rows do not stay running
for ever. (Several targets in flight per worker, and real killed workers: the publish bench and
tests/test_bench_publish.py.)"""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from sociable.core import heartbeat, scheduler
from sociable.core.models import WorkerHeartbeat
from sociable.publishing import publisher
from sociable.publishing.models import PostTarget, TargetStatus
from sociable.publishing.tasks import publish_target
from tests.publishing_support import approved_post
from tests.support import wait_until


def claimed_by(target, worker_id, ago):
    then = timezone.now() - ago
    PostTarget.objects.filter(pk=target.pk).update(
        status=TargetStatus.PUBLISHING, claimed_by=worker_id, claimed_at=then
    )


def heard_from(worker_id, ago):
    then = timezone.now() - ago
    WorkerHeartbeat.objects.create(worker_id=worker_id, last_seen=then, alive_at=then)


def test_a_dead_workers_target_is_taken_back_within_a_minute_and_a_live_ones_is_not(cast):
    _, dead = approved_post(cast)
    _, live = approved_post(
        cast, "Walk-in vaccination clinic today", channel=cast.maternity_channel
    )
    heard_from("worker-dead", timedelta(seconds=25))
    heard_from("worker-live", timedelta(seconds=1))
    claimed_by(dead, "worker-dead", timedelta(seconds=25))
    claimed_by(live, "worker-live", timedelta(seconds=25))
    assert heartbeat.DEAD_AFTER < timedelta(seconds=30)
    assert publisher.recover_stuck() == 1
    assert PostTarget.objects.get(pk=dead.pk).status == TargetStatus.SCHEDULED  # never sent
    assert PostTarget.objects.get(pk=live.pk).status == TargetStatus.PUBLISHING
    # A live worker's target is only treated as interrupted after the long timeout.
    later = timezone.now() + publisher.stuck_after()
    WorkerHeartbeat.objects.filter(worker_id="worker-live").update(alive_at=later)
    assert publisher.recover_stuck(now=later) == 1


def test_a_worker_with_no_heartbeat_row_is_dead(cast):
    _, target = approved_post(cast)
    claimed_by(target, "worker-never-seen", timedelta(seconds=21))
    assert publisher.recover_stuck() == 1


def test_task_rows_left_running_by_a_dead_worker_are_cleared(db):
    heard_from("worker-dead", timedelta(seconds=40))
    heard_from("worker-live", timedelta(seconds=2))
    started = timezone.now() - timedelta(seconds=40)
    rows = {}
    for worker_id in ("worker-dead", "worker-live"):
        result = publish_target.enqueue(1)
        DBTaskResult.objects.filter(pk=result.id).update(
            status="RUNNING", started_at=started, worker_ids=[worker_id]
        )
        rows[worker_id] = result.id
    assert [str(row.pk) for row in heartbeat.clear_orphaned_tasks()] == [rows["worker-dead"]]
    assert DBTaskResult.objects.get(pk=rows["worker-dead"]).status == "FAILED"
    assert DBTaskResult.objects.get(pk=rows["worker-live"]).status == "RUNNING"
    assert heartbeat.clear_orphaned_tasks() == []


def test_a_post_whose_queued_task_died_with_its_worker_is_queued_again_at_once(cast):
    _, target = approved_post(cast)
    assert publisher.take_for_queue() == [target.pk]
    task = publish_target.enqueue(target.pk)
    heard_from("worker-dead", timedelta(seconds=40))
    DBTaskResult.objects.filter(pk=task.id).update(
        status="RUNNING",
        started_at=timezone.now() - timedelta(seconds=40),
        worker_ids=["worker-dead"],
    )
    assert publisher.take_for_queue() == []  # queued already: not before REQUEUE_AFTER
    assert scheduler.clear_after_dead_workers() == 1
    assert publisher.take_for_queue() == [target.pk]


class Killed(BaseException):
    """The process stopping dead (SIGKILL): no `except Exception` runs, nothing is given back."""


def test_a_worker_killed_while_queueing_due_posts_leaves_none_waiting_for_a_lost_task(
    cast, monkeypatch
):
    targets = [approved_post(cast, f"Clinic {n} open late")[1].pk for n in range(3)]
    step = next(step for step in scheduler.STEPS if step.name == "Publish due posts")
    enqueue = type(publish_target).enqueue
    calls = []

    def killed_after_the_first(task, *args, **kwargs):
        calls.append(args)
        if len(calls) > 1:
            raise Killed
        return enqueue(task, *args, **kwargs)

    monkeypatch.setattr(type(publish_target), "enqueue", killed_after_the_first)
    with pytest.raises(Killed):
        step.run()
    monkeypatch.undo()
    # The claims went with the tasks: none is left marked queued (it would wait REQUEUE_AFTER
    # for a task that does not exist); the next tick queues all three.
    assert not DBTaskResult.objects.exists()
    assert publisher.take_for_queue() == targets


def test_a_worker_beats_while_it_runs_and_claims_name_it(transactional_db, monkeypatch):
    monkeypatch.setattr(heartbeat, "BEAT_SECONDS", 0.2)
    beating = heartbeat.Beating("worker-beating", seconds=0.2)
    try:
        first = WorkerHeartbeat.objects.get(worker_id="worker-beating").alive_at
        assert wait_until(
            lambda: WorkerHeartbeat.objects.get(worker_id="worker-beating").alive_at > first,
            seconds=10,
            every=0.05,
        )
        assert heartbeat.this_worker() == "worker-beating"
    finally:
        beating.stop()
        heartbeat._this_worker = ""
