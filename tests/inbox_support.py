"""Making messages arrive at a chosen moment, through the real ingest path."""

import itertools
from datetime import datetime
from zoneinfo import ZoneInfo

from sociable.inbox.ingest import ingest_one
from sociable.networks.base import Author, InboundItem

LONDON = ZoneInfo("Europe/London")
_ids = itertools.count(1)


def at(text: str) -> datetime:
    """A London wall-clock time, e.g. at('2026-11-27 16:30') (a Friday)."""
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=LONDON)


def arrive(
    channel,
    text,
    *,
    when="2026-11-25 10:00",
    handle="@member_of_public",
    name="Alex Morgan",
    kind="mention",
    thread=None,
):
    n = next(_ids)
    item = InboundItem(
        network_id=f"test-{n}",
        kind=kind,
        text=text,
        author=Author(network_user_id=handle, handle=handle, name=name),
        created_at=at(when),
        thread_key=thread or f"arrival-{n}",
    )
    return ingest_one(channel, item)
