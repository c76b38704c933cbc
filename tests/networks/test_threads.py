"""Threads through its media containers: text, image (by public address, with alt text) and
carousel posts and replies, polled until processed; a container that fails processing publishes
nothing; 500 characters with emoji counted as Threads counts them; the publishing limits;
replies and mentions into the inbox; hiding replies; insights. Every request is checked against
the Threads reference as written down in tests/networks/specs.py."""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs

import pytest

from sociable.networks.base import Draft, Media, NetworkError
from sociable.networks.registry import adapter_class

from . import specs
from .harnesses import HARNESSES, THREADS_POST, THREADS_USER
from .replay import RECORDINGS, Exchange, Received

CONTAINER = r"/v1\.0/1790061800000000\d"


@pytest.fixture
def threads(replay):
    server = replay("threads")
    yield server, HARNESSES["threads"].make(server)
    problems = [p for r in server.requests for p in specs.check_request("threads", r)]
    assert not problems, "\n".join(problems)


def _image(server, name="ward.jpg", alt="Nurses at the flu clinic"):
    return Media(
        filename=name,
        content_type="image/jpeg",
        data=b"\xff\xd8\xff",
        alt_text=alt,
        url=f"{server.url}/media/{name}",
    )


def _created(server) -> list[dict]:
    return [
        {k: v[0] for k, v in parse_qs(r.body.decode()).items()}
        for r in server.received("POST")
        if r.path == f"/v1.0/{THREADS_USER}/threads"
    ]


def _answer(server, method, path_regex, *bodies):
    server.exchanges = [
        e
        for e in server.exchanges
        if not (
            e.method == method and e.path_regex is not None and e.path_regex.pattern == path_regex
        )
    ]
    for number, body in enumerate(bodies, start=1):
        server.exchanges.insert(
            0,
            Exchange(
                f"t{number}",
                method,
                None,
                re.compile(path_regex),
                {},
                number,
                {"status": 200, "json": body},
            ),
        )


def test_a_text_post_is_a_container_then_published(threads):
    server, adapter = threads
    published = adapter.publish(Draft(text="Flu clinics all week at Northshire General"))
    assert published.network_id == THREADS_POST
    assert published.url == "https://www.threads.net/@northshirenhs/post/DG8aBcDeFgH"
    assert _created(server) == [
        {"media_type": "TEXT", "text": "Flu clinics all week at Northshire General"}
    ]
    publish = server.received("POST", "/threads_publish")[0]
    assert parse_qs(publish.body.decode()) == {"creation_id": ["17900618000000001"]}


def test_an_image_post_gives_its_address_and_alt_text(threads):
    server, adapter = threads
    adapter.publish(Draft(text="Our new ward", media=(_image(server),)))
    [body] = _created(server)
    assert body["media_type"] == "IMAGE" and body["alt_text"] == "Nurses at the flu clinic"
    assert body["image_url"] == f"{server.url}/media/ward.jpg"


def test_a_carousel_is_a_container_of_item_containers(threads):
    server, adapter = threads
    adapter.publish(
        Draft(
            text="Open day",
            media=(_image(server, "a.jpg", "The entrance"), _image(server, "b.jpg", "The cafe")),
        )
    )
    first, second, carousel = _created(server)
    assert first["is_carousel_item"] == second["is_carousel_item"] == "true"
    assert [first["alt_text"], second["alt_text"]] == ["The entrance", "The cafe"]
    assert carousel == {
        "media_type": "CAROUSEL",
        "text": "Open day",
        "children": "17900618000000001,17900618000000002",
    }


def test_a_reply_is_a_post_answering_the_reply(threads):
    server, adapter = threads
    adapter.reply(Draft(text="Yes, carers are welcome.", in_reply_to="18051111000000101"))
    [body] = _created(server)
    assert body == {
        "media_type": "TEXT",
        "text": "Yes, carers are welcome.",
        "reply_to_id": "18051111000000101",
    }


def test_a_container_that_fails_processing_publishes_nothing_and_says_why(threads):
    server, adapter = threads
    _answer(
        server,
        "GET",
        CONTAINER,
        {"id": "17900618000000001", "status": "IN_PROGRESS"},
        {"id": "17900618000000001", "status": "ERROR", "error_message": "FAILED_DOWNLOADING_VIDEO"},
    )
    with pytest.raises(NetworkError) as caught:
        adapter.publish(
            Draft(
                text="Tour",
                media=(
                    Media(
                        filename="tour.mp4",
                        content_type="video/mp4",
                        data=b"v",
                        alt_text="A tour",
                        url=f"{server.url}/media/tour.mp4",
                    ),
                ),
            )
        )
    assert caught.value.permanent and "FAILED_DOWNLOADING_VIDEO" in str(caught.value)
    assert len(server.received("GET", "/17900618000000001")) == 2
    assert not server.received("POST", "/threads_publish")


def test_500_characters_with_emoji_counted_as_their_utf8_bytes(threads):
    server, adapter = threads
    cls = adapter_class("threads")
    assert cls.max_length == 500 and cls.count_length("a" * 500) == 500
    assert cls.count_length("Diolch 💙") == 7 + 4  # the heart is 4 bytes in UTF-8
    with pytest.raises(NetworkError) as caught:
        adapter.publish(Draft(text="a" * 497 + "💙"))
    assert caught.value.permanent and "500" in str(caught.value)
    assert not server.requests


def test_the_publishing_limits_are_read_and_respected(threads):
    server, adapter = threads
    assert adapter.publishing_limit() == {
        "used": 4,
        "limit": 250,
        "replies_used": 12,
        "replies_limit": 1000,
        "deletions_used": 7,
        "deletions_limit": 100,
    }
    _answer(
        server,
        "GET",
        rf"/v1\.0/{THREADS_USER}/threads_publishing_limit",
        {
            "data": [
                {
                    "quota_usage": 250,
                    "config": {"quota_total": 250, "quota_duration": 86400},
                    "reply_quota_usage": 3,
                    "reply_config": {"quota_total": 1000},
                }
            ]
        },
    )
    with pytest.raises(NetworkError) as caught:
        adapter.publish(Draft(text="One more"))
    assert not caught.value.permanent and caught.value.retry_after
    assert not server.received("POST")
    adapter.reply(Draft(text="Replies still go", in_reply_to="18051111000000101"))


def test_a_deletion_over_the_profiles_daily_deletions_waits_and_sends_nothing(threads):
    server, adapter = threads
    _answer(
        server,
        "GET",
        rf"/v1\.0/{THREADS_USER}/threads_publishing_limit",
        {
            "data": [
                {
                    "quota_usage": 4,
                    "config": {"quota_total": 250, "quota_duration": 86400},
                    "delete_quota_usage": 100,
                    "delete_config": {"quota_total": 100, "quota_duration": 86400},
                }
            ]
        },
    )
    with pytest.raises(NetworkError) as caught:
        adapter.delete(THREADS_POST)
    assert not caught.value.permanent and caught.value.retry_after
    assert "100 deletions" in str(caught.value)
    assert not server.received("DELETE")


def test_a_throttled_call_waits_an_hour_and_says_how_much_of_the_allowance_is_used(threads):
    server, adapter = threads
    status, headers, body, seconds = HARNESSES["threads"].rate_limited
    server.fail(status, headers=headers, body=body)
    with pytest.raises(NetworkError) as caught:
        adapter.fetch_inbound({})
    assert caught.value.retry_after == seconds == 3600 and not caught.value.reconnect
    assert "calls 100%" in str(caught.value)


def test_the_recorded_publishing_limits_are_the_documented_ones():
    pinned = specs.threads_rate_limits()["profile_quotas"]["kinds"]
    recording = json.loads((RECORDINGS / "threads" / "publishing_limit.json").read_text("utf-8"))
    [entry] = recording["response"]["json"]["data"]
    for kind in ("posts", "replies", "deletions"):
        config = entry[pinned[kind]["config"]]
        assert config == {
            "quota_total": pinned[kind]["quota_total"],
            "quota_duration": pinned[kind]["quota_duration"],
        }, kind
        assert isinstance(entry[pinned[kind]["usage"]], int)
    from sociable.networks import threads as adapter

    assert (adapter.POSTS_PER_DAY, adapter.REPLIES_PER_DAY, adapter.DELETIONS_PER_DAY) == tuple(
        pinned[kind]["quota_total"] for kind in ("posts", "replies", "deletions")
    )


def test_the_throttled_answer_in_the_contract_suite_is_the_documented_one():
    pinned = specs.threads_rate_limits()["throttled_answer"]
    status, headers, body, seconds = HARNESSES["threads"].rate_limited
    assert set(headers) == {pinned["usage_header"]}
    assert set(json.loads(headers[pinned["usage_header"]])) == set(pinned["usage_keys"])
    assert str(json.loads(body)["error"]["code"]) in pinned["error_codes"]
    assert not pinned["time_to_wait_given"]  # so no header says how long: the adapter decides


def test_replies_and_mentions_come_in_but_not_the_profiles_own(threads):
    server, adapter = threads
    items = {i.network_id: i for i in adapter.fetch_inbound({}).items}
    assert "18051111000000250" not in items  # the profile's own reply
    reply = items["18051111000000202"]
    assert reply.kind == "reply" and reply.in_reply_to == THREADS_POST
    assert reply.author.handle == "@ahmed.r" and reply.thread_key == "threads:18051111000000202"
    assert items["18052222000000404"].kind == "mention"


def test_hiding_and_showing_a_reply(threads):
    server, adapter = threads
    adapter.hide("18051111000000202")
    adapter.hide("18051111000000202", hidden=False)
    sent = [parse_qs(r.body.decode())["hide"][0] for r in server.received("POST", "/manage_reply")]
    assert sent == ["true", "false"]


def test_every_threads_recording_answers_with_documented_fields_only():
    for recording in sorted((RECORDINGS / "threads").glob("*.json")):
        body = json.loads(recording.read_text("utf-8"))["response"]["json"]
        for item in body.get("data", [body]):
            extra = (
                set(item)
                - specs.THREADS_MEDIA_FIELDS
                - {
                    "status",
                    "error_message",
                    "quota_usage",
                    "config",
                    "reply_quota_usage",
                    "reply_config",
                    "delete_quota_usage",
                    "delete_config",
                    "name",
                    "period",
                    "values",
                    "title",
                    "description",
                    "success",
                    "deleted_id",
                }
            )
            assert not extra, f"{recording.name}: {extra}"


@pytest.mark.parametrize(
    "received, wrong",
    [
        (
            Received("GET", f"/v1.0/{THREADS_USER}/threads", {"fields": ["id,mood"]}, {}, b""),
            "mood",
        ),
        (
            Received("GET", f"/v1.0/{THREADS_POST}/insights", {"metric": ["impressions"]}, {}, b""),
            "impressions",
        ),
        (
            Received("POST", f"/v1.0/{THREADS_USER}/threads", {}, {}, b"media_type=STORY&text=x"),
            "STORY",
        ),
        (
            Received("POST", f"/v1.0/{THREADS_USER}/threads", {}, {}, b"media_type=TEXT&mood=1"),
            "mood",
        ),
        (
            Received("GET", f"/v1.0/{THREADS_USER}/followers_of_followers", {}, {}, b""),
            "no such Threads API endpoint",
        ),
    ],
    ids=[
        "made-up-field",
        "unknown-metric",
        "unknown-media-type",
        "made-up-parameter",
        "made-up-endpoint",
    ],
)
def test_the_checker_refuses_what_the_threads_reference_does_not_define(received, wrong):
    problems = specs.check_request("threads", received)
    assert any(wrong in p for p in problems), problems
