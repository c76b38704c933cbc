"""Report periods: this week, last week, this month, last month, or dates someone chose.

Periods are whole local days (the desk's time zone, Europe/London by default), start and end
included."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

PRESETS = {
    "this_week": "This week",
    "last_week": "Last week",
    "this_month": "This month",
    "last_month": "Last month",
    "custom": "Dates I choose",
}
LONGEST = timedelta(days=366)


@dataclass(frozen=True)
class Period:
    start: date  # first day, included
    end: date  # last day, included
    key: str = "custom"

    @property
    def label(self) -> str:
        if self.start == self.end:
            return f"{self.start:%-d %B %Y}"
        if (
            self.start.day == 1
            and self.end == month_of(self.start).end
            and self.key in ("this_month", "last_month", "month")
        ):
            return f"{self.start:%B %Y}"
        if self.start.year == self.end.year:
            if self.start.month == self.end.month:
                return f"{self.start.day} to {self.end:%-d %B %Y}"
            return f"{self.start:%-d %B} to {self.end:%-d %B %Y}"
        return f"{self.start:%-d %B %Y} to {self.end:%-d %B %Y}"

    @property
    def starts_at(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.start, time(0)))

    @property
    def ends_before(self) -> datetime:
        """The first moment after the period (exclusive bound)."""
        return timezone.make_aware(datetime.combine(self.end + timedelta(days=1), time(0)))

    def days(self) -> list[date]:
        return [self.start + timedelta(days=n) for n in range((self.end - self.start).days + 1)]

    @property
    def length_days(self) -> int:
        return (self.end - self.start).days + 1


def today() -> date:
    return timezone.localdate()


def month_of(day: date) -> Period:
    first = day.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return Period(first, following - timedelta(days=1), "month")


def previous_month(day: date) -> Period:
    return month_of(day.replace(day=1) - timedelta(days=1))


def preset(key: str, on: date | None = None) -> Period:
    on = on or today()
    if key == "this_week":
        monday = on - timedelta(days=on.weekday())
        return Period(monday, monday + timedelta(days=6), key)
    if key == "last_week":
        monday = on - timedelta(days=on.weekday() + 7)
        return Period(monday, monday + timedelta(days=6), key)
    if key == "this_month":
        return Period(month_of(on).start, month_of(on).end, key)
    if key == "last_month":
        last = previous_month(on)
        return Period(last.start, last.end, key)
    raise ValueError(f"Unknown period {key!r}.")


def custom(start: date, end: date) -> Period:
    """A period of chosen dates; ValueError (with a sentence to show) if it makes no sense."""
    if end < start:
        raise ValueError("The end date must be the same as or after the start date.")
    if end - start >= LONGEST:
        raise ValueError("Choose a period of at most a year (366 days).")
    return Period(start, end, "custom")
