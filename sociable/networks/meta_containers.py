"""What Instagram and Threads share: Meta's media containers and the Graph-style answers around
them. Plain Python, no Django; used by networks/instagram.py and networks/threads.py.

Both publish through a container: create it, poll its status until FINISHED, then publish it
(developers.facebook.com/docs/instagram-platform/content-publishing and
developers.facebook.com/docs/threads/posts). A container ends in FINISHED (or PUBLISHED),
ERROR (with a reason) or EXPIRED (not published within 24 hours). Both count their own
publishing limits per account in a moving 24 hours, read from one endpoint whose entry holds
`<kind>quota_usage` and `<kind>config` {quota_total, quota_duration}.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from sociable.networks import http
from sociable.networks.base import NetworkError


@dataclass(frozen=True)
class ContainerStatus:
    """How a network reports a container's state: the fields asked for, the one holding the
    state and the one holding the reason for an ERROR."""

    fields: str
    state: str
    reason: str


# Instagram: status_code (EXPIRED, ERROR, FINISHED, IN_PROGRESS, PUBLISHED) and status.
INSTAGRAM_STATUS = ContainerStatus("status_code,status", "status_code", "status")
# Threads: status (the same values) and error_message.
THREADS_STATUS = ContainerStatus("status,error_message", "status", "error_message")


def wait_until_ready(
    client: http.HttpClient,
    container: str,
    how: ContainerStatus,
    *,
    label: str,
    what: str,
    upload: str,
    attempts: int,
    interval: float,
) -> None:
    """Poll a container until the network has processed it (FINISHED), or say why not.

    what: "this media" or "this post"; upload: "the upload" or "the post" (what expired)."""
    for attempt in range(attempts):
        if attempt:
            time.sleep(interval)
        state = client.get(container, params={"fields": how.fields})
        code = str(state.get(how.state) or "")
        if code in ("FINISHED", "PUBLISHED"):
            return
        if code == "ERROR":
            reason = http.redact(str(state.get(how.reason) or "no reason given"))[:200]
            raise NetworkError(
                f"{label} could not process {what} ({reason}); nothing was published.",
                permanent=True,
            )
        if code == "EXPIRED":
            raise NetworkError(
                f"{label} let {upload} expire before it was published; it can be tried again.",
                retry_after=60,
            )
    raise NetworkError(
        f"{label} is still processing {what}; nothing was published yet and it "
        "will be tried again.",
        retry_after=300,
    )


def permalink(client: http.HttpClient, media_id: str, fallback: str) -> str:
    """A published post's address. Asked after publishing, so a failure here must not look
    like a failure to publish: the profile's address stands in."""
    try:
        link = client.get(media_id, params={"fields": "permalink"}).get("permalink")
    except NetworkError:
        link = ""
    return str(link or fallback)


def quota_entry(data: Any) -> dict:
    """The one entry of a publishing-limit answer ({"data": [entry]}), or {}."""
    entries = data.get("data") if isinstance(data, dict) else None
    first = entries[0] if isinstance(entries, list) and entries else None
    return first if isinstance(first, dict) else {}


def quota(entry: dict, kind: str, default_total: int) -> tuple[int, int, int]:
    """(used, total, window in seconds) of one kind of quota ("" posts, "reply_", "delete_")."""
    config = entry.get(f"{kind}config") or {}
    return (
        int(entry.get(f"{kind}quota_usage") or 0),
        int(config.get("quota_total") or default_total),
        int(config.get("quota_duration") or 86400),
    )


def edge_items(data: Any) -> list[dict]:
    """The `data` list of a Graph-style edge (items with an id), whatever else came."""
    items = data.get("data") if isinstance(data, dict) else None
    return [item for item in items or [] if isinstance(item, dict) and item.get("id")]


def insight_values(data: Any) -> dict[str, int]:
    """Each insight's name and its latest value (`values` for lifetime metrics, `total_value`
    for totals), numbers only."""
    found: dict[str, int] = {}
    for entry in edge_items(data):
        values = entry.get("values") or []
        value = values[-1].get("value") if values and isinstance(values[-1], dict) else None
        if value is None:
            value = (entry.get("total_value") or {}).get("value")
        if isinstance(value, int | float) and not isinstance(value, bool):
            found[str(entry.get("name"))] = int(value)
    return found
