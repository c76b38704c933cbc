"""RSS and Atom feeds, through feedparser (fetched through sociable.networks.http).

No credentials. Options: feed_url (required), timeout, retries.
Used for content sources (the organisation's own news, partners' news, offered as post
suggestions) and for listening (search filters a feed's entries by keywords).
Each fetch is a conditional GET (ETag, Last-Modified); only entries not seen before are
returned. Feeds cannot be published to, replied to or deleted from.
"""

from __future__ import annotations

import calendar
import hashlib
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import feedparser

from sociable.networks import http
from sociable.networks.base import Author, InboundBatch, InboundItem, Network, NetworkError
from sociable.networks.registry import register
from sociable.networks.text import html_to_text

REMEMBERED_IDS = 500


@register
class RssNetwork(Network):
    name = "rss"
    label = "RSS feed"
    supports = frozenset({"fetch", "search"})

    def __init__(self, credentials, options=None):
        super().__init__(credentials, options)
        self.feed_url = str(self.options.get("feed_url") or self.options.get("url") or "")
        if not self.feed_url.startswith(("http://", "https://")):
            raise NetworkError("A feed needs its http(s) address.", permanent=True)
        self.http = http.client_for(
            self.label,
            self.feed_url,
            self.options,
            headers={
                "Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9,"
                " text/xml;q=0.8, */*;q=0.5"
            },
        )

    def __repr__(self) -> str:
        return f"<RssNetwork {urlsplit(self.feed_url).netloc}>"

    def fetch_inbound(self, cursor: dict[str, Any]) -> InboundBatch:
        headers = {}
        if cursor.get("etag"):
            headers["If-None-Match"] = cursor["etag"]
        if cursor.get("modified"):
            headers["If-Modified-Since"] = cursor["modified"]
        response = self.http.get(self.feed_url, headers=headers, expect="response")
        if response.status_code == 304:
            return InboundBatch(items=[], cursor=dict(cursor))
        feed = feedparser.parse(
            response.content, response_headers={k.lower(): v for k, v in response.headers.items()}
        )
        if feed.bozo and not feed.entries and not feed.feed.get("title"):
            raise NetworkError(
                f"{self.feed_url} did not answer with a valid RSS or Atom feed; "
                "it may be a temporary fault."
            )
        seen = list(cursor.get("seen", []))
        seen_set = set(seen)
        source = feed.feed.get("title") or urlsplit(self.feed_url).netloc
        items = []
        for entry in feed.entries:
            key = _entry_id(entry)
            if key in seen_set:
                continue
            seen.append(key)
            seen_set.add(key)
            items.append(self._item(entry, key, source))
        items.sort(key=lambda item: item.created_at)
        new_cursor = {"seen": seen[-REMEMBERED_IDS:]}
        if response.headers.get("etag"):
            new_cursor["etag"] = response.headers["etag"]
        if response.headers.get("last-modified"):
            new_cursor["modified"] = response.headers["last-modified"]
        return InboundBatch(items=items, cursor=new_cursor)

    def search(self, query: str, cursor: dict[str, Any]) -> InboundBatch:
        """New entries containing every word of the query (a leading '-' excludes a word)."""
        batch = self.fetch_inbound(cursor)
        words = query.lower().split()
        wanted = [w for w in words if not w.startswith("-")]
        unwanted = [w[1:] for w in words if w.startswith("-") and len(w) > 1]
        items = [
            i
            for i in batch.items
            if all(w in i.text.lower() for w in wanted)
            and not any(w in i.text.lower() for w in unwanted)
        ]
        return InboundBatch(items=items, cursor=batch.cursor)

    def _item(self, entry: Any, key: str, source: str) -> InboundItem:
        title = html_to_text(entry.get("title", ""))
        summary = html_to_text(entry.get("summary", ""))
        text = f"{title}\n\n{summary}".strip() if summary and summary != title else title
        author = entry.get("author") or source
        return InboundItem(
            network_id=key,
            kind="article",
            text=text or entry.get("link", ""),
            author=Author(network_user_id=source, handle=source, name=str(author)),
            created_at=_published(entry),
            thread_key=f"rss:{key}",
            url=entry.get("link", ""),
            extra={
                "title": title,
                "source": source,
                "tags": [t.get("term") for t in entry.get("tags", []) if t.get("term")],
            },
        )


def _entry_id(entry: Any) -> str:
    key = entry.get("id") or entry.get("link")
    if not key:
        key = hashlib.sha256(
            (entry.get("title", "") + entry.get("summary", "")).encode()
        ).hexdigest()[:32]
    return str(key)


def _published(entry: Any) -> datetime:
    for name in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(name)
        if value:
            return datetime.fromtimestamp(calendar.timegm(value), UTC)
    return datetime.now(UTC)
