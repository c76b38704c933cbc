"""Measuring the listening alert rules on simulated series (pure: numpy, no Django).

`sociable bench alerts` prints these figures as JSON. Every series is drawn with a fixed seed,
so the figures are reproducible.

Volume: daily counts drawn from Poisson and negative-binomial distributions (variance
mean + mean²/5, i.e. overdispersed as social media counts are), flat or with quieter weekends.
The false-alarm rate is the share of ordinary days (no spike) on which the rule fires; the
detection rate is the share of injected spikes (a day at `multiplier` times the usual mean) that
it catches on the day.

Symptoms: weekly counts, flat (false alarms per week) or with an outbreak growing by `growth`
per week for five weeks (detected if the rule fires during the rise).
"""

from __future__ import annotations

import numpy as np

from sociable.listening import signals

MEANS = (1.0, 3.0, 10.0, 30.0, 100.0)
DISPERSION = 5.0  # negative binomial size: variance = mean + mean^2 / DISPERSION
DAYS = 365
SERIES = 20


def _draw(rng: np.random.Generator, means: np.ndarray, family: str) -> np.ndarray:
    if family == "poisson":
        return rng.poisson(means)
    p = DISPERSION / (DISPERSION + means)
    return rng.negative_binomial(DISPERSION, p)


def _daily_means(mean: float, days: int, seasonal: bool) -> np.ndarray:
    means = np.full(days, mean)
    if seasonal:  # Saturdays and Sundays at half the weekday level, same weekly total
        weekend = np.array([(d % 7) >= 5 for d in range(days)])
        weekday_level = mean * 7 / 6
        means = np.where(weekend, weekday_level / 2, weekday_level)
    return means


def volume_false_alarms(
    k: float = signals.K, min_count: int = signals.MIN_COUNT, seed: int = 7
) -> list[dict]:
    rng = np.random.default_rng(seed)
    rows = []
    for family in ("poisson", "negative_binomial"):
        for seasonal in (False, True):
            for mean in MEANS:
                alarms = days = 0
                for _ in range(SERIES):
                    length = signals.BASELINE_DAYS + DAYS
                    counts = _draw(rng, _daily_means(mean, length, seasonal), family).tolist()
                    for day in range(signals.BASELINE_DAYS, length):
                        history = counts[day - signals.BASELINE_DAYS : day]
                        alarms += (
                            signals.unusual_volume(history, counts[day], k, min_count) is not None
                        )
                        days += 1
                rows.append(
                    {
                        "family": family,
                        "weekend_dip": seasonal,
                        "mean_per_day": mean,
                        "days": days,
                        "false_alarms": alarms,
                        "false_alarm_rate": round(alarms / days, 5),
                        "false_alarms_per_year": round(365 * alarms / days, 2),
                    }
                )
    return rows


def volume_detection(
    k: float = signals.K,
    min_count: int = signals.MIN_COUNT,
    multipliers=(2.0, 3.0, 5.0),
    trials: int = 400,
    seed: int = 11,
) -> list[dict]:
    rng = np.random.default_rng(seed)
    rows = []
    for family in ("poisson", "negative_binomial"):
        for mean in MEANS:
            for multiplier in multipliers:
                caught = 0
                for _ in range(trials):
                    history = _draw(rng, np.full(signals.BASELINE_DAYS, mean), family).tolist()
                    spike = int(_draw(rng, np.array([mean * multiplier]), family)[0])
                    caught += signals.unusual_volume(history, spike, k, min_count) is not None
                rows.append(
                    {
                        "family": family,
                        "mean_per_day": mean,
                        "spike": f"{multiplier:g}x",
                        "trials": trials,
                        "detected": caught,
                        "detection_rate": round(caught / trials, 3),
                    }
                )
    return rows


def symptom_false_alarms(
    rises: int = signals.RISES, floor: int = signals.FLOOR, weeks: int = 520, seed: int = 13
) -> list[dict]:
    rng = np.random.default_rng(seed)
    rows = []
    for family in ("poisson", "negative_binomial"):
        for mean in (2.0, 5.0, 10.0, 30.0):
            counts = _draw(rng, np.full(weeks, mean), family).tolist()
            alarms = sum(
                signals.symptom_signal(counts[: n + 1], rises, floor) for n in range(weeks)
            )
            rows.append(
                {
                    "family": family,
                    "mean_per_week": mean,
                    "weeks": weeks,
                    "false_alarms": alarms,
                    "false_alarm_rate": round(alarms / weeks, 4),
                    "false_alarms_per_year": round(52 * alarms / weeks, 2),
                }
            )
    return rows


def symptom_detection(
    rises: int = signals.RISES,
    floor: int = signals.FLOOR,
    growths=(1.25, 1.5, 2.0),
    trials: int = 400,
    seed: int = 17,
) -> list[dict]:
    rng = np.random.default_rng(seed)
    rows = []
    for family in ("poisson", "negative_binomial"):
        for mean in (2.0, 5.0, 10.0, 30.0):
            for growth in growths:
                caught = 0
                for _ in range(trials):
                    means = np.concatenate([np.full(8, mean), mean * growth ** np.arange(1, 6)])
                    counts = _draw(rng, means, family).tolist()
                    caught += any(
                        signals.symptom_signal(counts[: n + 1], rises, floor)
                        for n in range(8, len(counts))
                    )
                rows.append(
                    {
                        "family": family,
                        "mean_per_week": mean,
                        "growth_per_week": growth,
                        "trials": trials,
                        "detected": caught,
                        "detection_rate": round(caught / trials, 3),
                    }
                )
    return rows


def report() -> dict:
    return {
        "volume_rule": {
            "k": signals.K,
            "min_count": signals.MIN_COUNT,
            "baseline_days": signals.BASELINE_DAYS,
        },
        "volume_false_alarms": volume_false_alarms(),
        "volume_detection": volume_detection(),
        "symptom_rule": {"rises": signals.RISES, "floor": signals.FLOOR},
        "symptom_false_alarms": symptom_false_alarms(),
        "symptom_detection": symptom_detection(),
    }
