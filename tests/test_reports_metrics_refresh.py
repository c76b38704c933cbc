"""Metrics of published posts are read from their networks: hourly while recent, daily up to
30 days, claimed by one worker at a time; a failed read keeps what was stored."""

from datetime import timedelta

from django.utils import timezone

from sociable.core import scheduler
from sociable.networks.base import NetworkError, Unsupported
from sociable.publishing.models import PostTarget
from sociable.reports import metrics
from sociable.reports.models import MetricsRead
from tests.reports_support import published


def test_network_counts_are_mapped_to_the_desks_six_metrics():
    fields = metrics.to_fields(
        {"likes": 10, "replies": 2, "shares": 3, "quotes": 1, "impressions": 900, "bookmarks": 7}
    )
    assert fields == {"reactions": 10, "comments": 2, "shares": 4, "impressions": 900}


def test_counts_a_network_does_not_give_stay_unknown(cast):
    target = published(cast)
    metrics.refresh(target.pk)  # the Mastodon-like demo stream reports no reach or clicks
    target.refresh_from_db()
    assert target.reactions is not None and target.reach is None and target.clicks is None


def test_a_due_post_is_claimed_by_one_worker_only(cast):
    target = published(cast)
    now = timezone.now()
    assert metrics.claim_due(now) == [target.pk]
    assert metrics.claim_due(now) == []


def test_a_recent_post_is_read_again_after_an_hour(cast):
    target = published(cast, when=timezone.now() - timedelta(hours=5))
    now = timezone.now()
    PostTarget.objects.filter(pk=target.pk).update(metrics_updated_at=now - timedelta(minutes=50))
    assert metrics.claim_due(now) == []
    PostTarget.objects.filter(pk=target.pk).update(metrics_updated_at=now - timedelta(minutes=61))
    assert metrics.claim_due(now) == [target.pk]


def test_an_older_post_is_read_once_a_day(cast):
    target = published(cast, when=timezone.now() - timedelta(days=5))
    now = timezone.now()
    PostTarget.objects.filter(pk=target.pk).update(metrics_updated_at=now - timedelta(hours=20))
    assert metrics.claim_due(now) == []
    PostTarget.objects.filter(pk=target.pk).update(metrics_updated_at=now - timedelta(hours=25))
    assert metrics.claim_due(now) == [target.pk]


def test_posts_older_than_thirty_days_are_no_longer_read(cast):
    published(cast, when=timezone.now() - timedelta(days=31))
    assert metrics.claim_due() == []


def test_a_read_stores_the_counts_and_when_it_worked(cast):
    target = published(cast, channel=cast.maternity_channel)  # a Facebook-like stream
    assert metrics.refresh(target.pk) is True
    target.refresh_from_db()
    assert target.reach > 0 and target.impressions >= target.reach and target.clicks is not None
    assert MetricsRead.objects.get(target=target).succeeded_at is not None


def test_a_network_without_metrics_keeps_the_stored_counts_and_says_why(cast, monkeypatch):
    def unsupported(self, network_id):
        raise Unsupported("post metrics", "Demo network")

    target = published(cast, reactions=12, reach=400)
    monkeypatch.setattr("sociable.networks.demo.DemoNetwork.metrics", unsupported)
    assert metrics.refresh(target.pk) is False
    target.refresh_from_db()
    assert (target.reactions, target.reach) == (12, 400)
    read = MetricsRead.objects.get(target=target)
    assert "does not support post metrics" in read.last_error and read.succeeded_at is None


def test_a_network_failure_keeps_the_stored_counts(cast, monkeypatch):
    def down(self, network_id):
        raise NetworkError("Service unavailable", status=503)

    target = published(cast, reactions=12)
    monkeypatch.setattr("sociable.networks.demo.DemoNetwork.metrics", down)
    metrics.claim_due()
    assert metrics.refresh(target.pk) is False
    target.refresh_from_db()
    assert target.reactions == 12 and target.metrics_updated_at is not None
    assert "Service unavailable" in MetricsRead.objects.get(target=target).last_error


def test_the_scheduler_tick_enqueues_a_read_for_each_due_post(cast):
    from django_tasks_db.models import DBTaskResult

    published(cast)
    published(cast, channel=cast.maternity_channel)
    before = DBTaskResult.objects.count()
    scheduler.tick()
    names = list(DBTaskResult.objects.values_list("task_path", flat=True)[before:])
    assert names.count("sociable.reports.tasks.refresh_metrics") == 2


def test_the_demo_networks_counts_depend_only_on_the_post_and_its_age():
    from datetime import UTC, datetime

    from sociable.networks.base import Credentials
    from sociable.networks.demo import DemoNetwork

    published_at = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
    post_id = f"demo-post-{int(published_at.timestamp())}-abcdef123456"

    def counts(hours):
        network = DemoNetwork(
            Credentials({}),
            {"stream": "facebook"},
            clock=lambda: published_at + timedelta(hours=hours),
        )
        return network.metrics(post_id)

    assert counts(3) == counts(3)
    assert 0 < counts(1)["reach"] < counts(6)["reach"] < counts(72)["reach"]
    assert counts(72)["likes"] <= counts(72)["reach"]
