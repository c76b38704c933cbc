"""Response clocks: when a reply is due, counting staffed time only.

Crisis and safeguarding are alerted at any hour, so their clocks count every minute; all other
routes count the organisation's staffed hours (weekdays, its nation's bank holidays off).
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from functools import lru_cache

from sociable.lib import hours
from sociable.triage import URGENT_ROUTES

ROUND_THE_CLOCK = URGENT_ROUTES

# Minutes (staffed time) to first response and to resolution, per route. None: no target.
DEFAULT_TARGETS: dict[str, dict[str, int | None]] = {
    "crisis": {"first_response": 15, "resolution": 60},
    "safeguarding": {"first_response": 30, "resolution": 240},
    "clinical": {"first_response": 60, "resolution": 480},
    "personal_data": {"first_response": 30, "resolution": 240},
    "abuse": {"first_response": 240, "resolution": None},
    "spam": {"first_response": None, "resolution": None},
    "complaint": {"first_response": 120, "resolution": 2 * 480},
    "misinformation": {"first_response": 120, "resolution": 480},
    "query": {"first_response": 240, "resolution": 2 * 480},
    "praise": {"first_response": 480, "resolution": None},
    "chat": {"first_response": None, "resolution": None},
}
DUE_SOON = timedelta(minutes=30)

NATION_CALENDARS = {
    "england": "england-and-wales",
    "wales": "england-and-wales",
    "scotland": "scotland",
    "northern_ireland": "northern-ireland",
}


def schedule_for(organisation) -> hours.Schedule:
    data = dict(organisation.staffed_hours or {})
    data["nation"] = NATION_CALENDARS.get(organisation.nation, "england-and-wales")
    return _schedule(json.dumps(data, sort_keys=True, default=str))


@lru_cache(maxsize=256)
def _schedule(data: str) -> hours.Schedule:
    """Schedules are immutable: parse each organisation's hours once, not per message."""
    return hours.Schedule.from_dict(json.loads(data))


def target(organisation, route: str, kind: str) -> int | None:
    custom = (organisation.sla_targets or {}).get(route, {})
    if kind in custom:
        return custom[kind]
    return DEFAULT_TARGETS.get(route, {}).get(kind)


def due_after(organisation, route: str, start: datetime, minutes: int | None):
    if minutes is None:
        return None
    if route in ROUND_THE_CLOCK:
        return start + timedelta(minutes=minutes)
    return hours.add_staffed(schedule_for(organisation), start, minutes * 60)


def on_inbound(conversation, message) -> None:
    """A new inbound message: start the response clock if nothing is already waiting."""
    organisation = conversation.organisation
    if conversation.waiting_since is None:
        conversation.waiting_since = message.sent_at
    conversation.first_response_due_at = due_after(
        organisation,
        conversation.route,
        conversation.waiting_since,
        target(organisation, conversation.route, "first_response"),
    )
    if conversation.resolution_due_at is None and conversation.closed_at is None:
        conversation.resolution_due_at = due_after(
            organisation,
            conversation.route,
            message.sent_at,
            target(organisation, conversation.route, "resolution"),
        )


def on_route_change(conversation) -> None:
    organisation = conversation.organisation
    if conversation.waiting_since is not None:
        conversation.first_response_due_at = due_after(
            organisation,
            conversation.route,
            conversation.waiting_since,
            target(organisation, conversation.route, "first_response"),
        )
    if conversation.closed_at is None:
        conversation.resolution_due_at = due_after(
            organisation,
            conversation.route,
            conversation.created_at,
            target(organisation, conversation.route, "resolution"),
        )


def on_reply(conversation, at: datetime) -> None:
    if conversation.first_responded_at is None:
        conversation.first_responded_at = at
    conversation.waiting_since = None
    conversation.first_response_due_at = None


def on_close(conversation, at: datetime) -> None:
    conversation.closed_at = at
    conversation.waiting_since = None
    conversation.first_response_due_at = None


def on_reopen(conversation) -> None:
    conversation.closed_at = None


def state(conversation, now: datetime) -> str:
    """'breached', 'due_soon', 'on_track' or '' (nothing due)."""
    due = conversation.first_response_due_at
    if due is None:
        return ""
    if now >= due:
        return "breached"
    if due - now <= DUE_SOON:
        return "due_soon"
    return "on_track"


def staffed_minutes(organisation, route: str, start: datetime, end: datetime) -> float:
    """How long a response took, in the time that counts for its route."""
    if route in ROUND_THE_CLOCK:
        return max(0.0, (end - start).total_seconds() / 60)
    return hours.staffed_seconds(schedule_for(organisation), start, end) / 60
