"""Instagram through its media containers: images (with alt text), carousels and reels are
created, polled until processed and published; a container that fails processing publishes
nothing and says why; the 25-posts-a-day limit is read and respected; mentions, comments and
(only with the messaging permission) direct messages; insights without withdrawn metrics.
Every request is checked against the Graph API node specs pinned in tests/networks/pinned."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta

import pytest

from sociable.networks.base import Draft, Media, NetworkError, Unsupported
from sociable.networks.registry import adapter_class

from . import specs
from .harnesses import HARNESSES, IG_MEDIA, IG_PAGE, IG_USER
from .replay import RECORDINGS, Exchange, Received

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64
CAPTION = "Meet the team at our new maternity unit #NorthshireMaternity"
CONTAINER = r"/v25\.0/1788945556000000\d"


def _image(name="ward.png", alt="Midwives at the new maternity unit"):
    return Media(filename=name, content_type="image/png", data=PNG, alt_text=alt)


def _video():
    return Media(
        filename="tour.mp4",
        content_type="video/mp4",
        data=MP4,
        alt_text="A walk through the new maternity unit",
    )


@pytest.fixture
def instagram(replay):
    harness = HARNESSES["instagram"]
    server = replay("instagram")
    yield server, harness.make(server)
    problems = [p for r in server.requests for p in specs.check_request("instagram", r)]
    assert not problems, "\n".join(problems)


def _answer(server, method: str, path_regex: str, *responses: dict) -> None:
    """Replace the recorded answer to these requests with a sequence (the last one repeats)."""
    server.exchanges = [
        e
        for e in server.exchanges
        if not (
            e.method == method and e.path_regex is not None and e.path_regex.pattern == path_regex
        )
    ]
    for number, response in enumerate(responses, start=1):
        server.exchanges.insert(
            0,
            Exchange(
                f"test-{number}",
                method,
                None,
                re.compile(path_regex),
                {},
                number,
                {"status": 200, "json": response},
            ),
        )


def _status(code: str, detail: str = "") -> dict:
    return {"id": "17889455560000001", "status_code": code, "status": detail or code}


def _posted(server, path: str) -> list[dict]:
    return [
        {k: v[0] for k, v in _form(r).items()} for r in server.received("POST") if r.path == path
    ]


def _form(received: Received) -> dict:
    from urllib.parse import parse_qs

    return parse_qs(received.body.decode(), keep_blank_values=True)


# Publishing --------------------------------------------------------------------------------


def test_an_image_is_staged_on_the_page_and_its_container_carries_caption_and_alt_text(instagram):
    server, adapter = instagram
    published = adapter.publish(Draft(text=CAPTION, media=(_image(),)))
    assert published.network_id == IG_MEDIA
    assert published.url == "https://www.instagram.com/p/DG7xQz1Nq2L/"
    upload = server.received("POST", f"/{IG_PAGE}/photos")[0]
    assert PNG in upload.body and b'name="temporary"' in upload.body
    [container] = _posted(server, f"/v25.0/{IG_USER}/media")
    assert container["caption"] == CAPTION
    assert container["alt_text"] == "Midwives at the new maternity unit"
    assert container["image_url"].startswith("https://scontent.xx.fbcdn.net/")
    assert "948300000000001_n.png" in container["image_url"]  # the largest size
    assert _posted(server, f"/v25.0/{IG_USER}/media_publish") == [
        {"creation_id": "17889455560000001"}
    ]
    # The staged photo is removed once Instagram has its copy.
    assert server.received("DELETE", "/948300000000001")


def test_a_carousel_publishes_one_container_of_its_item_containers(instagram):
    server, adapter = instagram
    adapter.publish(
        Draft(
            text=CAPTION,
            media=(_image("a.png", "The birth pool room"), _image("b.png", "The family room")),
        )
    )
    children, parent = (
        _posted(server, f"/v25.0/{IG_USER}/media")[:2],
        _posted(server, f"/v25.0/{IG_USER}/media")[2],
    )
    assert [c["is_carousel_item"] for c in children] == ["true", "true"]
    assert [c["alt_text"] for c in children] == ["The birth pool room", "The family room"]
    assert all("caption" not in c for c in children)
    assert parent == {
        "media_type": "CAROUSEL",
        "caption": CAPTION,
        "children": "17889455560000001,17889455560000002",
    }
    assert _posted(server, f"/v25.0/{IG_USER}/media_publish") == [
        {"creation_id": "17889455560000003"}
    ]
    assert len(server.received("POST", f"/{IG_PAGE}/photos")) == 2


def test_a_reel_is_uploaded_resumably_then_polled_then_published(instagram):
    server, adapter = instagram
    _answer(
        server,
        "GET",
        CONTAINER,
        _status("IN_PROGRESS", "In Progress: Media is still being processed."),
        _status("IN_PROGRESS"),
        _status("FINISHED"),
    )
    published = adapter.publish(Draft(text=CAPTION, media=(_video(),)))
    assert published.network_id == IG_MEDIA
    [container] = _posted(server, f"/v25.0/{IG_USER}/media")
    assert container == {"media_type": "REELS", "upload_type": "resumable", "caption": CAPTION}
    [upload] = server.received("POST", "/ig-api-upload/v25.0/17889455560000001")
    assert upload.body == MP4
    headers = {k.lower(): v for k, v in upload.headers.items()}
    assert headers["offset"] == "0" and headers["file_size"] == str(len(MP4))
    assert headers["authorization"].startswith("OAuth ")
    polls = server.received("GET", "/17889455560000001")
    assert len(polls) == 3  # IN_PROGRESS, IN_PROGRESS, FINISHED
    assert not server.received("POST", "/photos")  # a video is not staged on the Page


def test_a_container_that_fails_processing_publishes_nothing_and_says_why(instagram):
    server, adapter = instagram
    _answer(
        server,
        "GET",
        CONTAINER,
        _status("IN_PROGRESS"),
        _status("ERROR", "Error: The video's aspect ratio is not supported (2207026)."),
    )
    with pytest.raises(NetworkError) as caught:
        adapter.publish(Draft(text=CAPTION, media=(_video(),)))
    assert caught.value.permanent and not caught.value.reconnect
    assert "could not process" in str(caught.value) and "aspect ratio" in str(caught.value)
    assert not server.received("POST", "/media_publish")


def test_a_failed_image_container_still_removes_the_staged_photo(instagram):
    server, adapter = instagram
    _answer(server, "GET", CONTAINER, _status("ERROR", "Error: the image could not be fetched"))
    with pytest.raises(NetworkError):
        adapter.publish(Draft(text=CAPTION, media=(_image(),)))
    assert server.received("DELETE", "/948300000000001")
    assert not server.received("POST", "/media_publish")


def test_an_expired_container_or_one_still_processing_is_tried_again_later(instagram):
    server, adapter = instagram
    _answer(server, "GET", CONTAINER, _status("EXPIRED"))
    with pytest.raises(NetworkError) as expired:
        adapter.publish(Draft(text=CAPTION, media=(_video(),)))
    assert not expired.value.permanent and expired.value.retry_after
    _answer(server, "GET", CONTAINER, _status("IN_PROGRESS"))
    slow = adapter_class("instagram")(adapter.credentials, {**adapter.options, "poll_attempts": 3})
    before = len(server.received("GET", "/1788945556"))
    with pytest.raises(NetworkError) as still:
        slow.publish(Draft(text=CAPTION, media=(_video(),)))
    assert not still.value.permanent and still.value.retry_after
    assert len(server.received("GET", "/1788945556")) - before == 3
    assert not server.received("POST", "/media_publish")


def test_a_post_without_media_or_over_the_caption_rules_is_refused_before_anything_is_sent(
    instagram,
):
    server, adapter = instagram
    for draft in (
        Draft(text="Text alone"),
        Draft(text=" ".join(f"#tag{n}" for n in range(31)), media=(_image(),)),
        Draft(text=" ".join(f"@friend{n}" for n in range(21)), media=(_image(),)),
        Draft(text="a" * 2201, media=(_image(),)),
        Draft(text=CAPTION, media=(_image(alt=" "),)),
        Draft(text=CAPTION, media=tuple(_image(f"{n}.png") for n in range(11))),
    ):
        with pytest.raises(NetworkError) as caught:
            adapter.publish(draft)
        assert caught.value.permanent
    assert not server.requests


# The publishing limit ----------------------------------------------------------------------


def test_the_publishing_limit_is_read(instagram):
    server, adapter = instagram
    assert adapter.publishing_limit() == {"used": 3, "limit": 25, "window_seconds": 86400}
    asked = server.received("GET", "/content_publishing_limit")[0].query["fields"][0]
    assert set(asked.split(",")) == {"quota_usage", "config"}


def test_at_the_limit_nothing_is_sent_and_the_post_waits_until_the_oldest_leaves_the_window(
    instagram,
):
    server, adapter = instagram
    _answer(
        server,
        "GET",
        rf"/v25\.0/{IG_USER}/content_publishing_limit",
        {"data": [{"quota_usage": 25, "config": {"quota_total": 25, "quota_duration": 86400}}]},
    )
    now = datetime.now(UTC)
    stamps = [now - timedelta(hours=hours) for hours in (20, 10, 1)] + [now - timedelta(days=3)]
    _answer(
        server,
        "GET",
        rf"/v25\.0/{IG_USER}/media",
        {
            "data": [
                {"id": f"1792023842203{n:04d}", "timestamp": t.strftime("%Y-%m-%dT%H:%M:%S+0000")}
                for n, t in enumerate(stamps)
            ]
        },
    )
    with pytest.raises(NetworkError) as caught:
        adapter.publish(Draft(text=CAPTION, media=(_image(),)))
    error = caught.value
    assert not error.permanent and "25 posts in 24 hours" in str(error)
    assert 4 * 3600 - 120 <= error.retry_after <= 4 * 3600  # the post of 20 hours ago leaves
    assert not server.received("POST")


def test_instagrams_own_limit_refusal_waits_too(instagram):
    server, adapter = instagram
    _answer(
        server,
        "GET",
        rf"/v25\.0/{IG_USER}/content_publishing_limit",
        {"data": [{"quota_usage": 24, "config": {"quota_total": 25}}]},
    )
    server.exchanges.insert(
        0,
        Exchange(
            "limit",
            "POST",
            f"/v25.0/{IG_USER}/media_publish",
            None,
            {},
            1,
            {
                "status": 400,
                "json": {
                    "error": {
                        "message": "Application request limit reached",
                        "type": "OAuthException",
                        "code": 9,
                        "error_subcode": 2207042,
                        "fbtrace_id": "AbCd",
                    }
                },
            },
        ),
    )
    with pytest.raises(NetworkError) as caught:
        adapter.publish(Draft(text=CAPTION, media=(_image(),)))
    assert not caught.value.permanent and caught.value.status == 429


# Inbox, replies, moderation ----------------------------------------------------------------


def test_comments_replies_and_mentions_come_in_but_not_the_accounts_own_replies(instagram):
    server, adapter = instagram
    batch = adapter.fetch_inbound({})
    by_id = {item.network_id: item for item in batch.items}
    assert "17858893269000250" not in by_id  # the account's own reply
    comment = by_id["17858893269000202"]
    assert comment.kind == "comment" and comment.author.handle == "@northshire_dad"
    assert comment.in_reply_to == IG_MEDIA and comment.thread_key == "instagram:17858893269000202"
    assert comment.url == "https://www.instagram.com/p/DG7xQz1Nq2L/"
    mention = by_id["mention:17934560000000404"]
    assert mention.kind == "mention" and "@northshirenhs" in mention.text
    assert not server.received("GET", "/conversations")  # no messaging permission


def test_replying_to_a_mention_goes_through_the_mentions_edge(instagram):
    server, adapter = instagram
    adapter.reply(
        Draft(
            text="Thank you, we will pass this on to the team!",
            in_reply_to="mention:17934560000000404",
        )
    )
    assert _posted(server, f"/v25.0/{IG_USER}/mentions") == [
        {"media_id": "17934560000000404", "message": "Thank you, we will pass this on to the team!"}
    ]


def test_hiding_and_unhiding_a_comment(instagram):
    server, adapter = instagram
    adapter.hide("17858893269000202", True)
    adapter.hide("17858893269000202", False)
    assert [p["hide"] for p in _posted(server, "/v25.0/17858893269000202")] == ["true", "false"]


def test_without_the_messaging_permission_direct_messages_are_unsupported_and_say_why(instagram):
    server, adapter = instagram
    with pytest.raises(Unsupported) as caught:
        adapter.reply(Draft(text="Hello", in_reply_to="dm:aWdfZAG06MTpJR01lc3NhZA2VJRDox"))
    assert "instagram_manage_messages" in str(caught.value)
    assert "Answer in the Instagram app" in str(caught.value)
    assert not server.requests


def test_with_the_messaging_permission_direct_messages_come_in_and_are_answered(replay):
    harness = HARNESSES["instagram"]
    server = replay("instagram")
    adapter = adapter_class("instagram")(
        harness.make(server).credentials, {**harness.options(server.url), "messaging": True}
    )
    batch = adapter.fetch_inbound({})
    [direct] = [item for item in batch.items if item.kind == "direct"]
    assert direct.network_id.startswith("dm:aWdf") and "appointment" in direct.text
    assert direct.thread_key.startswith("instagram:dm:")
    sent = adapter.reply(
        Draft(text="Sorry to hear that - please call 01234 567890.", in_reply_to=direct.network_id)
    )
    assert sent.network_id.startswith("dm:")
    [message] = _posted(server, f"/v25.0/{IG_PAGE}/messages")
    assert json.loads(message["recipient"]) == {"id": "7070707070707070"}
    assert json.loads(message["message"]) == {
        "text": "Sorry to hear that - please call 01234 567890."
    }
    problems = [p for r in server.requests for p in specs.check_request("instagram", r)]
    assert not problems, problems


# Insights ----------------------------------------------------------------------------------


def test_insights_ask_for_views_and_no_withdrawn_metric(instagram):
    server, adapter = instagram
    metrics = adapter.metrics(IG_MEDIA)
    assert metrics == {
        "views": 5120,
        "reach": 3380,
        "likes": 58,
        "comments": 9,
        "saves": 21,
        "shares": 14,
    }
    asked = set(server.received("GET", "/insights")[0].query["metric"][0].split(","))
    assert not asked & specs.WITHDRAWN_INSTAGRAM_METRICS


def test_without_insights_the_counts_every_media_shows_are_given(instagram):
    server, adapter = instagram
    server.exchanges.insert(
        0,
        Exchange(
            "no-insights",
            "GET",
            f"/v25.0/{IG_MEDIA}/insights",
            None,
            {},
            1,
            {
                "status": 400,
                "json": {
                    "error": {
                        "message": "(#100) Media posted before business account conversion",
                        "type": "OAuthException",
                        "code": 100,
                    }
                },
            },
        ),
    )
    assert adapter.metrics(IG_MEDIA) == {"likes": 58, "comments": 9}


# The recordings and the checker ------------------------------------------------------------


def _graph_node_of(request: dict) -> str:
    path = request.get("path") or request["path_regex"].replace(r"\d+", "0000").replace(
        r"\d", "1"
    ).replace("\\", "")
    parts = [p for p in path.split("/") if p][1:]
    node = specs.instagram_node(parts[0])
    if len(parts) == 1:
        return node if request["method"] == "GET" else "success"
    edge = specs.instagram_graph().edge(node, parts[1], request["method"])
    assert edge is not None, f"{request['method']} {node}/{parts[1]} is not in the node specs"
    return edge["return"]


@pytest.mark.parametrize(
    "recording", sorted((RECORDINGS / "instagram").glob("*.json")), ids=lambda p: p.stem
)
def test_every_instagram_recording_uses_only_fields_and_edges_of_its_node(recording):
    exchange = json.loads(recording.read_text("utf-8"))
    request, body = exchange["request"], exchange["response"]["json"]
    if (request.get("path_regex") or "").startswith("/ig-api-upload"):
        assert set(body) == {"success", "message"}
        return
    if "/aWdf" in (request.get("path") or ""):
        return  # an Instagram message: no node spec
    if (request.get("path") or "").endswith("/messages"):
        assert set(body) == {"recipient_id", "message_id"}  # the Send API's answer
        return
    node = _graph_node_of(request)
    if node == "success" or request["method"] == "DELETE":
        assert set(body) == {"success"}
        return
    items = body["data"] if "data" in body else [body]
    problems = [p for item in items for p in specs.instagram_graph().check_node(node, item)]
    assert not problems, "\n".join(problems)


def _received(method, path, query=None, body=b"", headers=None):
    return Received(method, path, query or {}, headers or {}, body)


@pytest.mark.parametrize(
    "received, wrong",
    [
        (_received("GET", f"/v25.0/{IG_USER}/media", {"fields": ["id,caption,mood"]}), "mood"),
        (
            _received("GET", f"/v25.0/{IG_MEDIA}/insights", {"metric": ["impressions,reach"]}),
            "impressions",
        ),
        (
            _received(
                "GET", f"/v25.0/{IG_MEDIA}/insights", {"metric": ["reach"], "period": ["fortnight"]}
            ),
            "fortnight",
        ),
        (
            _received(
                "POST",
                f"/v25.0/{IG_USER}/media",
                body=b"image_url=x&sparkle=1",
                headers={"Content-Type": "application/x-www-form-urlencoded"},
            ),
            "sparkle",
        ),
        (
            _received(
                "POST",
                "/ig-api-upload/v25.0/17889455560000001",
                body=b"abc",
                headers={"Authorization": "Bearer t", "offset": "0", "file_size": "3"},
            ),
            "OAuth",
        ),
        (_received("GET", f"/v25.0/{IG_USER}/followers_of_followers"), "no such edge"),
    ],
    ids=[
        "made-up-field",
        "withdrawn-metric",
        "made-up-period",
        "made-up-parameter",
        "upload-without-oauth",
        "made-up-edge",
    ],
)
def test_the_checker_refuses_what_the_instagram_graph_api_does_not_define(received, wrong):
    problems = specs.check_request("instagram", received)
    assert any(wrong in p for p in problems), problems


# The composer ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_composer_says_an_instagram_post_needs_an_image_or_a_video(cast):
    from django.core.files.base import ContentFile

    from sociable.channels.models import Channel
    from sociable.publishing.models import Post, PostMedia, PostTarget
    from sociable.publishing.posts import check

    channel = Channel.objects.create(
        organisation=cast.organisation,
        team=cast.comms,
        network="instagram",
        handle="@northshirenhs",
        options={"ig_user_id": IG_USER, "page_id": IG_PAGE},
    )
    post = Post.objects.create(
        organisation=cast.organisation,
        author=cast.officer,
        text="Meet the team at our new maternity unit",
    )
    PostTarget.objects.create(post=post, channel=channel)
    assert f"{channel}: Instagram needs an image or a video." in check(post).problems
    PostMedia.objects.create(
        post=post,
        file=ContentFile(PNG, name="ward.png"),
        content_type="image/png",
        alt_text="Midwives on the unit",
    )
    assert not [p for p in check(post).problems if "needs an image" in p]
    post.text = "#tag " * 10 + "a" * 2200
    assert any(
        "2250 characters as Instagram counts them; the limit is 2200" in p
        for p in check(post).problems
    )
    post.text = " ".join(f"#day{n}" for n in range(31))
    assert f"{channel}: The caption has 31 hashtags; Instagram takes at most 30." in (
        check(post).problems
    )
