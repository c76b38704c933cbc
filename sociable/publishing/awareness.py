"""UK health awareness days, weeks and months, with the dates they fall on each year.

Sociable ships a list of awareness days (``data/uk_health_awareness_days.csv``) as its own data;
an organisation may edit its copy. Each row carries a machine-readable date rule:

=======================================  ===============================================
``month:M``                              the whole of month M (1-12)
``fixed:MM-DD``                          one day every year (29 February falls on the
                                         28th in other years)
``fixed_range:MM-DD:MM-DD``              a fixed run of days; an end before the start
                                         runs into the next year
``nth_weekday:M:DAY:N``                  the Nth DAY (MON..SUN) of month M; N is 1-5,
                                         or -1 to -5 counted from the end of the month
``week_from_nth_weekday:M:DAY:N``        seven days starting on that day
``last_day_of_month:M``                  the last day of month M (28 or 29 February)
``friday_before_march_equinox``          the Friday before the day of the March equinox
``week_containing:MM-DD``                the Monday-Sunday week containing that date
``week_ending:<one-day rule>``           the seven days ending on that rule's date
``variable`` or ``variable:M``           set each year by the organiser: no date is
                                         computed; M (if given) is the usual month
=======================================  ===============================================

:func:`parse_rule` validates a rule and raises ``ValueError`` with a message an administrator can
act on. :func:`occurrence` gives a day's dates in one year, and :func:`occurrences_between` every
occurrence touching a calendar range. A ``variable`` day's occurrence has no dates and
``needs_confirmation=True``, with the usual month as a hint, so a calendar can show "date to be
confirmed in February" until someone confirms the real dates.

Plain Python: no Django, no network, no database.
"""

from __future__ import annotations

import calendar
import csv
import dataclasses
import functools
import io
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from importlib import resources

KINDS = ("day", "week", "month")
WEEKDAYS = ("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN")
GRAMMAR = (
    "month:M, fixed:MM-DD, fixed_range:MM-DD:MM-DD, nth_weekday:M:DAY:N, "
    "week_from_nth_weekday:M:DAY:N, last_day_of_month:M, friday_before_march_equinox, "
    "week_containing:MM-DD, week_ending:<one-day rule>, variable or variable:M"
)
FIELDS = (
    "name",
    "kind",
    "rule",
    "rule_machine",
    "observed_examples",
    "organiser",
    "source",
    "confidence",
)
_DEFAULTS = "uk_health_awareness_days.csv"
_WEEK = timedelta(days=6)


# ---------------------------------------------------------------------------------------------
# Awareness days and their occurrences


@dataclass(frozen=True)
class AwarenessDay:
    """One awareness day, week or month as listed: facts, not computed dates."""

    name: str
    kind: str  # "day", "week" or "month"
    rule: str  # the rule in words, e.g. "3rd Monday of January"
    rule_machine: str  # the rule in the grammar above, e.g. "nth_weekday:1:MON:3"
    organiser: str = ""
    source: str = ""
    confidence: str = ""
    observed_examples: str = ""  # dates seen in past years, as written by whoever checked them

    @property
    def needs_confirmation(self) -> bool:
        """True when the organiser sets the dates each year, so a person must confirm them."""
        return parse_rule(self.rule_machine).needs_confirmation


@dataclass(frozen=True)
class Occurrence:
    """When an awareness day falls in one year.

    ``start`` and ``end`` are inclusive. When ``needs_confirmation`` is true both are ``None``:
    the organiser sets the dates each year, and ``hint_month`` (if known) is the month they
    usually fall in.
    """

    start: date | None
    end: date | None
    needs_confirmation: bool
    hint_month: int | None
    year: int

    @property
    def days(self) -> int | None:
        """How many days it lasts, or None when the dates are still to be confirmed."""
        if self.start is None or self.end is None:
            return None
        return (self.end - self.start).days + 1

    def label(self) -> str:
        """The dates in words: "20 January 2026", "9 to 15 October 2026", "March 2026",
        or "Date to be confirmed in February 2026" for a day whose organiser sets the dates."""
        if self.start is None or self.end is None:
            if self.hint_month:
                return f"Date to be confirmed in {calendar.month_name[self.hint_month]} {self.year}"
            return f"Date to be confirmed for {self.year}"
        s, e = self.start, self.end
        if s == e:
            return f"{s.day} {calendar.month_name[s.month]} {s.year}"
        if s.day == 1 and e == _last_day(s.year, s.month):
            return f"{calendar.month_name[s.month]} {s.year}"
        if s.year != e.year:
            return f"{_day_month(s)} {s.year} to {_day_month(e)} {e.year}"
        if s.month != e.month:
            return f"{_day_month(s)} to {_day_month(e)} {e.year}"
        return f"{s.day} to {_day_month(e)} {e.year}"


def _day_month(d: date) -> str:
    return f"{d.day} {calendar.month_name[d.month]}"


# ---------------------------------------------------------------------------------------------
# Rules


class Rule:
    """A parsed date rule. :meth:`dates` gives the inclusive (start, end) in a year, or None
    when the rule gives no date that year (a 5th Monday that does not exist; a variable rule)."""

    text: str = ""
    needs_confirmation: bool = False
    hint_month: int | None = None
    single_day: bool = False  # always yields one day (usable inside week_ending)

    def dates(self, year: int) -> tuple[date, date] | None:  # pragma: no cover - abstract
        raise NotImplementedError


@dataclass(frozen=True)
class MonthRule(Rule):
    month: int
    text: str = ""

    def dates(self, year):
        return date(year, self.month, 1), _last_day(year, self.month)


@dataclass(frozen=True)
class FixedRule(Rule):
    month: int
    day: int
    text: str = ""
    single_day = True

    def dates(self, year):
        d = _month_day(year, self.month, self.day)
        return d, d


@dataclass(frozen=True)
class FixedRangeRule(Rule):
    start_month: int
    start_day: int
    end_month: int
    end_day: int
    text: str = ""

    def dates(self, year):
        start = _month_day(year, self.start_month, self.start_day)
        end = _month_day(year, self.end_month, self.end_day)
        if end < start:
            end = _month_day(year + 1, self.end_month, self.end_day)
        return start, end


@dataclass(frozen=True)
class NthWeekdayRule(Rule):
    month: int
    weekday: int  # Monday is 0
    n: int  # 1..5, or -1..-5 from the end of the month
    text: str = ""
    single_day = True

    def dates(self, year):
        d = _nth_weekday(year, self.month, self.weekday, self.n)
        return None if d is None else (d, d)


@dataclass(frozen=True)
class WeekFromNthWeekdayRule(Rule):
    month: int
    weekday: int
    n: int
    text: str = ""

    def dates(self, year):
        d = _nth_weekday(year, self.month, self.weekday, self.n)
        return None if d is None else (d, d + _WEEK)


@dataclass(frozen=True)
class LastDayOfMonthRule(Rule):
    month: int
    text: str = ""
    single_day = True

    def dates(self, year):
        d = _last_day(year, self.month)
        return d, d


@dataclass(frozen=True)
class FridayBeforeMarchEquinoxRule(Rule):
    text: str = "friday_before_march_equinox"
    single_day = True

    def dates(self, year):
        equinox = march_equinox(year)
        # Strictly before: when the equinox falls on a Friday, the Friday a week earlier.
        d = equinox - timedelta(days=(equinox.weekday() - 4 - 1) % 7 + 1)
        return d, d


@dataclass(frozen=True)
class WeekContainingRule(Rule):
    month: int
    day: int
    text: str = ""

    def dates(self, year):
        d = _month_day(year, self.month, self.day)
        monday = d - timedelta(days=d.weekday())
        return monday, monday + _WEEK


@dataclass(frozen=True)
class WeekEndingRule(Rule):
    inner: Rule
    text: str = ""

    def dates(self, year):
        inner = self.inner.dates(year)
        if inner is None:
            return None
        end = inner[1]
        return end - _WEEK, end


@dataclass(frozen=True)
class VariableRule(Rule):
    month: int | None = None
    text: str = ""
    needs_confirmation = True

    @property
    def hint_month(self) -> int | None:  # type: ignore[override]
        return self.month

    def dates(self, year):
        return None


def parse_rule(rule_machine: str) -> Rule:
    """Parse a date rule in the grammar described in this module's docstring.

    Raises ``ValueError`` saying what is wrong, e.g. ``"nth_weekday:1:MOX:3": "MOX" is not a
    day of the week (use MON, TUE, WED, THU, FRI, SAT or SUN)``.
    """
    if not isinstance(rule_machine, str):
        raise ValueError(f"A date rule must be text, not {type(rule_machine).__name__}.")
    text = rule_machine.strip()
    if not text:
        raise ValueError(f"The date rule is empty. Use one of: {GRAMMAR}.")
    return _parse(text, text, inner=False)


def _parse(text: str, whole: str, *, inner: bool) -> Rule:
    head, _, rest = text.partition(":")
    head = head.strip().lower()
    args = rest.split(":") if rest else []

    def want(count: int, form: str) -> list[str]:
        if len(args) != count:
            raise ValueError(f'"{whole}": {head} rules are written {form}.')
        return [a.strip() for a in args]

    if head == "week_ending":
        if inner:
            raise ValueError(f'"{whole}": week_ending cannot contain another week_ending.')
        if not rest:
            raise ValueError(
                f'"{whole}": week_ending rules are written week_ending:<rule>, '
                "e.g. week_ending:nth_weekday:6:SUN:3."
            )
        inside = _parse(rest, whole, inner=True)
        if not inside.single_day:
            raise ValueError(
                f'"{whole}": week_ending needs a rule for a single day (fixed, nth_weekday, '
                "last_day_of_month or friday_before_march_equinox)."
            )
        return WeekEndingRule(inside, text=whole)
    if head == "month":
        (m,) = want(1, "month:M")
        return MonthRule(_month(m, whole), text=text)
    if head == "fixed":
        (md,) = want(1, "fixed:MM-DD")
        return FixedRule(*_mm_dd(md, whole), text=text)
    if head == "fixed_range":
        a, b = want(2, "fixed_range:MM-DD:MM-DD")
        return FixedRangeRule(*_mm_dd(a, whole), *_mm_dd(b, whole), text=text)
    if head in ("nth_weekday", "week_from_nth_weekday"):
        m, day, n = want(3, f"{head}:M:DAY:N")
        cls = NthWeekdayRule if head == "nth_weekday" else WeekFromNthWeekdayRule
        return cls(_month(m, whole), _weekday(day, whole), _nth(n, whole), text=text)
    if head == "last_day_of_month":
        (m,) = want(1, "last_day_of_month:M")
        return LastDayOfMonthRule(_month(m, whole), text=text)
    if head == "friday_before_march_equinox":
        want(0, "friday_before_march_equinox (with nothing after it)")
        return FridayBeforeMarchEquinoxRule(text=text)
    if head == "week_containing":
        (md,) = want(1, "week_containing:MM-DD")
        return WeekContainingRule(*_mm_dd(md, whole), text=text)
    if head == "variable":
        if not args:
            return VariableRule(None, text=text)
        (m,) = want(1, "variable or variable:M")
        return VariableRule(_month(m, whole), text=text)
    raise ValueError(f'"{whole}" is not a date rule this calendar knows. Use one of: {GRAMMAR}.')


def _month(value: str, whole: str) -> int:
    if not re.fullmatch(r"\d{1,2}", value) or not 1 <= int(value) <= 12:
        raise ValueError(f'"{whole}": "{value}" is not a month (use a number from 1 to 12).')
    return int(value)


def _mm_dd(value: str, whole: str) -> tuple[int, int]:
    m = re.fullmatch(r"(\d{2})-(\d{2})", value)
    if not m:
        raise ValueError(f'"{whole}": "{value}" should be a date written MM-DD, e.g. 03-21.')
    month, day = int(m.group(1)), int(m.group(2))
    if not 1 <= month <= 12 or not 1 <= day <= calendar.monthrange(2000, month)[1]:
        raise ValueError(f'"{whole}": "{value}" is not a date in any year.')
    return month, day


def _weekday(value: str, whole: str) -> int:
    key = value.upper()
    if key not in WEEKDAYS:
        raise ValueError(
            f'"{whole}": "{value}" is not a day of the week '
            "(use MON, TUE, WED, THU, FRI, SAT or SUN)."
        )
    return WEEKDAYS.index(key)


def _nth(value: str, whole: str) -> int:
    if not re.fullmatch(r"-?\d", value) or int(value) == 0 or not -5 <= int(value) <= 5:
        raise ValueError(
            f'"{whole}": "{value}" should say which one in the month: 1 to 5, '
            "or -1 for the last, -2 for the last but one."
        )
    return int(value)


def _last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _month_day(year: int, month: int, day: int) -> date:
    """The date, with 29 February falling on the 28th outside leap years."""
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date | None:
    if n > 0:
        first = date(year, month, 1)
        d = first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    else:
        last = _last_day(year, month)
        d = last - timedelta(days=(last.weekday() - weekday) % 7 + 7 * (-n - 1))
    return d if d.month == month else None


# ---------------------------------------------------------------------------------------------
# The March equinox (Meeus, Astronomical Algorithms, 2nd ed., chapter 27)

# Table 27.C: the periodic terms A, B (degrees), C (degrees per Julian century).
_EQUINOX_TERMS = (
    (485, 324.96, 1934.136),
    (203, 337.23, 32964.467),
    (199, 342.08, 20.186),
    (182, 27.85, 445359.859),
    (156, 73.14, 45036.886),
    (136, 171.52, 22518.443),
    (77, 222.54, 65928.934),
    (74, 296.72, 3034.906),
    (70, 243.58, 9037.513),
    (58, 119.81, 33718.147),
    (52, 297.17, 150.678),
    (50, 21.02, 2281.226),
    (45, 247.54, 29929.562),
    (44, 325.15, 31555.956),
    (29, 60.93, 4443.417),
    (18, 155.12, 67555.328),
    (17, 288.79, 4562.452),
    (16, 198.04, 62894.029),
    (14, 199.76, 31436.921),
    (12, 95.39, 14577.848),
    (12, 287.11, 31931.756),
    (12, 320.81, 34777.259),
    (9, 227.73, 1222.114),
    (8, 15.45, 16859.074),
)


def march_equinox_jd(year: int) -> float:
    """The March equinox of ``year`` as a Julian Day in Universal Time (within a minute or two
    for 1900-2150)."""
    if not 1000 <= year <= 3000:
        raise ValueError(f"The March equinox is only computed for years 1000-3000, not {year}.")
    y = (year - 2000) / 1000
    jde0 = 2451623.80984 + 365242.37404 * y + 0.05169 * y**2 - 0.00411 * y**3 - 0.00057 * y**4
    t = (jde0 - 2451545.0) / 36525
    w = math.radians(35999.373 * t - 2.47)
    dl = 1 + 0.0334 * math.cos(w) + 0.0007 * math.cos(2 * w)
    s = sum(a * math.cos(math.radians(b + c * t)) for a, b, c in _EQUINOX_TERMS)
    jde = jde0 + 0.00001 * s / dl
    return jde - _delta_t(year) / 86400


def _delta_t(year: int) -> float:
    """Terrestrial Time minus Universal Time in seconds (Espenak and Meeus polynomials)."""
    if 2005 <= year < 2050:
        t = year - 2000
        return 62.92 + 0.32217 * t + 0.005589 * t * t
    if 1986 <= year < 2005:
        t = year - 2000
        return 63.86 + 0.3345 * t - 0.060374 * t**2 + 0.0017275 * t**3 + 0.000651814 * t**4
    u = (year - 1820) / 100
    if 2050 <= year < 2150:
        return -20 + 32 * u * u - 0.5628 * (2150 - year)
    return -20 + 32 * u * u


def march_equinox(year: int) -> date:
    """The date of the March equinox in the UK (Greenwich time, which is UK time in March)."""
    jd = march_equinox_jd(year) + 0.5
    return date.fromordinal(int(math.floor(jd)) - 1721425)


# ---------------------------------------------------------------------------------------------
# Loading and computing


def load_defaults() -> list[AwarenessDay]:
    """The awareness days Sociable ships, in calendar order as listed."""
    text = resources.files(__package__).joinpath("data", _DEFAULTS).read_text(encoding="utf-8")
    return read_csv(text)


def read_csv(text: str) -> list[AwarenessDay]:
    """Awareness days from CSV text with the shipped columns. Every row's kind and rule are
    checked; ``ValueError`` names the row (counting the header as row 1) and what is wrong."""
    reader = csv.DictReader(io.StringIO(text))
    missing = [f for f in ("name", "kind", "rule_machine") if f not in (reader.fieldnames or ())]
    if missing:
        raise ValueError(f"The awareness days file has no {', '.join(missing)} column.")
    days = []
    for number, row in enumerate(reader, start=2):
        values = {f: (row.get(f) or "").strip() for f in FIELDS}
        try:
            if not values["name"]:
                raise ValueError("the name is empty.")
            if values["kind"] not in KINDS:
                raise ValueError(f'kind "{values["kind"]}" should be day, week or month.')
            parse_rule(values["rule_machine"])
        except ValueError as error:
            raise ValueError(f"Row {number} ({values['name'] or 'no name'}): {error}") from None
        days.append(AwarenessDay(**values))
    return days


def occurrence(day: AwarenessDay, year: int) -> Occurrence | None:
    """When ``day`` falls in ``year``, or None if its rule gives no date that year.

    The occurrence belongs to the year its rule is worked out for: a week_containing:01-01 week
    that starts on 29 December belongs to the following year.
    """
    rule = parse_rule(day.rule_machine)
    if rule.needs_confirmation:
        return Occurrence(None, None, True, rule.hint_month, year)
    found = rule.dates(year)
    if found is None:
        return None
    return Occurrence(found[0], found[1], False, None, year)


def occurrences_between(
    days: Iterable[AwarenessDay], start: date, end: date
) -> list[tuple[AwarenessDay, Occurrence]]:
    """Every occurrence overlapping ``start`` to ``end`` (both inclusive), for a calendar's month
    or week view, ordered by start date (dated ones before those to be confirmed), then name.

    Days whose dates need confirming are included when their hint month overlaps the range (and
    sorted to the first of that month); those without a hint month cannot be placed and are
    left out: find them with :attr:`AwarenessDay.needs_confirmation`.
    """
    if end < start:
        raise ValueError(f"The range ends ({end}) before it starts ({start}).")
    found: list[tuple[date, bool, str, AwarenessDay, Occurrence]] = []
    for day in days:
        # Rules can spill a few days into the neighbouring year either way.
        for year in range(start.year - 1, end.year + 2):
            occ = occurrence(day, year)
            if occ is None:
                continue
            if occ.needs_confirmation:
                if occ.hint_month is None:
                    continue
                first = date(year, occ.hint_month, 1)
                last = _last_day(year, occ.hint_month)
            else:
                first, last = occ.start, occ.end
            if first <= end and last >= start:
                found.append((first, occ.needs_confirmation, day.name, day, occ))
    found.sort(key=lambda item: item[:3])
    return [(day, occ) for *_, day, occ in found]


# ---------------------------------------------------------------------------------------------
# What is shown: confirmed facts only
#
# The shipped list comes from research: each row says how sure it is (``confidence``) and where it
# was found (``source``). A person sees only what was confirmed: a day with no source page is not
# listed; a date rule that was inferred or is in doubt gives no date ("to be confirmed", for an
# admin to confirm as for a day whose organiser sets the dates); research notes in brackets are
# not shown. The organisation's own days are its own facts and are shown as entered.

_DOUBT = ("unconfirmed", "inferred", "conflict", "check", "disagree", "vary")
_NOTE = re.compile(r"\s*\([^)]*\)")
_URL = re.compile(r"https?://[^\s;]+")


@functools.cache
def _shipped() -> dict[str, AwarenessDay]:
    return {d.name: d for d in load_defaults()}


def source_url(day: AwarenessDay) -> str:
    """The first web address in the day's source, or ""."""
    found = _URL.search(day.source or "")
    return found.group(0) if found else ""


def _researched(day: AwarenessDay) -> AwarenessDay | None:
    return _shipped().get(day.name)


def listed(day: AwarenessDay) -> bool:
    """False for a shipped day that has no source page to show."""
    shipped = _researched(day)
    return shipped is None or bool(source_url(shipped))


def rule_confirmed(day: AwarenessDay) -> bool:
    shipped = _researched(day)
    if shipped is None:
        return True
    confidence = shipped.confidence.lower()
    return "confirmed" in confidence and not any(w in confidence for w in _DOUBT)


def organiser(day: AwarenessDay) -> str:
    """Who runs it, without research notes; "" when the listed organiser no longer exists."""
    notes = " ".join(_NOTE.findall(day.organiser or "")).lower()
    if "closed" in notes or "successor" in notes:
        return ""
    return _NOTE.sub("", day.organiser or "").strip(" /")


def as_shown(day: AwarenessDay) -> AwarenessDay:
    """The day as a person sees it: a rule in doubt becomes "set each year" (with its usual
    month), so no date is worked out from it; the organiser loses its research notes."""
    rule = parse_rule(day.rule_machine)
    machine = day.rule_machine
    if not rule.needs_confirmation and not rule_confirmed(day):
        found = rule.dates(date.today().year) or rule.dates(date.today().year + 1)
        machine = f"variable:{found[0].month}" if found else "variable"
    words = day.rule
    if parse_rule(machine).needs_confirmation:
        hint = parse_rule(machine).hint_month
        words = "Dates set each year" + (
            f", usually in {calendar.month_name[hint]}" if hint else ""
        )
    return dataclasses.replace(day, rule=words, rule_machine=machine, organiser=organiser(day))


def next_occurrence(
    day: AwarenessDay, today: date, confirmed: dict[int, tuple[date, date]] | None = None
) -> Occurrence | None:
    """This year's occurrence, or next year's once this year's has passed. ``confirmed`` holds
    the dates a person confirmed, by year, for a day whose dates are set each year; such a day
    without confirmed dates has passed when its usual month has."""
    confirmed = confirmed or {}
    found = None
    for year in (today.year, today.year + 1):
        found = occurrence(day, year)
        if found is None:
            continue
        if found.needs_confirmation and year in confirmed:
            found = Occurrence(*confirmed[year], False, None, year)
        if found.end is not None:
            ends = found.end
        elif found.hint_month:
            ends = _last_day(year, found.hint_month)
        else:
            ends = date(year, 12, 31)
        if ends >= today:
            return found
    return found


def sort_date(found: Occurrence | None) -> date:
    """Where an occurrence goes in a list by date: its start, or the first of its usual month
    when its dates are still to be confirmed (last when nothing is known)."""
    if found is None:
        return date.max
    if found.start is not None:
        return found.start
    if found.hint_month:
        return date(found.year, found.hint_month, 1)
    return date(found.year, 12, 31)


__all__ = [
    "AwarenessDay",
    "Occurrence",
    "Rule",
    "load_defaults",
    "as_shown",
    "listed",
    "march_equinox",
    "next_occurrence",
    "occurrence",
    "occurrences_between",
    "parse_rule",
    "read_csv",
    "sort_date",
]
