"""Best time to post, per account, from its own engagement history.

Every hour of the week (weekday × hour, in the account's local time, Europe/London by default)
is a *slot*. A slot's engagement rate is engagements ÷ reach. Posts vary a lot one to the next,
so a slot with a handful of posts says little on its own: each slot's rate is shrunk toward the
account's average (empirical Bayes). The strength of that pull is fitted from the account's own
history: how much posts in the same slot differ (within-slot spread) against how much slots
really differ (between-slot spread). It never counts for less than :data:`MIN_PRIOR_POSTS`
posts, so one lucky post cannot outrank a slot with many good ones.

Suggestions are of two sorts, proven ones listed first:

* **proven** slots, with at least :data:`PROVEN_POSTS` posts, ranked by their shrunk rate;
* **worth testing** (``explored=True``): untried or little-tried slots. One is offered when its
  optimistic estimate (an upper confidence bound: the shrunk rate plus :data:`UCB_Z` standard
  errors) beats the best proven slot, so it could plausibly be better. Any further places go
  to the best estimated rates, and an untried slot, estimated at the account's average,
  outranks a proven slot known to be below it. With little or no history, then, most
  suggestions are slots to test.

Equal estimates (every untried slot has the same) are settled in favour of a proven slot, then
of a day and hour not already suggested, then by a shuffle seeded with ``seed``, so the result
is deterministic given the seed.

Only slots when the organisation's staff are on hand are ever suggested, so that replies to a
post can be answered. History from any hour still informs the account's average.

Plain Python: no Django, no network, no database.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
PROVEN_POSTS = 3  # a slot needs this many posts to be suggested on its record
MIN_PRIOR_POSTS = 8.0  # the account average counts for at least this many posts in every slot
MAX_PRIOR_POSTS = 50.0
UCB_Z = 1.28  # about the 90th percentile
HISTORY_DAYS = 365  # audiences change: older posts are left out
TIMEZONE = "Europe/London"  # slots are of this wall clock unless told otherwise

Slot = tuple[int, int]  # (weekday, hour): Monday is 0, hours 0-23 local time
StaffedSlots = Collection[Slot] | Callable[[int, int], bool]


class PastPost(NamedTuple):
    """One published post. ``published_at`` must be timezone-aware."""

    published_at: datetime
    reach: int
    engagements: int


@dataclass(frozen=True)
class Suggestion:
    """A slot worth posting in.

    ``rate`` is the estimated engagement rate (engagements per reach, 0.041 for 4.1%) after
    shrinkage toward the account's average; ``observed_rate`` is the slot's own engagements ÷
    reach (None when untried). ``explored`` is true when the slot is suggested to learn about
    it rather than on its record.
    """

    weekday: int
    hour: int
    rate: float
    posts: int
    explored: bool
    reason: str
    observed_rate: float | None = None

    @property
    def label(self) -> str:
        """ "Tuesdays 10-11am" (with an en dash)."""
        return slot_label(self.weekday, self.hour)


@dataclass(frozen=True)
class _Estimate:
    slot: Slot
    posts: int
    mean: float  # shrunk estimate
    sd: float  # its standard error
    observed: float | None  # engagements ÷ reach in this slot

    @property
    def optimistic(self) -> float:
        return self.mean + UCB_Z * self.sd


def suggest(
    posts: Iterable[PastPost | tuple[datetime, int, int]],
    staffed_slots: StaffedSlots,
    *,
    now: datetime | None = None,
    top: int = 3,
    tz: str = TIMEZONE,
    seed: int = 0,
) -> list[Suggestion]:
    """Up to ``top`` slots to post in, best first, all within staffed slots.

    ``posts`` are the account's published posts: :class:`PastPost`, ``(published_at, reach,
    engagements)`` tuples, or any objects with those three attributes. Posts with no reach are
    left out (a rate needs a base), as are posts after ``now`` or more than
    :data:`HISTORY_DAYS` before it. ``staffed_slots`` is a set of
    (weekday, hour) slots or a ``callable(weekday, hour) -> bool``, in local time.
    """
    zone = ZoneInfo(tz)
    now = _aware(now or datetime.now(UTC), "now")
    return suggest_from_slots(_history(posts, zone, now), staffed_slots, top=top, seed=seed)


def suggest_from_slots(
    by_slot: dict[Slot, SlotHistory],
    staffed_slots: StaffedSlots,
    *,
    top: int = 3,
    seed: int = 0,
) -> list[Suggestion]:
    """:func:`suggest` from the account's posts already summed per slot (local time), those
    published within :func:`window` only."""
    if top < 1:
        return []
    staffed = _staffed(staffed_slots)
    if not staffed:
        return []

    estimates = _estimate(by_slot, staffed)
    average = _account_rate(by_slot)
    order = _tie_break(staffed, seed)

    proven = [e for e in estimates if e.posts >= PROVEN_POSTS]
    trial = [e for e in estimates if e.posts < PROVEN_POSTS]
    best = max((e.mean for e in proven), default=-math.inf)

    # One slot to test, if one could plausibly beat the best proven slot and the list has room
    # for more than the best; then the rest by estimated rate, where an untried slot (estimated
    # at the account's average) outranks a slot known to be below it.
    chosen: list[_Estimate] = []
    worth = [e for e in trial if e.optimistic > best]
    if worth and (top > 1 or not proven):
        _pick(chosen, worth, 1, lambda e: e.optimistic, order)
    _pick(chosen, proven + trial, top - len(chosen), lambda e: e.mean, order)

    chosen.sort(key=lambda e: (e.posts < PROVEN_POSTS, -e.mean if e.posts >= PROVEN_POSTS else 0))
    return [_suggestion(e, explored=e.posts < PROVEN_POSTS, average=average) for e in chosen]


def next_slot_time(
    suggestion: Suggestion | Slot, after: datetime, *, tz: str = TIMEZONE
) -> datetime:
    """The start of the next occurrence of the slot at or after ``after``, as an aware datetime
    in UTC. Worked out on the local wall clock, so 10am stays 10am across the clocks changing;
    an hour that does not exist that day (01:00 on the spring-forward Sunday) is skipped to the
    following week, and an hour that happens twice (01:00 in late October) is the first one.
    """
    if isinstance(suggestion, Suggestion):
        weekday, hour = suggestion.weekday, suggestion.hour
    else:
        weekday, hour = suggestion
    _check_slot(weekday, hour)
    zone = ZoneInfo(tz)
    after = _aware(after, "after")
    local = after.astimezone(zone)
    day = local.date() + timedelta(days=(weekday - local.weekday()) % 7)
    for _ in range(3):
        wall = datetime(day.year, day.month, day.day, hour, tzinfo=zone)
        utc = wall.astimezone(UTC)
        exists = utc.astimezone(zone).replace(tzinfo=None) == wall.replace(tzinfo=None)
        if exists and utc >= after:
            return utc
        day += timedelta(days=7)
    raise AssertionError("unreachable: a slot recurs every week")  # pragma: no cover


def slot_label(weekday: int, hour: int) -> str:
    """ "Tuesdays 10–11am", "Fridays 11am–midday", "Mondays midday–1pm"."""
    _check_slot(weekday, hour)
    return f"{DAY_NAMES[weekday]}s {_hours(hour)}"


# ---------------------------------------------------------------------------------------------
# Estimating


class SlotHistory(NamedTuple):
    """A slot's posts, summed: what the estimates need, whether added up here from posts or
    by the database (publishing/timing.py)."""

    posts: int
    rate_sum: float  # of each post's engagements ÷ reach
    rate_squares: float  # of the squares of those rates
    reach: int
    engagements: int


def window(now: datetime) -> tuple[datetime, datetime]:
    """The publication times that count, from ``since`` to ``until`` inclusive."""
    return now - timedelta(days=HISTORY_DAYS), now


def _history(posts, zone: ZoneInfo, now: datetime) -> dict[Slot, SlotHistory]:
    since, until = window(now)
    slots: dict[Slot, SlotHistory] = {}
    for post in posts:
        if hasattr(post, "published_at"):
            published_at, reach, engagements = post.published_at, post.reach, post.engagements
        else:
            published_at, reach, engagements = post
        published_at = _aware(published_at, "published_at")
        if reach is None or reach <= 0 or not since <= published_at <= until:
            continue
        engagements = max(0, engagements or 0)
        local = published_at.astimezone(zone)
        slot = (local.weekday(), local.hour)
        rate = engagements / reach
        h = slots.get(slot, SlotHistory(0, 0.0, 0.0, 0, 0))
        slots[slot] = SlotHistory(
            h.posts + 1,
            h.rate_sum + rate,
            h.rate_squares + rate * rate,
            h.reach + reach,
            h.engagements + engagements,
        )
    return slots


def _account_rate(by_slot: dict[Slot, SlotHistory]) -> float | None:
    reach = sum(h.reach for h in by_slot.values())
    return sum(h.engagements for h in by_slot.values()) / reach if reach else None


def _squares_about_mean(h: SlotHistory) -> float:
    """The sum of (rate - the slot's mean rate)² over the slot's posts."""
    return max(0.0, h.rate_squares - h.rate_sum * h.rate_sum / h.posts)


def _estimate(by_slot: dict[Slot, SlotHistory], staffed: list[Slot]) -> list[_Estimate]:
    """Normal-normal empirical Bayes on per-post rates: post rate ~ N(slot rate, sigma²),
    slot rate ~ N(mu, tau²). mu is the mean post rate; sigma² the pooled within-slot variance;
    tau² the spread of slot means beyond what sigma² explains (method of moments, from slots
    with two posts or more). The prior's weight, sigma²/tau², is held between MIN_PRIOR_POSTS
    and MAX_PRIOR_POSTS posts."""
    by_slot = {slot: h for slot, h in by_slot.items() if h.posts > 0}
    count = sum(h.posts for h in by_slot.values())
    rate_sum = sum(h.rate_sum for h in by_slot.values())
    mu = rate_sum / count if count else 0.0
    scale = max(mu, 1e-3)  # keeps the spreads positive for an account with no engagement

    repeated = [h for h in by_slot.values() if h.posts >= 2]
    within_ss = sum(_squares_about_mean(h) for h in repeated)
    within_df = sum(h.posts - 1 for h in repeated)
    if within_df >= 2:
        sigma2 = within_ss / within_df
    elif count >= 3:
        squares = sum(h.rate_squares for h in by_slot.values())
        sigma2 = max(0.0, squares - count * mu * mu) / (count - 1)
    else:
        sigma2 = (0.5 * scale) ** 2  # typical post-to-post spread: half the average
    sigma2 = max(sigma2, (0.05 * scale) ** 2)

    if len(repeated) >= 2:
        means = [h.rate_sum / h.posts for h in repeated]
        centre = sum(means) / len(means)
        spread = sum((m - centre) ** 2 for m in means) / (len(means) - 1)
        noise = sum(sigma2 / h.posts for h in repeated) / len(repeated)
        tau2 = spread - noise
    else:
        tau2 = 0.0
    kappa = sigma2 / tau2 if tau2 > 0 else MAX_PRIOR_POSTS
    kappa = min(max(kappa, MIN_PRIOR_POSTS), MAX_PRIOR_POSTS)
    tau2 = sigma2 / kappa

    estimates = []
    for slot in staffed:
        h = by_slot.get(slot)
        n = h.posts if h else 0
        if h and n:
            mean = (kappa * mu + h.rate_sum) / (kappa + n)
            observed = h.engagements / h.reach
        else:
            mean, observed = mu, None
        sd = math.sqrt(1 / (n / sigma2 + 1 / tau2))
        estimates.append(_Estimate(slot, n, mean, sd, observed))
    return estimates


def _tie_break(staffed: list[Slot], seed: int) -> dict[Slot, int]:
    shuffled = list(staffed)
    random.Random(seed).shuffle(shuffled)
    return {slot: i for i, slot in enumerate(shuffled)}


def _pick(chosen, candidates, count, score, order) -> None:
    """Add the ``count`` best-scoring candidates not yet chosen to ``chosen``. Among equal scores
    (every untried slot scores the same) a proven slot comes first, then one on a day and at an
    hour not already chosen, then the seeded order."""
    pool = [e for e in candidates if e not in chosen]
    for _ in range(max(count, 0)):
        if not pool:
            return
        high = max(score(e) for e in pool)
        tied = [e for e in pool if math.isclose(score(e), high, rel_tol=1e-9, abs_tol=1e-12)]
        days = {e.slot[0] for e in chosen}
        hours = {e.slot[1] for e in chosen}
        pick = min(
            tied,
            key=lambda e: (
                e.posts < PROVEN_POSTS,
                (e.slot[0] in days) + (e.slot[1] in hours),
                order[e.slot],
            ),
        )
        chosen.append(pick)
        pool.remove(pick)


# ---------------------------------------------------------------------------------------------
# Words


def _suggestion(e: _Estimate, *, explored: bool, average: float | None) -> Suggestion:
    label = slot_label(*e.slot)
    if e.posts == 0:
        reason = f"{label}: not tried yet – worth testing"
    else:
        posts = "1 post" if e.posts == 1 else f"{e.posts} posts"
        reason = f"{label}: {_percent(e.observed)} engagement from {posts}"
        if explored:
            reason += " – worth testing again"
        elif average is not None:
            reason += f" (your average is {_percent(average)})"
    return Suggestion(e.slot[0], e.slot[1], e.mean, e.posts, explored, reason, e.observed)


def _percent(rate: float | None) -> str:
    return f"{100 * (rate or 0):.1f}%"


def _clock(hour: int) -> tuple[str, str]:
    """(number, suffix) for an hour: (10, "am"); midday and midnight have no suffix."""
    if hour % 24 == 0:
        return "midnight", ""
    if hour == 12:
        return "midday", ""
    return str(hour % 12), "am" if hour < 12 else "pm"


def _hours(hour: int) -> str:
    start, start_suffix = _clock(hour)
    end, end_suffix = _clock(hour + 1)
    if start_suffix and start_suffix == end_suffix:
        return f"{start}–{end}{end_suffix}"
    return f"{start}{start_suffix}–{end}{end_suffix}"


# ---------------------------------------------------------------------------------------------
# Checks


def _staffed(staffed_slots: StaffedSlots) -> list[Slot]:
    if callable(staffed_slots):
        return [(d, h) for d in range(7) for h in range(24) if staffed_slots(d, h)]
    slots = sorted(set(staffed_slots))
    for weekday, hour in slots:
        _check_slot(weekday, hour)
    return slots


def _check_slot(weekday: int, hour: int) -> None:
    if not (0 <= weekday <= 6 and 0 <= hour <= 23):
        raise ValueError(
            f"({weekday}, {hour}) is not a slot: weekdays are 0 (Monday) to 6 (Sunday), "
            "hours 0 to 23."
        )


def _aware(at: datetime, name: str) -> datetime:
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError(f"{name} must be a timezone-aware datetime, not {at!r}.")
    return at


__all__ = [
    "PastPost",
    "SlotHistory",
    "Suggestion",
    "next_slot_time",
    "slot_label",
    "suggest",
    "suggest_from_slots",
    "window",
]
