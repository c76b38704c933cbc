import json
import logging
from datetime import timedelta

from django.test import Client
from django.utils import timezone

from sociable.core.logs import JsonFormatter
from sociable.core.worker import heartbeat
from sociable.inbox.models import Alert
from sociable.publishing.models import PostTarget
from tests.inbox_support import arrive
from tests.publishing_support import approved_post


def test_liveness_and_readiness_report_their_checks(db):
    client = Client()
    assert client.get("/healthz").json() == {"status": "ok"}
    heartbeat("worker-a", 3)
    ready = client.get("/readyz")
    assert ready.status_code == 200
    body = ready.json()
    assert body["status"] == "ready" and body["database"] == "ok" and body["migrations"] == "ok"
    assert body["workers_alive"] == 1 and body["scheduler"] == "ok"


def test_metrics_are_off_without_a_token_and_refuse_a_wrong_one(db, settings):
    assert Client().get("/metrics").status_code == 403
    settings.METRICS_TOKEN = "s3cret-metrics-token"
    assert Client().get("/metrics", HTTP_AUTHORIZATION="Bearer nope").status_code == 401


def test_metrics_report_queue_depth_and_publish_and_alert_latency(cast, settings):
    settings.METRICS_TOKEN = "s3cret-metrics-token"
    cast.organisation.on_call_emails = "oncall@northshire.example"
    cast.organisation.save()
    post, target = approved_post(cast, when=timezone.now() - timedelta(seconds=90))
    PostTarget.objects.filter(pk=target.pk).update(status="published", published_at=timezone.now())
    arrive(cast.channel, "I've taken all my tablets, I want it to end")
    assert Alert.objects.filter(first_sent_at__isnull=False).exists()
    from sociable.channels.tasks import poll_channel

    poll_channel.enqueue(cast.channel.pk)
    text = Client().get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret-metrics-token").content
    lines = dict(
        line.rsplit(" ", 1)
        for line in text.decode().splitlines()
        if line and not line.startswith("#")
    )
    assert float(lines["sociable_task_queue_depth"]) == 1
    assert 85 <= float(lines['sociable_publish_latency_seconds{quantile="0.5"}']) <= 120
    assert float(lines['sociable_alert_latency_seconds{quantile="1"}']) >= 0
    assert float(lines["sociable_alerts_unacknowledged"]) == 1


def test_json_logs_are_one_object_per_line_with_extra_fields():
    record = logging.LogRecord(
        "sociable.publisher", logging.WARNING, __file__, 1, "post %s held", (42,), None
    )
    record.channel = "Northshire on Mastodon"
    entry = json.loads(JsonFormatter().format(record))
    assert entry["message"] == "post 42 held" and entry["level"] == "WARNING"
    assert entry["channel"] == "Northshire on Mastodon"
