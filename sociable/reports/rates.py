"""Rates that always state their base: a rate is never shown without what it is a share of."""

from __future__ import annotations

from dataclasses import dataclass


def number(value) -> str:
    """12400 → "12,400"; None → "unknown"."""
    if value is None:
        return "unknown"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}"
    return f"{int(value):,}"


@dataclass(frozen=True)
class Rate:
    """numerator ÷ denominator, with the words for both, e.g. engagements ÷ reach."""

    numerator: int
    denominator: int
    numerator_label: str  # "engagements"
    denominator_label: str  # "reach"
    base_words: str  # "people reached"

    @property
    def value(self) -> float | None:
        return self.numerator / self.denominator if self.denominator else None

    @property
    def percent(self) -> float | None:
        return None if self.value is None else round(100 * self.value, 1)

    @property
    def percent_text(self) -> str:
        return "no base" if self.percent is None else f"{self.percent:.1f}%"

    @property
    def base_text(self) -> str:
        """e.g. "of 12,400 people reached"."""
        return f"of {number(self.denominator)} {self.base_words}"

    @property
    def formula(self) -> str:
        return f"{self.numerator_label} ÷ {self.denominator_label}"

    def __str__(self) -> str:
        """e.g. "engagements ÷ reach = 3.2% (of 12,400 people reached)"."""
        if self.value is None:
            return f"{self.formula}: no base ({self.denominator_label} is 0)"
        return f"{self.formula} = {self.percent_text} ({self.base_text})"


def percentile(values: list[float], share: float) -> float | None:
    """The nearest-rank percentile (share 0.5 is the median of an odd count, 0.9 the 90th)."""
    if not values:
        return None
    ordered = sorted(values)
    if share == 0.5 and len(ordered) % 2 == 0:
        middle = len(ordered) // 2
        return (ordered[middle - 1] + ordered[middle]) / 2
    rank = max(1, -(-int(share * 1000) * len(ordered) // 1000))  # ceil(share × n)
    return ordered[min(rank, len(ordered)) - 1]
