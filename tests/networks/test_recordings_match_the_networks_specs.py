"""The recordings and the requests the adapters send match what each network publishes.

Recordings were written from documentation; these tests hold them, and the adapters' requests,
to the networks' machine-readable specifications pinned in ../shared/reference/network-specs
(X API v2 OpenAPI, Mastodon's community OpenAPI, Meta's Graph API node specs). Every request
of the contract suite is checked as well (see the `setup` fixture of test_adapter_contract.py).
The tests skip, saying where they looked, only when that folder is absent.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from . import specs
from .replay import RECORDINGS, Received

# A concrete path for each recording's path_regex, so it can be matched to an operation.
_EXAMPLE_SEGMENTS = [
    (r"\\d+", "1897012345678901234"),
    (r"[0-9]+_[0-9]+", "104857392011234_948271635109284"),
    (r"[0-9_]+", "104857392011234_948271635109284"),
    (r".+", "NursesDay"),
]


def _example_path(request: dict) -> str:
    if "path" in request:
        return request["path"]
    path = request["path_regex"]
    for pattern, example in _EXAMPLE_SEGMENTS:
        path = path.replace(pattern, example)
    return path.replace("\\", "")


def _recordings(network: str) -> list[Path]:
    return sorted((RECORDINGS / network).glob("*.json"))


def _load(path: Path) -> dict:
    return json.loads(path.read_text("utf-8"))


@pytest.mark.parametrize(
    "recording",
    [*_recordings("x"), *_recordings("mastodon")],
    ids=lambda p: f"{p.parent.name}/{p.stem}",
)
def test_every_x_and_mastodon_recording_matches_its_operations_response_schema(recording):
    spec = specs.openapi(recording.parent.name)
    exchange = _load(recording)
    request, response = exchange["request"], exchange["response"]
    problems = spec.check_response(
        request["method"],
        _example_path(request),
        int(response.get("status", 200)),
        response.get("json"),
        response.get("headers"),
    )
    assert not problems, "\n".join(problems)


def test_x_and_mastodon_recordings_carry_the_rate_limit_headers_the_networks_send():
    specs.require_specs()
    for network, names in (
        ("x", ("x-rate-limit-limit", "x-rate-limit-remaining", "x-rate-limit-reset")),
        ("mastodon", ("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset")),
    ):
        for recording in _recordings(network):
            headers = _load(recording)["response"].get("headers", {})
            missing = [n for n in names if n not in headers]
            assert not missing, f"{recording.name} lacks {missing}"


def _graph_node_of(method: str, path: str) -> str:
    parts = [p for p in path.split("/") if p][1:]  # without the version
    if len(parts) == 1:
        return "PagePost" if method == "GET" else "success"
    node = "PagePost" if "_" in parts[0] else "Page"
    edge = specs.graph().edge(node, parts[1], method)
    assert edge is not None, f"{method} {node}/{parts[1]} is not an edge in the node specs"
    return edge["return"]


@pytest.mark.parametrize("recording", _recordings("facebook"), ids=lambda p: p.stem)
def test_every_facebook_recording_uses_only_fields_and_edges_of_its_node(recording):
    graph = specs.graph()
    exchange = _load(recording)
    request, body = exchange["request"], exchange["response"]["json"]
    node = _graph_node_of(request["method"], _example_path(request))
    if node == "success":
        assert set(body) == {"success"}
        return
    items = body["data"] if "data" in body else [body]
    problems = [p for item in items for p in graph.check_node(node, item)]
    assert not problems, "\n".join(problems)


def test_facebook_asks_for_views_and_reach_not_the_withdrawn_impressions(replay):
    specs.require_specs()
    from .harnesses import HARNESSES

    harness = HARNESSES["facebook"]
    server = replay("facebook")
    metrics = harness.make(server).metrics(harness.metrics_id)
    asked = server.received("GET", "/insights")[0].query["metric"][0].split(",")
    assert not set(asked) & specs.WITHDRAWN_FACEBOOK_METRICS
    assert metrics["reach"] == 3120 and metrics["views"] == 4210 and "impressions" not in metrics


# The checker itself must fail on what a network would not send or accept ---------------------


def test_the_checker_refuses_a_made_up_field_in_an_x_or_mastodon_recording():
    for network, name in (("x", "mentions.json"), ("mastodon", "notifications.json")):
        spec = specs.openapi(network)
        exchange = _load(RECORDINGS / network / name)
        body = exchange["response"]["json"]
        first = body["data"][0] if network == "x" else body[0]["status"]
        first["sentiment_score"] = 0.9
        problems = spec.check_response("GET", _example_path(exchange["request"]), 200, body)
        assert any("sentiment_score" in p for p in problems), problems


def test_the_checker_refuses_the_old_x_field_names_against_the_current_spec():
    spec = specs.openapi("x")
    exchange = _load(RECORDINGS / "x" / "tweet_get.json")
    metrics = exchange["response"]["json"]["data"]["public_metrics"]
    metrics["retweet_count"] = metrics.pop("repost_count")
    problems = spec.check_response(
        "GET", "/2/tweets/1897012345678901234", 200, exchange["response"]["json"]
    )
    assert any("repost_count" in p for p in problems)
    assert any("retweet_count" in p for p in problems)


def test_the_checker_refuses_a_wrong_type_and_a_missing_required_field():
    spec = specs.openapi("mastodon")
    body = _load(RECORDINGS / "mastodon" / "status_get.json")["response"]["json"]
    body["favourites_count"] = "fifty-two"
    del body["uri"]
    problems = spec.check_response("GET", "/api/v1/statuses/113954872356720001", 200, body)
    assert any("favourites_count" in p for p in problems)
    assert any("'uri' is a required property" in p for p in problems)


def test_the_checker_refuses_a_malformed_rate_limit_header():
    spec = specs.openapi("mastodon")
    exchange = _load(RECORDINGS / "mastodon" / "status_get.json")
    problems = spec.check_response(
        "GET",
        "/api/v1/statuses/1",
        200,
        exchange["response"]["json"],
        {"X-RateLimit-Remaining": "lots", "X-RateLimit-Reset": "soon"},
    )
    assert len(problems) == 2


def _received(method, path, query=None, body=b"", content_type=""):
    headers = {"Content-Type": content_type} if content_type else {}
    return Received(method, path, query or {}, headers, body)


@pytest.mark.parametrize(
    "received, wrong",
    [
        (_received("GET", "/2/users/1/mentions", {"tweet.fields": ["created_at"]}), "tweet.fields"),
        (_received("GET", "/2/users/1/mentions", {"post.fields": ["created_at,mood"]}), "mood"),
        (
            _received("GET", "/2/tweets/search/recent", {"query": ["x"], "expansions": ["fans"]}),
            "fans",
        ),
        (
            _received(
                "POST",
                "/2/tweets",
                body=b'{"text": "Hi", "sparkle": true}',
                content_type="application/json",
            ),
            "sparkle",
        ),
        (_received("GET", "/2/users/1/followers_of_followers"), "no such operation"),
    ],
    ids=[
        "old-fields-parameter",
        "made-up-post-field",
        "made-up-expansion",
        "made-up-body-field",
        "made-up-path",
    ],
)
def test_the_checker_refuses_a_request_x_does_not_define(received, wrong):
    problems = specs.check_request("x", received)
    assert any(wrong in p for p in problems), problems


def test_the_checker_refuses_a_request_mastodon_does_not_define():
    problems = specs.check_request(
        "mastodon",
        _received("GET", "/api/v1/notifications", {"types[]": ["mention"], "only_nice": ["true"]}),
    )
    assert any("only_nice" in p for p in problems)
    problems = specs.check_request(
        "mastodon",
        _received(
            "POST",
            "/api/v1/statuses",
            body=b"status=Hi&mood=sunny",
            content_type="application/x-www-form-urlencoded",
        ),
    )
    assert any("mood" in p for p in problems)
    assert not specs.check_request(
        "mastodon",
        _received(
            "GET", "/api/v1/notifications", {"types[]": ["mention"], "include_filtered": ["true"]}
        ),
    )


@pytest.mark.parametrize(
    "query, wrong",
    [
        ({"fields": ["id,message,shoe_size"]}, "shoe_size"),
        ({"fields": ["id,comments.order(sideways){id}"]}, "sideways"),
        ({"fields": ["id,comments{id,from{id},mood}"]}, "mood"),
    ],
    ids=["made-up-field", "made-up-order", "made-up-comment-field"],
)
def test_the_checker_refuses_graph_fields_a_node_does_not_have(query, wrong):
    problems = specs.check_request(
        "facebook", _received("GET", "/v25.0/104857392011234_948271635109284", query)
    )
    assert any(wrong in p for p in problems), problems


def test_the_checker_refuses_withdrawn_facebook_metrics_and_unknown_periods():
    problems = specs.check_request(
        "facebook",
        _received(
            "GET",
            "/v25.0/104857392011234_948271635109284/insights",
            {"metric": ["post_impressions_unique,post_clicks"], "period": ["fortnight"]},
        ),
    )
    assert any("post_impressions_unique" in p for p in problems)
    assert any("fortnight" in p for p in problems)
    assert not any("post_clicks" in p for p in problems)


def test_the_checker_refuses_rest_li_1_lists_on_linkedin():
    received = _received(
        "GET",
        "/rest/organizationalEntityShareStatistics",
        {"q": ["organizationalEntity"], "shares[0]": ["urn:li:share:1"]},
    )
    received.headers.update({"LinkedIn-Version": "202608", "X-Restli-Protocol-Version": "2.0.0"})
    problems = specs.check_request("linkedin", received)
    assert any("shares[0]" in p for p in problems)


def test_graph_field_expansions_are_parsed_with_their_modifiers():
    tree = specs.parse_fields("id,comments.order(reverse_chronological).limit(50){id,from{id}}")
    assert tree == [
        ("id", {}, []),
        (
            "comments",
            {"order": "reverse_chronological", "limit": "50"},
            [("id", {}, []), ("from", {}, [("id", {}, [])])],
        ),
    ]
    with pytest.raises(ValueError):
        specs.parse_fields("id,comments{id")


def test_without_the_pinned_specs_the_checks_skip_and_say_where_they_looked(monkeypatch, tmp_path):
    monkeypatch.setattr(specs, "_candidates", lambda: [tmp_path / "network-specs"])
    with pytest.raises(pytest.skip.Exception) as skipped:
        specs.require_specs()
    assert re.search(r"network-specs", str(skipped.value))
