"""The one HTTP module: SSRF guard, redaction, Retry-After, status mapping, retries."""

from __future__ import annotations

import time
from email.utils import formatdate

import pytest

from sociable.networks import http
from sociable.networks.base import NetworkError

from .replay import ReplayServer


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/",
        "http://localhost/",
        "http://10.1.2.3/",
        "http://192.168.0.10/feed",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://0.0.0.0/",
        "http://[::ffff:127.0.0.1]/",
    ],
)
def test_the_ssrf_guard_refuses_private_loopback_and_link_local_addresses(url, monkeypatch):
    monkeypatch.delenv(http.ALLOW_PRIVATE_ENV, raising=False)
    with pytest.raises(NetworkError) as caught:
        http.guard_url(url)
    assert caught.value.permanent


def test_the_ssrf_guard_refuses_other_schemes():
    for url in ("file:///etc/passwd", "gopher://example.org/", "ftp://example.org/"):
        with pytest.raises(NetworkError):
            http.guard_url(url)


def test_a_deployment_may_allow_a_named_private_host(monkeypatch):
    monkeypatch.setenv(http.ALLOW_PRIVATE_ENV, "127.0.0.1")
    http.guard_url("http://127.0.0.1:9/")
    with pytest.raises(NetworkError):
        http.guard_url("http://10.0.0.1/")


def test_the_guard_applies_to_every_request_of_an_http_client(monkeypatch):
    monkeypatch.delenv(http.ALLOW_PRIVATE_ENV, raising=False)
    client = http.HttpClient(network="Test", base_url="http://127.0.0.1:9/")
    with pytest.raises(NetworkError) as caught:
        client.get("anything")
    assert caught.value.permanent and "private or local" in str(caught.value)


def test_a_redirect_to_a_private_address_is_refused(replay, monkeypatch):
    server = replay("rss")
    server.fail(302, headers={"Location": "http://169.254.169.254/latest/meta-data/"}, times=1)
    client = http.HttpClient(network="Test", base_url=server.url + "/", retries=0)
    with pytest.raises(NetworkError) as caught:
        client.get("news/feed", expect="bytes")
    assert caught.value.permanent


def test_secrets_and_credential_shapes_are_redacted():
    http.remember_secrets(["s3cr3t-token-value-123"])
    text = (
        "GET https://graph.example/me?access_token=EAAB123&fields=id "
        "Authorization: Bearer abc.def.ghi SUBSCRIPTION_KEY key-123 "
        '{"accessJwt": "eyJ0", "password": "hunter22"} and s3cr3t-token-value-123'
    )
    cleaned = http.redact(text)
    for secret in (
        "EAAB123",
        "abc.def.ghi",
        "key-123",
        "eyJ0",
        "hunter22",
        "s3cr3t-token-value-123",
    ):
        assert secret not in cleaned
    assert "fields=id" in cleaned


def test_log_records_of_network_libraries_are_redacted():
    import logging

    http.remember_secrets(["a-very-secret-app-password"])
    record = logging.getLogger("httpx").makeRecord(
        "httpx", logging.DEBUG, __file__, 1, "sent %s", ("a-very-secret-app-password",), None
    )
    assert "a-very-secret-app-password" not in record.getMessage()


def test_retry_after_is_read_from_seconds_dates_and_reset_headers():
    now = time.time()
    assert http.retry_after_from({"Retry-After": "120"}) == 120
    assert 85 <= http.retry_after_from({"Retry-After": formatdate(now + 90, usegmt=True)}) <= 90
    assert 295 <= http.retry_after_from({"x-rate-limit-reset": str(int(now) + 300)}) <= 300
    iso = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now + 60))
    assert 55 <= http.retry_after_from({"X-RateLimit-Reset": iso}) <= 60
    assert http.retry_after_from({"RateLimit-Reset": "30"}) == 30
    assert http.retry_after_from({}) is None


@pytest.mark.parametrize(
    ("status", "permanent", "reconnect"),
    [
        (400, True, False),
        (401, True, True),
        (403, True, True),
        (404, True, False),
        (409, True, False),
        (422, True, False),
        (429, False, False),
        (500, False, False),
        (502, False, False),
        (503, False, False),
        (504, False, False),
        (408, False, False),
    ],
)
def test_each_status_means_one_thing(status, permanent, reconnect):
    error = http.error_for_status(status, network="Test", headers={"Retry-After": "5"})
    assert (error.permanent, error.reconnect, error.status) == (permanent, reconnect, status)
    if status == 429:
        assert error.retry_after == 5


def test_a_forbidden_that_is_not_about_credentials_is_permanent_without_reconnect():
    error = http.error_for_status(403, network="X", forbidden_means_reconnect=False)
    assert error.permanent and not error.reconnect


def test_get_is_retried_but_post_is_not(replay, monkeypatch):
    server = replay("rss")
    client = http.HttpClient(network="Test", base_url=server.url + "/", retries=2, backoff=0)
    server.fail(500, times=2)
    assert client.get("news/feed", expect="bytes").startswith(b"<?xml")
    assert len(server.requests) == 3
    server.fail(500, times=1)
    with pytest.raises(NetworkError):
        client.post("news/feed", json={})
    assert len(server.requests) == 4


def test_a_body_that_is_not_json_is_a_clear_transient_error(replay):
    server = replay("rss")
    client = http.HttpClient(network="Test", base_url=server.url + "/", retries=0)
    with pytest.raises(NetworkError) as caught:
        client.get("news/feed")  # XML where JSON was expected
    assert not caught.value.permanent and "JSON" in str(caught.value)


def test_a_timeout_is_transient(replay):
    server = replay("rss")
    server.fail_timeout(delay=1.0)
    client = http.HttpClient(network="Test", base_url=server.url + "/", timeout=0.2, retries=0)
    with pytest.raises(NetworkError) as caught:
        client.get("news/feed")
    assert not caught.value.permanent and "in time" in str(caught.value)


def test_the_replay_server_never_lets_tests_reach_the_internet():
    import socket

    with pytest.raises(AssertionError):
        socket.create_connection(("93.184.215.14", 80), timeout=1)


def test_replay_server_can_be_started_directly():
    server = ReplayServer("mastodon").start()
    try:
        assert server.url.startswith("http://127.0.0.1:")
    finally:
        server.stop()


def _failing(*errors: NetworkError):
    """A call that raises these errors in turn, then answers "done"; its calls counted."""
    calls = []

    def call():
        calls.append(1)
        if len(calls) <= len(errors):
            raise errors[len(calls) - 1]
        return "done"

    return call, calls


def test_one_retry_policy_retries_transient_failures_of_a_read_only_call():
    call, calls = _failing(http.timeout_error("X"), http.error_for_status(503, network="X"))
    assert http.retrying(call, {"retries": 2, "retry_backoff": 0}) == "done"
    assert len(calls) == 3
    call, calls = _failing(*[http.timeout_error("X")] * 3)
    with pytest.raises(NetworkError):
        http.retrying(call, {"retries": 2, "retry_backoff": 0})
    assert len(calls) == 3


@pytest.mark.parametrize(
    "error",
    [
        http.error_for_status(429, network="X"),
        http.error_for_status(404, network="X"),
        http.error_for_status(503, network="X", headers={"Retry-After": "120"}),
        http.error_for_status(401, network="X"),
    ],
)
def test_rate_limits_refusals_and_asked_for_waits_are_never_retried(error):
    call, calls = _failing(error)
    with pytest.raises(NetworkError) as caught:
        http.retrying(call, {"retries": 3, "retry_backoff": 0})
    assert caught.value is error and len(calls) == 1
    assert not http.RetryPolicy.retryable(error)


def test_a_retry_that_would_pass_the_deadline_is_not_started():
    call, calls = _failing(http.timeout_error("X"))
    started = time.monotonic()
    with pytest.raises(NetworkError):
        http.RetryPolicy(retries=3, backoff=10).run(call, deadline=started + 1)
    assert len(calls) == 1 and time.monotonic() - started < 1


def test_only_gets_are_retried_by_the_policy():
    policy = http.RetryPolicy(retries=2, backoff=0.5)
    assert policy.for_method("get") is policy
    assert [policy.for_method(m).retries for m in ("POST", "DELETE", "PUT")] == [0, 0, 0]
    assert [policy.pause(n) for n in (1, 2, 3)] == [0.5, 1.0, 2.0]


def test_an_answer_that_is_not_the_json_promised_is_not_asked_for_again(replay):
    server = replay("rss")
    client = http.HttpClient(network="Test", base_url=server.url + "/", retries=2, backoff=0)
    with pytest.raises(NetworkError) as caught:
        client.get("news/feed")  # XML where JSON was expected
    assert "JSON" in str(caught.value) and len(server.requests) == 1
