"""What a saved search's dashboard shows, counted from its stored mentions."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count
from django.utils import timezone

from sociable.listening import alerting, matching, signals
from sociable.listening.models import Mention, SearchKind

SENTIMENTS = [("positive", "Positive"), ("neutral", "Neutral"), ("negative", "Negative")]
TEXTS_FOR_TERMS = 5000


@dataclass
class Bar:
    label: str
    value: int
    percent: float  # of the largest bar, for drawing


@dataclass
class Dashboard:
    first: date
    last: date
    total: int
    by_day: list[Bar]
    by_week: list[Bar]
    sentiment: list[Bar]
    routes: list[tuple[str, int]]
    top_authors: list[dict]
    top_terms: list[tuple[str, int]]
    top_hashtags: list[tuple[str, int]]
    potential_reach: int
    authors_with_audience: int
    authors: int
    impressions: int
    mentions_with_impressions: int
    recent: list = field(default_factory=list)


def bars(pairs: list[tuple[str, int]]) -> list[Bar]:
    top = max((value for _, value in pairs), default=0)
    return [
        Bar(label, value, round(100 * value / top, 1) if top else 0.0) for label, value in pairs
    ]


def dashboard(search, days: int = 30, today: date | None = None) -> Dashboard:
    today = today or timezone.localdate()
    first = today - timedelta(days=days - 1)
    counts = alerting.daily_counts(search, first, today)
    series = signals.daily_series(counts, first, today)
    by_day = bars(
        [((first + timedelta(days=n)).strftime("%-d %b"), value) for n, value in enumerate(series)]
    )
    mentions = _in_period(search, first, today)
    by_week = []
    if search.kind == SearchKind.SYMPTOMS:
        last_week = signals.week_start(today)
        first_week = last_week - timedelta(weeks=7)
        weekly_counts = alerting.daily_counts(search, first_week, today)
        weekly = signals.weekly_series(weekly_counts, first_week, last_week)
        by_week = bars(
            [
                ((first_week + timedelta(weeks=n)).strftime("w/c %-d %b"), value)
                for n, value in enumerate(weekly)
            ]
        )
    sentiment_counts = dict(mentions.values_list("sentiment").annotate(n=Count("id")))
    routes = sorted(
        mentions.values_list("route").annotate(n=Count("id")), key=lambda pair: -pair[1]
    )
    authors = _authors(mentions)
    texts = mentions.order_by("-posted_at").values_list("text", flat=True)[:TEXTS_FOR_TERMS]
    texts = list(texts)
    with_impressions = mentions.filter(impressions__isnull=False)
    return Dashboard(
        first=first,
        last=today,
        total=sum(series),
        by_day=by_day,
        by_week=by_week,
        sentiment=bars([(label, sentiment_counts.get(key, 0)) for key, label in SENTIMENTS]),
        routes=routes,
        top_authors=sorted(
            authors.values(), key=lambda a: (-a["mentions"], -(a["followers"] or 0))
        )[:10],
        top_terms=matching.top_terms(texts),
        top_hashtags=matching.top_hashtags(texts),
        potential_reach=sum(a["followers"] or 0 for a in authors.values()),
        authors_with_audience=sum(1 for a in authors.values() if a["followers"] is not None),
        authors=len(authors),
        impressions=sum(with_impressions.values_list("impressions", flat=True)),
        mentions_with_impressions=with_impressions.count(),
        recent=list(mentions.select_related("escalated").order_by("-posted_at", "-id")[:20]),
    )


def _in_period(search, first: date, last: date):
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.combine(first, time.min), tz)
    end = timezone.make_aware(datetime.combine(last + timedelta(days=1), time.min), tz)
    return Mention.objects.filter(search=search, posted_at__gte=start, posted_at__lt=end)


def _authors(mentions) -> dict[tuple[str, str], dict]:
    """Distinct authors (per network), each with their largest reported audience."""
    authors: dict[tuple[str, str], dict] = {}
    rows = mentions.values_list(
        "network", "author_id", "author_handle", "author_name", "author_followers"
    )
    for network, author_id, handle, name, followers in rows:
        key = (network, author_id or handle)
        entry = authors.setdefault(
            key,
            {"network": network, "handle": handle, "name": name, "followers": None, "mentions": 0},
        )
        entry["mentions"] += 1
        if followers is not None and (entry["followers"] is None or followers > entry["followers"]):
            entry["followers"] = followers
    return authors


def columns(bar_list: list[Bar], height: int = 120, width: int = 14, gap: int = 4) -> dict:
    """Geometry of a column chart (SVG units) for a list of bars."""
    items = []
    for n, bar in enumerate(bar_list):
        h = round(height * bar.percent / 100, 1)
        items.append(
            {"x": n * (width + gap), "y": round(height - h, 1), "h": h, "w": width, "bar": bar}
        )
    return {"width": max(1, len(bar_list) * (width + gap) - gap), "height": height, "items": items}


def rows(bar_list: list[Bar], width: int = 300, row: int = 24) -> dict:
    """Geometry of a horizontal bar chart (SVG units), labels drawn to the left."""
    items = [
        {
            "y": n * row,
            "w": round(max(width * bar.percent / 100, 1 if bar.value else 0), 1),
            "h": row - 6,
            "text_y": n * row + (row - 6) / 2 + 5,
            "bar": bar,
        }
        for n, bar in enumerate(bar_list)
    ]
    return {"width": width, "height": max(row, len(bar_list) * row), "items": items}


def describe_series(name: str, bar_list: list[Bar]) -> str:
    """A sentence a screen reader reads for a chart."""
    if not bar_list:
        return f"{name}: no data."
    total = sum(b.value for b in bar_list)
    peak = max(bar_list, key=lambda b: b.value)
    return (
        f"{name}, {bar_list[0].label} to {bar_list[-1].label}: {total} in all; "
        f"the most was {peak.value} ({peak.label}). The table below gives every value."
    )


def describe_split(name: str, bar_list: list[Bar]) -> str:
    parts = ", ".join(f"{b.label} {b.value}" for b in bar_list)
    return f"{name}: {parts}. The table below gives the same figures."


def charts(board: Dashboard) -> dict:
    return {
        "by_day": {
            "geometry": columns(board.by_day, width=12, gap=3),
            "label": describe_series("Mentions per day", board.by_day),
        },
        "by_week": {
            "geometry": columns(board.by_week, width=40, gap=10),
            "label": describe_series("Mentions per week", board.by_week),
        },
        "sentiment": {
            "geometry": rows(board.sentiment),
            "label": describe_split("Mentions by sentiment", board.sentiment),
        },
    }
