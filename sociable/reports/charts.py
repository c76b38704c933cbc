"""Charts worked out once and drawn twice: as SVG on the page (no JavaScript) and in the PDF.
Each has axes with their units, a text summary (the SVG's aria-label, the PDF figure's alternate
text) and a data table beside it for people who cannot see it. A value that is not known (reach a
network does not report) is a gap in the line, never a zero."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sociable.reports.rates import number

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 28, 44
BAR_HEIGHT, BAR_GAP, LABEL_WIDTH = 22, 8, 170
BAR_ROOM = WIDTH - LABEL_WIDTH - 80


def shares(top: float) -> tuple[float, ...]:
    """Where the ticks go along an axis up to `top`: halfway too when that is a whole number."""
    return (0, 0.5, 1) if (top / 2).is_integer() else (0, 1)


def nice_max(value: float) -> float:
    """The smallest 1, 2 or 5 times a power of ten at or above `value` (at least 1)."""
    if value <= 1:
        return 1
    power = 1
    while True:
        for step in (1, 2, 5):
            if step * power >= value:
                return step * power
        power *= 10


@dataclass(frozen=True)
class Tick:
    at: float  # px along its axis
    text: str


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    width: float  # px
    y: float
    value_text: str

    @property
    def text_y(self) -> float:
        return self.y + BAR_HEIGHT * 0.7

    @property
    def label_x(self) -> int:
        return LABEL_WIDTH - 8

    @property
    def value_x(self) -> float:
        return round(LABEL_WIDTH + self.width + 6, 1)

    @property
    def bar_height(self) -> int:
        return BAR_HEIGHT


@dataclass(frozen=True)
class BarChart:
    id: str
    title: str
    unit: str
    bars: list[Bar]
    summary: str
    width: int
    height: int
    axis_y: float  # the value axis, under the bars
    ticks: list[Tick]
    label_width: int = LABEL_WIDTH

    @property
    def axis_right(self) -> float:
        return LABEL_WIDTH + BAR_ROOM

    @property
    def tick_label_y(self) -> float:
        return self.axis_y + 16

    @property
    def unit_y(self) -> float:
        return self.axis_y + 34


def bar_chart(
    chart_id: str, title: str, unit: str, rows: list[tuple[str, float]], value_text=number
) -> BarChart:
    """Horizontal bars, one per row, in the order given, over a value axis in `unit`."""
    top = nice_max(max((value for _, value in rows), default=0))
    bars = [
        Bar(
            label=label,
            value=value,
            width=round(max(1.0, BAR_ROOM * value / top), 1) if value else 0,
            y=TOP + i * (BAR_HEIGHT + BAR_GAP),
            value_text=value_text(value),
        )
        for i, (label, value) in enumerate(rows)
    ]
    if rows:
        top_label, top_value = max(rows, key=lambda row: row[1])
        parts = ", ".join(f"{label} {value_text(value)}" for label, value in rows)
        summary = (
            f"{title}, bar chart in {unit}. Highest: {top_label} with "
            f"{value_text(top_value)}. All: {parts}."
        )
    else:
        summary = f"{title}: no data in this period."
    axis_y = TOP + len(rows) * (BAR_HEIGHT + BAR_GAP)
    ticks = [
        Tick(round(LABEL_WIDTH + BAR_ROOM * share, 1), value_text(top * share))
        for share in shares(top)
    ]
    return BarChart(chart_id, title, unit, bars, summary, WIDTH, axis_y + 44, axis_y, ticks)


@dataclass(frozen=True)
class Point:
    day: date
    value: int
    x: float
    y: float


@dataclass(frozen=True)
class LineChart:
    id: str
    title: str
    unit: str
    points: list[Point]  # the days with a known value
    segments: list[list[Point]]  # runs of known days; a gap between runs is unknown
    summary: str
    width: int
    height: int
    axis_max: float
    y_axis: float  # top of the plot
    x_axis: float  # bottom of the plot (the value 0)
    plot_left: float
    plot_right: float
    y_ticks: list[Tick]
    x_ticks: list[Tick]
    unknown_days: int

    @property
    def polylines(self) -> list[str]:
        return [" ".join(f"{p.x},{p.y}" for p in run) for run in self.segments if len(run) > 1]

    @property
    def label_y(self) -> float:
        return self.x_axis + 18

    @property
    def x_title_y(self) -> float:
        return self.x_axis + 36

    @property
    def unit_y(self) -> float:
        return self.y_axis - 12


def line_chart(
    chart_id: str,
    title: str,
    unit: str,
    rows: list[tuple[date, float | None]],
    top: float | None = None,
    adds_up: bool = True,
) -> LineChart:
    """A line of one value per day; None is a day whose value is not known (a gap). `top`
    fixes the axis (a rating out of 5); values that do not add up (a rating) are summarised
    by their latest and lowest, not their sum."""
    known = [value for _, value in rows if value is not None]
    largest = max(known, default=0)
    top = top or nice_max(largest)
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_width / max(1, len(rows) - 1)
    segments: list[list[Point]] = [[]]
    for i, (day, value) in enumerate(rows):
        if value is None:
            if segments[-1]:
                segments.append([])
            continue
        segments[-1].append(
            Point(
                day=day,
                value=value,
                x=round(LEFT + i * step, 1),
                y=round(TOP + plot_height * (1 - value / top), 1),
            )
        )
    segments = [run for run in segments if run]
    points = [p for run in segments for p in run]
    unknown = len(rows) - len(known)
    gap = (
        f" {unknown} day{'s' if unknown != 1 else ''} not known (shown as a gap)."
        if unknown
        else ""
    )
    if rows and known and not adds_up:
        last_day, last = next((d, v) for d, v in reversed(rows) if v is not None)
        low_day, low = min(((d, v) for d, v in rows if v is not None), key=lambda r: r[1])
        summary = (
            f"{title}, line chart of {unit} per day from {rows[0][0]:%-d %B} to "
            f"{rows[-1][0]:%-d %B %Y}: {number(last)} on {last_day:%-d %B}, lowest "
            f"{number(low)} on {low_day:%-d %B}.{gap}"
        )
    elif rows and largest:
        peak_day, peak = max(((d, v) for d, v in rows if v is not None), key=lambda r: r[1])
        summary = (
            f"{title}, line chart of {unit} per day from {rows[0][0]:%-d %B} to "
            f"{rows[-1][0]:%-d %B %Y}: {number(sum(known))} in all, highest "
            f"{number(peak)} on {peak_day:%-d %B}.{gap}"
        )
    elif rows:
        summary = f"{title}: none known from {rows[0][0]:%-d %B} to {rows[-1][0]:%-d %B %Y}.{gap}"
    else:
        summary = f"{title}: no days in this period."
    y_ticks = [
        Tick(round(TOP + plot_height * (1 - share), 1), number(top * share))
        for share in shares(top)
    ]
    x_ticks = []
    if rows:
        picks = sorted({0, (len(rows) - 1) // 2, len(rows) - 1})
        x_ticks = [Tick(round(LEFT + i * step, 1), f"{rows[i][0]:%-d %b}") for i in picks]
    return LineChart(
        chart_id,
        title,
        unit,
        points,
        segments,
        summary,
        WIDTH,
        HEIGHT,
        top,
        TOP,
        TOP + plot_height,
        LEFT,
        WIDTH - RIGHT,
        y_ticks,
        x_ticks,
        unknown,
    )


RATING_UNIT = "stars out of 5"


def rating_charts(ratings) -> list[LineChart]:
    """One line per location (a report's LocationSeries), on the same 0 to 5 axis so locations
    can be compared; a day with no reading is a gap."""
    return [
        line_chart(
            f"rating-{i}",
            f"Rating of {series.location}",
            RATING_UNIT,
            [(day, rating) for day, rating, _ in series.days],
            top=5,
            adds_up=False,
        )
        for i, series in enumerate(ratings, start=1)
    ]
