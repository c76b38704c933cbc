"""Best time to post: slots from the account's own engagement history, within staffed hours."""

from datetime import UTC, datetime, timedelta
from itertools import cycle, islice
from zoneinfo import ZoneInfo

import pytest

from sociable.publishing.besttime import (
    PastPost,
    Suggestion,
    next_slot_time,
    slot_label,
    suggest,
)

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2025, 6, 30, 12, tzinfo=UTC)
WEEKDAYS_9_TO_5 = {(d, h) for d in range(5) for h in range(9, 17)}
MON, TUE, WED, THU, FRI, SAT, SUN = range(7)


def posts_in(weekday: int, hour: int, rates: list[float], reach: int = 2000) -> list[PastPost]:
    """One post a week in the slot (London time), going back from the week before NOW."""
    monday = datetime(2025, 6, 23, tzinfo=LONDON)
    found = []
    for week, rate in enumerate(rates, start=1):
        day = monday - timedelta(weeks=week) + timedelta(days=weekday)
        at = datetime(day.year, day.month, day.day, hour, 15, tzinfo=LONDON)
        found.append(PastPost(at, reach, round(rate * reach)))
    return found


def spread(centre: float, count: int) -> list[float]:
    """``count`` rates varying around ``centre`` the way real posts do (±30%)."""
    return list(islice(cycle([centre * f for f in (0.7, 0.9, 1.1, 1.3)]), count))


def ordinary_weeks() -> list[PastPost]:
    """Twelve posts a slot in six ordinary slots averaging 3%."""
    slots = [(MON, 9), (MON, 14), (WED, 11), (THU, 15), (FRI, 10), (FRI, 13)]
    return [p for d, h in slots for p in posts_in(d, h, spread(0.03, 12))]


def test_a_clearly_better_slot_is_suggested_first():
    history = ordinary_weeks() + posts_in(TUE, 10, spread(0.06, 12))
    best = suggest(history, WEEKDAYS_9_TO_5, now=NOW)[0]
    assert ((best.weekday, best.hour), best.explored) == ((TUE, 10), False)


def test_a_proven_slot_gives_its_rate_and_base_in_plain_words():
    history = ordinary_weeks() + posts_in(TUE, 10, spread(0.06, 12))
    best = suggest(history, WEEKDAYS_9_TO_5, now=NOW)[0]
    assert best.reason == ("Tuesdays 10–11am: 6.0% engagement from 12 posts (your average is 3.4%)")


def test_one_lucky_post_does_not_outrank_a_slot_with_many_good_posts():
    history = ordinary_weeks() + posts_in(TUE, 10, spread(0.05, 20)) + posts_in(THU, 10, [0.10])
    found = {(s.weekday, s.hour): s for s in suggest(history, WEEKDAYS_9_TO_5, now=NOW, top=5)}
    assert found[(TUE, 10)].rate > found[(THU, 10)].rate


def test_the_slot_with_many_good_posts_comes_before_the_lucky_one():
    history = ordinary_weeks() + posts_in(TUE, 10, spread(0.05, 20)) + posts_in(THU, 10, [0.10])
    slots = [(s.weekday, s.hour) for s in suggest(history, WEEKDAYS_9_TO_5, now=NOW, top=5)]
    assert slots.index((TUE, 10)) < slots.index((THU, 10))


def test_a_slot_with_one_post_is_offered_as_worth_testing_not_as_proven():
    history = ordinary_weeks() + posts_in(TUE, 10, spread(0.05, 20)) + posts_in(THU, 10, [0.10])
    found = {(s.weekday, s.hour): s for s in suggest(history, WEEKDAYS_9_TO_5, now=NOW, top=5)}
    assert found[(THU, 10)].reason == (
        "Thursdays 10–11am: 10.0% engagement from 1 post – worth testing again"
    )


def test_untried_staffed_slots_are_suggested_for_exploration_when_history_is_thin():
    history = posts_in(MON, 9, [0.03, 0.04, 0.02]) + posts_in(WED, 11, [0.03, 0.02, 0.04])
    found = suggest(history, WEEKDAYS_9_TO_5, now=NOW)
    assert [s for s in found if s.posts == 0 and s.explored]


def test_the_single_best_time_is_a_proven_slot_when_there_is_one():
    history = posts_in(MON, 9, [0.03, 0.04, 0.02]) + posts_in(WED, 11, [0.03, 0.02, 0.04])
    found = suggest(history, WEEKDAYS_9_TO_5, now=NOW, top=1)
    assert [s.explored for s in found] == [False]


def test_an_untried_slot_is_suggested_before_slots_known_to_be_below_average():
    history = ordinary_weeks() + posts_in(TUE, 10, spread(0.06, 12))
    found = suggest(history, WEEKDAYS_9_TO_5, now=NOW)
    assert [(s.weekday, s.hour) for s in found if not s.explored] == [(TUE, 10)]


def test_no_suggestion_falls_outside_staffed_slots():
    history = ordinary_weeks() + posts_in(SAT, 20, spread(0.20, 12))
    found = suggest(history, WEEKDAYS_9_TO_5, now=NOW, top=50)
    assert {(s.weekday, s.hour) for s in found} <= WEEKDAYS_9_TO_5


def test_a_great_slot_outside_staffed_hours_is_not_suggested():
    history = ordinary_weeks() + posts_in(SAT, 20, spread(0.20, 12))
    found = suggest(history, WEEKDAYS_9_TO_5, now=NOW, top=50)
    assert (SAT, 20) not in {(s.weekday, s.hour) for s in found}


def test_staffed_slots_may_be_given_as_a_function():
    found = suggest([], lambda weekday, hour: (weekday, hour) == (WED, 14), now=NOW)
    assert [(s.weekday, s.hour) for s in found] == [(WED, 14)]


def test_an_empty_history_gives_untried_staffed_slots_to_test():
    found = suggest([], WEEKDAYS_9_TO_5, now=NOW)
    assert [(s.posts, s.explored) for s in found] == [(0, True)] * 3


def test_an_empty_history_spreads_its_suggestions_over_different_days_and_hours():
    found = suggest([], WEEKDAYS_9_TO_5, now=NOW)
    assert len({s.weekday for s in found}) == len({s.hour for s in found}) == 3


def test_an_untried_slot_says_it_is_worth_testing():
    found = suggest([], {(WED, 14)}, now=NOW)
    assert found[0].reason == "Wednesdays 2–3pm: not tried yet – worth testing"


def test_the_same_seed_gives_the_same_suggestions():
    assert suggest([], WEEKDAYS_9_TO_5, now=NOW, seed=7) == suggest(
        [], WEEKDAYS_9_TO_5, now=NOW, seed=7
    )


def test_no_staffed_hours_means_no_suggestions():
    assert suggest(ordinary_weeks(), set(), now=NOW) == []


def test_posts_without_reach_are_left_out():
    history = posts_in(TUE, 10, [0.05] * 4, reach=0)
    found = suggest(history, {(TUE, 10)}, now=NOW)
    assert found[0].posts == 0


def test_posts_more_than_a_year_old_are_left_out():
    old = [PastPost(NOW - timedelta(days=400), 1000, 50)]
    assert suggest(old, {(NOW.weekday(), 13)}, now=NOW)[0].posts == 0


def test_a_post_at_2330_utc_on_a_summer_monday_counts_as_tuesday_half_past_midnight():
    history = [PastPost(datetime(2025, 6, day, 23, 30, tzinfo=UTC), 1000, 40) for day in (2, 9, 16)]
    found = suggest(history, {(MON, 23), (TUE, 0)}, now=NOW, top=1)
    assert ((found[0].weekday, found[0].hour), found[0].posts) == ((TUE, 0), 3)


def test_a_post_at_2330_utc_on_a_winter_monday_stays_on_monday():
    winter_now = datetime(2025, 1, 31, tzinfo=UTC)
    history = [
        PastPost(datetime(2025, 1, day, 23, 30, tzinfo=UTC), 1000, 40) for day in (6, 13, 20)
    ]
    found = suggest(history, {(MON, 23), (TUE, 0)}, now=winter_now, top=1)
    assert ((found[0].weekday, found[0].hour), found[0].posts) == ((MON, 23), 3)


def test_a_naive_publication_time_is_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        suggest([(datetime(2025, 6, 2, 10), 100, 5)], WEEKDAYS_9_TO_5, now=NOW)


def test_the_next_slot_keeps_local_time_when_the_clocks_go_forward():
    after = datetime(2025, 3, 28, 12, tzinfo=UTC)  # Friday; clocks go forward on Sunday 30th
    assert next_slot_time((MON, 10), after) == datetime(2025, 3, 31, 9, tzinfo=UTC)


def test_the_next_slot_keeps_local_time_when_the_clocks_go_back():
    after = datetime(2025, 10, 24, 12, tzinfo=UTC)  # Friday; clocks go back on Sunday 26th
    assert next_slot_time((MON, 10), after) == datetime(2025, 10, 27, 10, tzinfo=UTC)


def test_the_next_slot_is_later_the_same_day_when_it_has_not_started():
    after = datetime(2025, 6, 3, 7, 59, tzinfo=UTC)  # Tuesday 08:59 in London
    assert next_slot_time((TUE, 9), after) == datetime(2025, 6, 3, 8, tzinfo=UTC)


def test_the_next_slot_is_next_week_when_this_weeks_has_started():
    after = datetime(2025, 6, 3, 8, 1, tzinfo=UTC)  # Tuesday 09:01 in London
    assert next_slot_time((TUE, 9), after) == datetime(2025, 6, 10, 8, tzinfo=UTC)


def test_the_next_slot_skips_an_hour_that_does_not_exist_when_the_clocks_go_forward():
    after = datetime(2025, 3, 29, 12, tzinfo=UTC)  # 01:00-02:00 on Sunday 30 March is skipped
    assert next_slot_time((SUN, 1), after) == datetime(2025, 4, 6, 0, tzinfo=UTC)


def test_the_next_slot_takes_a_suggestion():
    slot = Suggestion(WED, 14, 0.03, 0, True, "")
    after = datetime(2025, 6, 30, tzinfo=UTC)
    assert next_slot_time(slot, after) == datetime(2025, 7, 2, 13, tzinfo=UTC)


@pytest.mark.parametrize(
    ("weekday", "hour", "label"),
    [
        (TUE, 10, "Tuesdays 10–11am"),
        (FRI, 11, "Fridays 11am–midday"),
        (MON, 12, "Mondays midday–1pm"),
        (THU, 15, "Thursdays 3–4pm"),
        (SUN, 23, "Sundays 11pm–midnight"),
        (SAT, 0, "Saturdays midnight–1am"),
    ],
)
def test_slots_are_named_the_way_people_say_them(weekday, hour, label):
    assert slot_label(weekday, hour) == label
