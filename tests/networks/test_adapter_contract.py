"""Every network adapter keeps the same contract, checked against its recorded responses.

Each adapter publishes text and images with alt text, replies, deletes, fetches what is new
since its cursor, reports metrics (where the network has them), and turns every failure
(401, 429 with Retry-After, 500, a timeout, malformed JSON, a permanent 4xx) into a
NetworkError that tells the caller whether to retry, wait, give up or ask for a reconnect.
An operation a network does not have raises Unsupported.
"""

from __future__ import annotations

import logging
from datetime import datetime

import pytest

from sociable.networks.base import (
    Draft,
    InboundBatch,
    InboundItem,
    Media,
    NetworkError,
    Published,
    Unsupported,
)

from .harnesses import HARNESSES
from .specs import check_request, pinned, specs_folder

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)
ALT = "Nurses at the walk-in vaccination clinic at Northshire General"
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 48
VTT = b"WEBVTT\n\n00:00.000 --> 00:04.000\nOur walk-in flu clinic is open today.\n"
TEXT = "Our walk-in flu vaccination clinic is open today 9am-4pm at Northshire General."


@pytest.fixture(params=sorted(HARNESSES))
def harness(request):
    return HARNESSES[request.param]


@pytest.fixture
def setup(harness, replay):
    """The harness, the replay server and the adapter. Afterwards, every request the adapter
    sent is checked against the network's own published specification (when it is pinned
    beside the repository; see tests/networks/specs.py)."""
    server = replay(harness.network)
    yield harness, server, harness.make(server)
    if specs_folder() is not None or pinned(harness.network):
        problems = [p for r in server.requests for p in check_request(harness.network, r)]
        assert not problems, "\n".join(problems)


def _expect_unsupported(call):
    with pytest.raises(Unsupported):
        call()


def test_publishing_text_returns_the_post_id_url_and_time(setup):
    harness, server, adapter = setup
    if not harness.supports("publish"):
        return _expect_unsupported(lambda: adapter.publish(Draft(text=TEXT)))
    if harness.requires_media:  # Instagram: no text-only posts; refused before anything is sent
        with pytest.raises(NetworkError) as caught:
            adapter.publish(Draft(text=TEXT))
        assert caught.value.permanent and not server.requests
        return
    published = adapter.publish(Draft(text=TEXT, idempotency_key="post-1-target-1"))
    assert isinstance(published, Published)
    assert published.network_id == harness.post_id
    assert published.url.startswith("http")
    assert isinstance(published.published_at, datetime) and published.published_at.tzinfo
    assert any("vaccination clinic" in r.text for r in server.requests), "the text was sent"


def _image(harness, server, alt=ALT) -> Media:
    url = f"{server.url}/media/clinic.png" if harness.media_by_address else ""
    return Media(filename="clinic.png", content_type="image/png", data=PNG, alt_text=alt, url=url)


def test_publishing_an_image_sends_its_alt_text(setup):
    harness, server, adapter = setup
    if harness.requires_video:  # YouTube: a video, and its captions as a caption track
        published = adapter.publish(_draft(harness))
        assert published.network_id == harness.post_id
        assert any(MP4 == r.body for r in server.requests), "the video itself was uploaded"
        assert any(VTT in r.body for r in server.requests), "the captions were uploaded"
        return
    draft = Draft(text=TEXT, media=(_image(harness, server),))
    if not harness.supports("media"):
        return _expect_unsupported(lambda: adapter.publish(draft))
    published = adapter.publish(draft)
    assert published.network_id == harness.post_id
    assert any(ALT in r.text for r in server.requests), "the alt text reached the network"
    if harness.media_by_address:
        assert any(f"{server.url}/media/clinic.png" in r.text for r in server.requests), (
            "the image's public address was given"
        )
    else:
        assert any(PNG in r.body for r in server.requests), "the image itself was uploaded"


def test_an_image_the_network_must_fetch_but_has_no_address_is_refused_before_sending(setup):
    harness, server, adapter = setup
    if not harness.media_by_address:
        return
    media = Media(filename="clinic.png", content_type="image/png", data=PNG, alt_text=ALT)
    with pytest.raises(NetworkError) as caught:
        adapter.publish(Draft(text=TEXT, media=(media,)))
    assert caught.value.permanent and "public address" in str(caught.value)
    assert not server.requests


def test_an_image_without_alt_text_is_refused_before_anything_is_sent(setup):
    harness, server, adapter = setup
    if not harness.supports("media") or harness.requires_video:
        return
    with pytest.raises(NetworkError) as caught:
        adapter.publish(Draft(text=TEXT, media=(_image(harness, server, alt=" "),)))
    assert caught.value.permanent
    assert not any(PNG in r.body for r in server.requests)


def test_replying_answers_the_right_message(setup):
    harness, server, adapter = setup
    reply_to = harness.reply_to or "1"
    draft = Draft(text="Thank you, we have passed this on to the ward.", in_reply_to=reply_to)
    if not harness.supports("reply"):
        return _expect_unsupported(lambda: adapter.reply(draft))
    published = adapter.reply(draft)
    assert isinstance(published, Published) and published.network_id
    assert any(
        harness.reply_marker in r.text or harness.reply_marker in r.path for r in server.requests
    ), "the request named the message being answered"


def test_deleting_a_post_reaches_the_network(setup):
    harness, server, adapter = setup
    if not harness.supports("delete"):
        return _expect_unsupported(lambda: adapter.delete("123"))
    before = len(server.requests)
    adapter.delete(harness.delete_id)
    sent = server.requests[before:]
    assert sent and any(r.method in ("DELETE", "POST") for r in sent)


def test_fetching_inbound_twice_returns_only_what_is_new(setup):
    harness, server, adapter = setup
    if not harness.supports("fetch"):
        return _expect_unsupported(lambda: adapter.fetch_inbound({}))
    first = adapter.fetch_inbound({})
    assert isinstance(first, InboundBatch)
    assert all(isinstance(item, InboundItem) for item in first.items)
    assert {i.network_id for i in first.items} == harness.first_inbound
    for item in first.items:
        assert item.text.strip() and item.author.handle and item.thread_key
        assert item.created_at.tzinfo is not None
    second = adapter.fetch_inbound(first.cursor)
    assert {i.network_id for i in second.items} == harness.second_inbound
    assert not {i.network_id for i in second.items} & {i.network_id for i in first.items}


def test_metrics_of_a_published_post(setup):
    harness, server, adapter = setup
    if not harness.supports("metrics"):
        return _expect_unsupported(lambda: adapter.metrics("123"))
    metrics = adapter.metrics(harness.metrics_id)
    assert all(isinstance(v, int) for v in metrics.values())
    for key, value in harness.metrics.items():
        assert metrics[key] == value, key


def test_searching_returns_public_posts_and_then_only_newer_ones(setup):
    harness, server, adapter = setup
    if not harness.supports("search"):
        return _expect_unsupported(lambda: adapter.search("flu clinic", {}))
    if not harness.search_query:
        return  # searching is covered by the network's own tests
    first = adapter.search(harness.search_query, {})
    assert {i.network_id for i in first.items} == harness.search_first
    for item in first.items:
        assert item.text.strip() and item.author.handle and item.created_at.tzinfo
    second = adapter.search(harness.search_query, first.cursor)
    assert {i.network_id for i in second.items} == harness.search_second


def test_hiding_a_comment_or_unsupported(setup):
    harness, server, adapter = setup
    if not harness.supports("hide"):
        return _expect_unsupported(lambda: adapter.hide("123"))
    adapter.hide(harness.hide_id, True)
    assert server.requests


# Failures ----------------------------------------------------------------------------------

OPERATIONS = ["publish", "fetch"]


def _draft(harness) -> Draft:
    if harness.requires_video:
        return Draft(
            text=TEXT,
            media=(
                Media(filename="clinic.mp4", content_type="video/mp4", data=MP4, alt_text=ALT),
                Media(filename="clinic.vtt", content_type="text/vtt", data=VTT, alt_text="English"),
            ),
        )
    if harness.requires_media:
        return Draft(
            text=TEXT,
            media=(Media(filename="clinic.png", content_type="image/png", data=PNG, alt_text=ALT),),
        )
    return Draft(text=TEXT)


def _run(adapter, harness, operation):
    if operation == "publish":
        if harness.supports("publish"):
            return adapter.publish(_draft(harness))
        if harness.supports("reply"):
            return adapter.reply(Draft(text=TEXT, in_reply_to=harness.reply_to))
    # A network that neither publishes nor replies (RSS) is checked on what it does: fetch.
    return adapter.fetch_inbound({})


@pytest.mark.parametrize("operation", OPERATIONS)
def test_401_asks_for_the_account_to_be_reconnected(setup, operation):
    harness, server, adapter = setup
    server.fail(401, body='{"error": "The access token is invalid"}')
    with pytest.raises(NetworkError) as caught:
        _run(adapter, harness, operation)
    assert caught.value.reconnect and caught.value.permanent


@pytest.mark.parametrize("operation", OPERATIONS)
def test_429_waits_as_long_as_the_network_asks(setup, operation):
    harness, server, adapter = setup
    server.fail(429, headers={"Retry-After": "120"}, body='{"error": "Too many requests"}')
    with pytest.raises(NetworkError) as caught:
        _run(adapter, harness, operation)
    error = caught.value
    assert not error.permanent and not error.reconnect
    assert error.retry_after is not None and 100 <= error.retry_after <= 120


@pytest.mark.parametrize("operation", OPERATIONS)
def test_the_networks_own_rate_limit_answer_waits_as_long_as_it_says(setup, operation):
    harness, server, adapter = setup
    if harness.rate_limited is None:
        return  # the network rate limits with a plain 429 (above)
    status, headers, body, seconds = harness.rate_limited
    seconds = seconds() if callable(seconds) else seconds
    server.fail(status, headers=headers, body=body)
    with pytest.raises(NetworkError) as caught:
        _run(adapter, harness, operation)
    error = caught.value
    assert not error.permanent and not error.reconnect
    assert error.retry_after is not None and seconds - 20 <= error.retry_after <= seconds


@pytest.mark.parametrize("operation", OPERATIONS)
def test_500_is_transient(setup, operation):
    harness, server, adapter = setup
    server.fail(500, body='{"error": "Internal server error"}')
    with pytest.raises(NetworkError) as caught:
        _run(adapter, harness, operation)
    assert not caught.value.permanent and not caught.value.reconnect


@pytest.mark.parametrize("operation", OPERATIONS)
def test_a_timeout_is_transient(setup, operation):
    harness, server, adapter = setup
    server.fail_timeout(delay=2.0)
    with pytest.raises(NetworkError) as caught:
        _run(adapter, harness, operation)
    assert not caught.value.permanent and not caught.value.reconnect


@pytest.mark.parametrize("operation", OPERATIONS)
def test_malformed_json_is_transient_and_says_so(setup, operation):
    harness, server, adapter = setup
    server.fail_malformed()
    with pytest.raises(NetworkError) as caught:
        _run(adapter, harness, operation)
    assert not caught.value.permanent
    assert "JSON" in str(caught.value) or "feed" in str(caught.value)


def test_a_refused_request_is_permanent(setup):
    harness, server, adapter = setup
    server.fail(422, body='{"error": "Validation failed: Text character limit exceeded"}')
    with pytest.raises(NetworkError) as caught:
        _run(adapter, harness, "publish" if harness.supports("reply") else "fetch")
    assert caught.value.permanent and not caught.value.reconnect


def test_get_requests_are_retried_once_after_a_transient_failure(setup):
    harness, server, adapter = setup
    if not harness.supports("fetch"):
        return
    server.fail(503, times=1)
    batch = adapter.fetch_inbound({})
    assert {i.network_id for i in batch.items} == harness.first_inbound


def test_a_post_is_never_sent_twice_by_the_adapter_itself(setup):
    harness, server, adapter = setup
    if not harness.supports("publish"):
        return
    adapter.publish(_draft(harness))  # signs in, learns the account's ids
    before = len(server.requests)
    server.fail(503, times=1, method="POST")
    with pytest.raises(NetworkError):
        adapter.publish(_draft(harness))
    assert len([r for r in server.requests[before:] if r.method == "POST"]) == 1


# Credentials -------------------------------------------------------------------------------


class _Capture(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(self.format(record))


@pytest.fixture
def log_lines():
    capture = _Capture()
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(capture)
    root.setLevel(logging.DEBUG)
    yield capture.lines
    root.removeHandler(capture)
    root.setLevel(old_level)


@pytest.mark.parametrize("status", [401, 403, 429, 500])
def test_credentials_never_appear_in_errors_reprs_or_logs(setup, log_lines, status):
    harness, server, adapter = setup
    server.fail(status, body='{"error": "refused"}')
    errors = []
    for operation in OPERATIONS:
        try:
            _run(adapter, harness, operation)
        except NetworkError as exc:
            errors.append(exc)
    assert errors
    assert log_lines, "the adapter's libraries logged at debug level"
    text = " ".join(
        [repr(adapter), str(adapter.credentials), *log_lines]
        + [f"{e} {e!r} {e.__cause__!r}" for e in errors]
    )
    for secret in harness.secrets:
        assert secret not in text
