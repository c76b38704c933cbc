"""Readiness and Prometheus metrics, computed from the database at the moment they are asked
for, so every web process reports the same figures (no per-process counters to merge)."""

from __future__ import annotations

import statistics
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from prometheus_client.core import CollectorRegistry, GaugeMetricFamily

WORKER_ALIVE_SECONDS = 60
WINDOW = timedelta(hours=24)


def readiness() -> tuple[bool, dict]:
    checks: dict[str, object] = {}
    try:
        connection = connections[DEFAULT_DB_ALIAS]
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        plan = MigrationExecutor(connection).migration_plan(
            MigrationExecutor(connection).loader.graph.leaf_nodes()
        )
        checks["database"] = "ok"
        checks["migrations"] = "ok" if not plan else f"{len(plan)} not applied"
    except Exception as error:  # the database is down: say so, do not raise
        checks["database"] = f"unavailable: {type(error).__name__}"
        return False, checks
    try:
        cache.set("sociable-readiness", "1", 5)
        checks["cache"] = "ok" if cache.get("sociable-readiness") == "1" else "not answering"
    except Exception as error:
        checks["cache"] = f"unavailable: {type(error).__name__}"
    if settings.TASKS_BACKEND == "redis":
        checks["task_queue"] = _redis_state()
    checks["workers_alive"] = workers_alive()
    checks["scheduler"] = _scheduler_state()
    ready = all(v == "ok" for k, v in checks.items() if k != "workers_alive")
    return ready, checks


def seconds_since_tick() -> float | None:
    """Seconds since a worker last finished a scheduler tick (None: no worker ever has)."""
    from django.db.models import Max

    from sociable.core.models import WorkerHeartbeat

    last = WorkerHeartbeat.objects.aggregate(last=Max("last_seen"))["last"]
    return None if last is None else max(0.0, (timezone.now() - last).total_seconds())


def _scheduler_state() -> str:
    bound = settings.READY_TICK_SECONDS
    if not bound:
        return "ok"
    age = seconds_since_tick()
    if age is not None and age <= bound:
        return "ok"
    return f"no worker has run the scheduler in the last {bound} seconds"


def _redis_state() -> str:
    try:
        import django_rq

        django_rq.get_connection("default").ping()
        return "ok"
    except Exception as error:
        return f"unavailable: {type(error).__name__}"


def workers_alive() -> int:
    from sociable.core.models import WorkerHeartbeat

    since = timezone.now() - timedelta(seconds=WORKER_ALIVE_SECONDS)
    return WorkerHeartbeat.objects.filter(last_seen__gte=since).count()


def queue_depth() -> int:
    if settings.TASKS_BACKEND == "redis":
        import django_rq

        return django_rq.get_queue("default").count
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.ready().count()


def _latency_family(name, help_text, seconds: list[float]) -> GaugeMetricFamily:
    family = GaugeMetricFamily(name, help_text, labels=["quantile"])
    if seconds:
        ordered = sorted(seconds)
        family.add_metric(["0.5"], statistics.median(ordered))
        family.add_metric(["0.9"], ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))])
        family.add_metric(["1"], ordered[-1])
    return family


class DeskCollector:
    def collect(self):
        from sociable.channels.models import Channel, ChannelStatus
        from sociable.inbox.models import Alert
        from sociable.publishing.models import PostTarget, TargetStatus

        since = timezone.now() - WINDOW
        yield GaugeMetricFamily(
            "sociable_task_queue_depth", "Tasks waiting to run.", value=queue_depth()
        )
        yield GaugeMetricFamily(
            "sociable_workers_alive", "Workers seen in the last minute.", value=workers_alive()
        )
        age = seconds_since_tick()
        yield GaugeMetricFamily(
            "sociable_scheduler_tick_lateness_seconds",
            "How late the scheduler tick is: seconds since a worker last finished one, beyond "
            "the tick interval (+Inf if no worker ever has).",
            value=float("inf") if age is None else max(0.0, age - settings.WORKER_TICK_SECONDS),
        )
        published = PostTarget.objects.filter(
            status=TargetStatus.PUBLISHED,
            published_at__gte=since,
            post__scheduled_at__isnull=False,
        ).values_list("published_at", "post__scheduled_at")
        yield _latency_family(
            "sociable_publish_latency_seconds",
            "Seconds from a post's scheduled time to its publication, last 24 hours.",
            [max(0.0, (p - s).total_seconds()) for p, s in published],
        )
        sent = Alert.objects.filter(first_sent_at__gte=since).values_list(
            "first_sent_at", "message__received_at"
        )
        yield _latency_family(
            "sociable_alert_latency_seconds",
            "Seconds from a crisis or safeguarding message's arrival to the first alert e-mail, "
            "last 24 hours.",
            [max(0.0, (s - r).total_seconds()) for s, r in sent],
        )
        yield GaugeMetricFamily(
            "sociable_alerts_unacknowledged",
            "Crisis and safeguarding alerts nobody has acknowledged.",
            value=Alert.objects.filter(acknowledged_at__isnull=True).count(),
        )
        targets = GaugeMetricFamily(
            "sociable_post_targets", "Post targets by status.", labels=["status"]
        )
        for status in (
            TargetStatus.SCHEDULED,
            TargetStatus.PUBLISHING,
            TargetStatus.HELD,
            TargetStatus.FAILED,
        ):
            targets.add_metric([status], PostTarget.objects.filter(status=status).count())
        yield targets
        yield GaugeMetricFamily(
            "sociable_channels_needing_reconnect",
            "Accounts whose credentials stopped working.",
            value=Channel.objects.filter(status=ChannelStatus.NEEDS_RECONNECT).count(),
        )


def registry() -> CollectorRegistry:
    registry = CollectorRegistry(auto_describe=False)
    registry.register(DeskCollector())
    return registry
