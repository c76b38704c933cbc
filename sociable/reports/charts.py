"""Charts drawn on the server as SVG: no JavaScript, and each one has a text summary (its
aria-label) and a data table beside it for people who cannot see it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sociable.reports.rates import number

WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 16, 36
BAR_HEIGHT, BAR_GAP, LABEL_WIDTH = 22, 8, 170


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
    label_width: int = LABEL_WIDTH


def bar_chart(chart_id: str, title: str, unit: str, rows: list[tuple[str, float]],
              value_text=number) -> BarChart:
    """Horizontal bars, one per row, longest first as given."""
    largest = max((value for _, value in rows), default=0) or 1
    room = WIDTH - LABEL_WIDTH - 80
    bars = [
        Bar(label=label, value=value,
            width=round(max(1.0, room * value / largest), 1) if value else 0,
            y=TOP + i * (BAR_HEIGHT + BAR_GAP), value_text=value_text(value))
        for i, (label, value) in enumerate(rows)
    ]
    if rows:
        top_label, top_value = max(rows, key=lambda row: row[1])
        parts = ", ".join(f"{label} {value_text(value)}" for label, value in rows)
        summary = (f"{title}, bar chart in {unit}. Highest: {top_label} with "
                   f"{value_text(top_value)}. All: {parts}.")
    else:
        summary = f"{title}: no data in this period."
    height = TOP + len(rows) * (BAR_HEIGHT + BAR_GAP) + BAR_GAP
    return BarChart(chart_id, title, unit, bars, summary, WIDTH, max(height, 40))


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
    points: list[Point]
    polyline: str
    summary: str
    width: int
    height: int
    axis_max: int
    y_axis: float
    x_axis: float
    plot_left: float
    plot_right: float

    @property
    def axis_max_text(self) -> str:
        return number(self.axis_max)

    @property
    def label_y(self) -> float:
        return self.x_axis + 20

    @property
    def first(self) -> Point | None:
        return self.points[0] if self.points else None

    @property
    def last(self) -> Point | None:
        return self.points[-1] if self.points else None


def line_chart(chart_id: str, title: str, unit: str, rows: list[tuple[date, int]]) -> LineChart:
    """A line of one value per day."""
    largest = max((value for _, value in rows), default=0)
    axis_max = largest or 1
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_width / max(1, len(rows) - 1)
    points = [
        Point(day=day, value=value, x=round(LEFT + i * step, 1),
              y=round(TOP + plot_height * (1 - value / axis_max), 1))
        for i, (day, value) in enumerate(rows)
    ]
    total = sum(value for _, value in rows)
    if rows and largest:
        peak_day, peak = max(rows, key=lambda row: row[1])
        summary = (f"{title}, line chart of {unit} per day from {rows[0][0]:%-d %B} to "
                   f"{rows[-1][0]:%-d %B %Y}: {number(total)} in all, highest "
                   f"{number(peak)} on {peak_day:%-d %B}.")
    elif rows:
        summary = f"{title}: none from {rows[0][0]:%-d %B} to {rows[-1][0]:%-d %B %Y}."
    else:
        summary = f"{title}: no days in this period."
    return LineChart(
        chart_id, title, unit, points, " ".join(f"{p.x},{p.y}" for p in points), summary,
        WIDTH, HEIGHT, axis_max, TOP, TOP + plot_height, LEFT, WIDTH - RIGHT,
    )
