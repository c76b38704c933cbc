"""Staffed hours: when an organisation's accounts are monitored, and clocks that count only that.

A :class:`Schedule` is a week of wall-clock spans (several a day allowed, e.g. a lunch break),
in a local time zone (Europe/London), with the bank holidays of one UK nation and any extra
closed dates taken off. Everything is worked out in local wall-clock time, so "9am to 5pm" means
9am to 5pm on the office clock in winter and in summer, and the clocks going forward or back are
handled exactly: a span of 01:00-03:00 on the spring-forward Sunday is one real hour, and a
round-the-clock day in October is 25 hours long.

Every function takes timezone-aware datetimes (any zone) and returns aware datetimes in UTC.
Naive datetimes are refused with ``ValueError``.

The JSON form stored with an organisation (see :meth:`Schedule.from_dict`)::

    {
        "weekly": {"0": [["09:00", "12:30"], ["13:30", "17:00"]], "4": [["09:00", "16:30"]]},
        "nation": "scotland",
        "tz": "Europe/London",
        "closed_dates": ["2026-12-24"],
        "bank_holidays_closed": true
    }

Days are numbered from Monday (0) to Sunday (6); a day left out is closed. A span may end at
"24:00" (midnight at the end of the day); in Python that end is written ``time(0)``.

Searches forward or back give up after :data:`SEARCH_DAYS` days without any staffed time.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays

# Each nation's bank holiday calendar, as a subdivision of the `holidays` package's GB calendar.
# England and Wales share one calendar.
NATIONS: dict[str, str] = {
    "england-and-wales": "ENG",
    "scotland": "SCT",
    "northern-ireland": "NIR",
}
SEARCH_DAYS = 400
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

Span = tuple[time, time]

_DAY = timedelta(days=1)
_SECOND = timedelta(seconds=1)
_SEARCH = timedelta(days=SEARCH_DAYS)
_MIDNIGHT = time(0)
_DAY_KEYS = {
    **{str(i): i for i in range(7)},
    **{name.lower(): i for i, name in enumerate(DAY_NAMES)},
    **{name[:3].lower(): i for i, name in enumerate(DAY_NAMES)},
}
_HHMM = re.compile(r"(\d{1,2}):(\d{2})")
_FIELDS = ("weekly", "nation", "tz", "closed_dates", "bank_holidays_closed")


# ---------------------------------------------------------------------------------------------
# The schedule


class _Week(Mapping):
    """The weekly spans, Monday (0) to Sunday (6), every day present; immutable and hashable."""

    __slots__ = ("_days",)

    def __init__(self, days: tuple[tuple[Span, ...], ...]):
        self._days = days

    def __getitem__(self, day):
        if isinstance(day, bool) or not isinstance(day, int) or not 0 <= day <= 6:
            raise KeyError(day)
        return self._days[day]

    def __iter__(self):
        return iter(range(7))

    def __len__(self):
        return 7

    def __hash__(self):
        return hash(self._days)

    def __eq__(self, other):
        if isinstance(other, _Week):
            return self._days == other._days
        return Mapping.__eq__(self, other)

    def __repr__(self):
        return repr({day: spans for day, spans in enumerate(self._days) if spans})


def _end_offset(end: time) -> timedelta:
    """How far into the day a span ends; an end of 00:00 is midnight at the end of the day."""
    if end == _MIDNIGHT:
        return _DAY
    return _start_offset(end)


def _start_offset(start: time) -> timedelta:
    return timedelta(
        hours=start.hour,
        minutes=start.minute,
        seconds=start.second,
        microseconds=start.microsecond,
    )


def _hhmm(t: time, *, end: bool = False) -> str:
    if end and t == _MIDNIGHT:
        return "24:00"
    text = f"{t.hour:02d}:{t.minute:02d}"
    if t.second or t.microsecond:
        text += f":{t.second:02d}" + (f".{t.microsecond:06d}" if t.microsecond else "")
    return text


def _normalise_week(weekly) -> _Week:
    if isinstance(weekly, _Week):
        return weekly
    if not isinstance(weekly, Mapping):
        raise ValueError("weekly must map day numbers (0 = Monday … 6 = Sunday) to lists of spans")
    days: list[tuple[Span, ...]] = [()] * 7
    for day, spans in weekly.items():
        if isinstance(day, bool) or not isinstance(day, int) or not 0 <= day <= 6:
            raise ValueError(f"weekly: {day!r} is not a day number (0 = Monday … 6 = Sunday)")
        days[day] = _normalise_spans(DAY_NAMES[day], spans)
    return _Week(tuple(days))


def _normalise_spans(day_name: str, spans) -> tuple[Span, ...]:
    if spans is None:
        return ()
    checked: list[Span] = []
    for number, span in enumerate(spans, start=1):
        try:
            start, end = span
        except (TypeError, ValueError):
            raise ValueError(
                f"weekly: {day_name} span {number} must be a (start, end) pair"
            ) from None
        for t in (start, end):
            if not isinstance(t, time):
                raise ValueError(f"weekly: {day_name} span {number}: {t!r} is not a time of day")
            if t.tzinfo is not None:
                raise ValueError(
                    f"weekly: {day_name} span {number}: times are wall-clock times "
                    "in the schedule's zone and must not carry a time zone"
                )
        if _end_offset(end) <= _start_offset(start):
            raise ValueError(
                f"weekly: {day_name} span {number} ends at {_hhmm(end, end=True)}, "
                f"which is not after its start at {_hhmm(start)}"
            )
        checked.append((start, end))
    checked.sort(key=lambda span: _start_offset(span[0]))
    for (s1, e1), (s2, e2) in zip(checked, checked[1:], strict=False):
        if _start_offset(s2) < _end_offset(e1):
            raise ValueError(
                f"weekly: {day_name} spans {_hhmm(s1)}-{_hhmm(e1, end=True)} and "
                f"{_hhmm(s2)}-{_hhmm(e2, end=True)} overlap"
            )
    return tuple(checked)


@dataclass(frozen=True)
class Schedule:
    """When accounts are staffed: weekly wall-clock spans, minus bank holidays and closed dates.

    ``weekly`` maps 0 (Monday) … 6 (Sunday) to that day's ``(start, end)`` spans; a missing or
    empty day is closed. An end of ``time(0)`` means midnight at the end of the day. Spans may
    touch but not overlap. The schedule is immutable and hashable.
    """

    weekly: Mapping[int, tuple[Span, ...]]
    nation: str = "england-and-wales"
    tz: str = "Europe/London"
    closed_dates: frozenset[date] = frozenset()
    bank_holidays_closed: bool = True
    _offsets: tuple[tuple[tuple[timedelta, timedelta], ...], ...] = field(
        init=False, repr=False, compare=False, hash=False
    )

    def __post_init__(self):
        week = _normalise_week(self.weekly)
        object.__setattr__(self, "weekly", week)
        if self.nation not in NATIONS:
            raise ValueError(
                f"unknown nation {self.nation!r}; expected one of {', '.join(sorted(NATIONS))}"
            )
        if not isinstance(self.tz, str):
            raise ValueError(
                f"tz must be an IANA time zone name such as 'Europe/London', not {self.tz!r}"
            )
        _zone(self.tz)  # raises ValueError if unknown
        if isinstance(self.closed_dates, date | str):
            raise ValueError("closed_dates must be a collection of dates")
        dates = frozenset(self.closed_dates)
        for d in dates:
            if isinstance(d, datetime) or not isinstance(d, date):
                raise ValueError(f"closed_dates: {d!r} is not a date")
        object.__setattr__(self, "closed_dates", dates)
        if not isinstance(self.bank_holidays_closed, bool):
            raise ValueError("bank_holidays_closed must be true or false")
        offsets = tuple(
            tuple((_start_offset(s), _end_offset(e)) for s, e in spans) for spans in week._days
        )
        object.__setattr__(self, "_offsets", offsets)

    @classmethod
    def weekdays(cls, start: time = time(9), end: time = time(17), **kw) -> Schedule:
        """Monday to Friday, ``start`` to ``end`` (9am to 5pm unless told otherwise)."""
        return cls(weekly={day: ((start, end),) for day in range(5)}, **kw)

    @classmethod
    def from_dict(cls, data: Mapping) -> Schedule:
        """Build a schedule from its JSON form, raising ``ValueError`` with a clear message.

        ``weekly`` keys are day numbers ("0" = Monday … "6" = Sunday) or English day names;
        spans are ``["HH:MM", "HH:MM"]`` on the 24-hour clock, and an end may be "24:00".
        Without ``weekly`` the schedule is Monday to Friday, 9am to 5pm; ``"weekly": {}`` is a
        schedule that is never staffed. ``closed_dates`` are ISO dates ("2026-12-24").
        """
        if not isinstance(data, Mapping):
            raise ValueError("staffed hours must be a JSON object")
        unknown = sorted(str(key) for key in data if key not in _FIELDS)
        if unknown:
            raise ValueError(
                f"unknown staffed-hours setting {', '.join(unknown)}; expected {', '.join(_FIELDS)}"
            )
        kw: dict = {}
        if "weekly" in data:
            kw["weekly"] = _parse_weekly(data["weekly"])
        else:
            kw["weekly"] = {day: ((time(9), time(17)),) for day in range(5)}
        for name in ("nation", "tz"):
            if name in data:
                if not isinstance(data[name], str):
                    raise ValueError(f"{name} must be a string, not {data[name]!r}")
                kw[name] = data[name]
        if "closed_dates" in data:
            kw["closed_dates"] = _parse_dates(data["closed_dates"])
        if "bank_holidays_closed" in data:
            kw["bank_holidays_closed"] = data["bank_holidays_closed"]
        return cls(**kw)

    def to_dict(self) -> dict:
        """The JSON form; ``Schedule.from_dict(s.to_dict()) == s``."""
        return {
            "weekly": {
                str(day): [[_hhmm(s), _hhmm(e, end=True)] for s, e in self.weekly[day]]
                for day in range(7)
                if self.weekly[day]
            },
            "nation": self.nation,
            "tz": self.tz,
            "closed_dates": sorted(d.isoformat() for d in self.closed_dates),
            "bank_holidays_closed": self.bank_holidays_closed,
        }

    def is_closed_on(self, day: date) -> bool:
        """Whether the whole of ``day`` (a local date) is off: a closed date or bank holiday."""
        if day in self.closed_dates:
            return True
        return self.bank_holidays_closed and day in _bank_holiday_dates(self.nation, day.year)


def _parse_weekly(weekly) -> dict[int, tuple[Span, ...]]:
    if not isinstance(weekly, Mapping):
        raise ValueError(
            'weekly must be an object such as {"0": [["09:00", "17:00"]]} (0 = Monday … 6 = Sunday)'
        )
    parsed: dict[int, tuple[Span, ...]] = {}
    for key, spans in weekly.items():
        day = _DAY_KEYS.get(str(key).strip().lower())
        if day is None or isinstance(key, bool):
            raise ValueError(
                f"weekly: {key!r} is not a day; use 0 (Monday) … 6 (Sunday) or a day name"
            )
        name = DAY_NAMES[day]
        if day in parsed:
            raise ValueError(f"weekly: {name} is given more than once")
        if spans is None:
            spans = []
        if isinstance(spans, str | bytes) or not isinstance(spans, list | tuple):
            raise ValueError(f'weekly: {name} must be a list of spans such as [["09:00", "17:00"]]')
        day_spans = []
        for number, span in enumerate(spans, start=1):
            if not isinstance(span, list | tuple) or len(span) != 2:
                raise ValueError(
                    f'weekly: {name} span {number} must be a pair such as ["09:00", "17:00"]'
                )
            start = _parse_time(span[0], f"weekly: {name} span {number} start", end=False)
            end = _parse_time(span[1], f"weekly: {name} span {number} end", end=True)
            day_spans.append((start, end))
        parsed[day] = tuple(day_spans)
    return parsed


def _parse_time(text, where: str, *, end: bool) -> time:
    match = _HHMM.fullmatch(text.strip()) if isinstance(text, str) else None
    if match:
        hour, minute = int(match[1]), int(match[2])
        if end and (hour, minute) == (24, 0):
            return _MIDNIGHT
        if hour < 24 and minute < 60:
            return time(hour, minute)
    hint = " (or 24:00 for midnight at the end of the day)" if end else ""
    raise ValueError(
        f"{where}: {text!r} is not a time of day; use HH:MM on the 24-hour clock{hint}"
    )


def _parse_dates(values) -> frozenset[date]:
    if isinstance(values, str | bytes) or not isinstance(values, list | tuple | set | frozenset):
        raise ValueError('closed_dates must be a list of dates such as ["2026-12-24"]')
    dates = set()
    for value in values:
        if isinstance(value, date) and not isinstance(value, datetime):
            dates.add(value)
            continue
        try:
            if not isinstance(value, str) or len(value.strip()) != 10:
                raise ValueError
            dates.add(date.fromisoformat(value.strip()))
        except ValueError:
            raise ValueError(f"closed_dates: {value!r} is not a date; use YYYY-MM-DD") from None
    return frozenset(dates)


# ---------------------------------------------------------------------------------------------
# Calendars and clocks


@lru_cache(maxsize=64)
def _zone(tz: str) -> ZoneInfo:
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"unknown time zone {tz!r}; use an IANA name such as 'Europe/London'"
        ) from None


@lru_cache(maxsize=256)
def _bank_holidays(nation: str, year: int) -> dict[date, str]:
    found = holidays.country_holidays("GB", subdiv=NATIONS[nation], years=year)
    return {day: name for day, name in sorted(found.items()) if day.year == year}


@lru_cache(maxsize=256)
def _bank_holiday_dates(nation: str, year: int) -> frozenset[date]:
    return frozenset(_bank_holidays(nation, year))


def bank_holidays(nation: str, year: int) -> dict[date, str]:
    """A nation's bank holidays in ``year``: date → name, in date order."""
    if nation not in NATIONS:
        raise ValueError(f"unknown nation {nation!r}; expected one of {', '.join(sorted(NATIONS))}")
    return dict(_bank_holidays(nation, year))


def _offset(zone: ZoneInfo, utc: datetime) -> timedelta:
    # An aware datetime always has an offset; `or` only tells the type checker so.
    return utc.replace(tzinfo=UTC).astimezone(zone).utcoffset() or timedelta(0)


def _transition(zone: ZoneInfo, lo: datetime, hi: datetime, before: timedelta) -> datetime:
    """The first whole second in (lo, hi] whose UTC offset is no longer ``before``."""
    while hi - lo > _SECOND:
        mid = lo + ((hi - lo) // 2 // _SECOND) * _SECOND
        if mid <= lo:
            mid = lo + _SECOND
        if _offset(zone, mid) == before:
            lo = mid
        else:
            hi = mid
    return hi


@lru_cache(maxsize=4096)
def _stretches(tz: str, day: date) -> tuple[tuple[datetime, datetime, timedelta], ...]:
    """Naive-UTC stretches of constant UTC offset covering the day before ``day`` to the day
    after, each as (from, to, offset)."""
    zone = _zone(tz)
    first = datetime.combine(day, _MIDNIGHT) - _DAY
    points = [first + i * _DAY for i in range(4)]
    offsets = [_offset(zone, p) for p in points]
    bounds, kept = [first], [offsets[0]]
    for i in range(3):
        if offsets[i] != offsets[i + 1]:
            bounds.append(_transition(zone, points[i], points[i + 1], offsets[i]))
            kept.append(offsets[i + 1])
    bounds.append(points[-1])
    return tuple((bounds[i], bounds[i + 1], kept[i]) for i in range(len(kept)))


def _day_intervals(schedule: Schedule, day: date) -> tuple[tuple[datetime, datetime], ...]:
    """The staffed stretches of the local date ``day``, as sorted, merged naive-UTC pairs.

    A stretch is the set of instants whose wall-clock time falls in one of the day's spans, so
    a span running into the spring-forward gap is cut short and one covering the repeated hour
    in autumn counts it twice.
    """
    spans = schedule._offsets[day.weekday()]
    if not spans or schedule.is_closed_on(day):
        return ()
    midnight = datetime.combine(day, _MIDNIGHT)
    found = []
    for start, end in spans:
        wall_start, wall_end = midnight + start, midnight + end
        for lo, hi, offset in _stretches(schedule.tz, day):
            a, b = max(lo, wall_start - offset), min(hi, wall_end - offset)
            if a < b:
                found.append((a, b))
    found.sort()
    merged: list[tuple[datetime, datetime]] = []
    for a, b in found:
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return tuple(merged)


def _utc(at: datetime, name: str = "at") -> datetime:
    """An aware datetime as naive UTC; naive datetimes are refused."""
    if not isinstance(at, datetime):
        raise ValueError(f"{name} must be a datetime, not {type(at).__name__}")
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware (got the naive datetime {at.isoformat()})")
    return at.astimezone(UTC).replace(tzinfo=None)


def _aware(naive_utc: datetime) -> datetime:
    return naive_utc.replace(tzinfo=UTC)


def _local_date(schedule: Schedule, naive_utc: datetime) -> date:
    return naive_utc.replace(tzinfo=UTC).astimezone(_zone(schedule.tz)).date()


def _forward(schedule: Schedule, at: datetime) -> Iterator[tuple[datetime, datetime]]:
    """Staffed stretches (naive UTC) that end after ``at``, in order, unmerged across days.
    Stops after SEARCH_DAYS days in a row without staffed time."""
    day = _local_date(schedule, at) - _DAY
    last_seen = day + _DAY
    while (day - last_seen).days <= SEARCH_DAYS:
        for start, end in _day_intervals(schedule, day):
            if end > at:
                last_seen = day
                yield start, end
        day += _DAY


# ---------------------------------------------------------------------------------------------
# The public clock functions


def is_open(schedule: Schedule, at: datetime) -> bool:
    """Whether ``at`` falls in staffed time."""
    now = _utc(at)
    return any(
        start <= now < end for start, end in _day_intervals(schedule, _local_date(schedule, now))
    )


def next_open(schedule: Schedule, at: datetime) -> datetime | None:
    """The first moment at or after ``at`` that is staffed (``at`` itself if open now).
    None if there is no staffed time in the next SEARCH_DAYS days."""
    now = _utc(at)
    for start, _end in _forward(schedule, now):
        if start - now > _SEARCH:
            return None
        return _aware(max(start, now))
    return None


def next_close(schedule: Schedule, at: datetime) -> datetime | None:
    """The first moment at or after ``at`` that is not staffed (``at`` itself if closed now).
    None if staffed time runs on unbroken for more than SEARCH_DAYS days."""
    now = _utc(at)
    stretches = _forward(schedule, now)
    first = next(stretches, None)
    if first is None or first[0] > now:
        return _aware(now)
    close = first[1]
    for start, end in stretches:
        if close - now > _SEARCH or start > close:
            break
        close = max(close, end)
    if close - now > _SEARCH:
        return None
    return _aware(close)


def staffed_seconds(schedule: Schedule, start: datetime, end: datetime) -> float:
    """Seconds of staffed time between ``start`` and ``end`` (0 if ``end`` is not after it)."""
    lo, hi = _utc(start, "start"), _utc(end, "end")
    if hi <= lo:
        return 0.0
    total = timedelta()
    day = _local_date(schedule, lo) - _DAY
    last = _local_date(schedule, hi) + _DAY
    while day <= last:
        for a, b in _day_intervals(schedule, day):
            if a < hi and b > lo:
                total += min(b, hi) - max(a, lo)
        day += _DAY
    return total.total_seconds()


def add_staffed(schedule: Schedule, start: datetime, seconds: float | timedelta) -> datetime | None:
    """The first moment by which ``seconds`` of staffed time have passed since ``start``: when
    a response target of that length falls due. ``start`` itself for zero seconds; None if
    staffed time dries up (SEARCH_DAYS days in a row without any) before then."""
    now = _utc(start, "start")
    remaining = seconds if isinstance(seconds, timedelta) else timedelta(seconds=seconds)
    if remaining < timedelta(0):
        raise ValueError(f"seconds must not be negative (got {seconds!r})")
    if not remaining:
        return _aware(now)
    for a, b in _forward(schedule, now):
        a = max(a, now)
        if b - a >= remaining:
            return _aware(a + remaining)
        remaining -= b - a
    return None


def closed_period_key(schedule: Schedule, at: datetime) -> str | None:
    """A stable name for the closed period containing ``at``, or None if ``at`` is staffed.

    Every moment of one closed period (say, from Friday 5pm to Monday 9am) gets the same key:
    the UTC ISO timestamp of the moment the period began. If there was no staffed time in the
    previous SEARCH_DAYS days, the key names the moment the period ends instead ("until …"),
    or is "never" if no staffed time is coming either.
    """
    now = _utc(at)
    day = _local_date(schedule, now)
    for _ in range(SEARCH_DAYS + 1):
        ends = []
        for start, end in _day_intervals(schedule, day):
            if start <= now < end:
                return None
            if end <= now:
                ends.append(end)
        if ends:
            return _aware(max(ends)).isoformat()
        day -= _DAY
    back = next_open(schedule, at)
    if back is None:
        return "never"
    return "until " + back.isoformat()


def describe_return(schedule: Schedule, at: datetime) -> str:
    """When the team is back, in plain UK English, e.g. "We're back at 9am on Monday 4 May".

    Times follow the NHS style: "9am", "8:30am", "midday", "midnight". The day is "today" or
    "tomorrow" where that is true in the schedule's zone; the year is added when the return is
    more than six months away. No full stop, so it can be dropped into a sentence.
    """
    back = next_open(schedule, at)
    if back is None:
        return "We can't say yet when we'll be back"
    now = _utc(at)
    if _utc(back) == now:
        return "We're here now"
    zone = _zone(schedule.tz)
    local = back.astimezone(zone)
    today = now.replace(tzinfo=UTC).astimezone(zone).date()
    days_away = (local.date() - today).days
    clock = _spoken_time(local.time())
    if clock == "midnight":
        if days_away == 1:
            return "We're back at midnight tonight"
        return f"We're back at midnight, at the start of {_spoken_date(local.date(), today)}"
    if days_away == 0:
        return f"We're back at {clock} today"
    if days_away == 1:
        return f"We're back at {clock} tomorrow"
    return f"We're back at {clock} on {_spoken_date(local.date(), today)}"


def _spoken_time(t: time) -> str:
    if (t.hour, t.minute) == (0, 0):
        return "midnight"
    if (t.hour, t.minute) == (12, 0):
        return "midday"
    hour = t.hour % 12 or 12
    suffix = "am" if t.hour < 12 else "pm"
    if t.minute:
        return f"{hour}:{t.minute:02d}{suffix}"
    return f"{hour}{suffix}"


def _spoken_date(day: date, today: date) -> str:
    text = f"{DAY_NAMES[day.weekday()]} {day.day} {calendar.month_name[day.month]}"
    if (day - today).days > 183:
        text += f" {day.year}"
    return text


__all__ = [
    "DAY_NAMES",
    "NATIONS",
    "SEARCH_DAYS",
    "Schedule",
    "add_staffed",
    "bank_holidays",
    "closed_period_key",
    "describe_return",
    "is_open",
    "next_close",
    "next_open",
    "staffed_seconds",
]
