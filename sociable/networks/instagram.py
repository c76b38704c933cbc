"""Instagram professional accounts, through the Instagram Graph API with Facebook Login.

An Instagram professional (business or creator) account is linked to a Facebook Page; the desk
connects it with the same Facebook Login and developer app as the Pages (networks/oauth.py
InstagramFlow) and acts with that Page's token.

Credentials: page_access_token (of the linked Page; instagram_basic, instagram_content_publish,
instagram_manage_comments, instagram_manage_insights, pages_read_engagement, pages_manage_posts;
instagram_manage_messages for direct messages).
Options: ig_user_id (required), page_id (the linked Page), username, messaging (the person
granted instagram_manage_messages when connecting), graph_version, api_base, upload_base
(rupload.facebook.com), poll_interval and poll_attempts (how long a container may process),
timeout, retries.

Publishing goes through media containers (developers.facebook.com/docs/instagram-platform/
content-publishing): create a container, poll its status_code until FINISHED, then
media_publish it. A container that ends in ERROR or EXPIRED is a clear NetworkError and nothing
is published. Instagram takes no text-only post:

- an image: Instagram fetches images from a public address, so the image is first uploaded to
  the linked Page as an unpublished, temporary photo and the container is given that photo's
  address on Facebook's servers (removed again once published); alt text goes to `alt_text`;
- a video: a reel, uploaded to rupload.facebook.com (resumable upload);
- two to ten images or videos: a carousel (a container per item, then a CAROUSEL container).

The text is the caption (2,200 characters, at most 30 hashtags and 20 @mentions). Instagram
publishes at most 25 posts per account in 24 hours through its API: the limit is read
(content_publishing_limit) before each post and a post over it waits until a slot frees.

Inbound: comments (and replies) on the account's recent media; media the account is tagged in
(/tags) as mentions (an @mention in another account's caption reaches apps only by webhook,
which a self-hosted desk behind a firewall does not receive); direct messages only when the
messaging permission was granted (otherwise they are not fetched and answering one raises
Unsupported, saying why).
Replies: to a comment (/replies), to a mention (/{ig-user}/mentions), to a direct message
(the Page's /messages, platform Instagram). Comments can be hidden and unhidden, media and
comments deleted. Metrics per post from media insights: views, reach, likes, comments, saves,
shares (Meta withdrew `impressions` for media in 2025; views replace it).
The Graph API keeps no idempotency key: find_published returns None (the publisher holds an
unknown outcome for a person).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
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
    Unsupported,
    newer_than_cursor,
)
from sociable.networks.facebook import DEFAULT_VERSION, GRAPH, _as_datetime, graph_errors
from sociable.networks.meta_containers import edge_items
from sociable.networks.registry import register
from sociable.networks.text import character_length, instagram_problems

UPLOAD = "https://rupload.facebook.com"
MAX_LENGTH = 2200
MAX_CAROUSEL = 10
PUBLISHING_LIMIT = 25  # posts per 24 hours, when Instagram does not say
# Media insights asked for, and the desk's name for each (reports read "views" as impressions).
INSIGHTS = {
    "views": "views",
    "reach": "reach",
    "likes": "likes",
    "comments": "comments",
    "saved": "saves",
    "shares": "shares",
}
# error_subcode 2207042: the account reached its publishing limit.
LIMIT_SUBCODES = frozenset({2207042})
COMMENT_FIELDS = "id,text,timestamp,username,from,parent_id,like_count,hidden"
MESSAGING_PERMISSION = "instagram_manage_messages"


@register
class InstagramNetwork(Network):
    name = "instagram"
    label = "Instagram"
    max_length = MAX_LENGTH
    supports = frozenset({"fetch", "publish", "reply", "delete", "hide", "metrics", "media"})
    requires = "media"
    credential_keys = ("page_access_token",)

    def __init__(self, credentials, options=None):
        super().__init__(credentials, options)
        self.ig_user_id = str(self.options.get("ig_user_id") or "")
        if not self.ig_user_id:
            raise NetworkError("An Instagram account needs its ig_user_id.", permanent=True)
        self.page_id = str(self.options.get("page_id") or "")
        self.username = str(self.options.get("username") or "")
        self.messaging = bool(self.options.get("messaging"))
        self.version = str(self.options.get("graph_version") or DEFAULT_VERSION)
        base = str(self.options.get("api_base") or GRAPH).rstrip("/")
        self.upload_base = str(
            self.options.get("upload_base") or self.options.get("api_base") or UPLOAD
        ).rstrip("/")
        self.poll_interval = float(self.options.get("poll_interval", 3.0))
        self.poll_attempts = max(1, int(self.options.get("poll_attempts", 40)))
        self.token = credentials.get("page_access_token")
        self.http = http.client_for(
            self.label,
            f"{base}/{self.version}/",
            self.options,
            headers={"Authorization": f"Bearer {self.token}"},
            secrets=[self.token],
            classify=graph_errors(self.label, "this account", extra_throttle=LIMIT_SUBCODES),
        )

    def __repr__(self) -> str:
        return f"<InstagramNetwork ig_user={self.ig_user_id}>"

    @classmethod
    def count_length(cls, text: str) -> int:
        return character_length(text)

    @classmethod
    def text_problems(cls, text: str) -> list[str]:
        return instagram_problems(text)

    # Inbound --------------------------------------------------------------------------------

    def fetch_inbound(self, cursor: dict[str, Any]) -> InboundBatch:
        found = [*self._comments(), *self._mentions(), *(self._directs() if self.messaging else [])]
        return newer_than_cursor(found, cursor, keep=lambda item: not item.extra.get("own"))

    def _comments(self) -> list[InboundItem]:
        fields = (
            f"id,caption,permalink,timestamp,comments.limit(50){{{COMMENT_FIELDS},"
            f"replies.limit(50){{{COMMENT_FIELDS}}}}}"
        )
        data = self.http.get(f"{self.ig_user_id}/media", params={"fields": fields, "limit": 10})
        items = []
        for media in edge_items(data):
            for comment in edge_items(media.get("comments")):
                items.append(self._comment_item(comment, media))
                for reply in edge_items(comment.get("replies")):
                    items.append(self._comment_item(reply, media, parent=str(comment["id"])))
        return items

    def _comment_item(self, comment: dict, media: dict, parent: str = "") -> InboundItem:
        sender = comment.get("from") or {}
        handle = str(comment.get("username") or sender.get("username") or "")
        parent = str(comment.get("parent_id") or parent)
        own = str(sender.get("id", "")) == self.ig_user_id or (
            self.username and handle.lower() == self.username.lower().lstrip("@")
        )
        return InboundItem(
            network_id=str(comment["id"]),
            kind="reply" if parent else "comment",
            text=str(comment.get("text") or ""),
            author=Author(
                network_user_id=str(sender.get("id", "")),
                handle=f"@{handle}" if handle else "Instagram user",
                name=handle,
            ),
            created_at=_as_datetime(comment["timestamp"]),
            thread_key=f"instagram:{parent or comment['id']}",
            url=str(media.get("permalink") or ""),
            in_reply_to=parent or str(media.get("id", "")),
            metrics={"likes": int(comment.get("like_count") or 0)},
            extra={
                "hidden": bool(comment.get("hidden")),
                "own": bool(own),
                "media_caption": str(media.get("caption") or "")[:300],
            },
        )

    def _mentions(self) -> list[InboundItem]:
        data = self.http.get(
            f"{self.ig_user_id}/tags",
            params={"fields": "id,caption,username,timestamp,permalink", "limit": 25},
        )
        items = []
        for media in edge_items(data):
            handle = str(media.get("username") or "")
            items.append(
                InboundItem(
                    network_id=f"mention:{media['id']}",
                    kind="mention",
                    text=str(media.get("caption") or ""),
                    author=Author(
                        network_user_id="",
                        handle=f"@{handle}" if handle else "Instagram user",
                        name=handle,
                    ),
                    created_at=_as_datetime(media["timestamp"]),
                    thread_key=f"instagram:mention:{media['id']}",
                    url=str(media.get("permalink") or ""),
                )
            )
        return [item for item in items if item.text.strip()]

    def _directs(self) -> list[InboundItem]:
        if not self.page_id:
            return []
        data = self.http.get(
            f"{self.page_id}/conversations",
            params={
                "platform": "instagram",
                "fields": "id,updated_time,messages.limit(20){id,message,created_time,from}",
            },
        )
        items = []
        for conversation in edge_items(data):
            for message in edge_items(conversation.get("messages")):
                sender = message.get("from") or {}
                handle = str(sender.get("username") or "")
                own = str(sender.get("id", "")) in (self.ig_user_id, self.page_id) or (
                    self.username and handle.lower() == self.username.lower().lstrip("@")
                )
                items.append(
                    InboundItem(
                        network_id=f"dm:{message['id']}",
                        kind="direct",
                        text=str(message.get("message") or ""),
                        author=Author(
                            network_user_id=str(sender.get("id", "")),
                            handle=f"@{handle}" if handle else "Instagram user",
                            name=handle,
                        ),
                        created_at=_as_datetime(message["created_time"]),
                        thread_key=f"instagram:dm:{conversation['id']}",
                        extra={"own": bool(own)},
                    )
                )
        return [item for item in items if item.text.strip()]

    # Publishing -----------------------------------------------------------------------------

    def publish(self, draft: Draft) -> Published:
        if draft.in_reply_to:
            return self.reply(draft)
        self.check_length(draft.text)
        if not draft.media:
            raise NetworkError(
                "Instagram posts need an image or a video; add one, or leave "
                "Instagram out of this post.",
                permanent=True,
            )
        if len(draft.media) > MAX_CAROUSEL:
            raise NetworkError(
                f"An Instagram carousel takes at most {MAX_CAROUSEL} images or videos.",
                permanent=True,
            )
        for media in draft.media:
            if not media.content_type.startswith(("image/", "video/")):
                raise NetworkError(
                    f"Instagram cannot publish {media.content_type}.", permanent=True
                )
            if media.content_type.startswith("image/") and not media.alt_text.strip():
                raise NetworkError("Every image needs alt text.", permanent=True)
        self._within_publishing_limit()
        staged: list[str] = []
        try:
            if len(draft.media) == 1:
                container = self._container(draft.media[0], staged, caption=draft.text)
            else:
                children = [
                    self._container(media, staged, carousel_item=True) for media in draft.media
                ]
                container = self.http.post(
                    f"{self.ig_user_id}/media",
                    data={
                        "media_type": "CAROUSEL",
                        "children": ",".join(children),
                        "caption": draft.text,
                    },
                )["id"]
                self._wait_for(str(container))
            created = self.http.post(
                f"{self.ig_user_id}/media_publish", data={"creation_id": str(container)}
            )
        finally:
            self._unstage(staged)
        media_id = str(created["id"])
        return Published(
            network_id=media_id, url=self._permalink(media_id), published_at=datetime.now(UTC)
        )

    def _container(
        self, media: Media, staged: list[str], *, caption: str = "", carousel_item: bool = False
    ) -> str:
        """Create one media container (uploading the media) and wait until it is ready."""
        body: dict[str, Any] = {}
        if carousel_item:
            body["is_carousel_item"] = "true"
        elif caption:
            body["caption"] = caption
        if media.content_type.startswith("image/"):
            body["image_url"] = self._stage(media, staged)
            body["alt_text"] = media.alt_text
            container = str(self.http.post(f"{self.ig_user_id}/media", data=body)["id"])
        else:
            body.update(media_type="VIDEO" if carousel_item else "REELS", upload_type="resumable")
            created = self.http.post(f"{self.ig_user_id}/media", data=body)
            container = str(created["id"])
            uploaded = self.http.post(
                f"{self.upload_base}/ig-api-upload/{self.version}/{container}",
                content=media.data,
                headers={
                    "Authorization": f"OAuth {self.token}",
                    "offset": "0",
                    "file_size": str(len(media.data)),
                    "Content-Type": "application/octet-stream",
                },
            )
            if isinstance(uploaded, dict) and uploaded.get("success") is False:
                raise NetworkError(
                    f"Instagram did not take the video {media.filename}: "
                    f"{http.redact(str(uploaded.get('message', '')))[:200]}"
                )
        self._wait_for(container)
        return container

    def _stage(self, media: Media, staged: list[str]) -> str:
        """The public address Instagram fetches the image from: an unpublished, temporary photo
        on the linked Page."""
        if not self.page_id:
            raise NetworkError(
                "This Instagram account was connected without its Facebook Page, "
                "which images are uploaded through; reconnect it.",
                reconnect=True,
            )
        photo = self.http.post(
            f"{self.page_id}/photos",
            data={"published": "false", "temporary": "true"},
            files={"source": (media.filename, media.data, media.content_type)},
        )
        photo_id = str(photo["id"])
        staged.append(photo_id)
        images = self.http.get(photo_id, params={"fields": "images"}).get("images") or []
        largest = max(
            (i for i in images if isinstance(i, dict) and i.get("source")),
            key=lambda i: int(i.get("width") or 0),
            default=None,
        )
        if largest is None:
            raise NetworkError("Facebook did not give an address for the uploaded image.")
        return str(largest["source"])

    def _unstage(self, staged: list[str]) -> None:
        for photo_id in staged:
            try:
                self.http.delete(photo_id)
            except NetworkError:
                pass  # a temporary photo is removed by Facebook in time anyway

    def _wait_for(self, container: str) -> None:
        """Poll a container until Instagram has processed it (FINISHED), or say why not."""
        meta_containers.wait_until_ready(
            self.http,
            container,
            meta_containers.INSTAGRAM_STATUS,
            label=self.label,
            what="this media",
            upload="the upload",
            attempts=self.poll_attempts,
            interval=self.poll_interval,
        )

    def _permalink(self, media_id: str) -> str:
        """The post's address (after publishing, a failure here must not look like one)."""
        return meta_containers.permalink(
            self.http, media_id, f"https://www.instagram.com/{self.username.lstrip('@')}"
        )

    # The publishing limit -------------------------------------------------------------------

    def publishing_limit(self) -> dict[str, int]:
        """How many posts the account may publish through the API in 24 hours, and has."""
        data = self.http.get(
            f"{self.ig_user_id}/content_publishing_limit", params={"fields": "quota_usage,config"}
        )
        used, total, window = meta_containers.quota(
            meta_containers.quota_entry(data), "", PUBLISHING_LIMIT
        )
        return {"used": used, "limit": total, "window_seconds": window}

    def _within_publishing_limit(self) -> None:
        limit = self.publishing_limit()
        if limit["used"] < limit["limit"]:
            return
        raise NetworkError(
            f"Instagram allows {limit['limit']} posts in 24 hours through its API and this "
            f"account has used them all; the post waits until one is free.",
            retry_after=self._slot_frees_in(limit),
        )

    def _slot_frees_in(self, limit: dict[str, int]) -> float:
        """Seconds until the oldest post counted in the window leaves it."""
        now = datetime.now(UTC)
        window = timedelta(seconds=limit["window_seconds"])
        try:
            recent = self.http.get(
                f"{self.ig_user_id}/media",
                params={"fields": "id,timestamp", "limit": limit["limit"]},
            )
            times = sorted(
                t
                for t in (
                    _as_datetime(m["timestamp"]) for m in edge_items(recent) if m.get("timestamp")
                )
                if t > now - window
            )
        except (NetworkError, ValueError, KeyError):
            times = []
        if not times:
            return 3600.0
        return max(60.0, (times[0] + window - now).total_seconds())

    # Replies, moderation, metrics -----------------------------------------------------------

    def reply(self, draft: Draft) -> Published:
        self.check_text_reply(draft, text_only="Instagram comments and replies are text only.")
        self.check_length(draft.text)
        target = draft.in_reply_to
        if target.startswith("dm:"):
            return self._send_direct(target.removeprefix("dm:"), draft.text)
        if target.startswith("mention:"):
            media_id, _, comment_id = target.removeprefix("mention:").partition(":")
            body = {"media_id": media_id, "message": draft.text}
            if comment_id:
                body["comment_id"] = comment_id
            created = self.http.post(f"{self.ig_user_id}/mentions", data=body)
        else:
            created = self.http.post(f"{target}/replies", data={"message": draft.text})
        return Published(network_id=str(created["id"]), url="", published_at=datetime.now(UTC))

    def _send_direct(self, message_id: str, text: str) -> Published:
        if not self.messaging or not self.page_id:
            raise Unsupported(
                "direct messages",
                self.label,
                reason="This Instagram account was connected without the messaging permission "
                f"({MESSAGING_PERMISSION}), so Sociable cannot read or answer its direct "
                "messages. Answer in the Instagram app, or reconnect the account and "
                "allow messages (the app needs Meta's review for it).",
            )
        sender = self.http.get(message_id, params={"fields": "from"}).get("from") or {}
        if not sender.get("id"):
            raise NetworkError("Instagram did not say who sent this message.", permanent=True)
        sent = self.http.post(
            f"{self.page_id}/messages",
            data={
                "recipient": json.dumps({"id": str(sender["id"])}),
                "message": json.dumps({"text": text}),
                "messaging_type": "RESPONSE",
            },
        )
        return Published(
            network_id=f"dm:{sent.get('message_id') or sent.get('id')}",
            url="",
            published_at=datetime.now(UTC),
        )

    def delete(self, network_id: str) -> None:
        if network_id.startswith(("dm:", "mention:")):
            raise Unsupported("deleting messages or posts of other accounts", self.label)
        self.http.delete(network_id)

    def hide(self, network_id: str, hidden: bool = True) -> None:
        if network_id.startswith(("dm:", "mention:")):
            raise Unsupported("hiding direct messages or other accounts' posts", self.label)
        self.http.post(network_id, data={"hide": "true" if hidden else "false"})

    def metrics(self, network_id: str) -> dict[str, int]:
        try:
            data = self.http.get(
                f"{network_id}/insights",
                params={"metric": ",".join(INSIGHTS), "period": "lifetime"},
            )
        except NetworkError as exc:
            if exc.reconnect or not exc.permanent:
                raise
            # No insights (media from before the account was professional, or no
            # instagram_manage_insights): the counts every media shows.
            counts = self.http.get(network_id, params={"fields": "like_count,comments_count"})
            return {
                "likes": int(counts.get("like_count") or 0),
                "comments": int(counts.get("comments_count") or 0),
            }
        values = meta_containers.insight_values(data)
        return {INSIGHTS[name]: value for name, value in values.items() if name in INSIGHTS}
