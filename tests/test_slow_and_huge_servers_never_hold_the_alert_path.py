"""A news feed that drips one byte every few seconds, a listening feed with an endless body and
a webhook receiver that drips its answer never hold up the scheduler: feeds, saved searches and
webhooks are tasks, every outbound request ends by its deadline (not per read) and stops
reading at the maximum body size, so crisis alerts are re-sent on time. /readyz stays ready
while the worker works and turns not ready only when the worker has really stopped ticking."""

import resource
import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from sociable.api import webhooks
from sociable.channels.models import Channel
from sociable.core import worker as worker_module
from sociable.core.models import WorkerHeartbeat
from sociable.core.worker import DeskWorker
from sociable.inbox.models import Alert
from sociable.listening.models import SavedSearch, SearchSource
from sociable.networks import http
from sociable.networks.base import NetworkError
from sociable.publishing.models import ContentSource
from tests.inbox_support import arrive

CRISIS = "I've taken all my tablets tonight, I just want it to stop"
DEADLINE = 3.0
DRIP_SECONDS = 1.0  # far under the 15 s per-read timeout: only a whole-request deadline ends it


class Servers:
    """/drip answers one byte of body every DRIP_SECONDS for ever, /drip-status its status
    line too; /huge sends 300 MB as fast as it can (or until the reader hangs up)."""

    def __init__(self):
        self.stop = threading.Event()
        servers = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _answer(self):
                if self.command == "POST":
                    self.rfile.read(int(self.headers.get("Content-Length", 0)))
                try:
                    if self.path.startswith("/drip-status"):  # even the status line drips
                        for byte in b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n":
                            if servers.stop.wait(DRIP_SECONDS):
                                return
                            self.wfile.write(bytes([byte]))
                            self.wfile.flush()
                        return
                    if self.path.startswith("/huge"):
                        self.send_response(200)
                        self.send_header("Content-Type", "application/rss+xml")
                        self.send_header("Content-Length", str(300 * 1024 * 1024))
                        self.end_headers()
                        block = b"<" * 65536
                        for _ in range(300 * 16):
                            self.wfile.write(block)
                        return
                    self.send_response(200)
                    self.send_header("Content-Type", "application/rss+xml")
                    self.send_header("Content-Length", "100000")
                    self.end_headers()
                    while not servers.stop.is_set():
                        self.wfile.write(b" ")
                        self.wfile.flush()
                        servers.stop.wait(DRIP_SECONDS)
                except OSError:
                    return  # the client hung up: what we want

            do_GET = do_POST = _answer  # noqa: N815 (http.server's names)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.stop.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def servers(monkeypatch):
    monkeypatch.setenv(http.ALLOW_PRIVATE_ENV, "127.0.0.1")
    monkeypatch.setattr(http, "DEFAULT_DEADLINE", DEADLINE)
    monkeypatch.setattr(webhooks, "TIMEOUT_SECONDS", DEADLINE)
    running = Servers()
    yield running
    running.close()


def test_a_drip_feed_is_cut_off_at_the_deadline_not_per_read(servers):
    client = http.HttpClient(
        network="Feed", base_url=servers.base, deadline=DEADLINE, retries=2, backoff=0.2
    )
    started = time.monotonic()
    with pytest.raises(NetworkError) as caught:
        client.get("/drip", expect="bytes")
    took = time.monotonic() - started
    assert "did not answer in time" in str(caught.value)
    assert took < DEADLINE + 1.5  # retries included: one deadline for the whole call


def test_a_huge_body_is_refused_at_the_limit_without_filling_memory(servers):
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    client = http.HttpClient(
        network="Feed", base_url=servers.base, retries=0, max_bytes=5 * 1024 * 1024
    )
    with pytest.raises(NetworkError) as caught:
        client.get("/huge", expect="bytes")
    assert caught.value.permanent and "larger than 5 MB" in str(caught.value)
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grown_mb < 100


@pytest.mark.django_db(transaction=True)
def test_crisis_alerts_go_out_on_time_while_feeds_drip_and_readiness_tracks_the_worker(
    cast, servers, settings, monkeypatch
):
    settings.READY_TICK_SECONDS = 5
    cast.organisation.on_call_emails = "oncall@northshire.example"
    cast.organisation.alert_resend_minutes = 10
    cast.organisation.save()
    first = arrive(cast.channel, CRISIS).alert
    second = arrive(cast.channel, CRISIS + " again").alert
    now = timezone.now()
    interval = timedelta(minutes=10)
    Alert.objects.filter(pk=first.pk).update(last_sent_at=now - interval - timedelta(minutes=1))
    second_due = now + timedelta(seconds=4)  # falls due while the feeds drip
    Alert.objects.filter(pk=second.pk).update(last_sent_at=second_due - interval)
    ContentSource.objects.create(
        organisation=cast.organisation, name="Slow news", url=f"{servers.base}/drip/news.xml"
    )
    search = SavedSearch.objects.create(
        organisation=cast.organisation, name="Us", keywords="hospital"
    )
    SearchSource.objects.create(search=search, feed_url=f"{servers.base}/huge/feed.xml")
    endpoint = webhooks.WebhookEndpoint(
        organisation=cast.organisation,
        events=["alert.raised"],
        url=f"{servers.base}/drip-status/hook",
    )
    endpoint.secret = "whsec_test"
    endpoint.save()
    webhooks.emit(cast.organisation, "alert.raised", {"alert": first.pk})
    # Only the slow servers' work is due (the demo accounts are not polled here).
    Channel.objects.update(next_poll_at=now + timedelta(days=1))
    mail.outbox.clear()
    beats = []
    real_heartbeat = worker_module.heartbeat
    monkeypatch.setattr(
        worker_module, "heartbeat", lambda *a: (beats.append(time.monotonic()), real_heartbeat(*a))
    )

    started = time.monotonic()
    DeskWorker(tick_seconds=0.3, worker_id="worker-drip").run(max_seconds=14)

    sent = {a.pk: a for a in Alert.objects.all()}
    assert sent[first.pk].last_sent_at - now < timedelta(seconds=2)  # the first tick
    assert second_due <= sent[second.pk].last_sent_at
    assert sent[second.pk].last_sent_at - second_due < timedelta(seconds=DEADLINE + 2)
    assert len(mail.outbox) >= 2
    # The slow and huge servers were tried and cut off, each within its deadline.
    assert "did not answer in time" in ContentSource.objects.get().last_error
    assert "larger than" in SearchSource.objects.get().last_error
    assert "did not answer in time" in webhooks.WebhookDelivery.objects.get().last_error
    gaps = [b - a for a, b in zip([started, *beats], beats, strict=False)]
    assert max(gaps) < settings.READY_TICK_SECONDS  # never not ready while working

    ready = Client().get("/readyz")
    assert ready.status_code == 200 and ready.json()["scheduler"] == "ok"
    # The worker has stopped: once the bound has passed, readiness says so.
    WorkerHeartbeat.objects.update(last_seen=timezone.now() - timedelta(seconds=6))
    stopped = Client().get("/readyz")
    assert stopped.status_code == 503 and stopped.json()["status"] == "not ready"
    assert "no worker has run the scheduler" in stopped.json()["scheduler"]


def test_the_tick_lateness_is_a_metric(db, settings):
    settings.METRICS_TOKEN = "s3cret-metrics-token"
    WorkerHeartbeat.objects.create(worker_id="w", last_seen=timezone.now() - timedelta(seconds=62))
    text = Client().get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret-metrics-token").content
    line = next(
        x
        for x in text.decode().splitlines()
        if x.startswith("sociable_scheduler_tick_lateness_seconds ")
    )
    assert 59 <= float(line.split()[1]) <= 62


def test_the_requests_based_adapters_have_the_same_deadline_and_size_limit(servers):
    session = http.requests_session(
        network="Mastodon", deadline=DEADLINE, max_bytes=5 * 1024 * 1024
    )
    started = time.monotonic()
    with pytest.raises(NetworkError) as slow:
        session.get(f"{servers.base}/drip/api")
    assert "did not answer in time" in str(slow.value)
    assert time.monotonic() - started < DEADLINE + DRIP_SECONDS + 1.5
    with pytest.raises(NetworkError) as huge:
        session.get(f"{servers.base}/huge/api")
    assert "larger than 5 MB" in str(huge.value)
