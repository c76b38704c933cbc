"""X (formerly Twitter), through tweepy's API v2 Client.

Credentials, either OAuth 1.0a user context: consumer_key, consumer_secret, access_token,
access_token_secret; or an OAuth 2.0 user access token (PKCE, scopes tweet.read tweet.write
users.read media.write offline.access): bearer_token.
Options: user_id (the account's numeric id; looked up with /2/users/me when absent),
max_characters (280; more for Premium accounts), timeout.

Inbound: mentions (GET /2/users/:id/mentions, since_id cursor). Hiding a reply uses
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
TWEET_FIELDS = [
    "created_at", "author_id", "conversation_id", "in_reply_to_user_id", "referenced_tweets",
    "public_metrics",
]
USER_FIELDS = ["username", "name", "public_metrics"]


@register
class XNetwork(Network):
    name = "x"
    label = "X"
    max_length = X_MAX_WEIGHTED_LENGTH
    supports = frozenset(
        {"fetch", "publish", "reply", "delete", "hide", "metrics", "search", "media"}
    )
    credential_keys = (
        "consumer_key", "consumer_secret", "access_token", "access_token_secret", "bearer_token",
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

    def fetch_inbound(self, cursor: dict[str, Any]) -> InboundBatch:
        user_id = self._me()
        since_id = cursor.get("since_id")
        response = self._read(
            self.client.get_users_mentions,
            user_id,
            since_id=since_id,
            max_results=100,
            tweet_fields=TWEET_FIELDS,
            expansions=["author_id"],
            user_fields=USER_FIELDS,
            user_auth=self.user_auth,
        )
        items = self._items(response, own_id=user_id)
        newest = (response.get("meta") or {}).get("newest_id") or since_id
        return InboundBatch(items=items, cursor={"since_id": newest} if newest else {})

    def search(self, query: str, cursor: dict[str, Any]) -> InboundBatch:
        since_id = cursor.get("since_id")
        response = self._read(
            self.client.search_recent_tweets,
            query,
            since_id=since_id,
            max_results=100,
            tweet_fields=TWEET_FIELDS,
            expansions=["author_id"],
            user_fields=USER_FIELDS,
            user_auth=self.user_auth,
        )
        items = self._items(response, kind="mention")
        newest = (response.get("meta") or {}).get("newest_id") or since_id
        return InboundBatch(items=items, cursor={"since_id": newest} if newest else {})

    def _items(self, response: dict, own_id: str = "", kind: str = "") -> list[InboundItem]:
        users = {u["id"]: u for u in (response.get("includes") or {}).get("users", [])}
        items = []
        for tweet in response.get("data") or []:
            user = users.get(tweet.get("author_id"), {})
            references = tweet.get("referenced_tweets") or []
            replied_to = next((r["id"] for r in references if r["type"] == "replied_to"), "")
            metrics = tweet.get("public_metrics") or {}
            items.append(
                InboundItem(
                    network_id=str(tweet["id"]),
                    kind=kind or ("reply" if replied_to else "mention"),
                    text=tweet.get("text", ""),
                    author=Author(
                        network_user_id=str(tweet.get("author_id", "")),
                        handle="@" + str(user.get("username", tweet.get("author_id", ""))),
                        name=str(user.get("name", "")),
                        followers=(user.get("public_metrics") or {}).get("followers_count"),
                    ),
                    created_at=_as_datetime(tweet.get("created_at")),
                    thread_key=f"x:{tweet.get('conversation_id') or tweet['id']}",
                    url=f"https://x.com/{user.get('username', 'i')}/status/{tweet['id']}",
                    in_reply_to=replied_to,
                    metrics={k.removesuffix("_count"): int(v) for k, v in metrics.items()},
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
                self.client.consumer_key, self.client.consumer_secret,
                self.client.access_token, self.client.access_token_secret,
            ).apply_auth()
        else:
            headers["Authorization"] = f"Bearer {self.client.bearer_token}"

        def send() -> dict:
            response = self.client.session.request(
                method, MEDIA_HOST + path, headers=headers, auth=auth, timeout=self.timeout,
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
        response = self._read(
            self.client.get_tweet,
            network_id,
            tweet_fields=["public_metrics", "created_at"],
            user_auth=self.user_auth,
        )
        metrics = (response.get("data") or {}).get("public_metrics") or {}
        return {
            "likes": int(metrics.get("like_count", 0)),
            "shares": int(metrics.get("retweet_count", 0)),
            "replies": int(metrics.get("reply_count", 0)),
            "quotes": int(metrics.get("quote_count", 0)),
            "bookmarks": int(metrics.get("bookmark_count", 0)),
            "impressions": int(metrics.get("impression_count", 0)),
        }


def _as_datetime(value: Any) -> datetime:
    if not value:
        return datetime.now(UTC)
    return datetime.fromisoformat(str(value).replace("Z", "+00:00"))
