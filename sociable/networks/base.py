"""The interface every network adapter implements. Plain Python: no Django.

An adapter is constructed with the account's credentials and options and speaks to one network.
It returns and accepts the dataclasses below and raises only NetworkError (or a subclass), so
exactly one service (the caller) decides what a failure means: retry, hold, disable or notify.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, ClassVar


class NetworkError(Exception):
    """Any failure talking to a network.

    permanent: retrying the same request will not help (bad request, content refused).
    retry_after: seconds the network asked us to wait (rate limits), if it said.
    reconnect: the credentials are no longer accepted; a person must reconnect the account.
    """

    def __init__(
        self,
        message: str,
        *,
        permanent: bool = False,
        retry_after: float | None = None,
        reconnect: bool = False,
        status: int | None = None,
    ):
        super().__init__(message)
        self.permanent = permanent or reconnect
        self.retry_after = retry_after
        self.reconnect = reconnect
        self.status = status


class Unsupported(NetworkError):
    """The network has no such operation (e.g. hiding a comment on Bluesky), or not for this
    account (`reason` then says why in plain words, e.g. a permission it was not granted)."""

    def __init__(self, operation: str, network: str, reason: str = ""):
        super().__init__(reason or f"{network} does not support {operation}.", permanent=True)


@dataclass(frozen=True)
class Credentials:
    """What an adapter needs to act as an account. Stored encrypted by the desk."""

    values: dict[str, str] = field(default_factory=dict)

    def get(self, key: str, default: str = "") -> str:
        return self.values.get(key, default)

    def __repr__(self) -> str:  # never print secrets
        return f"Credentials(keys={sorted(self.values)})"


@dataclass(frozen=True)
class Author:
    network_user_id: str
    handle: str
    name: str = ""
    followers: int | None = None


@dataclass(frozen=True)
class InboundItem:
    """A mention, comment, reply or direct message addressed to the account."""

    network_id: str
    kind: str  # mention | comment | reply | direct | review
    text: str
    author: Author
    created_at: datetime
    thread_key: str  # items sharing it belong to one conversation
    url: str = ""
    in_reply_to: str = ""
    metrics: dict[str, int] = field(default_factory=dict)
    # Network-specific facts worth keeping (e.g. a Care Opinion story's title, tags, criticality,
    # a review's star rating).
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class InboundBatch:
    items: list[InboundItem]
    cursor: dict[str, Any]  # opaque to the desk; passed back on the next fetch


@dataclass(frozen=True)
class Media:
    filename: str
    content_type: str
    data: bytes
    alt_text: str
    # A public address the network may fetch the file from, when the desk has one (Threads
    # takes media only by address; see docs/networks.md).
    url: str = ""

    def __repr__(self) -> str:
        return f"Media({self.filename!r}, {self.content_type}, {len(self.data)} bytes)"


@dataclass(frozen=True)
class Draft:
    """Something to publish: a post, a reply (in_reply_to set) or one part of a thread."""

    text: str
    media: tuple[Media, ...] = ()
    in_reply_to: str = ""
    idempotency_key: str = ""  # lets the network (or the desk) recognise a retried attempt
    # For networks that have them (YouTube): a title (else the text's first line), a privacy
    # setting (else the account's), and a time the network itself publishes it at.
    title: str = ""
    privacy: str = ""
    publish_at: datetime | None = None
    # An event (Google Business Profile local posts): its start and end; the title is `title`.
    event_start: datetime | None = None
    event_end: datetime | None = None


@dataclass(frozen=True)
class Published:
    network_id: str
    url: str
    published_at: datetime


class Network:
    """Base class of adapters. Subclasses set `name` and implement what the network supports."""

    name: ClassVar[str] = ""
    label: ClassVar[str] = ""
    # The network's limit; an adapter may set its account's own (a Mastodon instance's) on itself.
    max_length: int | None = None
    # What the adapter can do: fetch, publish, reply, delete, hide, metrics, search, media, and
    # read_back: find_published() reliably answers "not published" (None) as well as "here it is".
    supports: ClassVar[frozenset[str]] = frozenset()
    # Whether metrics() counts each published post's engagement (False: the network's metrics
    # are of the account or place only, as Google Business Profile's rating): best-time and
    # reports then have no per-post history from it.
    post_metrics: ClassVar[bool] = True
    # A daily allowance of API units the network counts per app (YouTube): the adapter is then
    # given options["spend"], a callable the desk counts each call's units with, and
    # options["quota"] = {"day": quota_day(), "used": units} with what was spent so far today.
    daily_quota_units: ClassVar[int] = 0
    # What a post must carry on this network ("" none; "media": an image or a video).
    requires: ClassVar[str] = ""
    # Credential keys the adapter needs (shown when an account is connected; never logged).
    credential_keys: ClassVar[tuple[str, ...]] = ()
    # Seconds during which publishing the same Draft again with the same idempotency_key is
    # recognised by the network itself and returns the first post instead of a second one
    # (e.g. Mastodon's Idempotency-Key). 0: the network offers no such guarantee.
    idempotent_publish_window: ClassVar[int] = 0

    def __init__(self, credentials: Credentials, options: dict[str, Any] | None = None):
        self.credentials = credentials
        self.options = dict(options or {})

    def __repr__(self) -> str:  # never print credentials
        return f"<{type(self).__name__} {self.name}>"

    def fetch_inbound(self, cursor: dict[str, Any]) -> InboundBatch:
        raise Unsupported("fetching messages", self.label or self.name)

    def publish(self, draft: Draft) -> Published:
        raise Unsupported("publishing", self.label or self.name)

    def reply(self, draft: Draft) -> Published:
        if not draft.in_reply_to:
            raise NetworkError("A reply needs the id of the message it answers.", permanent=True)
        return self.publish(draft)

    def check_text_reply(self, draft: Draft, *, text_only: str) -> None:
        """Refuse, permanently and before anything is sent, a reply that names no message, one
        with media where the network takes text only (`text_only` says so), or an empty one."""
        if not draft.in_reply_to:
            raise NetworkError("A reply needs the id of the message it answers.", permanent=True)
        if draft.media:
            raise NetworkError(text_only, permanent=True)
        if not draft.text.strip():
            raise NetworkError(f"{self.label or self.name} refuses an empty reply.", permanent=True)

    def delete(self, network_id: str) -> None:
        raise Unsupported("deleting", self.label or self.name)

    def hide(self, network_id: str, hidden: bool = True) -> None:
        raise Unsupported("hiding comments", self.label or self.name)

    def find_published(self, idempotency_key: str) -> Published | None:
        """Read back whether an attempt with this key was published (None if not, or unknown)."""
        return None

    def metrics(self, network_id: str) -> dict[str, int]:
        """Counts for one published post (e.g. likes, shares, replies, impressions)."""
        raise Unsupported("post metrics", self.label or self.name)

    def search(self, query: str, cursor: dict[str, Any]) -> InboundBatch:
        """Public posts matching a query, newer than the cursor (for listening)."""
        raise Unsupported("searching", self.label or self.name)

    @classmethod
    def notices(cls, options: dict[str, Any], today: date) -> list[str]:
        """What an admin should know about this account's connection before it breaks (e.g. the
        network's API version in use reaches its sunset soon). Shown on Settings → Accounts."""
        return []

    @classmethod
    def rules(cls, options: dict[str, Any]) -> type[Network]:
        """The network whose posting rules (length and how it is counted, what a post must
        carry, what it supports) apply to an account with these options: its own, except
        where an account stands in for another network's (a demo account of a kind)."""
        return cls

    @classmethod
    def quota_day(cls) -> str:
        """The day (ISO date) the network counts its quota in."""
        return date.today().isoformat()

    @classmethod
    def count_length(cls, text: str) -> int:
        """The length of text as this network counts it."""
        return len(text)

    @classmethod
    def text_problems(cls, text: str) -> list[str]:
        """What the network refuses in a text besides its length (e.g. Instagram's hashtag
        and @mention limits), for the composer and for check_length."""
        return []

    def check_length(self, text: str) -> None:
        """Refuse, permanently, a text longer than the network allows."""
        limit = self.max_length
        if limit is not None and self.count_length(text) > limit:
            raise NetworkError(
                f"The post is {self.count_length(text)} characters as "
                f"{self.label or self.name} counts them; the limit is {limit}.",
                permanent=True,
            )
        problems = self.text_problems(text)
        if problems:
            raise NetworkError(problems[0], permanent=True)


def newer_than_cursor(
    found: list[InboundItem],
    cursor: dict[str, Any],
    keep: Callable[[InboundItem], bool] = lambda item: True,
) -> InboundBatch:
    """The items not seen before, oldest first, and the cursor that remembers them.

    For networks whose API lists the newest items with no cursor of its own: the cursor keeps
    the newest time seen (`seen_at`, ISO) and the ids seen at that very time (`seen_ids`), so
    two items of the same second are neither lost nor given twice. An item `keep` refuses (the
    account's own comment, an empty text) still moves the cursor on. An id found twice (a
    mention that is also a reply) is given once."""
    seen_at = str(cursor.get("seen_at", ""))
    seen_ids = set(cursor.get("seen_ids", []))
    newest, newest_ids = seen_at, set(seen_ids)
    kept: dict[str, InboundItem] = {}
    for item in found:
        stamp = item.created_at.isoformat()
        if stamp < seen_at or (stamp == seen_at and item.network_id in seen_ids):
            continue
        if stamp > newest:
            newest, newest_ids = stamp, {item.network_id}
        elif stamp == newest:
            newest_ids.add(item.network_id)
        if keep(item):
            kept[item.network_id] = item
    items = sorted(kept.values(), key=lambda item: item.created_at)
    return InboundBatch(items=items, cursor={"seen_at": newest, "seen_ids": sorted(newest_ids)})
