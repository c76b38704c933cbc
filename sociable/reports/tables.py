"""The report's tables: one definition feeds the page, the CSV downloads and the PDF."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone

from sociable.lib import spreadsheets
from sociable.reports.build import Report
from sociable.reports.models import Stage
from sociable.reports.rates import Rate, number


@dataclass(frozen=True)
class Cell:
    raw: object  # what a spreadsheet gets
    text: str  # what a person reads

    def __str__(self):
        return self.text


def cell(value) -> Cell:
    if isinstance(value, Cell):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return Cell(value, number(value))
    if value is None:
        return Cell("", "unknown")
    return Cell(value, str(value))


def minutes(value: float | None) -> Cell:
    """Counted minutes, e.g. 85.0 → "1 hr 25 min"."""
    if value is None:
        return Cell("", "none yet")
    whole = round(value)
    hours, mins = divmod(whole, 60)
    text = f"{hours} hr {mins} min" if hours else f"{mins} min"
    return Cell(round(value, 1), text)


def rate_cells(rate: Rate | None, missing: str = "unknown") -> list[Cell]:
    """[the rate, its base]: a rate never travels without its base."""
    if rate is None or rate.value is None:
        return [Cell("", missing), Cell("", "no base")]
    return [Cell(rate.percent, rate.percent_text), Cell(str(rate), str(rate))]


@dataclass
class Table:
    key: str
    title: str
    caption: str
    headers: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    empty: str = "Nothing in this period."

    def add(self, *values) -> None:
        self.rows.append([cell(v) for v in values])

    def as_csv(self) -> str:
        return spreadsheets.as_csv([self.headers, *([c.raw for c in row] for row in self.rows)])


def _of_posts(count: int, total: int, what: str) -> str:
    return f"From {count} of {total} posts whose network reports {what}"


def exposure(report: Report) -> Table:
    e = report.exposure
    table = Table(
        "exposure",
        "Exposure",
        "Exposure: who could have seen the posts",
        ["Measure", "Value", "Base"],
    )
    table.add("Posts published", e.posts, "Each post on each account counts once")
    table.add(
        "Impressions",
        e.impressions,
        _of_posts(e.posts_with_impressions, e.posts, "impressions") if e.posts else "",
    )
    table.add(
        "Reach (people reached, added up post by post)",
        e.reach,
        _of_posts(e.posts_with_reach, e.posts, "reach") if e.posts else "",
    )
    return table


def engagement(report: Report) -> Table:
    g, posts = report.engagement, report.exposure.posts
    table = Table(
        "engagement",
        "Engagement",
        "Engagement: who acted on the posts",
        ["Measure", "Value", "Base"],
    )
    table.add("Reactions", g.reactions, f"All {posts} posts")
    table.add("Comments", g.comments, f"All {posts} posts")
    table.add("Shares", g.shares, f"All {posts} posts")
    table.add("Link clicks", g.clicks, f"{g.posts_with_clicks} of {posts} posts report clicks")
    table.add(
        "Engagements (reactions, comments, shares and clicks)", g.engagements, f"All {posts} posts"
    )
    if g.on_reach is not None:
        table.rows.append([cell("Engagement rate on reach"), *rate_cells(g.on_reach)])
    else:
        table.add(
            "Engagement rate on reach",
            Cell("", "unknown"),
            "Reach is unknown for every post in scope, so no rate on reach is given",
        )
    if g.on_impressions is not None:
        table.rows.append([cell("Engagement rate on impressions"), *rate_cells(g.on_impressions)])
    return table


def outcomes(report: Report) -> Table:
    table = Table(
        "outcomes",
        "Preference, impact and advocacy",
        "Outcomes recorded by the team",
        ["Date", "Stage", "What", "Count", "From", "Source"],
        empty="No outcomes recorded in this period.",
    )
    labels = dict(Stage.choices)
    for stage in Stage.values:
        for o in report.outcomes[stage]:
            origin = o.campaign or (str(o.post) if o.post_id else "")
            table.add(
                Cell(o.date.isoformat(), f"{o.date:%-d %b %Y}"),
                labels[stage],
                o.description,
                o.count,
                origin,
                o.source,
            )
    return table


def stages(report: Report) -> Table:
    """The AMEC summary: one line per stage, each figure with its base."""
    e, g = report.exposure, report.engagement
    table = Table(
        "amec", "AMEC summary", "Summary by AMEC stage", ["Stage", "Measure", "Value", "Base"]
    )
    table.add("Exposure", "Reach", e.reach, f"{e.posts_with_reach} of {e.posts} posts report reach")
    table.add(
        "Exposure",
        "Impressions",
        e.impressions,
        f"{e.posts_with_impressions} of {e.posts} posts report impressions",
    )
    table.add("Engagement", "Engagements", g.engagements, f"All {e.posts} posts")
    if g.on_reach is not None:
        table.rows.append([cell("Engagement"), cell("Engagement rate"), *rate_cells(g.on_reach)])
    else:
        table.add(
            "Engagement", "Engagement rate", Cell("", "unknown"), "No post in scope reports reach"
        )
    labels = dict(Stage.choices)
    for stage in Stage.values:
        count = len(report.outcomes[stage])
        table.add(
            labels[stage],
            "Recorded outcomes",
            report.outcome_totals[stage],
            f"{count} outcome record{'s' if count != 1 else ''}",
        )
    table.add(
        "Advocacy",
        "Kudos (public praise naming staff)",
        report.kudos,
        "Messages naming a member of staff, per person named",
    )
    return table


def kudos(report: Report) -> Table:
    table = Table(
        "kudos",
        "Kudos by team",
        "Kudos by team",
        ["Team", "Kudos"],
        empty="No kudos in this period.",
    )
    for team, count in report.kudos_by_team:
        table.add(team, count)
    return table


def response_times(report: Report) -> Table:
    table = Table(
        "response-times",
        "Response times",
        "First-response time by route, in staffed hours (crisis and safeguarding: every minute)",
        [
            "Route",
            "Replies",
            "Median",
            "90th percentile",
            "Target",
            "Within target",
            "Base",
            "Still waiting",
        ],
        empty="No messages needed a reply in this period.",
    )
    rows = list(report.response_times)
    if report.response_overall is not None:
        rows.append(report.response_overall)
    for r in rows:
        table.rows.append(
            [
                cell(r.label),
                cell(r.answered),
                minutes(r.median),
                minutes(r.p90),
                minutes(r.target) if r.target is not None else Cell("", "no target"),
                *rate_cells(r.within, missing="none due"),
                cell(r.waiting),
            ]
        )
    return table


def volume(report: Report) -> Table:
    table = Table(
        "volume",
        "Volume by route",
        "Inbound messages by route",
        ["Route", "Inbound messages"],
        empty="No messages arrived in this period.",
    )
    for _route, label, count in report.volume:
        table.add(label, count)
    if report.volume:
        table.add("All routes", report.inbound_total)
    return table


def top_posts(report: Report) -> Table:
    from sociable.reports.build import MIN_REACH_FOR_TOP

    table = Table(
        "top-posts",
        "Top posts",
        f"Top posts by engagement rate on reach (posts that reached at least "
        f"{MIN_REACH_FOR_TOP} people)",
        ["Rank", "Post", "Account", "Published", "Reach", "Engagements", "Engagement rate", "Base"],
        empty="No post in this period reached enough people to rank.",
    )
    for rank, row in enumerate(report.top_posts, start=1):
        published = timezone.localtime(row.target.published_at)
        table.rows.append(
            [
                cell(rank),
                cell(row.text),
                cell(str(row.target.channel)),
                Cell(published.isoformat(), f"{published:%-d %b %Y %H:%M}"),
                cell(row.target.reach),
                cell(row.engagements or 0),
                *rate_cells(row.rate),
            ]
        )
    return table


def daily(report: Report) -> Table:
    table = Table(
        "daily",
        "Day by day",
        "Posts, reach, engagements and inbound messages by day",
        ["Date", "Posts", "Reach", "Engagements", "Inbound messages"],
    )
    for d in report.days:
        table.add(
            Cell(d.day.isoformat(), f"{d.day:%a %-d %b}"),
            d.posts,
            d.reach,
            d.engagements,
            d.inbound,
        )
    return table


def ratings(report: Report) -> Table:
    table = Table(
        "ratings",
        "Rating by location",
        "Average Google rating and number of reviews of each location by day",
        ["Date", "Location", "Average rating (out of 5)", "Reviews"],
        empty="No location ratings read in this period.",
    )
    for series in report.ratings:
        for day, rating, reviews in series.days:
            table.add(
                Cell(day.isoformat(), f"{day:%a %-d %b}"),
                series.location,
                None if rating is None else Cell(rating, f"{rating:.2f}"),
                reviews,
            )
    return table


TABLES = {
    "amec": stages,
    "exposure": exposure,
    "engagement": engagement,
    "outcomes": outcomes,
    "kudos": kudos,
    "response-times": response_times,
    "volume": volume,
    "top-posts": top_posts,
    "daily": daily,
    "ratings": ratings,
}


def all_tables(report: Report) -> dict[str, Table]:
    """Every table, by key (with underscores, for templates)."""
    return {key.replace("-", "_"): make(report) for key, make in TABLES.items()}
