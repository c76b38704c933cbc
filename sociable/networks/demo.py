"""The demo network: a realistic stream of public messages to a fictional NHS trust.

The messages (sociable/networks/demo_messages.jsonl) were written for the product and cover
every triage route, in UK English and some Welsh. Each demo account delivers its own share at a
configurable pace, so a newcomer watches the inbox fill. Posts and replies are accepted.
"""

from __future__ import annotations

import hashlib
import json
import math
import random
import uuid
from datetime import UTC, datetime, timedelta
from functools import cache
from importlib import resources
from typing import Any

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

STREAMS = (
    "mastodon",
    "x",
    "bluesky",
    "facebook",
    "maternity",
    "community",
    "instagram",
    "threads",
    "youtube",
    "google_business",
)
# Demo accounts of these kinds follow their network's rules in the composer (Instagram's 2,200
# character caption and its need of an image, Threads' 500 with emoji counted in bytes, a
# YouTube video with its title, Google's 1,500 character local post) and in listening (none of
# them offers search), so a newcomer sees the real rules. The first streams keep the demo's
# own: 500 characters counted plainly, and search.
LIKE_THEIR_NETWORK = ("instagram", "threads", "youtube", "google_business")


@cache
def demo_messages() -> tuple[dict, ...]:
    """All demo messages in delivery order: a fixed shuffle that keeps each thread in order."""
    text = resources.files("sociable.networks").joinpath("demo_messages.jsonl").read_text("utf-8")
    messages = [json.loads(line) for line in text.splitlines() if line.strip()]
    order = list(range(len(messages)))
    random.Random(2026).shuffle(order)
    # Slots taken by a thread's messages are refilled with that thread in its written order.
    slots_by_thread: dict[str, list[int]] = {}
    for slot, index in enumerate(order):
        key = messages[index].get("thread") or messages[index]["id"]
        slots_by_thread.setdefault(key, []).append(slot)
    result: list[dict] = [{}] * len(messages)
    members_by_thread: dict[str, list[dict]] = {}
    for message in messages:
        members_by_thread.setdefault(message.get("thread") or message["id"], []).append(message)
    for key, slots in slots_by_thread.items():
        for slot, message in zip(sorted(slots), members_by_thread[key], strict=True):
            result[slot] = message
    return tuple(result)


def stream_messages(stream: str) -> list[dict]:
    return [m for m in demo_messages() if m["channel"] == stream]


@cache
def listening_posts() -> tuple[dict, ...]:
    """Public posts about the demo trust, its campaigns and local illness, for listening
    (sociable/networks/demo_listening.jsonl). Each is dated `days_ago` at `hour`, or in the ISO
    week `weeks_ago` on `weekday` at `hour` (so weekly patterns hold whatever day it is)."""
    text = resources.files("sociable.networks").joinpath("demo_listening.jsonl").read_text("utf-8")
    return tuple(json.loads(line) for line in text.splitlines() if line.strip())


def listening_time(post: dict, now: datetime) -> datetime:
    minute = int(post["id"].rsplit("-", 1)[-1]) % 60
    if "weeks_ago" in post:
        monday = (now - timedelta(days=now.weekday())).replace(
            hour=0, minute=0, second=0, microsecond=0
        )
        day = monday - timedelta(weeks=post["weeks_ago"]) + timedelta(days=post["weekday"])
        return day.replace(hour=post["hour"], minute=minute)
    day = now - timedelta(days=post["days_ago"])
    created = day.replace(hour=post["hour"], minute=minute, second=0, microsecond=0)
    return created if created <= now else created - timedelta(days=1)  # "today" not yet reached


@register
class DemoNetwork(Network):
    """Options: stream (one of STREAMS), pace_per_minute (default 4), initial_burst (default 8)."""

    name = "demo"
    label = "Demo network"
    max_length = 500
    supports = frozenset({"fetch", "publish", "reply", "delete", "hide", "metrics", "search"})

    def __init__(self, credentials, options=None, *, clock=None):
        super().__init__(credentials, options)
        self.stream = self.options.get("stream", "mastodon")
        if self.stream not in STREAMS:
            raise NetworkError(f"Unknown demo stream {self.stream!r}.", permanent=True)
        self.pace = float(self.options.get("pace_per_minute", 4))
        self.initial_burst = int(self.options.get("initial_burst", 8))
        self.clock = clock or (lambda: datetime.now(UTC))

    @classmethod
    def rules(cls, options: dict[str, Any]) -> type[Network]:
        stream = (options or {}).get("stream")
        if stream in LIKE_THEIR_NETWORK:
            from sociable.networks.registry import adapter_class

            return adapter_class(stream)
        return cls

    def fetch_inbound(self, cursor: dict[str, Any]) -> InboundBatch:
        now = self.clock()
        messages = stream_messages(self.stream)
        delivered = int(cursor.get("delivered", 0))
        started = datetime.fromisoformat(cursor["started"]) if "started" in cursor else now
        minutes = max(0.0, (now - started).total_seconds() / 60)
        due = min(len(messages), self.initial_burst + int(minutes * self.pace))
        batch = messages[delivered:due]
        items = []
        for offset, message in enumerate(batch):
            # The first burst is back-dated a little, as if it arrived over the last hour.
            position = delivered + offset
            age = timedelta(minutes=5 * (due - position)) if delivered == 0 else timedelta(0)
            items.append(self._item(message, now - age))
        cursor = {"delivered": delivered + len(batch), "started": started.isoformat()}
        return InboundBatch(items=items, cursor=cursor)

    def _item(self, message: dict, created_at: datetime) -> InboundItem:
        author = message["author"]
        handle = author["handle"]
        return InboundItem(
            network_id=message["id"],
            kind=message.get("kind", "mention"),
            text=message["text"],
            author=Author(
                network_user_id=handle,
                handle=handle,
                name=author.get("name", ""),
                followers=author.get("followers"),
            ),
            created_at=created_at,
            thread_key=f"{self.stream}:{message.get('thread') or message['id']}",
            url=f"https://demo.invalid/{self.stream}/{message['id']}",
        )

    def search(self, query: str, cursor: dict[str, Any]) -> InboundBatch:
        """Demo public posts containing the query (a word, a "phrase" or a #hashtag), not
        returned before (the cursor keeps their ids) and not dated in the future."""
        now = self.clock()
        needle = query.strip().strip('"').lower()
        seen = list(cursor.get("seen", []))
        seen_set = set(seen)
        items = []
        for post in listening_posts():
            created = listening_time(post, now)
            if post["id"] in seen_set or needle not in post["text"].lower() or created > now:
                continue
            seen.append(post["id"])
            author = post["author"]
            items.append(
                InboundItem(
                    network_id=post["id"],
                    kind="mention",
                    text=post["text"],
                    author=Author(
                        network_user_id=author["handle"],
                        handle=author["handle"],
                        name=author.get("name", ""),
                        followers=author.get("followers"),
                    ),
                    created_at=created,
                    thread_key=f"listening:{post['id']}",
                    url=f"https://demo.invalid/{post.get('stream', 'x')}/{post['id']}",
                    metrics={"impressions": post["impressions"]} if "impressions" in post else {},
                )
            )
        return InboundBatch(items=items, cursor={"seen": seen})

    def publish(self, draft: Draft) -> Published:
        if not draft.text.strip() and not draft.media:
            raise NetworkError("The demo network refuses an empty post.", permanent=True)
        rules = self.rules(self.options)
        if rules is not type(self):  # a demo account of a kind: its network's limit
            used, limit = rules.count_length(draft.text), rules.max_length
            if limit is not None and used > limit:
                raise NetworkError(
                    f"The post is {used} characters as {rules.label} counts "
                    f"them; the limit is {limit}.",
                    permanent=True,
                )
        elif len(draft.text) > self.max_length:
            raise NetworkError(
                f"The post is {len(draft.text)} characters; the limit is {self.max_length}.",
                permanent=True,
            )
        published_at = self.clock()
        network_id = f"demo-post-{int(published_at.timestamp())}-{uuid.uuid4().hex[:12]}"
        return Published(
            network_id=network_id,
            url=f"https://demo.invalid/{self.stream}/{network_id}",
            published_at=published_at,
        )

    def delete(self, network_id: str) -> None:
        return None

    def hide(self, network_id: str, hidden: bool = True) -> None:
        return None

    def metrics(self, network_id: str) -> dict[str, int]:
        """Plausible counts that depend only on the post id and its age: they grow quickly in
        the first hours and level off after a day or two. Like the real networks, the Mastodon
        and Bluesky streams report reactions, replies and shares only; Threads adds views; X
        adds impressions; YouTube reports views, likes and comments; the Facebook-like streams
        add reach, impressions and clicks; Instagram reports views (as impressions), reach and
        saves; Google Business Profile reports nothing for a local post."""
        if self.stream == "google_business":
            return {}  # Google gives no counts for local posts (the location's rating instead)
        digest = hashlib.sha256(network_id.encode()).digest()
        size = 300 + int.from_bytes(digest[:2], "big") % 4700  # people who will see it in time
        age_hours = _age_hours(network_id, self.clock())
        grown = 1 - math.exp(-age_hours / 8) if age_hours is not None else 1.0
        reach = int(size * grown)
        rate = 0.01 + digest[2] / 255 * 0.05  # 1% to 6% of people reached engage
        engaged = reach * rate
        counts = {
            "likes": int(engaged * 0.6),
            "replies": int(engaged * 0.1),
            "shares": int(engaged * 0.15),
        }
        if self.stream in ("mastodon", "bluesky"):
            return counts
        if self.stream == "threads":  # Threads' insights add views, reposts and quotes
            return {**counts, "views": int(reach * 1.3)}
        counts["impressions"] = int(reach * (1.2 + digest[3] / 255 * 0.6))
        if self.stream == "x":
            return counts
        if self.stream == "youtube":
            return {
                "views": int(reach * 1.4),
                "likes": counts["likes"],
                "comments": counts["replies"],
            }
        if self.stream == "instagram":
            return {**counts, "reach": reach, "saves": int(engaged * 0.2)}
        return {**counts, "reach": reach, "clicks": int(engaged * 0.15)}


def _age_hours(network_id: str, now: datetime) -> float | None:
    """Hours since publishing, from the time in a demo post id (None for ids without one)."""
    parts = network_id.split("-")
    if len(parts) >= 4 and parts[2].isdigit():
        published = datetime.fromtimestamp(int(parts[2]), UTC)
        return max(0.0, (now - published).total_seconds() / 3600)
    return None
