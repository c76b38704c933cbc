"""DNS rebinding cannot reach the server itself: a name that resolves to a public address when
it is checked and to 127.0.0.1 when it is connected to is refused for news feeds, listening
feeds and webhooks, because the connection goes to the address that was checked (resolved
once). A name with a private address among its answers is refused outright.

The local server here is the target an attacker wants to reach; loopback is NOT allowed in
these tests (SOCIABLE_ALLOW_PRIVATE_HOSTS is unset), as in a real deployment."""

import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from sociable.api import webhooks
from sociable.api.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint
from sociable.listening import running
from sociable.listening.models import SavedSearch, SearchSource
from sociable.networks import http
from sociable.networks.base import NetworkError
from sociable.networks.registry import adapter_for
from sociable.publishing import calendar
from sociable.publishing.models import ContentSource

PUBLIC = "93.184.216.34"
NAME = "rebind.example"
RSS = (
    b'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title><item>'
    b"<title>internal secret</title><guid>1</guid><link>http://x/1</link></item>"
    b"</channel></rss>"
)


class Target:
    """A server on 127.0.0.1 standing for anything local (a metadata service, an admin port)."""

    def __init__(self):
        self.hits = []
        target = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's name)
                target.hits.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml")
                self.end_headers()
                self.wfile.write(RSS)

            def do_POST(self):  # noqa: N802
                target.hits.append(self.path)
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_port
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def target(monkeypatch):
    monkeypatch.delenv(http.ALLOW_PRIVATE_ENV, raising=False)
    running_target = Target()
    yield running_target
    running_target.server.shutdown()
    running_target.server.server_close()


@pytest.fixture
def rebinding(monkeypatch):
    """A resolver that answers a public address the first time and 127.0.0.1 after that; and
    no route to the public address (this machine has no internet): connecting to it fails."""
    real_resolve, real_connect = socket.getaddrinfo, socket.socket.connect
    answers = {"count": 0}
    attempts = []

    def resolve(host, port, *args, **kwargs):
        if host != NAME:
            return real_resolve(host, port, *args, **kwargs)
        answers["count"] += 1
        ip = PUBLIC if answers["count"] == 1 else "127.0.0.1"
        return [(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (ip, port))]

    def connect(sock, address):
        if isinstance(address, tuple) and address[0] == PUBLIC:
            attempts.append(address)
            raise ConnectionRefusedError("no route to the public address in tests")
        return real_connect(sock, address)

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    monkeypatch.setattr(socket.socket, "connect", connect)
    answers["attempts"] = attempts
    return answers


def test_the_rebinding_resolver_does_reach_the_local_server_without_the_guard(target, rebinding):
    # The attack this file defends against: check (public), then connect (127.0.0.1).
    http.checked_addresses(NAME, target.port)
    assert httpx.get(f"http://{NAME}:{target.port}/feed").status_code == 200
    assert target.hits == ["/feed"]


def test_a_news_feed_on_a_rebinding_name_is_refused(cast, target, rebinding):
    source = ContentSource.objects.create(
        organisation=cast.organisation, name="News", url=f"http://{NAME}:{target.port}/feed"
    )
    calendar.refresh_source(source.pk)
    assert target.hits == []
    assert rebinding["attempts"] == [(PUBLIC, target.port)]  # pinned: one answer, one address
    assert ContentSource.objects.get().last_error
    assert not source.suggestions.exists()


def test_a_listening_feed_on_a_rebinding_name_is_refused(cast, target, rebinding):
    search = SavedSearch.objects.create(
        organisation=cast.organisation, name="Us", keywords="secret"
    )
    source = SearchSource.objects.create(
        search=search, feed_url=f"http://{NAME}:{target.port}/feed"
    )
    assert running.run_source(source) == []
    assert target.hits == []
    assert SearchSource.objects.get().last_error


def test_a_webhook_on_a_rebinding_name_is_refused(cast, target, rebinding):
    endpoint = WebhookEndpoint(
        organisation=cast.organisation,
        events=["alert.raised"],
        url=f"http://{NAME}:{target.port}/hook",
    )
    endpoint.secret = "whsec_test"
    endpoint.save()
    webhooks.emit(cast.organisation, "alert.raised", {"alert": 1})
    [(delivery_id, lease)] = webhooks.claim_due()
    assert webhooks.deliver(delivery_id, lease) == DeliveryStatus.PENDING  # tried again later
    assert target.hits == []
    assert "could not be reached" in WebhookDelivery.objects.get().last_error


@pytest.mark.parametrize(
    "private",
    [
        "127.0.0.1",
        "10.0.0.7",
        "169.254.169.254",
        "::1",
        "::ffff:127.0.0.1",
        "fe80::1",
        "224.0.0.1",
        "0.0.0.0",  # noqa: S104
        "240.0.0.1",
        "100.64.0.1",
        "64:ff9b::7f00:1",
        "2002:a00:1::1",
    ],
)
def test_a_name_with_any_private_answer_is_refused_before_connecting(target, monkeypatch, private):
    family = socket.AF_INET6 if ":" in private else socket.AF_INET
    monkeypatch.setattr(
        socket,
        "getaddrinfo",
        lambda host, port, *a, **k: [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", (PUBLIC, port)),
            (family, socket.SOCK_STREAM, 6, "", (private, port)),
        ],
    )
    feed = adapter_for("rss", {}, {"feed_url": f"http://{NAME}:{target.port}/feed", "retries": 0})
    with pytest.raises(NetworkError) as caught:
        feed.fetch_inbound({})
    assert caught.value.permanent and "private or local" in str(caught.value)
    assert target.hits == []


def test_a_redirect_to_a_local_address_is_refused_at_the_hop(cast, target, monkeypatch):
    # A public-looking first hop (allowed here by name) that redirects to the local server.
    class Redirect(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            self.send_response(302)
            self.send_header("Location", f"http://127.0.0.1:{target.port}/internal")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    hop = ThreadingHTTPServer(("127.0.0.1", 0), Redirect)
    threading.Thread(target=hop.serve_forever, daemon=True).start()
    monkeypatch.setenv(http.ALLOW_PRIVATE_ENV, "localhost")
    try:
        feed = adapter_for(
            "rss", {}, {"feed_url": f"http://localhost:{hop.server_port}/feed", "retries": 0}
        )
        with pytest.raises(NetworkError) as caught:
            feed.fetch_inbound({})
    finally:
        hop.shutdown()
        hop.server_close()
    assert caught.value.permanent and target.hits == []


def test_the_requests_based_adapters_are_pinned_too(target, rebinding):
    # Mastodon.py and tweepy (Mastodon and X) send through http.requests_session.
    session = http.requests_session(network="Mastodon")
    with pytest.raises(Exception) as caught:
        session.get(f"http://{NAME}:{target.port}/api/v1/notifications")
    assert "NewConnectionError" in repr(caught.value) or "ConnectionError" in repr(caught.value)
    assert target.hits == []
    assert rebinding["attempts"] == [(PUBLIC, target.port)]
