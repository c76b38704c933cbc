"""X (formerly Twitter), through tweepy's API v2 Client.

Credentials, either OAuth 1.0a user context: consumer_key, consumer_secret, access_token,
access_token_secret; or an OAuth 2.0 user access token (PKCE, scopes tweet.read tweet.write
users.read media.write offline.access): bearer_token.
Options: user_id (the account's numeric id; looked up with /2/users/me when absent),
max_characters (280; more for Premium accounts), timeout.

Inbound: mentions (GET /2/users/:id/mentions, since_id cursor); listening: recent search
(GET /2/tweets/search/recent). Field names: X API v2.167 renamed "tweet" to "post"
(`post.fields`, `referenced_posts`, `repost_count`, `post_count`); the previous spec used
`tweet.fields`, `referenced_tweets`, `retweet_count`. Reads are sent in the current naming
(option field_names: "post", or "tweet" for the previous one); if X refuses those parameter
names, the adapter switches to the other naming once and remembers it. Responses are read in
whichever naming they carry. Hiding a reply uses
PUT /2/tweets/:id/hidden. Images are uploaded with POST /2/media/upload and their alt text set
with POST /2/media/metadata. X keeps no idempotency key: a publish whose outcome is unknown
cannot be read back safely (find_published returns None) and must be held for a person; X
itself refuses a second post with exactly the same text.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

import requests
import tweepy

from sociable.networks import http
from sociable.networks.base import (
    Author,
    Draft,
    InboundBatch,
    InboundItem,
    Network,
    NetworkError,
    Published,
)
from sociable.networks.registry import register
from sociable.networks.text import X_MAX_WEIGHTED_LENGTH, x_weighted_length

T = TypeVar("T")

MEDIA_HOST = "https://api.x.com"
USER_FIELDS = "username,name,public_metrics"
# What each naming of the API v2 asks for when reading posts (mentions, search, one post).
# v2.167 ("post"): author, reply target and references are expansions, not post fields.
# Before it ("tweet"): they were tweet fields, and only the author was expanded.
# The parameters of each read, in each naming; and the parameter X names when it refuses one.
FIELD_NAMES: dict[str, dict[str, dict[str, str]]] = {
    "post": {
        "inbound": {
            "post.fields": "created_at,conversation_id,public_metrics",
            "expansions": "author_id,in_reply_to_user_id,referenced_posts",
            "user.fields": USER_FIELDS,
        },
        "metrics": {"post.fields": "public_metrics,created_at"},
    },
    "tweet": {
        "inbound": {
            "tweet.fields": "created_at,author_id,conversation_id,in_reply_to_user_id,"
            "referenced_tweets,public_metrics",
            "expansions": "author_id",
            "user.fields": USER_FIELDS,
        },
        "metrics": {"tweet.fields": "public_metrics,created_at"},
    },
}
FIELDS_PARAM = {"post": "post.fields", "tweet": "tweet.fields"}


@register
class XNetwork(Network):
    name = "x"
    label = "X"
    max_length = X_MAX_WEIGHTED_LENGTH
    supports = frozenset(
        {"fetch", "publish", "reply", "delete", "hide", "metrics", "search", "media"}
    )
    credential_keys = (
        "consumer_key",
        "consumer_secret",
        "access_token",
        "access_token_secret",
        "bearer_token",
    )

    def __init__(self, credentials, options=None):
        super().__init__(credentials, options)
        values = {k: credentials.get(k) or None for k in self.credential_keys}
        http.remember_secrets(v for v in values.values() if v)
        self.user_auth = bool(values["access_token"] and values["access_token_secret"])
        if not self.user_auth and not values["bearer_token"]:
            raise NetworkError(
                "An X account needs OAuth 1.0a user tokens or an OAuth 2.0 user access token.",
                reconnect=True,
            )
        self.max_length = int(self.options.get("max_characters") or X_MAX_WEIGHTED_LENGTH)
        self.timeout = float(self.options.get("timeout", http.DEFAULT_TIMEOUT))
        self.client = tweepy.Client(**values, return_type=dict, wait_on_rate_limit=False)
        self.client.session = http.requests_session(network=self.label, timeout=self.timeout)
        self._user_id = str(self.options.get("user_id") or "")
        naming = str(self.options.get("field_names") or "post")
        self.field_names = naming if naming in FIELD_NAMES else "post"

    def __repr__(self) -> str:
        return f"<XNetwork user_id={self._user_id or '?'}>"

    @classmethod
    def count_length(cls, text: str) -> int:
        return x_weighted_length(text)

    # Calls ----------------------------------------------------------------------------------

    def _call(self, function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        try:
            return function(*args, **kwargs)
        except NetworkError:
            raise
        except tweepy.TweepyException as exc:
            raise self._error(exc) from None
        except requests.exceptions.Timeout:
            raise http.timeout_error(self.label) from None
        except requests.exceptions.RequestException as exc:
            if isinstance(exc.__context__, NetworkError):
                raise exc.__context__ from None
            if isinstance(exc, requests.exceptions.JSONDecodeError):
                raise http.malformed_error(self.label) from None
            raise http.connection_error(self.label, exc) from None
        except ValueError:  # a 2xx body that is not JSON
            raise http.malformed_error(self.label) from None

    def _read(self, function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        return http.retrying(lambda: self._call(function, *args, **kwargs), self.options)

    def _error(self, exc: tweepy.TweepyException) -> NetworkError:
        if not isinstance(exc, tweepy.HTTPException):
            return NetworkError(f"{self.label}: {http.redact(type(exc).__name__)}.")
        response = exc.response
        status = getattr(response, "status_code", None) or 500
        detail = "; ".join(exc.api_messages or exc.api_errors and [str(exc.api_errors[0])] or [])
        headers = dict(getattr(response, "headers", {}) or {})
        duplicate = "duplicate" in detail.lower()
        return http.error_for_status(
            status,
            network=self.label,
            detail=detail,
            headers=headers,
            forbidden_means_reconnect=not duplicate,
        )

    def _me(self) -> str:
        if not self._user_id:
            me = self._read(self.client.get_me, user_auth=self.user_auth)
            self._user_id = str(me["data"]["id"])
        return self._user_id

    # Inbound --------------------------------------------------------------------------------

    def _get(self, route: str, purpose: str, params: dict[str, Any]) -> dict:
        """A read with the post field parameters in this adapter's naming; if X refuses the
        naming (an unknown parameter), the other one is tried once and kept."""
        try:
            return self._read(
                self._request, route, {**params, **FIELD_NAMES[self.field_names][purpose]}
            )
        except NetworkError as exc:
            other = "tweet" if self.field_names == "post" else "post"
            named = FIELDS_PARAM[self.field_names]
            if exc.status != 400 or named not in str(exc):
                raise
            self.field_names = other
            return self._read(self._request, route, {**params, **FIELD_NAMES[other][purpose]})

    def _request(self, route: str, params: dict[str, Any]) -> dict:
        response = self.client.request("GET", route, params=params, user_auth=self.user_auth)
        return response.json()

    def fetch_inbound(self, cursor: dict[str, Any]) -> InboundBatch:
        user_id = self._me()
        since_id = cursor.get("since_id")
        params: dict[str, Any] = {"max_results": 100}
        if since_id:
            params["since_id"] = since_id
        response = self._get(f"/2/users/{user_id}/mentions", "inbound", params)
        items = self._items(response, own_id=user_id)
        newest = (response.get("meta") or {}).get("newest_id") or since_id
        return InboundBatch(items=items, cursor={"since_id": newest} if newest else {})

    def search(self, query: str, cursor: dict[str, Any]) -> InboundBatch:
        since_id = cursor.get("since_id")
        params: dict[str, Any] = {"query": query, "max_results": 100}
        if since_id:
            params["since_id"] = since_id
        response = self._get("/2/tweets/search/recent", "inbound", params)
        items = self._items(response, kind="mention")
        newest = (response.get("meta") or {}).get("newest_id") or since_id
        return InboundBatch(items=items, cursor={"since_id": newest} if newest else {})

    def _items(self, response: dict, own_id: str = "", kind: str = "") -> list[InboundItem]:
        users = {u["id"]: u for u in (response.get("includes") or {}).get("users", [])}
        items = []
        for post in response.get("data") or []:
            if not isinstance(post, dict) or "id" not in post:
                continue
            user = users.get(post.get("author_id"), {})
            references = _references(post)
            replied_to = next(
                (str(r.get("id")) for r in references if r.get("type") == "replied_to"), ""
            )
            items.append(
                InboundItem(
                    network_id=str(post["id"]),
                    kind=kind or ("reply" if replied_to else "mention"),
                    text=post.get("text", ""),
                    author=Author(
                        network_user_id=str(post.get("author_id", "")),
                        handle="@" + str(user.get("username", post.get("author_id", ""))),
                        name=str(user.get("name", "")),
                        followers=(user.get("public_metrics") or {}).get("followers_count"),
                    ),
                    created_at=_as_datetime(post.get("created_at")),
                    thread_key=f"x:{post.get('conversation_id') or post['id']}",
                    url=f"https://x.com/{user.get('username', 'i')}/status/{post['id']}",
                    in_reply_to=replied_to,
                    metrics=_public_metrics(post.get("public_metrics") or {}),
                )
            )
        items.sort(key=lambda item: item.created_at)
        return items

    # Publishing -----------------------------------------------------------------------------

    def publish(self, draft: Draft) -> Published:
        if not draft.text.strip() and not draft.media:
            raise NetworkError("X refuses an empty post.", permanent=True)
        self.check_length(draft.text)
        for media in draft.media:
            if not media.alt_text.strip():
                raise NetworkError("Every image needs alt text.", permanent=True)
        media_ids = [self._upload(media) for media in draft.media]
        response = self._call(
            self.client.create_tweet,
            text=draft.text,
            media_ids=media_ids or None,
            in_reply_to_tweet_id=draft.in_reply_to or None,
            user_auth=self.user_auth,
        )
        tweet_id = str(response["data"]["id"])
        return Published(
            network_id=tweet_id,
            url=f"https://x.com/i/web/status/{tweet_id}",
            published_at=datetime.now(UTC),
        )

    def _upload(self, media) -> str:
        category = "tweet_gif" if media.content_type == "image/gif" else "tweet_image"
        if media.content_type.startswith("video/"):
            category = "tweet_video"
        uploaded = self._raw(
            "POST",
            "/2/media/upload",
            files={"media": (media.filename, media.data, media.content_type)},
            data={"media_category": category},
        )
        media_id = str(uploaded["data"]["id"])
        self._raw(
            "POST",
            "/2/media/metadata",
            json={"id": media_id, "metadata": {"alt_text": {"text": media.alt_text[:1000]}}},
        )
        return media_id

    def _raw(self, method: str, path: str, **kwargs: Any) -> dict:
        """A request tweepy's v2 Client has no method for (media upload), with its auth."""
        headers = {"User-Agent": self.client.user_agent}
        auth = None
        if self.user_auth:
            auth = tweepy.OAuth1UserHandler(
                self.client.consumer_key,
                self.client.consumer_secret,
                self.client.access_token,
                self.client.access_token_secret,
            ).apply_auth()
        else:
            headers["Authorization"] = f"Bearer {self.client.bearer_token}"

        def send() -> dict:
            response = self.client.session.request(
                method,
                MEDIA_HOST + path,
                headers=headers,
                auth=auth,
                timeout=self.timeout,
                **kwargs,
            )
            if response.status_code >= 400:
                raise http.error_for_status(
                    response.status_code,
                    network=self.label,
                    detail=http.error_detail(response.content),
                    headers=response.headers,
                )
            try:
                return response.json()
            except ValueError:
                raise http.malformed_error(self.label) from None

        return self._call(send)

    def delete(self, network_id: str) -> None:
        self._call(self.client.delete_tweet, network_id, user_auth=self.user_auth)

    def hide(self, network_id: str, hidden: bool = True) -> None:
        method = self.client.hide_reply if hidden else self.client.unhide_reply
        self._call(method, network_id, user_auth=self.user_auth)

    def metrics(self, network_id: str) -> dict[str, int]:
        response = self._get(f"/2/tweets/{network_id}", "metrics", {})
        counts = _public_metrics((response.get("data") or {}).get("public_metrics") or {})
        return {
            "likes": counts.get("like", 0),
            "shares": counts.get("repost", 0),
            "replies": counts.get("reply", 0),
            "quotes": counts.get("quote", 0),
            "bookmarks": counts.get("bookmark", 0),
            "impressions": counts.get("impression", 0),
        }


def _references(post: dict) -> list[dict]:
    """The posts this one refers to, in either naming (referenced_posts / referenced_tweets)."""
    references = post.get("referenced_posts") or post.get("referenced_tweets") or []
    return [r for r in references if isinstance(r, dict)]


def _public_metrics(metrics: dict) -> dict[str, int]:
    """Counts without the `_count` suffix, reposts under one name whichever naming X used."""
    counts = {}
    for key, value in metrics.items():
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            continue
        try:
            number = int(value)
        except ValueError:
            continue
        name = key.removesuffix("_count")
        counts["repost" if name == "retweet" else name] = number
    return counts


def _as_datetime(value: Any) -> datetime:
    if not value:
        return datetime.now(UTC)
    return datetime.fromisoformat(str(value).replace("Z", "+00:00"))
