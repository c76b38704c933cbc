"""KPIs: each objective's figure, read from the same report the Reports page shows, against its
target. Totals (reach, kudos, outcomes…) are judged against the share of the target due by
today; levels (rates, times) against the target itself."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sociable.reports import periods
from sociable.reports.build import build, published_summary
from sociable.reports.rates import Rate, number
from sociable.reports.scope import Scope
from sociable.reports.tables import minutes


@dataclass(frozen=True)
class Kpi:
    key: str
    label: str
    kind: str  # "total" (adds up over the period) or "level"
    better: str  # "higher" or "lower"
    unit: str


KPIS = {
    k.key: k
    for k in [
        Kpi("reach", "Reach (people reached, added up post by post)", "total", "higher", "people"),
        Kpi("impressions", "Impressions", "total", "higher", "impressions"),
        Kpi("engagements", "Engagements", "total", "higher", "engagements"),
        Kpi("engagement_rate", "Engagement rate (engagements ÷ reach)", "level", "higher", "%"),
        Kpi(
            "response_time_median_minutes",
            "Median first-response time",
            "level",
            "lower",
            "staffed minutes",
        ),
        Kpi("responses_within_target_pct", "Replies within target", "level", "higher", "%"),
        Kpi("kudos_count", "Kudos", "total", "higher", "kudos"),
        Kpi("inbound_messages", "Inbound messages", "total", "higher", "messages"),
        Kpi("outcome:preference", "Preference outcomes", "total", "higher", "counted"),
        Kpi("outcome:impact", "Impact outcomes", "total", "higher", "counted"),
        Kpi("outcome:advocacy", "Advocacy outcomes", "total", "higher", "counted"),
    ]
}
CHOICES = [(k.key, k.label) for k in KPIS.values()]


def current_period(kind: str, today: date) -> periods.Period:
    """The KPI period that contains today: this month, quarter or year."""
    if kind == "year":
        return periods.Period(date(today.year, 1, 1), date(today.year, 12, 31), "year")
    if kind == "quarter":
        first_month = 3 * ((today.month - 1) // 3) + 1
        start = date(today.year, first_month, 1)
        end = periods.month_of(date(today.year, first_month + 2, 1)).end
        return periods.Period(start, end, "quarter")
    month = periods.month_of(today)
    return periods.Period(month.start, month.end, "this_month")


@dataclass(frozen=True)
class KpiStatus:
    objective: object
    kpi: Kpi | None
    period: periods.Period
    value: float | None
    value_text: str
    base: str  # what a rate is a share of, or how the figure is made
    target_text: str
    expected: float | None  # for totals: the share of the target due by today
    status: str  # "on_track", "behind" or "no_data"

    @property
    def expected_text(self) -> str:
        return "" if self.expected is None else _format(self.kpi, round(self.expected))

    @property
    def status_label(self) -> str:
        return {"on_track": "On track", "behind": "Behind", "no_data": "No data yet"}[self.status]


def evaluate(objective, today: date | None = None, now=None) -> KpiStatus:
    today = today or periods.today()
    period = current_period(objective.period, today)
    kpi = KPIS.get(objective.kpi)
    target = float(objective.target)
    target_text = _format(kpi, target)
    if kpi is None:
        return KpiStatus(
            objective, None, period, None, "unknown KPI", "", target_text, None, "no_data"
        )
    report = build(Scope(objective.organisation, period, objective=objective), now)
    figure = published_summary(report).get(kpi.key)
    value, base = _value(kpi, figure, report)
    expected = None
    if value is None:
        status = "no_data"
    elif kpi.kind == "total":
        elapsed = min(period.length_days, max(1, (today - period.start).days + 1))
        expected = target * elapsed / period.length_days
        status = "on_track" if value >= expected else "behind"
    elif kpi.better == "lower":
        status = "on_track" if value <= target else "behind"
    else:
        status = "on_track" if value >= target else "behind"
    return KpiStatus(
        objective, kpi, period, value, _format(kpi, value), base, target_text, expected, status
    )


def measure(report, objective) -> tuple[str, str, str]:
    """(KPI label, value, base) of an objective's KPI in an already built report."""
    kpi = KPIS.get(objective.kpi)
    if kpi is None:
        return objective.kpi, "unknown", ""
    value, base = _value(kpi, published_summary(report).get(kpi.key), report)
    return kpi.label, _format(kpi, value), base


def _value(kpi: Kpi, figure, report) -> tuple[float | None, str]:
    if isinstance(figure, Rate):
        if figure.value is None:
            return None, f"no base: {figure.denominator_label} is 0"
        return figure.percent, f"{figure.formula}, {figure.base_text}"
    if kpi.key == "engagement_rate":
        return None, "reach is unknown for every post in the period"
    if kpi.key == "responses_within_target_pct":
        return None, "no reply has fallen due yet"
    if kpi.key == "response_time_median_minutes":
        overall = report.response_overall
        if figure is None:
            return None, "no replies yet"
        return figure, f"median of {overall.answered} first replies, in staffed time"
    if kpi.key == "reach":
        e = report.exposure
        if figure is None:
            return None, f"none of the {e.posts} posts reports reach"
        return figure, f"from {e.posts_with_reach} of {e.posts} posts whose network reports reach"
    if kpi.key == "impressions":
        e = report.exposure
        if figure is None:
            return None, f"none of the {e.posts} posts reports impressions"
        return figure, f"from {e.posts_with_impressions} of {e.posts} posts"
    if kpi.key == "kudos_count":
        return figure, "praise naming staff, one for each person named"
    if kpi.key.startswith("outcome:"):
        records = report.outcomes.get(kpi.key.split(":", 1)[1], [])
        return figure, f"{len(records)} outcome record{'s' if len(records) != 1 else ''}"
    return figure, ""


def _format(kpi: Kpi | None, value: float | None) -> str:
    if value is None:
        return "unknown"
    if kpi is None:
        return number(value)
    if kpi.unit == "%":
        return f"{value:.1f}%"
    if kpi.key == "response_time_median_minutes":
        return str(minutes(value))
    return number(round(value, 1) if isinstance(value, float) else value)
