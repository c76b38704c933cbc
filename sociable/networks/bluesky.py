"""Bluesky (AT Protocol), through the atproto SDK.

Credentials: identifier (the handle, e.g. "northshirenhs.bsky.social", or a DID) and
app_password (created in Settings → Privacy and security → App passwords; never the account
password).
Options: service (the PDS or entryway, "https://bsky.social" by default), language ("en"),
timeout.

Posts carry facets for links, mentions and hashtags (byte offsets, as the protocol requires),
images are uploaded as blobs with their alt text. Inbound: notifications that are mentions,
replies and quotes. Metrics: likes, reposts, replies and quotes from the AppView.
Bluesky has no way to hide a reply from an account's own posts (threadgates only restrict who
may reply), so hide is Unsupported. Each post record carries the desk's idempotency key in an
extra field that apps do not show, so find_published can read back an attempt whose outcome is
unknown from the account's own repository.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

from atproto import Client
from atproto_client import models
from atproto_client.exceptions import (
    BadRequestError,
    InvokeTimeoutError,
    LoginRequiredError,
    ModelError,
    RateLimitExceededError,
    RequestErrorBase,
    UnauthorizedError,
)
from atproto_client.exceptions import NetworkError as AtNetworkError
from atproto_client.request import Request
from atproto_core.exceptions import AtProtocolError

from sociable.networks import http
from sociable.networks.base import (
    Author,
    Draft,
    InboundBatch,
    InboundItem,
    Network,
    NetworkError,
    Published,
    Unsupported,
)
from sociable.networks.registry import register
from sociable.networks.text import grapheme_length

T = TypeVar("T")

POST = "app.bsky.feed.post"
KEY_FIELD = "sociableIdempotencyKey"
MAX_GRAPHEMES = 300
INBOUND_REASONS = {"mention": "mention", "reply": "reply", "quote": "mention"}
INBOUND_ASKED = sorted(INBOUND_REASONS)
INBOUND_PAGE_SIZE = 50
INBOUND_MAX_PAGES = 10


@register
class BlueskyNetwork(Network):
    name = "bluesky"
    label = "Bluesky"
    max_length = MAX_GRAPHEMES
    supports = frozenset(
        {"fetch", "publish", "reply", "delete", "metrics", "search", "media", "read_back"}
    )
    credential_keys = ("identifier", "app_password")

    def __init__(self, credentials, options=None):
        super().__init__(credentials, options)
        self.identifier = credentials.get("identifier")
        http.remember_secrets([credentials.get("app_password")])
        self.service = str(
            self.options.get("service") or self.options.get("api_base") or "https://bsky.social"
        ).rstrip("/")
        timeout = float(self.options.get("timeout", http.DEFAULT_TIMEOUT))
        request = Request(timeout=timeout, transport=http.guarded_transport(self.label))
        self.client = Client(base_url=self.service, request=request)
        self._did = ""

    def __repr__(self) -> str:
        return f"<BlueskyNetwork {self.identifier}>"

    @classmethod
    def count_length(cls, text: str) -> int:
        return grapheme_length(text)

    # Calls ----------------------------------------------------------------------------------

    def _login(self) -> str:
        if not self._did:
            password = self.credentials.get("app_password")
            if not self.identifier or not password:
                raise NetworkError(
                    "A Bluesky account needs its handle and an app password.", reconnect=True
                )
            # Creating a session twice is harmless, so a transient failure is retried.
            self._read(self.client.login, self.identifier, password, fetch_bsky_profile=False)
            session = getattr(self.client, "_session", None)
            self._did = str(getattr(session, "did", "") or "")
        return self._did

    def _call(self, function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        try:
            return function(*args, **kwargs)
        except NetworkError:
            raise
        except (AtProtocolError, ValueError) as exc:
            raise self._error(exc) from None

    def _read(self, function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        return http.retrying(lambda: self._call(function, *args, **kwargs), self.options)

    def _error(self, exc: Exception) -> NetworkError:
        label = self.label
        if isinstance(exc.__cause__, NetworkError):
            return exc.__cause__
        if isinstance(exc, InvokeTimeoutError):
            return http.timeout_error(label)
        if isinstance(exc, LoginRequiredError):
            return NetworkError(f"{label} needs the account to sign in again.", reconnect=True)
        response = getattr(exc, "response", None) if isinstance(exc, RequestErrorBase) else None
        if response is None:
            if isinstance(exc, AtNetworkError):
                return NetworkError(f"{label} could not be reached.")
            if isinstance(exc, ValueError | ModelError):
                return http.malformed_error(label)
            return NetworkError(f"{label}: {http.redact(type(exc).__name__)}.")
        status = int(response.status_code)
        content = response.content
        detail = ""
        if hasattr(content, "error"):
            detail = f"{content.error}: {content.message or ''}".strip(": ")
        elif isinstance(content, bytes | str):
            detail = http.error_detail(content)
        headers = dict(response.headers or {})
        if isinstance(exc, RateLimitExceededError):
            status = 429
        elif isinstance(exc, UnauthorizedError) and status not in (401, 403):
            status = 401
        elif isinstance(exc, BadRequestError) and "ExpiredToken" in detail:
            status = 401
        return http.error_for_status(status, network=label, detail=detail, headers=headers)

    # Inbound --------------------------------------------------------------------------------

    def fetch_inbound(self, cursor: dict[str, Any]) -> InboundBatch:
        """Mentions, replies and quotes newer than the cursor, oldest first.

        Only those reasons are asked for, so likes, reposts and follows never push a mention
        off a page. Pages (newest first) are read until the last item seen before, at most
        INBOUND_MAX_PAGES of them; a walk that stops at that bound keeps where it was in the
        cursor ("pending") and goes on from there next time, before moving the cursor on, so
        nothing is lost or fetched twice. The first fetch of an account reads one page.
        """
        self._login()
        seen_at = str(cursor.get("seen_at", ""))
        seen_ids = set(cursor.get("seen_ids", []))
        pending = cursor.get("pending") or {}
        page = pending.get("page") or None
        top_at = pending.get("top_at", "")
        top_ids: set[str] = set(pending.get("top_ids", []))
        items: list[InboundItem] = []
        reached_floor = not seen_at  # a first fetch reads one page only
        for _ in range(INBOUND_MAX_PAGES):
            params: dict[str, Any] = {"limit": INBOUND_PAGE_SIZE, "reasons": INBOUND_ASKED}
            if page:
                params["cursor"] = page
            response = self._read(
                self.client.app.bsky.notification.list_notifications, params=params
            )
            for notification in response.notifications:
                indexed = notification.indexed_at
                if seen_at and (
                    indexed < seen_at or (indexed == seen_at and notification.uri in seen_ids)
                ):
                    reached_floor = True
                    continue
                if indexed > top_at:
                    top_at, top_ids = indexed, {notification.uri}
                elif indexed == top_at:
                    top_ids.add(notification.uri)
                kind = INBOUND_REASONS.get(notification.reason)
                if kind is None:
                    continue  # a reason not asked for (a server that ignores the filter)
                items.append(
                    self._item(notification.uri, notification.author, notification.record, kind)
                )
            page = response.cursor
            if reached_floor or not page or not response.notifications:
                reached_floor = True
                break
        items.sort(key=lambda item: item.created_at)
        if reached_floor:
            if not top_at:  # nothing new: keep the cursor as it was
                top_at, top_ids = seen_at, seen_ids
            return InboundBatch(
                items=items, cursor={"seen_at": top_at, "seen_ids": sorted(top_ids)}
            )
        return InboundBatch(
            items=items,
            cursor={
                "seen_at": seen_at,
                "seen_ids": sorted(seen_ids),
                "pending": {"page": page, "top_at": top_at, "top_ids": sorted(top_ids)},
            },
        )

    def search(self, query: str, cursor: dict[str, Any]) -> InboundBatch:
        """The latest posts matching the query, newer than the cursor. searchPosts' `since` is
        inclusive, so the posts already returned at that very time are left out here."""
        self._login()
        params = {"q": query, "limit": 50, "sort": "latest"}
        since = str(cursor.get("since", ""))
        seen = set(cursor.get("seen_ids", []))
        if since:
            params["since"] = since
        response = self._read(self.client.app.bsky.feed.search_posts, params=params)
        posts = [p for p in response.posts if p.uri not in seen]
        items = [self._item(p.uri, p.author, p.record, "mention") for p in posts]
        newest = max((p.indexed_at for p in posts), default=since)
        if not newest:
            return InboundBatch(items=items, cursor={})
        at_newest = {p.uri for p in posts if p.indexed_at == newest}
        if newest == since:
            at_newest |= seen
        return InboundBatch(items=items, cursor={"since": newest, "seen_ids": sorted(at_newest)})

    def _item(self, uri: str, author: Any, record: Any, kind: str) -> InboundItem:
        reply = getattr(record, "reply", None)
        root = reply.root.uri if reply else uri
        rkey = uri.rsplit("/", 1)[-1]
        return InboundItem(
            network_id=uri,
            kind=kind,
            text=getattr(record, "text", "") or "",
            author=Author(
                network_user_id=author.did,
                handle="@" + author.handle,
                name=author.display_name or "",
                followers=getattr(author, "followers_count", None),
            ),
            created_at=_as_datetime(getattr(record, "created_at", "")),
            thread_key=f"bluesky:{root}",
            url=f"https://bsky.app/profile/{author.handle}/post/{rkey}",
            in_reply_to=reply.parent.uri if reply else "",
        )

    # Publishing -----------------------------------------------------------------------------

    def publish(self, draft: Draft) -> Published:
        if not draft.text.strip() and not draft.media:
            raise NetworkError("Bluesky refuses an empty post.", permanent=True)
        self.check_length(draft.text)
        for media in draft.media:
            if not media.alt_text.strip():
                raise NetworkError("Every image needs alt text.", permanent=True)
        if len(draft.media) > 4:
            raise NetworkError("Bluesky takes at most four images a post.", permanent=True)
        did = self._login()
        record: dict[str, Any] = {
            "$type": POST,
            "text": draft.text,
            "createdAt": self.client.get_current_time_iso(),
            "langs": [self.options.get("language") or "en"],
        }
        facets = self._call(self.client.detect_facets, draft.text)
        if facets:
            record["facets"] = [f.model_dump(by_alias=True, exclude_none=True) for f in facets]
        if draft.media:
            images = []
            for media in draft.media:
                blob = self._call(self.client.upload_blob, media.data).blob
                images.append(
                    {
                        "alt": media.alt_text,
                        "image": blob.model_dump(by_alias=True, exclude_none=True),
                    }
                )
            record["embed"] = {"$type": "app.bsky.embed.images", "images": images}
        if draft.in_reply_to:
            record["reply"] = self._reply_ref(draft.in_reply_to)
        if draft.idempotency_key:
            record[KEY_FIELD] = draft.idempotency_key
        created = self._call(
            self.client.com.atproto.repo.create_record,
            {"repo": did, "collection": POST, "record": record},
        )
        return self._published(created.uri, record["createdAt"])

    def _published(self, uri: str, created_at: str) -> Published:
        handle = self.identifier if "." in self.identifier else self._did
        return Published(
            network_id=uri,
            url=f"https://bsky.app/profile/{handle}/post/{uri.rsplit('/', 1)[-1]}",
            published_at=_as_datetime(created_at),
        )

    def _reply_ref(self, parent_uri: str) -> dict[str, Any]:
        repo, collection, rkey = _split_uri(parent_uri)
        parent = self._read(
            self.client.com.atproto.repo.get_record,
            params={"repo": repo, "collection": collection, "rkey": rkey},
        )
        parent_ref = {"uri": parent.uri, "cid": parent.cid}
        value = parent.value
        reply = value.get("reply") if isinstance(value, dict) else getattr(value, "reply", None)
        if reply:
            root = reply["root"] if isinstance(reply, dict) else reply.root
            root_ref = dict(root) if isinstance(root, dict) else {"uri": root.uri, "cid": root.cid}
        else:
            root_ref = parent_ref
        return {"root": root_ref, "parent": parent_ref}

    def delete(self, network_id: str) -> None:
        did = self._login()
        repo, collection, rkey = _split_uri(network_id)
        self._call(
            self.client.com.atproto.repo.delete_record,
            {"repo": did, "collection": collection, "rkey": rkey},
        )

    def hide(self, network_id: str, hidden: bool = True) -> None:
        raise Unsupported("hiding replies", self.label)

    def metrics(self, network_id: str) -> dict[str, int]:
        self._login()
        response = self._read(self.client.app.bsky.feed.get_posts, params={"uris": [network_id]})
        if not response.posts:
            raise NetworkError("Bluesky has no such post (deleted?).", permanent=True, status=404)
        post = response.posts[0]
        return {
            "likes": int(post.like_count or 0),
            "shares": int(post.repost_count or 0),
            "replies": int(post.reply_count or 0),
            "quotes": int(getattr(post, "quote_count", 0) or 0),
        }

    def find_published(self, idempotency_key: str) -> Published | None:
        """Look for the key among the account's most recent posts (its own repository)."""
        if not idempotency_key:
            return None
        did = self._login()
        response = self._read(
            self.client.com.atproto.repo.list_records,
            params={"repo": did, "collection": POST, "limit": 100},
        )
        for entry in response.records:
            value = entry.value
            key = (
                value.get(KEY_FIELD) if isinstance(value, dict) else getattr(value, KEY_FIELD, None)
            )
            if key == idempotency_key:
                created = (
                    value.get("createdAt")
                    if isinstance(value, dict)
                    else getattr(value, "created_at", "")
                )
                return self._published(entry.uri, created or "")
        return None


def _split_uri(uri: str) -> tuple[str, str, str]:
    if not uri.startswith("at://"):
        raise NetworkError(f"Not a Bluesky post address: {uri!r}.", permanent=True)
    parts = uri[len("at://") :].split("/")
    if len(parts) != 3:
        raise NetworkError(f"Not a Bluesky post address: {uri!r}.", permanent=True)
    return parts[0], parts[1], parts[2]


def _as_datetime(value: Any) -> datetime:
    if not value:
        return datetime.now(UTC)
    parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


__all__ = ["BlueskyNetwork", "models"]
