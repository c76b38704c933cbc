"""What networks deliver, made safe to store. Plain Python: no Django.

Anything a stranger can type reaches ingest: NUL and other control characters, lone surrogates
(which no database can encode), megabytes of padding, right-to-left overrides in a name,
numbers where text belongs, NaN in a JSON field. PostgreSQL refuses NUL in text and JSON and
every database refuses a lone surrogate, so one such message used to fail the whole batch (and
the crisis message in it). Here every field is normalised on the way in:

- control characters of the C0 set are removed, except newline and tab (a carriage return
  becomes a newline); lone surrogates become U+FFFD (a well-formed pair becomes its character);
- identities (message, thread and author ids) keep their meaning when over-long: cut, with a
  digest of the whole so two long ids never become one;
- names, handles and links are single lines without direction overrides, cut to what the
  columns hold; a link that is not http(s) or is longer than its column is dropped;
- JSON (metrics, network extras) keeps only JSON: strings cleaned, NaN and infinities dropped,
  depth and size bounded.

The message text is kept whole here so that triage reads all of it; `for_storage` bounds it.
An item that cannot be made sense of at all (no identity, no time) raises `Unfit`; the caller
sets it aside instead of letting it block the batch.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
import re
from datetime import UTC, datetime
from typing import Any

from sociable.networks.base import Author, InboundItem

MAX_STORED_CHARS = 100_000  # a social media message is far shorter; more is padding or abuse
ID_CHARS, THREAD_CHARS, NAME_CHARS, URL_CHARS, KIND_CHARS = 200, 300, 200, 500, 20
MAX_JSON_DEPTH, MAX_JSON_ITEMS, MAX_JSON_STRING = 6, 200, 2_000
MAX_COUNT = 2**31 - 1  # what a PositiveIntegerField holds everywhere

_CONTROLS = dict.fromkeys(c for c in range(0x20) if c not in (0x09, 0x0A))
_CONTROLS[0x7F] = None
_SURROGATE = re.compile("[\ud800-\udfff]")
# Direction overrides and isolates: harmless in a message's text, but in a name or a handle they
# make "evil.example" read as something else.
_BIDI = dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F])


class Unfit(ValueError):
    """An item that cannot be stored as a message (no identity, no time)."""


def clean_text(value: Any, limit: int | None = None) -> str:
    """Text any database stores: no C0 controls but newline and tab, no lone surrogates."""
    if value is None:
        return ""
    if not isinstance(value, str):
        value = str(value)
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = value.translate(_CONTROLS)
    if _SURROGATE.search(value):
        # A surrogate pair becomes its character; a lone surrogate becomes U+FFFD.
        value = value.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    if limit is not None and len(value) > limit:
        value = value[:limit]
    return value


def clean_line(value: Any, limit: int) -> str:
    """A name, handle or title: one line, no direction overrides, at most `limit` characters."""
    text = clean_text(value, limit * 4).translate(_BIDI)
    return " ".join(text.split())[:limit]


def clean_id(value: Any, limit: int) -> str:
    """An identity: cleaned, and when longer than `limit`, cut with a digest of the whole."""
    whole = clean_text(value).strip()
    if len(whole) <= limit:
        return whole
    digest = hashlib.sha256(whole.encode("utf-8")).hexdigest()[:16]
    return whole[: limit - 17] + "#" + digest


def clean_url(value: Any) -> str:
    text = clean_line(value, URL_CHARS + 1)
    if len(text) > URL_CHARS or not text.lower().startswith(("http://", "https://")):
        return ""
    return text


def clean_count(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return max(0, min(int(value), MAX_COUNT))


def clean_json(value: Any, depth: int = 0) -> Any:
    """Only what JSON (and PostgreSQL's jsonb) can hold, bounded."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value if -(2**63) <= value < 2**63 else str(value)
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, str):
        return clean_text(value, MAX_JSON_STRING)
    if depth >= MAX_JSON_DEPTH:
        return None
    if isinstance(value, dict):
        return {
            clean_text(k, 200): clean_json(v, depth + 1)
            for k, v in list(value.items())[:MAX_JSON_ITEMS]
        }
    if isinstance(value, list | tuple | set | frozenset):
        return [clean_json(v, depth + 1) for v in list(value)[:MAX_JSON_ITEMS]]
    return clean_text(value, MAX_JSON_STRING)


def clean_item(item: InboundItem) -> InboundItem:
    """The item with every field safe to store; the text is whole (see `for_storage`)."""
    network_id = clean_id(item.network_id, ID_CHARS)
    if not network_id.strip():
        raise Unfit("The network gave this item no identity.")
    created_at = item.created_at
    if not isinstance(created_at, datetime):
        raise Unfit("The network gave this item no time.")
    if created_at.tzinfo is None:
        created_at = created_at.replace(tzinfo=UTC)
    author = item.author if isinstance(item.author, Author) else Author("", "")
    user_id = clean_id(author.network_user_id, ID_CHARS) or clean_id(author.handle, ID_CHARS)
    return dataclasses.replace(
        item,
        network_id=network_id,
        kind=clean_line(item.kind, KIND_CHARS) or "mention",
        text=clean_text(item.text),
        author=Author(
            network_user_id=user_id or "unknown",
            handle=clean_line(author.handle, NAME_CHARS)
            or clean_line(user_id, NAME_CHARS)
            or "unknown",
            name=clean_line(author.name, NAME_CHARS),
            followers=clean_count(author.followers),
        ),
        created_at=created_at,
        thread_key=clean_id(item.thread_key, THREAD_CHARS) or network_id,
        url=clean_url(item.url),
        in_reply_to=clean_id(item.in_reply_to, ID_CHARS),
        metrics=_counts(item.metrics),
        extra=clean_json(dict(item.extra or {})) if isinstance(item.extra, dict) else {},
    )


def _counts(metrics: Any) -> dict[str, int]:
    if not isinstance(metrics, dict):
        return {}
    cleaned = {clean_text(k, 100): clean_count(v) for k, v in list(metrics.items())[:50]}
    return {k: v for k, v in cleaned.items() if k and v is not None}


def for_storage(text: str) -> str:
    """The text as stored: whole up to MAX_STORED_CHARS, else cut with a note saying so."""
    if len(text) <= MAX_STORED_CHARS:
        return text
    note = f"\n[Shortened for storage: the message had {len(text):,} characters.]"
    return text[: MAX_STORED_CHARS - len(note)] + note


def describe(item: Any, limit: int = 20_000) -> str:
    """A printable account of an item that could not be stored, for the people who look into
    it: JSON with every non-ASCII character escaped (so NUL is the six characters \\u0000)."""
    try:
        fields = dataclasses.asdict(item) if dataclasses.is_dataclass(item) else {"item": item}
    except Exception:
        fields = {"item": repr(item)}
    text = json.dumps(fields, default=repr, ensure_ascii=True, indent=1, allow_nan=True)[
        : limit * 2
    ]
    return clean_text(text, limit)
