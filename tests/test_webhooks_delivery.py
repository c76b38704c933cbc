"""Webhooks reach a real HTTP receiver on 127.0.0.1: signed, retried with back-off, recorded;
refused for private addresses unless the deployment allows them."""

import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import timezone

from sociable.accounts.models import Membership
from sociable.api import signing, webhooks
from sociable.api.models import DeliveryStatus, WebhookDelivery
from sociable.core import scheduler
from sociable.inbox.alerts import raise_alert
from sociable.publishing import publisher
from tests.inbox_support import arrive
from tests.publishing_support import approved_post

CRISIS = "I've taken all my tablets tonight, I just want it to stop"


class Receiver:
    """A real HTTP server that records each request and answers from a script of statuses."""

    def __init__(self):
        self.requests = []
        self.answers = []  # (status, headers) to give, in order; then 200
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's name)
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append({"headers": dict(self.headers), "body": body})
                status, headers = receiver.answers.pop(0) if receiver.answers else (200, {})
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/sociable-events"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver(monkeypatch):
    monkeypatch.setenv("SOCIABLE_ALLOW_PRIVATE_HOSTS", "127.0.0.1")
    with Receiver() as running:
        yield running


def endpoint_for(cast, url, events=("alert.raised", "post.published")):
    admin = Membership.objects.get(user=cast.admin)
    return webhooks.create_endpoint(admin, url=url, events=list(events))


def deliver_due(now=None):
    """What the worker does: claim the due deliveries, then run each claimed task."""
    return [
        webhooks.deliver(delivery_id, lease, now=now)
        for delivery_id, lease in webhooks.claim_due(now)
    ]


def test_a_crisis_alert_is_delivered_signed_with_the_endpoints_secret(cast, receiver):
    endpoint, secret = endpoint_for(cast, receiver.url)
    message = arrive(cast.channel, CRISIS, when="2026-11-28 02:30")
    assert deliver_due() == [DeliveryStatus.DELIVERED]
    [request] = receiver.requests
    headers = {k.lower(): v for k, v in request["headers"].items()}
    assert signing.verify(secret, request["body"], headers["sociable-signature"])
    body = json.loads(request["body"])
    assert body["event"] == "alert.raised" and headers["sociable-event"] == "alert.raised"
    assert body["data"]["route"] == "crisis"
    assert body["data"]["conversation"] == message.conversation_id
    assert body["id"] == int(headers["sociable-delivery"])
    assert "tablets" not in request["body"].decode()  # the words stay on the desk by default


def test_the_signature_fails_for_another_secret_or_a_changed_body(cast, receiver):
    endpoint, secret = endpoint_for(cast, receiver.url)
    arrive(cast.channel, CRISIS, when="2026-11-28 02:30")
    deliver_due()
    [request] = receiver.requests
    header = {k.lower(): v for k, v in request["headers"].items()}["sociable-signature"]
    assert not signing.verify("whsec_someone-else", request["body"], header)
    assert not signing.verify(secret, request["body"].replace(b"crisis", b"chat"), header)


def test_an_old_signature_is_refused_so_a_captured_request_cannot_be_replayed_later(cast):
    body = b'{"event":"alert.raised"}'
    header = signing.header("whsec_x", body, timestamp=1_700_000_000)
    assert signing.verify("whsec_x", body, header, now=1_700_000_100)
    assert not signing.verify("whsec_x", body, header, now=1_700_000_000 + 3600)


def test_a_failed_delivery_is_retried_with_back_off_until_it_succeeds(cast, receiver):
    endpoint_for(cast, receiver.url)
    receiver.answers = [(500, {}), (503, {})]
    arrive(cast.channel, CRISIS, when="2026-11-28 02:30")
    now = timezone.now()
    assert deliver_due(now) == [DeliveryStatus.PENDING]
    delivery = WebhookDelivery.objects.get()
    assert delivery.response_code == 500 and delivery.attempts == 1
    assert delivery.next_attempt_at == now + timedelta(seconds=webhooks.BACKOFF[0])
    assert deliver_due(now + timedelta(seconds=10)) == []  # not due yet
    later = now + timedelta(seconds=webhooks.BACKOFF[0] + 1)
    assert deliver_due(later) == [DeliveryStatus.PENDING]
    final = later + timedelta(seconds=webhooks.BACKOFF[1] + 1)
    assert deliver_due(final) == [DeliveryStatus.DELIVERED]
    delivery.refresh_from_db()
    assert delivery.attempts == 3 and delivery.response_code == 200 and delivery.delivered_at
    bodies = {r["body"] for r in receiver.requests}
    assert len(receiver.requests) == 3 and len(bodies) == 1  # the same event each time


def test_a_receiver_asking_to_wait_is_given_the_time_it_asked_for(cast, receiver):
    endpoint_for(cast, receiver.url)
    receiver.answers = [(429, {"Retry-After": "900"})]
    arrive(cast.channel, CRISIS, when="2026-11-28 02:30")
    now = timezone.now()
    deliver_due(now)
    assert WebhookDelivery.objects.get().next_attempt_at == now + timedelta(seconds=900)


def test_after_the_last_attempt_the_delivery_is_marked_as_given_up(cast, receiver):
    endpoint_for(cast, receiver.url)
    receiver.answers = [(500, {})] * webhooks.MAX_ATTEMPTS
    arrive(cast.channel, CRISIS, when="2026-11-28 02:30")
    now = timezone.now()
    for _ in range(webhooks.MAX_ATTEMPTS):
        now += timedelta(days=1)
        deliver_due(now)
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.attempts == webhooks.MAX_ATTEMPTS
    assert "Gave up" in delivery.last_error
    assert deliver_due(now + timedelta(days=1)) == []


def test_a_delivery_is_claimed_by_one_worker_only(cast, receiver):
    endpoint_for(cast, receiver.url)
    arrive(cast.channel, CRISIS, when="2026-11-28 02:30")
    now = timezone.now()
    first = webhooks.claim_due(now)
    assert len(first) == 1 and webhooks.claim_due(now) == []
    [(delivery_id, lease)] = first
    assert webhooks.deliver(delivery_id, lease) == DeliveryStatus.DELIVERED
    assert webhooks.deliver(delivery_id, lease) == ""  # a second run of the same task
    assert len(receiver.requests) == 1


def test_a_claim_whose_lease_ran_out_is_taken_over_and_the_old_task_does_nothing(cast, receiver):
    endpoint_for(cast, receiver.url)
    arrive(cast.channel, CRISIS, when="2026-11-28 02:30")
    now = timezone.now()
    [(delivery_id, stale)] = webhooks.claim_due(now)
    [(_, fresh)] = webhooks.claim_due(now + webhooks.LEASE + timedelta(seconds=1))
    assert webhooks.deliver(delivery_id, stale) == ""
    assert webhooks.deliver(delivery_id, fresh) == DeliveryStatus.DELIVERED
    assert len(receiver.requests) == 1


def test_the_scheduler_tick_enqueues_a_delivery_task(cast, receiver):
    from django_tasks_db.models import DBTaskResult

    endpoint_for(cast, receiver.url)
    message = arrive(cast.channel, CRISIS, when="2026-11-28 02:30")
    before = DBTaskResult.objects.count()
    scheduler.tick()
    tasks = DBTaskResult.objects.filter(task_path__endswith="deliver_webhook")
    assert tasks.count() == 1 and DBTaskResult.objects.count() > before
    assert WebhookDelivery.objects.get().endpoint.organisation == message.channel.organisation


def test_a_published_post_is_delivered_with_its_address(cast, receiver):
    endpoint_for(cast, receiver.url, events=["post.published"])
    post, target = approved_post(cast)
    assert publisher.publish_target(target.pk) == "published"
    assert deliver_due() == [DeliveryStatus.DELIVERED]
    body = json.loads(receiver.requests[0]["body"])
    target.refresh_from_db()
    assert body["event"] == "post.published"
    assert body["data"]["target"] == target.pk and body["data"]["url"] == target.url
    assert body["data"]["text"] == post.text


def test_an_endpoint_gets_only_the_events_it_chose(cast, receiver):
    endpoint_for(cast, receiver.url, events=["post.published"])
    arrive(cast.channel, CRISIS, when="2026-11-28 02:30")
    assert not WebhookDelivery.objects.exists()


def test_another_organisations_events_are_not_sent_to_this_endpoint(cast, receiver):
    endpoint_for(cast, receiver.url)
    arrive(cast.other_channel, CRISIS, when="2026-11-28 02:30")
    assert not WebhookDelivery.objects.exists()


def test_a_switched_off_endpoint_gets_nothing(cast, receiver):
    endpoint, _ = endpoint_for(cast, receiver.url)
    webhooks.set_active(endpoint, Membership.objects.get(user=cast.admin), False)
    arrive(cast.channel, CRISIS, when="2026-11-28 02:30")
    assert not WebhookDelivery.objects.exists()


def test_a_private_address_is_refused_at_delivery_unless_the_deployment_allows_it(
    cast, receiver, monkeypatch
):
    endpoint_for(cast, receiver.url)
    monkeypatch.delenv("SOCIABLE_ALLOW_PRIVATE_HOSTS")
    arrive(cast.channel, CRISIS, when="2026-11-28 02:30")
    assert deliver_due() == [DeliveryStatus.FAILED]
    assert "private or local" in WebhookDelivery.objects.get().last_error
    assert receiver.requests == []


@pytest.mark.parametrize(
    "url",
    [
        "http://example.org/hook",
        "https://10.0.0.5/hook",
        "https://localhost/hook",
        "https://[::1]/hook",
        "https://169.254.169.254/latest",
    ],
)
def test_an_endpoint_must_be_public_and_https(cast, url):
    with pytest.raises(ValueError):
        endpoint_for(cast, url)


def test_a_webhook_failure_never_stops_the_alert(cast, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("database trouble")

    monkeypatch.setattr(webhooks, "emit", broken)
    message = arrive(cast.channel, CRISIS, when="2026-11-28 02:30")
    assert raise_alert(message) is not None
    assert message.alert.route == "crisis"


def test_endpoint_secrets_survive_a_key_rotation(cast, settings):
    from cryptography.fernet import Fernet

    from sociable.core import crypto

    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.CREDENTIAL_KEYS = [old]
    endpoint, secret = endpoint_for(cast, "https://hooks.northshire.example/in")
    settings.CREDENTIAL_KEYS = [new, old]
    assert webhooks.rotate_secrets(crypto.rotate) == 1
    settings.CREDENTIAL_KEYS = [new]
    endpoint.refresh_from_db()
    assert endpoint.secret == secret


def test_a_secret_no_key_can_read_fails_the_delivery_and_says_why(cast, receiver, settings):
    from cryptography.fernet import Fernet

    settings.CREDENTIAL_KEYS = [Fernet.generate_key().decode()]
    endpoint_for(cast, receiver.url)
    arrive(cast.channel, CRISIS, when="2026-11-28 02:30")
    settings.CREDENTIAL_KEYS = [Fernet.generate_key().decode()]
    assert deliver_due() == [DeliveryStatus.FAILED]
    assert "cannot be read" in WebhookDelivery.objects.get().last_error
    assert receiver.requests == []
