"""First-response times in staffed hours, by route.

A waiting period starts with the first inbound message after the last staff reply (or the start
of the conversation) and ends with the next reply a person sent (auto-replies do not count).
Its length counts the time that counts for its route (inbox/clocks.py): staffed hours, or every
minute for crisis and safeguarding. A period belongs to the report if its first message arrived
in the report's period.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from sociable.inbox import clocks
from sociable.inbox.models import ROUTES, Direction, Message
from sociable.reports.rates import Rate, percentile
from sociable.reports.scope import Scope

ROUTE_LABELS = dict(ROUTES)
STAFF_REPLY_DELIVERY = ("sent", "")


@dataclass(frozen=True)
class Wait:
    route: str
    started: datetime
    answered: datetime | None
    minutes: float | None  # counted time to the first reply (None while unanswered)
    target: int | None  # minutes of counted time allowed, None for no target
    closed: bool  # the conversation was closed (deliberately left) without a reply

    def outcome(self, organisation, now: datetime) -> str:
        """'within', 'missed', 'waiting' (target not yet passed), 'left' or 'no_target'."""
        if self.target is None:
            return "no_target"
        if self.minutes is not None:
            return "within" if self.minutes <= self.target else "missed"
        if self.closed:
            return "left"
        so_far = clocks.staffed_minutes(organisation, self.route, self.started, now)
        return "missed" if so_far > self.target else "waiting"


@dataclass(frozen=True)
class RouteTimes:
    route: str
    label: str
    answered: int
    median: float | None
    p90: float | None
    target: int | None
    within: Rate | None  # answered in time ÷ replies due
    waiting: int  # no reply yet, target not yet passed


def waits(scope: Scope) -> list[Wait]:
    """Every waiting period that began in the scope's period."""
    organisation, period = scope.organisation, scope.period
    started_in_period = Message.objects.filter(
        scope.messages_q(),
        direction=Direction.INBOUND,
        sent_at__gte=period.starts_at,
        sent_at__lt=period.ends_before,
    ).values("conversation_id")
    rows = (
        Message.objects.filter(conversation_id__in=started_in_period)
        .order_by("conversation_id", "sent_at", "id")
        .values_list(
            "conversation_id",
            "conversation__route",
            "conversation__closed_at",
            "direction",
            "automatic",
            "delivery",
            "sent_at",
        )
    )
    found: list[Wait] = []
    current: dict = {}

    def finish(conversation_id):
        state = current.pop(conversation_id, None)
        if state and state["since"] is not None:
            found.append(
                _wait(organisation, state["route"], state["since"], None, closed=state["closed"])
            )

    last_id = None
    for conversation_id, route, closed_at, direction, automatic, delivery, sent_at in rows:
        if conversation_id != last_id:
            finish(last_id)
            current[conversation_id] = {
                "route": route,
                "since": None,
                "closed": closed_at is not None,
            }
            last_id = conversation_id
        state = current[conversation_id]
        if direction == Direction.INBOUND:
            if state["since"] is None:
                state["since"] = sent_at
        elif not automatic and delivery in STAFF_REPLY_DELIVERY and state["since"] is not None:
            found.append(_wait(organisation, route, state["since"], sent_at, closed=False))
            state["since"] = None
    finish(last_id)
    return [w for w in found if period.starts_at <= w.started < period.ends_before]


def _wait(organisation, route, started, answered, *, closed) -> Wait:
    minutes = (
        clocks.staffed_minutes(organisation, route, started, answered)
        if answered is not None
        else None
    )
    return Wait(
        route=route,
        started=started,
        answered=answered,
        minutes=minutes,
        target=clocks.target(organisation, route, "first_response"),
        closed=closed,
    )


def by_route(scope: Scope, found: list[Wait] | None = None, now=None) -> list[RouteTimes]:
    """Median and 90th percentile first-response time per route, and how many were in time."""
    now = now or timezone.now()
    found = waits(scope) if found is None else found
    result = []
    for route, label in ROUTES:
        mine = [w for w in found if w.route == route]
        if not mine:
            continue
        result.append(_times(scope.organisation, route, label, mine, now))
    return result


def overall(scope: Scope, found: list[Wait], now=None) -> RouteTimes | None:
    if not found:
        return None
    return _times(scope.organisation, "", "All routes", found, now or timezone.now())


def _times(organisation, route, label, mine: list[Wait], now) -> RouteTimes:
    minutes = [w.minutes for w in mine if w.minutes is not None]
    outcomes = [w.outcome(organisation, now) for w in mine]
    due = outcomes.count("within") + outcomes.count("missed")
    within = (
        Rate(
            outcomes.count("within"),
            due,
            "answered within target",
            "replies due",
            "messages whose reply was due",
        )
        if due
        else None
    )
    targets = {w.target for w in mine}
    return RouteTimes(
        route=route,
        label=label,
        answered=len(minutes),
        median=percentile(minutes, 0.5),
        p90=percentile(minutes, 0.9),
        target=targets.pop() if len(targets) == 1 else None,
        within=within,
        waiting=outcomes.count("waiting"),
    )
