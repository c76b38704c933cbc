"""When to post: the account's own best slots, within the hours staff are on hand to reply."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

from django.db.models import Count, F, FloatField, Q, Sum
from django.db.models.functions import Cast, Coalesce, ExtractHour, ExtractIsoWeekDay
from django.utils import timezone

from sociable.inbox import clocks
from sociable.publishing import besttime
from sociable.publishing.models import PostTarget, TargetStatus

ENGAGEMENTS = ("reactions", "comments", "shares", "clicks")  # PostTarget.engagements, in SQL


def staffed_slots(organisation) -> set[tuple[int, int]]:
    """(weekday, hour) slots wholly inside the organisation's staffed hours."""
    schedule = clocks.schedule_for(organisation)
    slots = set()
    for weekday, spans in schedule.weekly.items():
        for opens, closes in spans:
            first = opens.hour * 60 + opens.minute
            last = 24 * 60 if closes == time(0) else closes.hour * 60 + closes.minute
            slots.update(
                (int(weekday), hour)
                for hour in range(24)
                if hour * 60 >= first and (hour + 1) * 60 <= last
            )
    return slots


def history(channel, now: datetime | None = None) -> dict[besttime.Slot, besttime.SlotHistory]:
    """The account's published posts within besttime's window, summed per slot of the week by
    the database (one grouped query: at most 168 rows, however many posts there are). A post's
    audience is the people reached, or where the network reports no reach (Threads, YouTube)
    the views, so those accounts learn too."""
    since, until = besttime.window(now or timezone.now())
    zone = ZoneInfo(besttime.TIMEZONE)
    engagements = sum(
        (Coalesce(name, 0) for name in ENGAGEMENTS[1:]), start=Coalesce(ENGAGEMENTS[0], 0)
    )
    rate = Cast(F("engaged"), FloatField()) / Cast(F("audience"), FloatField())
    rows = (
        PostTarget.objects.filter(
            Q(reach__gt=0) | Q(reach__isnull=True, impressions__gt=0),
            channel=channel,
            status=TargetStatus.PUBLISHED,
            published_at__gte=since,
            published_at__lte=until,
        )
        .annotate(
            weekday=ExtractIsoWeekDay("published_at", tzinfo=zone),
            hour=ExtractHour("published_at", tzinfo=zone),
            engaged=engagements,
            audience=Coalesce("reach", "impressions"),
        )
        .values("weekday", "hour")
        .annotate(
            posts=Count("id"),
            rate_sum=Sum(rate),
            rate_squares=Sum(rate * rate),
            reach_sum=Sum("audience"),
            engagements_sum=Sum("engaged"),
        )
        .order_by()
    )
    return {
        (row["weekday"] - 1, row["hour"]): besttime.SlotHistory(
            row["posts"],
            row["rate_sum"],
            row["rate_squares"],
            row["reach_sum"],
            row["engagements_sum"],
        )
        for row in rows
    }


def suggestions(channel, *, top: int = 3, now: datetime | None = None):
    """The account's best slots; none where its network counts nothing per post (the page says
    so: channel.counts_each_post)."""
    if not channel.counts_each_post:
        return []
    return besttime.suggest_from_slots(
        history(channel, now), staffed_slots(channel.organisation), top=top
    )
