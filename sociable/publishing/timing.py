"""When to post: the account's own best slots, within the hours staff are on hand to reply."""

from __future__ import annotations

from datetime import time

from django.db.models import Q

from sociable.inbox import clocks
from sociable.publishing import besttime
from sociable.publishing.models import PostTarget, TargetStatus


def staffed_slots(organisation) -> set[tuple[int, int]]:
    """(weekday, hour) slots wholly inside the organisation's staffed hours."""
    schedule = clocks.schedule_for(organisation)
    slots = set()
    for weekday, spans in schedule.weekly.items():
        for opens, closes in spans:
            first = opens.hour * 60 + opens.minute
            last = 24 * 60 if closes == time(0) else closes.hour * 60 + closes.minute
            slots.update((int(weekday), hour) for hour in range(24)
                         if hour * 60 >= first and (hour + 1) * 60 <= last)
    return slots


def history(channel) -> list[besttime.PastPost]:
    """The account's published posts with their audience: the people reached, or where the
    network reports no reach (Threads, YouTube) the views, so those accounts learn too."""
    rows = PostTarget.objects.filter(
        Q(reach__gt=0) | Q(reach__isnull=True, impressions__gt=0),
        channel=channel, status=TargetStatus.PUBLISHED, published_at__isnull=False,
    )
    return [besttime.PastPost(t.published_at, t.reach or t.impressions, t.engagements or 0)
            for t in rows]


def suggestions(channel, *, top: int = 3):
    """The account's best slots; none where its network counts nothing per post (the page says
    so: channel.counts_each_post)."""
    if not channel.counts_each_post:
        return []
    return besttime.suggest(history(channel), staffed_slots(channel.organisation), top=top)
