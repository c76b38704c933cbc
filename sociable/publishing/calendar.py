"""The content calendar: posts by day, UK health awareness days, ideas from news feeds."""

from __future__ import annotations

import calendar as pycal
import logging
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone

from sociable.accounts import access
from sociable.inbox import untrusted
from sociable.networks.base import NetworkError
from sociable.networks.registry import adapter_for
from sociable.publishing import awareness
from sociable.publishing.models import (
    AwarenessDateConfirmation,
    ContentSource,
    ContentSuggestion,
    OrganisationAwarenessDay,
    Post,
    PostStatus,
)

log = logging.getLogger(__name__)
SOURCE_INTERVAL = timedelta(minutes=30)


@dataclass
class Day:
    date: date
    in_month: bool = True
    posts: list = field(default_factory=list)
    awareness: list = field(default_factory=list)


def ensure_awareness_days(organisation) -> int:
    """Give the organisation the shipped awareness days the first time its calendar opens."""
    if OrganisationAwarenessDay.objects.filter(organisation=organisation).exists():
        return 0
    rows = [
        OrganisationAwarenessDay(
            organisation=organisation,
            name=d.name,
            kind=d.kind,
            rule=d.rule,
            rule_machine=d.rule_machine,
            organiser=d.organiser,
            source=d.source,
        )
        for d in awareness.load_defaults()
    ]
    OrganisationAwarenessDay.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def awareness_between(organisation, start: date, end: date):
    """(day, occurrence) pairs overlapping the range; variable days use confirmed dates."""
    ensure_awareness_days(organisation)
    rows = {d.name: d for d in organisation.awareness_days.filter(shown=True)}
    library = [
        awareness.as_shown(day)
        for day in (
            awareness.AwarenessDay(
                name=d.name,
                kind=d.kind,
                rule=d.rule,
                rule_machine=d.rule_machine,
                organiser=d.organiser,
                source=d.source,
            )
            for d in rows.values()
        )
        if awareness.listed(day)
    ]
    confirmed = {
        (c.day.name, c.year): c
        for c in AwarenessDateConfirmation.objects.filter(
            day__organisation=organisation, year__in={start.year, end.year}
        ).select_related("day")
    }
    found = []
    for lib_day, occ in awareness.occurrences_between(library, start, end):
        row = rows[lib_day.name]
        if occ.needs_confirmation:
            made = confirmed.get((lib_day.name, occ.year))
            if made is not None:
                if made.end < start or made.start > end:
                    continue
                occ = awareness.Occurrence(made.start, made.end, False, None, occ.year)
        found.append((row, occ))
    return found


def posts_between(
    organisation, start: date, end: date, *, membership=None, channel=None, team=None
):
    lo = timezone.make_aware(datetime.combine(start, time.min))
    hi = timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min))
    posts = Post.objects if membership is None else access.visible_posts(membership)
    found = (
        posts.filter(organisation=organisation)
        .filter(
            Q(scheduled_at__gte=lo, scheduled_at__lt=hi)
            | Q(targets__published_at__gte=lo, targets__published_at__lt=hi)
        )
        .exclude(status=PostStatus.REJECTED)
        .distinct()
        .prefetch_related("targets__channel")
    )
    if channel:
        found = found.filter(targets__channel_id=channel)
    if team:
        found = found.filter(targets__channel__team_id=team)
    return found


def _when(post):
    times = [t.published_at for t in post.targets.all() if t.published_at]
    return timezone.localtime(min(times) if times else post.scheduled_at)


def month(organisation, year: int, month_number: int, **filters) -> list[list[Day]]:
    weeks = pycal.Calendar(firstweekday=0).monthdatescalendar(year, month_number)
    return _fill(organisation, weeks, lambda d: d.month == month_number, **filters)


def week(organisation, monday: date, **filters) -> list[list[Day]]:
    return _fill(
        organisation, [[monday + timedelta(days=i) for i in range(7)]], lambda d: True, **filters
    )


def _fill(organisation, weeks, in_range, **filters):
    start, end = weeks[0][0], weeks[-1][-1]
    days = {d: Day(d, in_range(d)) for w in weeks for d in w}
    for post in posts_between(organisation, start, end, **filters):
        when = _when(post)
        if when.date() in days:
            post.local_time = when
            days[when.date()].posts.append(post)
    # Awareness days belong to the period shown (a month view's padding days show none).
    shown = [d for d in sorted(days) if days[d].in_month]
    first_shown, last_shown = shown[0], shown[-1]
    for row, occ in awareness_between(organisation, first_shown, last_shown):
        if occ.needs_confirmation:
            first = date(occ.year, occ.hint_month, 1)
            if first in days:
                days[first].awareness.append((row, occ))
            continue
        first_visible = max(occ.start, first_shown)  # one that began earlier shows on day one
        if first_visible in days:
            days[first_visible].awareness.append((row, occ))
    for day in days.values():
        day.posts.sort(key=lambda p: p.local_time)
    return [[days[d] for d in w] for w in weeks]


def claim_due_sources(now=None, limit: int = 50) -> list[int]:
    """Claim news feeds due a fetch: a conditional UPDATE per row, so two workers never fetch
    the same one. The scheduler enqueues a task for each (never fetches inside the tick)."""
    now = now or timezone.now()
    due = ContentSource.objects.filter(
        Q(last_checked_at__isnull=True) | Q(last_checked_at__lte=now - SOURCE_INTERVAL)
    ).values_list("pk", "last_checked_at")[:limit]
    return [
        pk
        for pk, seen in due
        if ContentSource.objects.filter(pk=pk, last_checked_at=seen).update(last_checked_at=now)
    ]


def refresh_source(source_id: int) -> int:
    """Fetch one claimed news feed; store its new items as post ideas. Returns how many."""
    source = ContentSource.objects.filter(pk=source_id).first()
    if source is None:
        return 0
    try:
        batch = adapter_for("rss", {}, {"feed_url": source.url}).fetch_inbound(source.cursor)
    except NetworkError as error:
        ContentSource.objects.filter(pk=source.pk).update(last_error=str(error)[:300])
        return 0
    added = 0
    for raw in batch.items:
        try:
            item = untrusted.clean_item(raw)
        except untrusted.Unfit:
            continue  # an idea without an identity or a date is no idea: nothing is lost
        title = untrusted.clean_line(
            (item.extra or {}).get("title") or item.text.split("\n", 1)[0], 300
        )
        _, made = ContentSuggestion.objects.get_or_create(
            source=source,
            network_id=item.network_id[:300],
            defaults={"title": title, "link": item.url[:500], "published_at": item.created_at},
        )
        added += made
    ContentSource.objects.filter(pk=source.pk).update(cursor=batch.cursor, last_error="")
    return added


def refresh_sources(now=None) -> int:
    """Claim and fetch every due feed here and now (a command or a test; the worker runs each
    as a task instead)."""
    return sum(refresh_source(pk) for pk in claim_due_sources(now))
