"""The report summary the API serves: counts by route and first-response times, from the
reports app's own calculations (sociable.reports.responses), for one organisation and period."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count

from sociable.inbox.models import ROUTES, Conversation, Direction, Message
from sociable.publishing.models import PostTarget, TargetStatus
from sociable.reports import periods, responses
from sociable.reports.scope import Scope

DEFAULT_DAYS = 28


def period_of(since=None, until=None) -> periods.Period:
    """The chosen days (default: the last 28 days). ValueError when they make no sense."""
    until = until or periods.today()
    since = since or until - timedelta(days=DEFAULT_DAYS - 1)
    return periods.custom(since, until)


def summary(organisation, period: periods.Period) -> dict:
    scope = Scope(organisation=organisation, period=period)
    in_period = {"sent_at__gte": period.starts_at, "sent_at__lt": period.ends_before}
    messages = Message.objects.filter(scope.messages_q(), **in_period)
    inbound = dict(
        messages.filter(direction=Direction.INBOUND)
        .values_list("route")
        .annotate(n=Count("id"))
        .values_list("route", "n")
    )
    started = dict(
        Conversation.objects.filter(
            organisation=organisation,
            created_at__gte=period.starts_at,
            created_at__lt=period.ends_before,
        )
        .values_list("route")
        .annotate(n=Count("id"))
        .values_list("route", "n")
    )
    waits = responses.waits(scope)
    times = {t.route: t for t in responses.by_route(scope, waits)}
    by_route = [
        {
            "route": route,
            "label": label,
            "conversations": started.get(route, 0),
            "inbound_messages": inbound.get(route, 0),
            **_times(times.get(route)),
        }
        for route, label in ROUTES
        if started.get(route) or inbound.get(route) or route in times
    ]
    return {
        "since": period.start,
        "until": period.end,
        "conversations": sum(started.values()),
        "inbound_messages": sum(inbound.values()),
        "replies_sent": messages.filter(
            direction=Direction.OUTBOUND, automatic=False, delivery="sent"
        ).count(),
        "first_response": _times(responses.overall(scope, waits)),
        "by_route": by_route,
        "posts_published": PostTarget.objects.filter(
            scope.targets_q(), status=TargetStatus.PUBLISHED
        ).count(),
    }


def _times(times) -> dict:
    within = times.within if times else None
    return {
        "answered": times.answered if times else 0,
        "median_minutes": _round(times.median) if times else None,
        "p90_minutes": _round(times.p90) if times else None,
        "target_minutes": times.target if times else None,
        "answered_within_target": within.numerator if within else None,
        "replies_due": within.denominator if within else None,
        "waiting": times.waiting if times else 0,
    }


def _round(value):
    return None if value is None else round(value, 1)
