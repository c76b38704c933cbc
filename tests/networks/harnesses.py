"""How each adapter is pointed at the replay server, and what its recordings contain."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from requests.adapters import HTTPAdapter

from sociable.networks.base import Network
from sociable.networks.registry import adapter_for

# Per-test network settings: short timeouts, no waiting between GET retries.
FAST = {"timeout": 0.5, "retries": 1, "retry_backoff": 0}


@dataclass
class Harness:
    network: str
    credentials: dict[str, str]
    post_id: str = ""  # what publish returns in the recordings
    reply_to: str = ""  # a message to answer
    reply_marker: str = ""  # what in the request shows which message was answered
    delete_id: str = ""
    metrics_id: str = ""
    metrics: dict[str, int] = field(default_factory=dict)
    first_inbound: set[str] = field(default_factory=set)
    second_inbound: set[str] = field(default_factory=set)
    hide_id: str = ""
    search_query: str = ""  # a listening query with recordings: first and second (newer) page
    search_first: set[str] = field(default_factory=set)
    search_second: set[str] = field(default_factory=set)
    extra_options: dict[str, Any] = field(default_factory=dict)
    # The network's own answer when it rate limits: (status, headers, body, seconds to wait).
    rate_limited: tuple[int, dict[str, str], str, Any] | None = None
    # The network fetches media from a public address (Threads), not from an upload.
    media_by_address: bool = False

    def options(self, base_url: str) -> dict[str, Any]:
        return {**FAST, **self.extra_options, **self.base_options(base_url)}

    def base_options(self, base_url: str) -> dict[str, Any]:
        return {"api_base": base_url}

    def make(self, server) -> Network:
        return adapter_for(self.network, self.credentials, self.options(server.url))

    @property
    def secrets(self) -> list[str]:
        public = {"identifier", "consumer_key", "page_id", "organization"}
        return [v for k, v in self.credentials.items() if k not in public and len(v) >= 8]

    def supports(self, operation: str) -> bool:
        from sociable.networks.registry import adapter_class

        return operation in adapter_class(self.network).supports

    @property
    def requires_media(self) -> bool:
        """A post must carry an image or a video (Instagram) or a video (YouTube)."""
        from sociable.networks.registry import adapter_class

        return adapter_class(self.network).requires in ("media", "video")

    @property
    def requires_video(self) -> bool:
        from sociable.networks.registry import adapter_class

        return adapter_class(self.network).requires == "video"


class MastodonHarness(Harness):
    def base_options(self, base_url):
        return {"instance": base_url}


class RewriteAdapter(HTTPAdapter):
    """Sends requests for a fixed API host (tweepy hard-codes api.twitter.com) to the replay
    server instead: the same interception `responses` or vcrpy would do, at the transport.
    The adapter's own transport (SSRF guard, default timeout) still carries the request."""

    def __init__(self, base_url: str, inner: HTTPAdapter):
        super().__init__()
        self.base_url = base_url
        self.inner = inner

    def send(self, request, **kwargs):
        parts = urlsplit(request.url)
        request.url = self.base_url + parts.path + (f"?{parts.query}" if parts.query else "")
        return self.inner.send(request, **kwargs)


class XHarness(Harness):
    def base_options(self, base_url):
        return {}

    def make(self, server):
        adapter = super().make(server)
        session = adapter.client.session
        inner = session.get_adapter("http://127.0.0.1")
        for host in ("https://api.twitter.com", "https://api.x.com"):
            session.mount(host, RewriteAdapter(server.url, inner))
        return adapter


class BlueskyHarness(Harness):
    def base_options(self, base_url):
        return {"service": base_url}


class RssHarness(Harness):
    def base_options(self, base_url):
        return {"feed_url": f"{base_url}/news/feed"}


IG_USER, IG_PAGE, IG_MEDIA = "17841400000000001", "104857392011234", "17920238422030506"
THREADS_USER, THREADS_POST = "25187340000000001", "18050473000000001"
YOUTUBE_CHANNEL, YOUTUBE_VIDEO = "UCnorthshireNHS0000000AB", "Nw5hX2kQp0c"
GBP_LOCATION = "accounts/1098765432/locations/4321987650"


def _until_youtube_quota_resets() -> float:
    from sociable.networks.youtube import seconds_to_reset

    return seconds_to_reset()


HARNESSES: dict[str, Harness] = {
    "mastodon": MastodonHarness(
        network="mastodon",
        credentials={"access_token": "mastodon-token-ZZ9PluralZAlpha-0001"},
        post_id="113954872356720001",
        reply_to="113954900000000202",
        reply_marker="113954900000000202",
        delete_id="113954872356720001",
        metrics_id="113954872356720001",
        metrics={"likes": 52, "shares": 17, "replies": 4},
        first_inbound={"113954900000000101", "113954900000000202"},
        second_inbound={"113954900000000303"},
        search_query="#NursesDay",
        search_first={"113954999999990001"},
        search_second={"113955012345670303"},
    ),
    "x": XHarness(
        network="x",
        credentials={
            "consumer_key": "x-consumer-key-0001",
            "consumer_secret": "x-consumer-secret-ZZ9PluralZAlpha",
            "access_token": "1503928374650122240-x-access-token-0001",
            "access_token_secret": "x-access-token-secret-ZZ9PluralZAlpha",
        },
        post_id="1897012345678901234",
        reply_to="1897020000000000202",
        reply_marker="1897020000000000202",
        delete_id="1897012345678901234",
        metrics_id="1897012345678901234",
        metrics={"likes": 41, "shares": 12, "replies": 3, "impressions": 3874},
        first_inbound={"1897019000000000101", "1897020000000000202"},
        second_inbound={"1897025000000000303"},
        hide_id="1897020000000000202",
        search_query="#NursesDay Northshire",
        search_first={"1921490000000000101", "1921500000000000202"},
        search_second={"1921512000000000303"},
    ),
    "bluesky": BlueskyHarness(
        network="bluesky",
        credentials={
            "identifier": "northshirenhs.bsky.social",
            "app_password": "abcd-efgh-ijkl-mnop",
        },
        post_id="at://did:plc:z72i7hdynmk6r22z27h6tvur/app.bsky.feed.post/3lk7xqzv2cs2a",
        reply_to="at://did:plc:vx3bq5v7ep3ykwmfpfk3ss2d/app.bsky.feed.post/3lk7yb2kxqc2d",
        reply_marker="at://did:plc:vx3bq5v7ep3ykwmfpfk3ss2d/app.bsky.feed.post/3lk7yb2kxqc2d",
        delete_id="at://did:plc:z72i7hdynmk6r22z27h6tvur/app.bsky.feed.post/3lk7xqzv2cs2a",
        metrics_id="at://did:plc:z72i7hdynmk6r22z27h6tvur/app.bsky.feed.post/3lk7xqzv2cs2a",
        metrics={"likes": 27, "shares": 9, "replies": 3, "quotes": 1},
        first_inbound={
            "at://did:plc:4mw2l6uqgbnpgwzh5ofuiyd7/app.bsky.feed.post/3lk7y9hrwjs2c",
            "at://did:plc:vx3bq5v7ep3ykwmfpfk3ss2d/app.bsky.feed.post/3lk7yb2kxqc2d",
        },
        second_inbound={"at://did:plc:ur6ytkbbf4j4p4jllbmmehdq/app.bsky.feed.post/3lk7zq4fdxk2e"},
        search_query="Northshire General",
        search_first={
            "at://did:plc:ur6ytkbbf4j4p4jllbmmehdq/app.bsky.feed.post/3lk7zr7tmk42g",
            "at://did:plc:4mw2l6uqgbnpgwzh5ofuiyd7/app.bsky.feed.post/3lk7zn2c5ys2f",
        },
        search_second={"at://did:plc:vx3bq5v7ep3ykwmfpfk3ss2d/app.bsky.feed.post/3lk82c4vyhs2h"},
    ),
    "facebook": Harness(
        network="facebook",
        credentials={"page_access_token": "EAAGfacebookPageToken0001ZZ9PluralZAlpha"},
        extra_options={"page_id": "104857392011234"},
        post_id="104857392011234_948271635109284",
        reply_to="948271635109284_1187346500000202",
        reply_marker="948271635109284_1187346500000202",
        delete_id="104857392011234_948271635109284",
        metrics_id="104857392011234_948271635109284",
        metrics={
            "reactions": 64,
            "comments": 7,
            "shares": 11,
            "views": 4210,
            "reach": 3120,
            "clicks": 96,
        },
        first_inbound={"948271635109284_1187346500000101", "948271635109284_1187346500000202"},
        second_inbound={"948271635109284_1187346500000303"},
        hide_id="948271635109284_1187346500000202",
    ),
    "instagram": Harness(
        network="instagram",
        credentials={"page_access_token": "EAAGinstagramPageToken0001ZZ9PluralZAlpha"},
        extra_options={
            "ig_user_id": IG_USER,
            "page_id": IG_PAGE,
            "username": "northshirenhs",
            "poll_interval": 0,
        },
        post_id=IG_MEDIA,
        reply_to="17858893269000202",
        reply_marker="17858893269000202",
        delete_id=IG_MEDIA,
        metrics_id=IG_MEDIA,
        metrics={
            "views": 5120,
            "reach": 3380,
            "likes": 58,
            "comments": 9,
            "saves": 21,
            "shares": 14,
        },
        first_inbound={"17858893269000101", "17858893269000202", "mention:17934560000000404"},
        second_inbound={"17858893269000303"},
        hide_id="17858893269000202",
        # Graph API throttling: code 4 in the body and the business-use-case usage header
        # (developers.facebook.com/docs/graph-api/overview/rate-limiting), minutes to wait.
        rate_limited=(
            400,
            {
                "X-Business-Use-Case-Usage": json.dumps(
                    {
                        IG_PAGE: [
                            {
                                "type": "instagram",
                                "call_count": 100,
                                "total_cputime": 30,
                                "total_time": 40,
                                "estimated_time_to_regain_access": 3,
                            }
                        ]
                    }
                )
            },
            json.dumps(
                {
                    "error": {
                        "message": "Application request limit reached",
                        "type": "OAuthException",
                        "is_transient": True,
                        "code": 4,
                        "fbtrace_id": "AbCdEfGh",
                    }
                }
            ),
            180,
        ),
    ),
    "threads": Harness(
        network="threads",
        credentials={"access_token": "THAAthreadsLongLivedToken0001ZZ9PluralZAlpha"},
        extra_options={"user_id": THREADS_USER, "username": "northshirenhs", "poll_interval": 0},
        post_id=THREADS_POST,
        reply_to="18051111000000202",
        reply_marker="18051111000000202",
        delete_id=THREADS_POST,
        metrics_id=THREADS_POST,
        metrics={"views": 2870, "likes": 64, "replies": 8, "reposts": 11, "quotes": 2, "shares": 5},
        first_inbound={"18051111000000101", "18051111000000202", "18052222000000404"},
        second_inbound={"18051111000000303"},
        hide_id="18051111000000202",
        media_by_address=True,
        # Threads documents no throttled answer of its own; it answers in the Graph API's error
        # envelope and counts the Graph API's platform allowance, whose documented answer is
        # code 4 (or 17) with X-App-Usage in percent and no time to wait
        # (tests/networks/pinned/threads/rate_limits.json). 403, so that the code decides and
        # not the status; the adapter waits an hour.
        rate_limited=(
            403,
            {"X-App-Usage": json.dumps({"call_count": 100, "total_cputime": 41, "total_time": 57})},
            json.dumps(
                {
                    "error": {
                        "message": "Application request limit reached",
                        "type": "THApiException",
                        "code": 4,
                        "fbtrace_id": "AbCdEfGhThr",
                    }
                }
            ),
            3600,
        ),
    ),
    "youtube": Harness(
        network="youtube",
        credentials={
            "access_token": "ya29.youtubeAccessToken0001ZZ9PluralZAlpha",
            "refresh_token": "1//youtubeRefreshToken0001ZZ9PluralZAlpha",
        },
        extra_options={"channel_id": YOUTUBE_CHANNEL},
        post_id=YOUTUBE_VIDEO,
        reply_to="UgxNorthshire0202AaABAg",
        reply_marker="UgxNorthshire0202AaABAg",
        delete_id=YOUTUBE_VIDEO,
        metrics_id=YOUTUBE_VIDEO,
        metrics={"views": 1843, "likes": 77, "comments": 12},
        first_inbound={"UgxNorthshire0101AaABAg", "UgxNorthshire0202AaABAg"},
        second_inbound={"UgxNorthshire0303AaABAg"},
        hide_id="UgxNorthshire0202AaABAg",
        # Google's own answer when the day's units are spent: 403 quotaExceeded, no header;
        # the wait is until midnight Pacific time.
        rate_limited=(
            403,
            {},
            json.dumps(
                {
                    "error": {
                        "code": 403,
                        "message": "The request cannot be completed because you have exceeded "
                        "your quota.",
                        "errors": [
                            {
                                "message": "The request cannot be completed because you have "
                                "exceeded your quota.",
                                "domain": "youtube.quota",
                                "reason": "quotaExceeded",
                            }
                        ],
                    }
                }
            ),
            _until_youtube_quota_resets,
        ),
    ),
    "google_business": Harness(
        network="google_business",
        credentials={
            "access_token": "ya29.businessAccessToken0001ZZ9PluralZAlpha",
            "refresh_token": "1//businessRefreshToken0001ZZ9PluralZAlpha",
        },
        extra_options={
            "account": "accounts/1098765432",
            "location": "locations/4321987650",
            "title": "Northshire General Hospital",
        },
        post_id=f"{GBP_LOCATION}/localPosts/7311200000000000001",
        reply_to=f"{GBP_LOCATION}/reviews/AbFvOqm0202",
        reply_marker="AbFvOqm0202",
        delete_id=f"{GBP_LOCATION}/localPosts/7311200000000000001",
        metrics_id=GBP_LOCATION,
        metrics={"average_rating_x100": 430, "reviews": 87},
        first_inbound={
            f"{GBP_LOCATION}/reviews/AbFvOqm0101",
            f"{GBP_LOCATION}/reviews/AbFvOqm0202",
            f"{GBP_LOCATION}/reviews/AbFvOqm0250",
        },
        second_inbound={f"{GBP_LOCATION}/reviews/AbFvOqm0303"},
        media_by_address=True,
        # Google's own answer to too many requests: 429 RESOURCE_EXHAUSTED (no header: wait a
        # minute).
        rate_limited=(
            429,
            {},
            json.dumps(
                {
                    "error": {
                        "code": 429,
                        "message": "Quota exceeded for quota metric 'Requests'.",
                        "status": "RESOURCE_EXHAUSTED",
                    }
                }
            ),
            60,
        ),
    ),
    "linkedin": Harness(
        network="linkedin",
        credentials={"access_token": "AQVlinkedinAccessToken0001ZZ9PluralZAlpha"},
        extra_options={"organization": "urn:li:organization:2414183"},
        post_id="urn:li:share:7302054511223988224",
        reply_to="urn:li:share:7302054511223988224",
        reply_marker="urn:li:share:7302054511223988224",
        delete_id="urn:li:share:7302054511223988224",
        metrics_id="urn:li:share:7302054511223988224",
        metrics={
            "reactions": 51,
            "comments": 6,
            "impressions": 2688,
            "reach": 1804,
            "clicks": 61,
            "shares": 5,
        },
        first_inbound={
            "urn:li:comment:(urn:li:activity:7302054510397657088,7302055500000000101)",
            "urn:li:comment:(urn:li:activity:7302054510397657088,7302055500000000202)",
        },
        second_inbound={"urn:li:comment:(urn:li:activity:7302054510397657088,7302055500000000303)"},
    ),
    "rss": RssHarness(
        network="rss",
        credentials={},
        first_inbound={
            "northshire-news-2026-03-01-new-mri-scanner",
            "northshire-news-2026-03-02-flu-clinic",
        },
        second_inbound={"northshire-news-2026-03-03-nutrition-week"},
    ),
    "careopinion": Harness(
        network="careopinion",
        credentials={"subscription_key": "co-subscription-key-0001-ZZ9PluralZAlpha"},
        reply_to="1384255",
        reply_marker="1384255",
        first_inbound={"1384201", "1384255"},
        second_inbound={"1384302"},
    ),
}
