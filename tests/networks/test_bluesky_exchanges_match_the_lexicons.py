"""The Bluesky recordings, and every request the adapter sends in the contract suite (checked
by the `replay` fixture), agree with the lexicons that @atproto/api ships: methods that exist,
parameter and property names the lexicons know, required fields present. A recording that
drifts from the protocol fails here before it can make a test pass on a fiction."""

from __future__ import annotations

import copy
import json

import pytest

from .lexicons import check_request, check_response
from .replay import RECORDINGS

BLUESKY = sorted((RECORDINGS / "bluesky").glob("*.json"))


def _problems(exchange: dict) -> list[str]:
    request, response = exchange["request"], exchange["response"]
    path = request["path"]
    query = {k: [v] for k, v in (request.get("query") or {}).items() if v != "!"}
    problems = check_request(request["method"], path, query, b"{}", "application/json")
    # A recording names only the constraints it matches on; the input itself is checked
    # on the requests the adapter really sends (tests/networks/conftest.py).
    problems = [p for p in problems if "input" not in p and "is required" not in p]
    if "json" in response:
        problems += check_response(
            path[len("/xrpc/") :], int(response.get("status", 200)), response["json"]
        )
    return problems


@pytest.mark.parametrize("path", BLUESKY, ids=[p.name for p in BLUESKY])
def test_each_bluesky_recording_agrees_with_the_lexicons(path):
    assert _problems(json.loads(path.read_text("utf-8"))) == []


def test_each_bluesky_recording_carries_the_rate_limit_headers_bluesky_sends():
    for path in BLUESKY:
        headers = {k.lower() for k in json.loads(path.read_text())["response"]["headers"]}
        assert {
            "ratelimit-limit",
            "ratelimit-remaining",
            "ratelimit-reset",
            "ratelimit-policy",
        } <= headers, path.name


def test_the_check_fails_on_a_recording_that_drifts_from_the_protocol():
    good = json.loads((RECORDINGS / "bluesky" / "list_notifications.json").read_text())
    assert _problems(good) == []

    renamed = copy.deepcopy(good)
    renamed["response"]["json"]["notificationz"] = renamed["response"]["json"].pop("notifications")
    assert (
        "app.bsky.notification.listNotifications output: notificationz is not in the "
        "lexicon" in _problems(renamed)
    )
    assert any("notifications is required" in p for p in _problems(renamed))

    nested = copy.deepcopy(good)
    del nested["response"]["json"]["notifications"][0]["author"]["handle"]
    nested["response"]["json"]["notifications"][1]["indexedAt"] = 1772445960
    problems = _problems(nested)
    assert any(p.endswith("notifications[0].author: handle is required") for p in problems)
    assert any("notifications[1].indexedAt: expected string" in p for p in problems)

    wrong_method = copy.deepcopy(good)
    wrong_method["request"]["path"] = "/xrpc/app.bsky.notification.listNotification"
    assert set(_problems(wrong_method)) == {
        "app.bsky.notification.listNotification: no such method in the lexicons"
    }

    wrong_param = copy.deepcopy(good)
    wrong_param["request"]["query"] = {"reason": "mention"}
    assert _problems(wrong_param) == [
        "app.bsky.notification.listNotifications: parameter reason is not in the lexicon"
    ]


def test_the_check_fails_on_a_request_the_protocol_does_not_allow():
    body = json.dumps(
        {
            "repo": "did:plc:z72i7hdynmk6r22z27h6tvur",
            "collection": "app.bsky.feed.post",
            "record": {"$type": "app.bsky.feed.post", "txt": "hello"},
        }
    ).encode()
    problems = check_request(
        "POST", "/xrpc/com.atproto.repo.createRecord", {}, body, "application/json"
    )
    assert "com.atproto.repo.createRecord record: text is required" in problems
    assert "com.atproto.repo.createRecord record: createdAt is required" in problems
    assert check_request("GET", "/xrpc/com.atproto.repo.createRecord", {}, b"", "") == [
        "com.atproto.repo.createRecord: is a procedure, sent as GET"
    ]
