"""Threads profiles, through the Threads API (graph.threads.net, developers.facebook.com/docs/
threads).

Credentials: access_token (a long-lived Threads user token, 60 days, renewed by the desk before
it ends; refresh_token holds the same long-lived token, which is what Threads refreshes with).
Scopes: threads_basic, threads_content_publish, threads_read_replies, threads_manage_replies,
threads_manage_insights, threads_manage_mentions, threads_delete.
Options: user_id (required), username, api_base, api_version ("v1.0"), poll_interval and
poll_attempts, recent_posts (how many of the profile's posts are read for replies), timeout,
retries.

Publishing goes through media containers, as on Instagram: create (POST /{user}/threads), poll
its status until FINISHED, publish (POST /{user}/threads_publish). A container that ends in
ERROR is a permanent NetworkError with Threads' error_message; nothing is published. Text posts
(500 characters, an emoji counting as its UTF-8 bytes), an image or a video with alt text, or a
carousel of 2 to 20. Threads fetches media from a public address: a Media without `url` is
refused, plainly, before anything is sent. A reply is a post with reply_to_id.

Limits (developers.facebook.com/docs/threads/overview#rate-limiting; what the desk relies on is
pinned in tests/networks/pinned/threads/rate_limits.json): a profile publishes at most 250
posts, 1,000 replies and 100 deletions in a moving 24 hours; the adapter reads them from
threads_publishing_limit before each post, reply or deletion and one over its limit waits.
Calls are counted per app and profile over a rolling 24 hours (4,800 × the profile's
impressions, at least 10). Threads documents no rate-limit header and no wait: a throttled
call (Graph error code 4 or 17, or HTTP 429; the X-App-Usage header, where sent, gives the
allowance used in percent) waits Retry-After if given, else an hour.

Inbound: replies in the conversations of the profile's recent posts, and mentions. Replies can
be hidden (manage_reply), posts deleted. Metrics from media insights: views, likes, replies,
reposts, quotes, shares. No idempotency key: find_published returns None.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sociable.networks import http, meta_containers
from sociable.networks.base import (
    Author,
    Draft,
    InboundBatch,
    InboundItem,
    Media,
    Network,
    NetworkError,
    Published,
    newer_than_cursor,
)
from sociable.networks.facebook import _as_datetime, graph_errors
from sociable.networks.meta_containers import edge_items
from sociable.networks.registry import register
from sociable.networks.text import threads_length

API = "https://graph.threads.net"
DEFAULT_VERSION = "v1.0"
MAX_LENGTH = 500
MAX_CAROUSEL = 20
# Per profile in a moving 24 hours, when Threads does not say (threads_publishing_limit).
POSTS_PER_DAY, REPLIES_PER_DAY, DELETIONS_PER_DAY = 250, 1000, 100
# A throttled call with no Retry-After: the allowance is counted over a rolling 24 hours and
# Threads says no time, so the call waits an hour and is tried again.
THROTTLE_WAIT = 3600.0
QUOTA_FIELDS = "quota_usage,config,reply_quota_usage,reply_config,delete_quota_usage,delete_config"
INSIGHTS = ("views", "likes", "replies", "reposts", "quotes", "shares")
REPLY_FIELDS = "id,text,username,permalink,timestamp,is_reply,replied_to,root_post,hide_status"


@register
class ThreadsNetwork(Network):
    name = "threads"
    label = "Threads"
    max_length = MAX_LENGTH
    supports = frozenset({"fetch", "publish", "reply", "delete", "hide", "metrics", "media"})
    credential_keys = ("access_token",)

    def __init__(self, credentials, options=None):
        super().__init__(credentials, options)
        self.user_id = str(self.options.get("user_id") or "")
        if not self.user_id:
            raise NetworkError("A Threads account needs its user_id.", permanent=True)
        self.username = str(self.options.get("username") or "").lstrip("@")
        version = str(self.options.get("api_version") or DEFAULT_VERSION)
        base = str(self.options.get("api_base") or API).rstrip("/")
        self.poll_interval = float(self.options.get("poll_interval", 2.0))
        self.poll_attempts = max(1, int(self.options.get("poll_attempts", 30)))
        self.recent_posts = max(1, min(25, int(self.options.get("recent_posts", 10))))
        token = credentials.get("access_token")
        self.http = http.client_for(
            self.label,
            f"{base}/{version}/",
            self.options,
            headers={"Authorization": f"Bearer {token}"},
            secrets=[token],
            classify=graph_errors(self.label, "this account", throttle_wait=THROTTLE_WAIT),
        )

    def __repr__(self) -> str:
        return f"<ThreadsNetwork user={self.user_id}>"

    @classmethod
    def count_length(cls, text: str) -> int:
        return threads_length(text)

    # Inbound --------------------------------------------------------------------------------

    def fetch_inbound(self, cursor: dict[str, Any]) -> InboundBatch:
        # A mention can also be a reply: it is given once.
        return newer_than_cursor(
            [*self._replies(), *self._mentions()],
            cursor,
            keep=lambda item: not item.extra.get("own") and bool(item.text.strip()),
        )

    def _replies(self) -> list[InboundItem]:
        posts = self.http.get(
            f"{self.user_id}/threads",
            params={"fields": "id,permalink,timestamp", "limit": self.recent_posts},
        )
        items = []
        for post in edge_items(posts):
            replies = self.http.get(
                f"{post['id']}/conversation", params={"fields": REPLY_FIELDS, "reverse": "false"}
            )
            for reply in edge_items(replies):
                items.append(self._item(reply, "reply", str(post.get("permalink") or "")))
        return items

    def _mentions(self) -> list[InboundItem]:
        data = self.http.get(
            f"{self.user_id}/mentions",
            params={"fields": "id,text,username,permalink,timestamp,is_reply,replied_to,root_post"},
        )
        return [self._item(media, "mention") for media in edge_items(data)]

    def _item(self, media: dict, kind: str, fallback_url: str = "") -> InboundItem:
        handle = str(media.get("username") or "")
        parent = str((media.get("replied_to") or {}).get("id") or "")
        root = str((media.get("root_post") or {}).get("id") or "")
        thread = parent if parent and parent != root else str(media["id"])
        return InboundItem(
            network_id=str(media["id"]),
            kind=kind,
            text=str(media.get("text") or ""),
            author=Author(
                network_user_id=handle,
                handle=f"@{handle}" if handle else "Threads user",
                name=handle,
            ),
            created_at=_as_datetime(media["timestamp"]),
            thread_key=f"threads:{thread}",
            url=str(media.get("permalink") or fallback_url),
            in_reply_to=parent,
            extra={
                "own": bool(self.username) and handle.lower() == self.username.lower(),
                "hidden": str(media.get("hide_status") or "") == "HIDDEN",
            },
        )

    # Publishing -----------------------------------------------------------------------------

    def publish(self, draft: Draft) -> Published:
        if not draft.text.strip() and not draft.media:
            raise NetworkError("Threads refuses an empty post.", permanent=True)
        self.check_length(draft.text)
        if len(draft.media) > MAX_CAROUSEL:
            raise NetworkError(
                f"A Threads carousel takes at most {MAX_CAROUSEL} images or videos.", permanent=True
            )
        for media in draft.media:
            if not media.alt_text.strip():
                raise NetworkError("Every image or video needs alt text.", permanent=True)
            if not media.url.startswith("https://") and not media.url.startswith("http://"):
                raise NetworkError(
                    "Threads fetches images and videos from a public address, and this one "
                    f"({media.filename}) has none: publish it without the media, or ask whoever "
                    "runs Sociable to make media links public.",
                    permanent=True,
                )
            if not media.content_type.startswith(("image/", "video/")):
                raise NetworkError(f"Threads cannot publish {media.content_type}.", permanent=True)
        self._within_publishing_limit(reply=bool(draft.in_reply_to))
        common: dict[str, Any] = {}
        if draft.in_reply_to:
            common["reply_to_id"] = draft.in_reply_to
        if len(draft.media) > 1:
            children = [
                self._container(self._media_body(m, carousel_item=True)) for m in draft.media
            ]
            container = self._container(
                {
                    "media_type": "CAROUSEL",
                    "children": ",".join(children),
                    "text": draft.text,
                    **common,
                }
            )
        elif draft.media:
            container = self._container(
                {**self._media_body(draft.media[0]), "text": draft.text, **common}
            )
        else:
            container = self._container({"media_type": "TEXT", "text": draft.text, **common})
        created = self.http.post(f"{self.user_id}/threads_publish", data={"creation_id": container})
        media_id = str(created["id"])
        return Published(
            network_id=media_id, url=self._permalink(media_id), published_at=datetime.now(UTC)
        )

    @staticmethod
    def _media_body(media: Media, carousel_item: bool = False) -> dict[str, Any]:
        video = media.content_type.startswith("video/")
        body = {
            "media_type": "VIDEO" if video else "IMAGE",
            "video_url" if video else "image_url": media.url,
            "alt_text": media.alt_text,
        }
        if carousel_item:
            body["is_carousel_item"] = "true"
        return body

    def _container(self, body: dict[str, Any]) -> str:
        container = str(self.http.post(f"{self.user_id}/threads", data=body)["id"])
        meta_containers.wait_until_ready(
            self.http,
            container,
            meta_containers.THREADS_STATUS,
            label=self.label,
            what="this post",
            upload="the post",
            attempts=self.poll_attempts,
            interval=self.poll_interval,
        )
        return container

    def _permalink(self, media_id: str) -> str:
        return meta_containers.permalink(
            self.http, media_id, f"https://www.threads.net/@{self.username}"
        )

    def publishing_limit(self) -> dict[str, int]:
        """Posts, replies and deletions the profile may make through the API in 24 hours, and
        has made."""
        data = self.http.get(
            f"{self.user_id}/threads_publishing_limit", params={"fields": QUOTA_FIELDS}
        )
        entry = meta_containers.quota_entry(data)
        used, total, _ = meta_containers.quota(entry, "", POSTS_PER_DAY)
        replies_used, replies_total, _ = meta_containers.quota(entry, "reply_", REPLIES_PER_DAY)
        deletes_used, deletes_total, _ = meta_containers.quota(entry, "delete_", DELETIONS_PER_DAY)
        return {
            "used": used,
            "limit": total,
            "replies_used": replies_used,
            "replies_limit": replies_total,
            "deletions_used": deletes_used,
            "deletions_limit": deletes_total,
        }

    def _within_publishing_limit(self, *, reply: bool = False, deletion: bool = False) -> None:
        limit = self.publishing_limit()
        kind = "deletions" if deletion else "replies" if reply else "posts"
        used, total = {
            "posts": (limit["used"], limit["limit"]),
            "replies": (limit["replies_used"], limit["replies_limit"]),
            "deletions": (limit["deletions_used"], limit["deletions_limit"]),
        }[kind]
        if used >= total:
            raise NetworkError(
                f"Threads allows {total} {kind} in 24 hours through its API and "
                "this profile has used them all; it waits for a free one.",
                retry_after=3600,
            )

    # Moderation, metrics --------------------------------------------------------------------

    def delete(self, network_id: str) -> None:
        self._within_publishing_limit(deletion=True)
        self.http.delete(network_id)

    def hide(self, network_id: str, hidden: bool = True) -> None:
        self.http.post(f"{network_id}/manage_reply", data={"hide": "true" if hidden else "false"})

    def metrics(self, network_id: str) -> dict[str, int]:
        data = self.http.get(f"{network_id}/insights", params={"metric": ",".join(INSIGHTS)})
        values = meta_containers.insight_values(data)
        return {name: value for name, value in values.items() if name in INSIGHTS}
