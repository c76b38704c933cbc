"""Building a report: the AMEC stages, response times, volume and top posts for one scope.

AMEC's stages: exposure (who could have seen it), engagement (who acted on it), then
preference, impact and advocacy (what changed), which the desk cannot see for itself: officers
record those as outcomes, and kudos (public praise that names staff) count towards advocacy.
Every rate states its base; no advertising value equivalents are computed, anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils import timezone

from sociable.inbox.models import ROUTES, Direction, Kudos, Message
from sociable.publishing.models import PostTarget, TargetStatus
from sociable.reports import responses
from sociable.reports.models import LocationRating, Outcome, Stage
from sociable.reports.rates import Rate
from sociable.reports.scope import Scope

TOP_POSTS = 10
MIN_REACH_FOR_TOP = 100  # a post seen by fewer people has too small a base to rank
ROUTE_LABELS = dict(ROUTES)


@dataclass(frozen=True)
class PostRow:
    target: PostTarget
    engagements: int | None
    rate: Rate | None  # engagements ÷ reach for this post, None when reach is unknown

    @property
    def text(self) -> str:
        text = self.target.parts()[0]
        return text if len(text) <= 120 else text[:117] + "…"


@dataclass
class Exposure:
    posts: int = 0
    impressions: int | None = None
    reach: int | None = None
    posts_with_impressions: int = 0
    posts_with_reach: int = 0


@dataclass
class Engagement:
    reactions: int = 0
    comments: int = 0
    shares: int = 0
    clicks: int = 0
    posts_with_clicks: int = 0
    engagements: int = 0
    on_reach: Rate | None = None  # only posts whose network reports reach
    on_impressions: Rate | None = None  # only posts whose network reports impressions
    posts_without_reach: int = 0


@dataclass(frozen=True)
class Day:
    day: date
    posts: int
    reach: int | None  # None: posts that day, and none of them reports reach
    engagements: int
    inbound: int


@dataclass(frozen=True)
class LocationSeries:
    """A location's rating day by day: None is a day with no reading (a gap, never zero)."""

    location: str
    days: list[tuple[date, float | None, int | None]]  # day, average rating, reviews

    @property
    def latest(self) -> tuple[date, float | None, int | None] | None:
        known = [d for d in self.days if d[1] is not None]
        return known[-1] if known else None


@dataclass
class Report:
    scope: Scope
    generated_at: object
    exposure: Exposure
    engagement: Engagement
    outcomes: dict[str, list[Outcome]]
    outcome_totals: dict[str, int]
    kudos: int
    kudos_by_team: list[tuple[str, int]]
    response_times: list[responses.RouteTimes]
    response_overall: responses.RouteTimes | None
    volume: list[tuple[str, str, int]]  # route, label, inbound messages
    top_posts: list[PostRow]
    unranked_posts: int  # posts with too little or unknown reach
    days: list[Day]
    ratings: list[LocationSeries] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def inbound_total(self) -> int:
        return sum(count for _, _, count in self.volume)

    @property
    def title(self) -> str:
        return f"Social media report: {self.scope.organisation.name}, {self.scope.period.label}"


def build(scope: Scope, now=None) -> Report:
    now = now or timezone.now()
    targets = list(
        PostTarget.objects.filter(scope.targets_q(), status=TargetStatus.PUBLISHED)
        .select_related("post", "channel")
        .order_by("published_at", "id")
    )
    exposure, engagement = _exposure(targets), _engagement(targets)
    outcomes = {stage: [] for stage in Stage.values}
    for outcome in Outcome.objects.filter(scope.outcomes_q()).distinct().select_related("post"):
        outcomes[outcome.stage].append(outcome)
    kudos = Kudos.objects.filter(scope.kudos_q())
    by_team = [
        (row["team__name"] or "No team", row["n"])
        for row in kudos.values("team__name").annotate(n=Count("id")).order_by("-n", "team__name")
    ]
    found = responses.waits(scope)
    top, unranked = _top_posts(targets)
    report = Report(
        scope=scope,
        generated_at=now,
        exposure=exposure,
        engagement=engagement,
        outcomes=outcomes,
        outcome_totals={stage: sum(o.count for o in items) for stage, items in outcomes.items()},
        kudos=sum(n for _, n in by_team),
        kudos_by_team=by_team,
        response_times=responses.by_route(scope, found, now),
        response_overall=responses.overall(scope, found, now),
        volume=_volume(scope),
        top_posts=top,
        unranked_posts=unranked,
        days=_days(scope, targets, timezone.localdate(now)),
        ratings=_ratings(scope, timezone.localdate(now)),
    )
    report.notes = _notes(report)
    return report


def _exposure(targets) -> Exposure:
    with_impressions = [t.impressions for t in targets if t.impressions is not None]
    with_reach = [t.reach for t in targets if t.reach is not None]
    return Exposure(
        posts=len(targets),
        impressions=sum(with_impressions) if with_impressions else None,
        reach=sum(with_reach) if with_reach else None,
        posts_with_impressions=len(with_impressions),
        posts_with_reach=len(with_reach),
    )


def _engagement(targets) -> Engagement:
    result = Engagement()
    for t in targets:
        result.reactions += t.reactions or 0
        result.comments += t.comments or 0
        result.shares += t.shares or 0
        result.clicks += t.clicks or 0
        result.posts_with_clicks += t.clicks is not None
        result.engagements += t.engagements or 0
    reached = [t for t in targets if t.reach]
    if reached:
        result.on_reach = Rate(
            sum(t.engagements or 0 for t in reached),
            sum(t.reach for t in reached),
            "engagements",
            "reach",
            "people reached",
        )
    seen = [t for t in targets if t.impressions]
    if seen:
        result.on_impressions = Rate(
            sum(t.engagements or 0 for t in seen),
            sum(t.impressions for t in seen),
            "engagements",
            "impressions",
            "impressions",
        )
    result.posts_without_reach = len(targets) - len(reached)
    return result


def _top_posts(targets) -> tuple[list[PostRow], int]:
    ranked = []
    for t in targets:
        if t.reach is not None and t.reach >= MIN_REACH_FOR_TOP:
            rate = Rate(t.engagements or 0, t.reach, "engagements", "reach", "people reached")
            ranked.append(PostRow(t, t.engagements, rate))
    ranked.sort(key=lambda row: (-(row.rate.value or 0), -row.target.reach, row.target.pk))
    return ranked[:TOP_POSTS], len(targets) - len(ranked)


def _volume(scope: Scope) -> list[tuple[str, str, int]]:
    counts = dict(
        Message.objects.filter(
            scope.messages_q(),
            direction=Direction.INBOUND,
            sent_at__gte=scope.period.starts_at,
            sent_at__lt=scope.period.ends_before,
        )
        .values_list("route")
        .annotate(n=Count("id"))
        .values_list("route", "n")
    )
    rows = [(route, label, counts.pop(route, 0)) for route, label in ROUTES]
    untriaged = sum(counts.values())
    if untriaged:
        rows.append(("", "Not triaged", untriaged))
    return [row for row in rows if row[2]]


def _reach(targets) -> int | None:
    """The reach of one day's posts: unknown when posts were published and none reports it."""
    known = [t.reach for t in targets if t.reach is not None]
    return sum(known) if known or not targets else None


def _days(scope: Scope, targets, today: date) -> list[Day]:
    tz = timezone.get_current_timezone()
    inbound = dict(
        Message.objects.filter(
            scope.messages_q(),
            direction=Direction.INBOUND,
            sent_at__gte=scope.period.starts_at,
            sent_at__lt=scope.period.ends_before,
        )
        .annotate(day=TruncDate("sent_at", tzinfo=tz))
        .values("day")
        .annotate(n=Count("id"))
        .values_list("day", "n")
    )
    posted: dict[date, list[PostTarget]] = {}
    for t in targets:
        posted.setdefault(timezone.localtime(t.published_at).date(), []).append(t)
    return [
        Day(
            day=day,
            posts=len(posted.get(day, [])),
            reach=_reach(posted.get(day, [])),
            engagements=sum(t.engagements or 0 for t in posted.get(day, [])),
            inbound=inbound.get(day, 0),
        )
        for day in scope.period.days()
        if day <= today  # days still to come have no figures
    ]


def _ratings(scope: Scope, today: date) -> list[LocationSeries]:
    """The rating of each location in scope that has readings, for each day of the period."""
    days = [day for day in scope.period.days() if day <= today]
    if not days:
        return []
    found: dict[object, dict[date, LocationRating]] = {}
    for reading in (
        LocationRating.objects.filter(scope.messages_q(), day__gte=days[0], day__lte=days[-1])
        .select_related("channel")
        .order_by("channel__display_name", "channel_id")
    ):
        found.setdefault(reading.channel, {})[reading.day] = reading
    series = []
    for channel, by_day in found.items():
        rows = []
        for day in days:
            reading = by_day.get(day)
            rows.append(
                (day, reading.rating if reading else None, reading.reviews if reading else None)
            )
        series.append(LocationSeries(channel.display_name or channel.handle, rows))
    return series


def _notes(report: Report) -> list[str]:
    notes = []
    exposure, engagement = report.exposure, report.engagement
    if exposure.posts and exposure.posts_with_reach < exposure.posts:
        missing = exposure.posts - exposure.posts_with_reach
        notes.append(
            f"{missing} of {exposure.posts} posts come from accounts whose network does not "
            "report reach (or has not yet been read); they are left out of reach and of the "
            "engagement rate on reach, not guessed."
        )
    if exposure.reach is not None:
        notes.append(
            "Reach is added up post by post, so a person who saw two posts is counted twice."
        )
    if exposure.posts and engagement.posts_with_clicks < exposure.posts:
        notes.append(
            "Some networks do not report link clicks; engagements there are reactions, "
            "comments and shares only."
        )
    if report.scope.limits_posts_only:
        notes.append(
            "The campaign filter applies to posts and outcomes; inbox figures "
            "(response times, volume) and kudos cover all messages in scope."
        )
    if report.scope.channel is not None or report.scope.team is not None:
        notes.append(
            "With an account or team chosen, only outcomes linked to a post in it are counted."
        )
    return notes


def published_summary(report: Report) -> dict:
    """The figures a KPI can be bound to (see strategy/kpis.py)."""
    overall = report.response_overall
    return {
        "posts": report.exposure.posts,
        "reach": report.exposure.reach,
        "impressions": report.exposure.impressions,
        "engagements": report.engagement.engagements,
        "engagement_rate": report.engagement.on_reach,
        "response_time_median_minutes": overall.median if overall else None,
        "responses_within_target_pct": overall.within if overall else None,
        "kudos_count": report.kudos,
        "inbound_messages": report.inbound_total,
        **{f"outcome:{stage}": total for stage, total in report.outcome_totals.items()},
    }
