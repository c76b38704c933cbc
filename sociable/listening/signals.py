"""Alert rules for listening, as pure computations (no Django): unusual volume and symptom signals.

Unusual volume. A search's count for a day is compared with the previous 28 days of daily
counts. The baseline is robust to earlier spikes: the median, and the median absolute deviation
(MAD) scaled by 1.4826 so that it estimates a standard deviation. Counts are small and often
zero, so the spread is never taken below what a Poisson count would show (the square root of the
median, and at least 1). A day is unusual when its count exceeds median + K * spread and is at
least MIN_COUNT. `sociable bench alerts` measures the false-alarm and detection rates of these
settings on simulated series (docs/listening.md has the figures).

Symptom signals, in the spirit of the Food Standards Agency's norovirus study: weekly counts of
mentions of symptom terms; a signal when the count has risen for RISES weeks in a row and the
latest week is at least FLOOR mentions.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass
from datetime import date, timedelta

K = 5.0
MIN_COUNT = 10
BASELINE_DAYS = 28
MIN_HISTORY_DAYS = 7
MAD_SCALE = 1.4826

RISES = 3
FLOOR = 5
SYMPTOM_TERMS = (
    "norovirus",
    "noro",
    "vomiting bug",
    "winter vomiting",
    "sickness bug",
    "tummy bug",
    "stomach bug",
    "vomiting",
    "diarrhoea",
    "diarrhea",
    "food poisoning",
    "gastroenteritis",
    "flu-like",
    "flu like symptoms",
)


@dataclass(frozen=True)
class Baseline:
    median: float
    spread: float
    threshold: float
    days: int

    def to_dict(self) -> dict:
        return {
            "median": self.median,
            "spread": round(self.spread, 2),
            "threshold": round(self.threshold, 2),
            "days": self.days,
        }


def volume_baseline(history: list[int], k: float = K) -> Baseline:
    """The robust baseline of a series of daily counts (the most recent last)."""
    window = list(history[-BASELINE_DAYS:])
    if not window:
        return Baseline(0.0, 1.0, k, 0)
    median = float(statistics.median(window))
    mad = float(statistics.median(abs(x - median) for x in window))
    spread = max(MAD_SCALE * mad, math.sqrt(max(median, 1.0)))
    return Baseline(median, spread, median + k * spread, len(window))


def unusual_volume(
    history: list[int], count: int, k: float = K, min_count: int = MIN_COUNT
) -> Baseline | None:
    """The baseline if `count` is unusually high against `history`, else None."""
    if len(history) < MIN_HISTORY_DAYS:
        return None
    baseline = volume_baseline(history, k)
    if count > baseline.threshold and count >= min_count:
        return baseline
    return None


def consecutive_rises(weekly: list[int]) -> int:
    """How many weeks in a row, ending with the latest, the count went up."""
    rises = 0
    for before, after in zip(reversed(weekly[:-1]), reversed(weekly), strict=False):
        if after > before:
            rises += 1
        else:
            break
    return rises


def symptom_signal(weekly: list[int], rises: int = RISES, floor: int = FLOOR) -> bool:
    """True when the latest week ends `rises` consecutive weekly rises and is at least `floor`."""
    return bool(weekly) and weekly[-1] >= floor and consecutive_rises(weekly) >= rises


def week_start(day: date) -> date:
    """The Monday of the ISO week containing `day`."""
    return day - timedelta(days=day.weekday())


def daily_series(counts: dict[date, int], first: date, last: date) -> list[int]:
    """Counts per day from `first` to `last` inclusive, with zeros for days without any."""
    days = (last - first).days + 1
    return [counts.get(first + timedelta(days=n), 0) for n in range(max(days, 0))]


def weekly_series(counts: dict[date, int], first_week: date, last_week: date) -> list[int]:
    """Counts per ISO week (keyed by their Monday) from first_week to last_week inclusive."""
    totals: dict[date, int] = {}
    for day, n in counts.items():
        monday = week_start(day)
        totals[monday] = totals.get(monday, 0) + n
    weeks = (last_week - first_week).days // 7 + 1
    return [totals.get(first_week + timedelta(weeks=n), 0) for n in range(max(weeks, 0))]
