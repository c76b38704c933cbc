"""What each network does its own way, beyond the shared contract."""

from __future__ import annotations

import json

import pytest

from sociable.networks.base import Draft, NetworkError, Unsupported
from sociable.networks.linkedin import DEFAULT_VERSION as DEFAULT_LINKEDIN_VERSION
from sociable.networks.linkedin import little_text
from sociable.networks.registry import adapter_for, available

from .harnesses import HARNESSES
from .test_adapter_contract import ALT, PNG, TEXT


def _adapter(name, replay):
    harness = HARNESSES[name]
    server = replay(harness.network)
    return harness.make(server), server


def test_every_network_has_an_adapter():
    assert set(available()) == {
        "demo",
        "mastodon",
        "bluesky",
        "x",
        "facebook",
        "linkedin",
        "rss",
        "careopinion",
        "instagram",
        "threads",
        "youtube",
        "google_business",
    }


def test_an_unknown_network_is_a_permanent_error():
    with pytest.raises(NetworkError) as caught:
        adapter_for("myspace", {})
    assert caught.value.permanent


# Mastodon ----------------------------------------------------------------------------------


def test_mastodon_sends_the_idempotency_key_so_a_retry_is_not_a_second_post(replay):
    adapter, server = _adapter("mastodon", replay)
    adapter.publish(Draft(text=TEXT, idempotency_key="post-7-target-3"))
    posted = server.received("POST", "/api/v1/statuses")[0]
    assert posted.headers.get("Idempotency-Key") == "post-7-target-3"
    assert posted.headers.get("Authorization") == "Bearer mastodon-token-ZZ9PluralZAlpha-0001"
    assert type(adapter).idempotent_publish_window == 3600


def test_mastodon_marks_direct_messages_and_replies(replay):
    adapter, server = _adapter("mastodon", replay)
    first = adapter.fetch_inbound({})
    kinds = {i.network_id: i.kind for i in first.items}
    assert kinds == {"113954900000000101": "mention", "113954900000000202": "reply"}
    second = adapter.fetch_inbound(first.cursor)
    assert second.items[0].kind == "direct"
    assert second.items[0].text == "@NorthshireNHS where do I park for the eye clinic?"


def test_mastodon_hashtag_listening(replay):
    adapter, server = _adapter("mastodon", replay)
    batch = adapter.search("#NursesDay", {})
    assert [i.text for i in batch.items] == ["Proud to be part of #NursesDay at Northshire"]
    assert server.received("GET", "/api/v1/timelines/tag/NursesDay")


def test_mastodon_has_no_hide(replay):
    adapter, server = _adapter("mastodon", replay)
    with pytest.raises(Unsupported):
        adapter.hide("1")


def test_mastodon_refuses_a_private_instance_address(monkeypatch):
    monkeypatch.delenv("SOCIABLE_ALLOW_PRIVATE_HOSTS")
    adapter = adapter_for("mastodon", {"access_token": "t" * 10}, {"instance": "http://10.0.0.5"})
    with pytest.raises(NetworkError) as caught:
        adapter.fetch_inbound({})
    assert caught.value.permanent and not caught.value.reconnect


# X -----------------------------------------------------------------------------------------


def test_x_duplicate_content_is_permanent_not_a_reconnect(replay):
    adapter, server = _adapter("x", replay)
    server.fail(
        403,
        body=json.dumps(
            {
                "detail": "You are not allowed to create a Tweet with duplicate content.",
                "type": "about:blank",
                "title": "Forbidden",
                "status": 403,
            }
        ),
    )
    with pytest.raises(NetworkError) as caught:
        adapter.publish(Draft(text=TEXT))
    assert caught.value.permanent and not caught.value.reconnect


def test_x_rate_limit_reads_the_reset_header(replay):
    import time

    adapter, server = _adapter("x", replay)
    server.fail(429, headers={"x-rate-limit-reset": str(int(time.time()) + 900)})
    with pytest.raises(NetworkError) as caught:
        adapter.fetch_inbound({})
    assert 880 <= caught.value.retry_after <= 900


def test_x_uploads_media_then_sets_alt_text_then_posts_with_the_media_id(replay):
    from sociable.networks.base import Media

    adapter, server = _adapter("x", replay)
    adapter.publish(Draft(text=TEXT, media=(Media("a.png", "image/png", PNG, ALT),)))
    paths = [r.path for r in server.requests]
    assert paths == ["/2/media/upload", "/2/media/metadata", "/2/tweets"]
    metadata = server.requests[1].json()
    assert metadata == {"id": "1897011111111111111", "metadata": {"alt_text": {"text": ALT}}}
    assert server.requests[2].json()["media"] == {"media_ids": ["1897011111111111111"]}
    assert server.requests[2].headers["Authorization"].startswith("OAuth ")


def test_x_with_an_oauth2_user_token(replay):
    from .harnesses import RewriteAdapter

    server = replay("x")
    adapter = adapter_for("x", {"bearer_token": "oauth2-user-access-token-0001"}, {"timeout": 1})
    session = adapter.client.session  # api.x.com rewritten to the replay server, as in harnesses
    inner = session.get_adapter("http://127.0.0.1")
    for host in ("https://api.twitter.com", "https://api.x.com"):
        session.mount(host, RewriteAdapter(server.url, inner))
    adapter.hide("1897020000000000202")
    hidden = server.received("PUT")[0]
    assert hidden.headers["Authorization"] == "Bearer oauth2-user-access-token-0001"
    assert hidden.json() == {"hidden": True}


# Bluesky -----------------------------------------------------------------------------------


def test_bluesky_posts_carry_facets_for_links_mentions_and_hashtags(replay):
    adapter, server = _adapter("bluesky", replay)
    text = "Flu jabs 💉 at https://www.nhs.uk/vaccinations #FluFighter thanks @anniep.bsky.social"
    adapter.publish(Draft(text=text))
    record = server.received("POST", "createRecord")[0].json()["record"]
    features = {f["features"][0]["$type"]: f for f in record["facets"]}
    link = features["app.bsky.richtext.facet#link"]
    encoded = text.encode()
    start, end = link["index"]["byteStart"], link["index"]["byteEnd"]
    assert encoded[start:end].decode() == "https://www.nhs.uk/vaccinations"
    tag = features["app.bsky.richtext.facet#tag"]
    assert tag["features"][0]["tag"] == "FluFighter"
    mention = features["app.bsky.richtext.facet#mention"]
    assert mention["features"][0]["did"] == "did:plc:ewvi7nxzyoun6zhxrhs64oiz"


def test_bluesky_images_are_blobs_with_alt_text(replay):
    from sociable.networks.base import Media

    adapter, server = _adapter("bluesky", replay)
    adapter.publish(Draft(text=TEXT, media=(Media("a.png", "image/png", PNG, ALT),)))
    record = server.received("POST", "createRecord")[0].json()["record"]
    image = record["embed"]["images"][0]
    assert record["embed"]["$type"] == "app.bsky.embed.images"
    assert image["alt"] == ALT
    assert image["image"]["ref"]["$link"].startswith("bafkrei")
    assert server.received("POST", "uploadBlob")[0].body == PNG


def test_bluesky_reply_keeps_the_thread_root(replay):
    adapter, server = _adapter("bluesky", replay)
    harness = HARNESSES["bluesky"]
    adapter.reply(Draft(text="Thank you", in_reply_to=harness.reply_to))
    reply = server.received("POST", "createRecord")[0].json()["record"]["reply"]
    assert reply["parent"]["uri"] == harness.reply_to
    assert reply["root"]["uri"] == harness.post_id  # the trust's original post


def test_bluesky_reads_back_an_attempt_by_its_idempotency_key(replay):
    adapter, server = _adapter("bluesky", replay)
    adapter.publish(Draft(text=TEXT, idempotency_key="post-1-target-1"))
    record = server.received("POST", "createRecord")[0].json()["record"]
    assert record["sociableIdempotencyKey"] == "post-1-target-1"
    found = adapter.find_published("post-1-target-1")
    assert found is not None and found.network_id == HARNESSES["bluesky"].post_id
    assert adapter.find_published("post-2-target-1") is None


def test_bluesky_has_no_hide(replay):
    adapter, server = _adapter("bluesky", replay)
    with pytest.raises(Unsupported):
        adapter.hide("at://x/app.bsky.feed.post/1")


# Facebook ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "error", "permanent", "reconnect"),
    [
        (
            400,
            {
                "code": 190,
                "error_subcode": 463,
                "type": "OAuthException",
                "message": "Error validating access token: Session has expired",
            },
            True,
            True,
        ),
        (
            403,
            {
                "code": 200,
                "type": "OAuthException",
                "message": "Requires pages_manage_posts permission",
            },
            True,
            True,
        ),
        (
            400,
            {
                "code": 368,
                "type": "OAuthException",
                "message": "The action attempted has been deemed abusive",
            },
            True,
            False,
        ),
        (
            500,
            {
                "code": 2,
                "type": "OAuthException",
                "is_transient": True,
                "message": "An unexpected error has occurred.",
            },
            False,
            False,
        ),
    ],
)
def test_facebook_reads_graph_error_codes(replay, status, error, permanent, reconnect):
    adapter, server = _adapter("facebook", replay)
    server.fail(status, body=json.dumps({"error": {**error, "fbtrace_id": "AbCdEf"}}))
    with pytest.raises(NetworkError) as caught:
        adapter.publish(Draft(text=TEXT))
    assert (caught.value.permanent, caught.value.reconnect) == (permanent, reconnect)


def test_facebook_page_throttling_waits_for_the_estimated_time(replay):
    adapter, server = _adapter("facebook", replay)
    usage = {
        "104857392011234": [
            {
                "type": "pages",
                "call_count": 100,
                "total_cputime": 20,
                "total_time": 30,
                "estimated_time_to_regain_access": 12,
            }
        ]
    }
    server.fail(
        400,
        headers={"X-Business-Use-Case-Usage": json.dumps(usage)},
        body=json.dumps({"error": {"code": 32, "message": "Page request limit reached"}}),
    )
    with pytest.raises(NetworkError) as caught:
        adapter.publish(Draft(text=TEXT))
    assert not caught.value.permanent and caught.value.retry_after == 12 * 60


def test_facebook_hides_and_unhides_a_comment(replay):
    adapter, server = _adapter("facebook", replay)
    adapter.hide("948271635109284_1187346500000202", True)
    adapter.hide("948271635109284_1187346500000202", False)
    bodies = [r.text for r in server.received("POST")]
    assert "is_hidden=true" in bodies[0] and "is_hidden=false" in bodies[1]


def test_facebook_token_travels_in_a_header_never_in_the_url(replay):
    adapter, server = _adapter("facebook", replay)
    adapter.fetch_inbound({})
    request = server.requests[0]
    assert "access_token" not in json.dumps(request.query)
    assert request.headers["Authorization"].startswith("Bearer EAAG")


def test_facebook_skips_the_pages_own_replies(replay):
    adapter, server = _adapter("facebook", replay)
    batch = adapter.fetch_inbound({})
    assert all(i.author.network_user_id != "104857392011234" for i in batch.items)


# LinkedIn ----------------------------------------------------------------------------------


def test_linkedin_escapes_little_text_reserved_characters():
    assert little_text("Join us (free) #NursesDay @ward_7 [info]") == (
        r"Join us \(free\) \#NursesDay \@ward\_7 \[info\]"
    )


def test_linkedin_posts_escaped_commentary_with_version_headers(replay):
    adapter, server = _adapter("linkedin", replay)
    adapter.publish(Draft(text="Flu clinic (walk-in) #FluFighter"))
    request = server.received("POST", "/rest/posts")[0]
    assert request.json()["commentary"] == r"Flu clinic \(walk-in\) \#FluFighter"
    assert request.headers["LinkedIn-Version"] == DEFAULT_LINKEDIN_VERSION
    assert request.headers["X-Restli-Protocol-Version"] == "2.0.0"


def test_linkedin_reply_to_a_comment_names_its_parent(replay):
    adapter, server = _adapter("linkedin", replay)
    parent = "urn:li:comment:(urn:li:activity:7302054510397657088,7302055500000000202)"
    adapter.reply(Draft(text="Thank you", in_reply_to=parent))
    body = server.received("POST", "/comments")[0].json()
    assert body["parentComment"] == parent
    assert body["object"] == "urn:li:activity:7302054510397657088"


def test_linkedin_image_is_uploaded_to_the_upload_url_and_attached_with_alt_text(replay):
    from sociable.networks.base import Media

    adapter, server = _adapter("linkedin", replay)
    adapter.publish(Draft(text=TEXT, media=(Media("a.png", "image/png", PNG, ALT),)))
    assert server.received("PUT", "/dms-uploads/")[0].body == PNG
    content = server.received("POST", "/rest/posts")[0].json()["content"]
    assert content == {"media": {"id": "urn:li:image:D4E10AQHb2Xk3fKJq2A", "altText": ALT}}


# Care Opinion ------------------------------------------------------------------------------


def test_care_opinion_sends_the_subscription_key_in_its_own_scheme(replay):
    adapter, server = _adapter("careopinion", replay)
    adapter.fetch_inbound({})
    assert server.requests[0].headers["Authorization"] == (
        "SUBSCRIPTION_KEY co-subscription-key-0001-ZZ9PluralZAlpha"
    )


def test_care_opinion_stories_arrive_as_reviews_with_criticality_and_tags(replay):
    adapter, server = _adapter("careopinion", replay)
    batch = adapter.fetch_inbound({})
    story = {i.network_id: i for i in batch.items}["1384255"]
    assert story.kind == "review"
    assert story.text.startswith("Long wait in the children's emergency department\n\n")
    assert story.metrics == {"criticality": 3}
    assert story.extra["criticality"] == "moderately critical"
    assert story.extra["author_role"] == "parent/guardian"
    assert {"name": "communication", "group": "Care", "polarity": -1} in story.extra["tags"]
    assert story.url == "https://www.careopinion.org.uk/1384255"
    second = adapter.fetch_inbound(batch.cursor)
    assert server.requests[-2].query["publishedafter"] == ["2026-03-02"]
    assert [i.network_id for i in second.items] == ["1384302"]


def test_care_opinion_redirect_to_sign_in_means_reconnect(replay):
    adapter, server = _adapter("careopinion", replay)
    server.fail(
        302, headers={"Location": "/account/login?ReturnUrl=%2fapi%2fv2%2fopinions"}, times=1
    )
    with pytest.raises(NetworkError) as caught:
        adapter.fetch_inbound({})
    assert caught.value.reconnect


def test_care_opinion_response_is_posted_to_the_story(replay):
    adapter, server = _adapter("careopinion", replay)
    published = adapter.reply(Draft(text="Thank you for telling us.", in_reply_to="1384255"))
    assert published.network_id == "912877"
    request = server.received("POST")[0]
    assert request.path == "/api/v2/opinions/1384255/responses"
    assert request.json() == {"body": "Thank you for telling us."}


def test_care_opinion_cannot_publish_delete_or_hide(replay):
    adapter, server = _adapter("careopinion", replay)
    for call in (
        lambda: adapter.publish(Draft(text=TEXT)),
        lambda: adapter.delete("1"),
        lambda: adapter.hide("1"),
        lambda: adapter.metrics("1"),
    ):
        with pytest.raises(Unsupported):
            call()


# RSS ---------------------------------------------------------------------------------------


def test_rss_entries_become_articles_and_search_filters_them(replay):
    adapter, server = _adapter("rss", replay)
    batch = adapter.fetch_inbound({})
    titles = [i.extra["title"] for i in batch.items]
    assert titles == [
        "New MRI scanner cuts waiting times",
        "Walk-in flu vaccination clinic this week",
    ]
    assert (
        batch.items[0].url == "https://www.northshire.nhs.example/news/2026-03-01-new-mri-scanner"
    )
    assert batch.cursor["etag"] == '"news-v1"'
    later = adapter.search("nutrition -parking", batch.cursor)
    assert [i.extra["title"] for i in later.items] == [
        "Nutrition and Hydration Week: ward teams share tips"
    ]
    assert server.requests[-1].headers["If-None-Match"] == '"news-v1"'


# Drift: versions, field names and metrics the networks changed ----------------------------


def test_x_reads_the_previous_field_names_when_the_response_carries_them(replay):
    adapter, server = _adapter("x", replay)
    server.fail(
        200,
        times=1,
        body=json.dumps(
            {
                "data": {
                    "id": "1897012345678901234",
                    "text": TEXT,
                    "public_metrics": {
                        "retweet_count": 12,
                        "reply_count": 3,
                        "like_count": 41,
                        "quote_count": 2,
                        "bookmark_count": 5,
                        "impression_count": 3874,
                    },
                }
            }
        ),
    )
    assert adapter.metrics("1897012345678901234")["shares"] == 12
    assert adapter.metrics("1897012345678901234")["shares"] == 12  # the recording: repost_count


def test_x_reads_replies_in_either_naming(replay):
    adapter, server = _adapter("x", replay)
    old = {
        "data": [
            {
                "id": "1897020000000000202",
                "author_id": "1602233445566778899",
                "text": "@NorthshireNHS thank you",
                "created_at": "2026-03-02T10:05:00Z",
                "referenced_tweets": [{"type": "replied_to", "id": "1897012345678901234"}],
            }
        ],
        "meta": {"newest_id": "1897020000000000202"},
    }
    server.fail(200, times=1, body=json.dumps(old))
    item = adapter.search("ward 7", {}).items[0]
    assert item.kind == "mention" and item.in_reply_to == "1897012345678901234"
    batch = adapter.fetch_inbound({})  # the recording, in v2.167's referenced_posts
    replies = {i.network_id: i.in_reply_to for i in batch.items if i.kind == "reply"}
    assert replies == {"1897020000000000202": "1897012345678901234"}


def test_x_asks_in_the_current_naming_and_falls_back_once_if_x_refuses_it(replay):
    adapter, server = _adapter("x", replay)
    adapter.metrics("1897012345678901234")
    assert "post.fields" in server.requests[-1].query
    server.fail(
        400,
        times=1,
        body=json.dumps(
            {
                "errors": [
                    {
                        "message": "The query parameter [post.fields] is not one of [id, "
                        "tweet.fields, expansions]",
                        "parameters": {"post.fields": ["x"]},
                    }
                ],
                "title": "Invalid Request",
                "detail": "One or more parameters to your request was invalid.",
                "type": "https://api.twitter.com/2/problems/invalid-request",
            }
        ),
    )
    assert adapter.metrics("1897012345678901234")["likes"] == 41
    assert "tweet.fields" in server.requests[-1].query
    adapter.metrics("1897012345678901234")
    assert "tweet.fields" in server.requests[-1].query, "the naming that worked is kept"


def test_mastodon_asks_for_filtered_notifications_too(replay):
    adapter, server = _adapter("mastodon", replay)
    batch = adapter.fetch_inbound({})
    assert batch.items
    asked = server.received("GET", "/api/v1/notifications")[0]
    assert asked.query["include_filtered"] == ["true"]
    adapter.publish(Draft(text=TEXT))
    posted = server.received("POST", "/api/v1/statuses")[0]
    assert "include_filtered" not in posted.raw_query + posted.text


def test_mastodon_rate_limit_waits_until_the_reset_the_instance_names(replay):
    from datetime import UTC, datetime, timedelta

    adapter, server = _adapter("mastodon", replay)
    reset = (datetime.now(UTC) + timedelta(minutes=5)).isoformat().replace("+00:00", "Z")
    server.fail(
        429,
        headers={
            "X-RateLimit-Limit": "300",
            "X-RateLimit-Remaining": "0",
            "X-RateLimit-Reset": reset,
        },
        body='{"error": "Too many requests"}',
    )
    with pytest.raises(NetworkError) as caught:
        adapter.fetch_inbound({})
    assert 280 <= caught.value.retry_after <= 300 and not caught.value.permanent


def test_linkedin_statistics_use_rest_li_2_lists(replay):
    adapter, server = _adapter("linkedin", replay)
    metrics = adapter.metrics("urn:li:share:7302054511223988224")
    assert metrics["impressions"] == 2688
    sent = server.received("GET", "/rest/organizationalEntityShareStatistics")[0]
    assert "shares=List(urn%3Ali%3Ashare%3A7302054511223988224)" in sent.raw_query
    assert "[0]" not in sent.raw_query and "%5B0%5D" not in sent.raw_query
    assert sent.headers["X-Restli-Protocol-Version"] == "2.0.0"


def test_linkedin_426_says_the_version_must_be_changed(replay):
    adapter, server = _adapter("linkedin", replay)
    server.fail(
        426,
        body='{"status": 426, "code": "NONEXISTENT_VERSION", '
        '"message": "Requested version 20251001 is not active"}',
    )
    with pytest.raises(NetworkError) as caught:
        adapter.publish(Draft(text=TEXT))
    assert caught.value.permanent and not caught.value.reconnect
    assert "version" in str(caught.value)


def test_linkedin_version_comes_from_the_channel_then_the_deployment(monkeypatch, replay):
    from sociable.networks.linkedin import api_version

    monkeypatch.delenv("SOCIABLE_LINKEDIN_VERSION", raising=False)
    assert api_version({}) == DEFAULT_LINKEDIN_VERSION
    monkeypatch.setenv("SOCIABLE_LINKEDIN_VERSION", "202603")
    assert api_version({}) == "202603"
    assert api_version({"api_version": "202607"}) == "202607"
    with pytest.raises(NetworkError):
        adapter_for(
            "linkedin",
            {"access_token": "t" * 12},
            {"organization": "urn:li:organization:1", "api_version": "latest"},
        )


@pytest.mark.parametrize(
    "version, today, says",
    [
        ("202510", "2026-12-02", "stopped accepting"),
        ("202511", "2026-11-16", "stopped accepting"),
        ("202601", "2026-12-02", "stops accepting"),
        ("202603", "2026-12-02", None),
        (None, "2026-12-02", None),
        (None, "2027-07-01", "stops accepting"),
        ("latest", "2026-12-02", "not one"),
    ],
)
def test_linkedin_warns_admins_before_and_after_a_version_sunset(version, today, says, monkeypatch):
    from datetime import date

    from sociable.networks.linkedin import LinkedInNetwork

    monkeypatch.delenv("SOCIABLE_LINKEDIN_VERSION", raising=False)
    options = {"api_version": version} if version else {}
    notices = LinkedInNetwork.notices(options, date.fromisoformat(today))
    if says is None:
        assert notices == []
    else:
        assert len(notices) == 1 and says in notices[0]


def test_the_default_linkedin_version_is_live_today():
    from datetime import date

    from sociable.networks.linkedin import sunset_of

    sunset, _ = sunset_of(DEFAULT_LINKEDIN_VERSION)
    assert (sunset - date(2026, 12, 2)).days > 180


def test_facebook_warns_admins_before_its_graph_version_ends():
    from datetime import date

    from sociable.networks.facebook import FacebookNetwork

    assert FacebookNetwork.notices({}, date(2026, 12, 2)) == []
    assert (
        "stops answering"
        in FacebookNetwork.notices({"graph_version": "v23.0"}, date(2027, 9, 1))[0]
    )
    assert (
        "stopped answering"
        in FacebookNetwork.notices({"graph_version": "v21.0"}, date(2027, 2, 1))[0]
    )
