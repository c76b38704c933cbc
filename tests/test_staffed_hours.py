"""Staffed hours: who is watching when, per UK nation, and clocks that count only staffed time."""

import time as stopwatch
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sociable.lib.hours import (
    NATIONS,
    Schedule,
    add_staffed,
    bank_holidays,
    closed_period_key,
    describe_return,
    is_open,
    next_close,
    next_open,
    staffed_seconds,
)

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
HOUR = 3600
NINE_TO_FIVE = Schedule.weekdays()
ROUND_THE_CLOCK = Schedule(
    weekly={day: ((time(0), time(0)),) for day in range(7)}, bank_holidays_closed=False
)
PROPERTY = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def uk(*args) -> datetime:
    """A wall-clock moment in the UK."""
    return datetime(*args, tzinfo=LONDON)


# --- Open and closed ----------------------------------------------------------------------------


def test_a_weekday_morning_is_staffed():
    assert is_open(NINE_TO_FIVE, uk(2026, 6, 10, 10, 0))


def test_nine_oclock_is_staffed_and_five_oclock_is_not():
    assert is_open(NINE_TO_FIVE, uk(2026, 6, 10, 9, 0))
    assert not is_open(NINE_TO_FIVE, uk(2026, 6, 10, 8, 59, 59))
    assert not is_open(NINE_TO_FIVE, uk(2026, 6, 10, 17, 0))


def test_the_weekend_is_not_staffed():
    assert not is_open(NINE_TO_FIVE, uk(2026, 6, 13, 12, 0))
    assert not is_open(NINE_TO_FIVE, uk(2026, 6, 14, 12, 0))


def test_a_lunch_break_splits_the_day_into_two_staffed_spans():
    lunch = Schedule.from_dict({"weekly": {"2": [["09:00", "12:30"], ["13:30", "17:00"]]}})
    assert is_open(lunch, uk(2026, 6, 10, 12, 29))
    assert not is_open(lunch, uk(2026, 6, 10, 13, 0))
    assert is_open(lunch, uk(2026, 6, 10, 13, 30))
    assert staffed_seconds(lunch, uk(2026, 6, 10), uk(2026, 6, 11)) == 7 * HOUR


def test_a_moment_given_in_another_time_zone_is_judged_on_the_uk_clock():
    # 4:30am in New York is 9:30am in London (both on summer time).
    assert is_open(NINE_TO_FIVE, datetime(2026, 6, 10, 4, 30, tzinfo=NEW_YORK))
    assert not is_open(NINE_TO_FIVE, datetime(2026, 6, 10, 12, 30, tzinfo=NEW_YORK))


def test_naive_datetimes_are_refused_everywhere():
    naive = datetime(2026, 6, 10, 10, 0)
    aware = uk(2026, 6, 10, 10, 0)
    calls = [
        lambda: is_open(NINE_TO_FIVE, naive),
        lambda: next_open(NINE_TO_FIVE, naive),
        lambda: next_close(NINE_TO_FIVE, naive),
        lambda: staffed_seconds(NINE_TO_FIVE, naive, aware),
        lambda: staffed_seconds(NINE_TO_FIVE, aware, naive),
        lambda: add_staffed(NINE_TO_FIVE, naive, 60),
        lambda: closed_period_key(NINE_TO_FIVE, naive),
        lambda: describe_return(NINE_TO_FIVE, naive),
    ]
    for call in calls:
        with pytest.raises(ValueError, match="timezone-aware"):
            call()


# --- Bank holidays per nation -------------------------------------------------------------------


@pytest.mark.parametrize(
    "day",
    [date(2026, 12, 25), date(2026, 12, 28), date(2026, 5, 4), date(2026, 4, 6)],
    ids=["Christmas Day", "Boxing Day substitute", "Early May", "Easter Monday"],
)
def test_england_and_wales_take_their_bank_holidays_off(day):
    assert not is_open(NINE_TO_FIVE, uk(day.year, day.month, day.day, 11, 0))


def test_the_england_and_wales_calendar_matches_the_published_2026_dates():
    assert set(bank_holidays("england-and-wales", 2026)) == {
        date(2026, 1, 1),
        date(2026, 4, 3),
        date(2026, 4, 6),
        date(2026, 5, 4),
        date(2026, 5, 25),
        date(2026, 8, 31),
        date(2026, 12, 25),
        date(2026, 12, 28),
        # Boxing Day itself falls on a Saturday; the package lists it as well as its substitute.
        date(2026, 12, 26),
    }


def test_scotland_takes_the_second_of_january_off_and_england_does_not():
    scotland = Schedule.weekdays(nation="scotland")
    assert not is_open(scotland, uk(2026, 1, 2, 11, 0))
    assert is_open(NINE_TO_FIVE, uk(2026, 1, 2, 11, 0))


def test_scotland_takes_st_andrews_day_off_on_monday_30_november_2026():
    scotland = Schedule.weekdays(nation="scotland")
    assert not is_open(scotland, uk(2026, 11, 30, 11, 0))
    assert is_open(NINE_TO_FIVE, uk(2026, 11, 30, 11, 0))


def test_scotland_takes_the_st_andrews_day_substitute_when_it_falls_on_a_sunday():
    # 30 November 2025 was a Sunday, so Monday 1 December 2025 was the bank holiday.
    scotland = Schedule.weekdays(nation="scotland")
    assert not is_open(scotland, uk(2025, 12, 1, 11, 0))


def test_scotland_works_easter_monday_and_the_english_august_holiday():
    scotland = Schedule.weekdays(nation="scotland")
    assert is_open(scotland, uk(2026, 4, 6, 11, 0))
    assert is_open(scotland, uk(2026, 8, 31, 11, 0))
    assert not is_open(scotland, uk(2026, 8, 3, 11, 0))


def test_northern_ireland_takes_st_patricks_day_off():
    northern_ireland = Schedule.weekdays(nation="northern-ireland")
    assert not is_open(northern_ireland, uk(2026, 3, 17, 11, 0))
    assert is_open(NINE_TO_FIVE, uk(2026, 3, 17, 11, 0))


def test_northern_ireland_takes_monday_13_july_2026_off_for_the_battle_of_the_boyne():
    # 12 July 2026 is a Sunday, so the holiday moves to the Monday.
    northern_ireland = Schedule.weekdays(nation="northern-ireland")
    assert not is_open(northern_ireland, uk(2026, 7, 13, 11, 0))
    assert is_open(northern_ireland, uk(2026, 7, 14, 11, 0))
    assert bank_holidays("northern-ireland", 2026)[date(2026, 7, 13)].startswith("Battle of")


def test_every_nation_has_a_calendar():
    for nation in NATIONS:
        assert date(2026, 12, 25) in bank_holidays(nation, 2026)


def test_a_schedule_can_choose_to_work_bank_holidays():
    working = Schedule.weekdays(bank_holidays_closed=False)
    assert is_open(working, uk(2026, 12, 25, 11, 0))


def test_extra_closed_dates_are_not_staffed():
    schedule = Schedule.weekdays(closed_dates=frozenset({date(2026, 12, 24)}))
    assert not is_open(schedule, uk(2026, 12, 24, 11, 0))
    assert is_open(schedule, uk(2026, 12, 23, 11, 0))


# --- Response clocks ----------------------------------------------------------------------------


def test_a_friday_half_past_four_message_with_a_one_hour_target_is_due_monday_half_past_nine():
    due = add_staffed(NINE_TO_FIVE, uk(2026, 6, 12, 16, 30), HOUR)
    assert due == uk(2026, 6, 15, 9, 30)
    assert due.tzinfo is UTC


def test_a_bank_holiday_weekend_pushes_the_due_time_to_tuesday():
    # Monday 4 May 2026 is the Early May bank holiday.
    due = add_staffed(NINE_TO_FIVE, uk(2026, 5, 1, 16, 30), HOUR)
    assert due == uk(2026, 5, 5, 9, 30)


def test_a_message_out_of_hours_starts_its_clock_when_staff_arrive():
    assert add_staffed(NINE_TO_FIVE, uk(2026, 6, 10, 22, 0), 30 * 60) == uk(2026, 6, 11, 9, 30)


def test_a_target_of_no_time_is_due_at_once_and_a_negative_one_is_refused():
    assert add_staffed(NINE_TO_FIVE, uk(2026, 6, 13, 22, 0), 0) == uk(2026, 6, 13, 22, 0)
    with pytest.raises(ValueError, match="negative"):
        add_staffed(NINE_TO_FIVE, uk(2026, 6, 13, 22, 0), -1)


def test_a_target_that_ends_at_closing_time_is_due_at_closing_time():
    assert add_staffed(NINE_TO_FIVE, uk(2026, 6, 10, 16, 0), HOUR) == uk(2026, 6, 10, 17, 0)


def test_a_schedule_that_is_never_staffed_has_no_due_time():
    assert add_staffed(Schedule(weekly={}), uk(2026, 6, 10, 10, 0), 60) is None


def test_a_working_week_is_forty_staffed_hours():
    assert staffed_seconds(NINE_TO_FIVE, uk(2026, 6, 8), uk(2026, 6, 15)) == 40 * HOUR


def test_a_working_week_with_a_bank_holiday_is_thirty_two_hours():
    assert staffed_seconds(NINE_TO_FIVE, uk(2026, 5, 4), uk(2026, 5, 11)) == 32 * HOUR


def test_staffed_time_is_zero_when_the_end_is_not_after_the_start():
    assert staffed_seconds(NINE_TO_FIVE, uk(2026, 6, 10, 12), uk(2026, 6, 10, 11)) == 0
    assert staffed_seconds(NINE_TO_FIVE, uk(2026, 6, 10, 12), uk(2026, 6, 10, 12)) == 0


def test_a_2026_year_of_nine_to_five_in_england_is_253_days_of_eight_hours():
    start, end = datetime(2026, 1, 1, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC)
    assert staffed_seconds(NINE_TO_FIVE, start, end) == 253 * 8 * HOUR


def test_counting_a_years_staffed_time_takes_well_under_ten_milliseconds():
    start, end = datetime(2031, 1, 1, tzinfo=UTC), datetime(2032, 1, 1, tzinfo=UTC)
    timings = []
    for _ in range(5):
        began = stopwatch.perf_counter()
        staffed_seconds(NINE_TO_FIVE, start, end)
        timings.append(stopwatch.perf_counter() - began)
    assert min(timings) < 0.010


# --- Clock changes ------------------------------------------------------------------------------


def test_the_spring_forward_sunday_has_23_staffed_hours_round_the_clock():
    assert staffed_seconds(ROUND_THE_CLOCK, uk(2026, 3, 29), uk(2026, 3, 30)) == 23 * HOUR


def test_the_autumn_sunday_has_25_staffed_hours_round_the_clock():
    assert staffed_seconds(ROUND_THE_CLOCK, uk(2026, 10, 25), uk(2026, 10, 26)) == 25 * HOUR


def test_a_one_till_three_span_across_the_spring_forward_gap_has_only_one_real_hour():
    night = Schedule(weekly={6: ((time(1), time(3)),)}, bank_holidays_closed=False)
    saturday, monday = uk(2026, 3, 28), uk(2026, 3, 30)
    assert staffed_seconds(night, saturday, monday) == HOUR
    # The clocks jump from 1am GMT to 2am BST, so staffed time begins at 01:00 UTC.
    assert next_open(night, saturday) == datetime(2026, 3, 29, 1, 0, tzinfo=UTC)


def test_a_one_till_three_span_on_the_autumn_sunday_counts_the_repeated_hour_twice():
    night = Schedule(weekly={6: ((time(1), time(3)),)}, bank_holidays_closed=False)
    assert staffed_seconds(night, uk(2026, 10, 24), uk(2026, 10, 26)) == 3 * HOUR


def test_nine_to_five_stays_on_the_wall_clock_across_both_clock_changes():
    # Friday before and Monday after each change: eight hours a day, at 9am local either side.
    assert staffed_seconds(NINE_TO_FIVE, uk(2026, 3, 27), uk(2026, 3, 31)) == 16 * HOUR
    assert staffed_seconds(NINE_TO_FIVE, uk(2026, 10, 23), uk(2026, 10, 27)) == 16 * HOUR
    assert next_open(NINE_TO_FIVE, uk(2026, 3, 27, 18)) == datetime(2026, 3, 30, 8, tzinfo=UTC)
    assert next_open(NINE_TO_FIVE, uk(2026, 10, 23, 18)) == datetime(2026, 10, 26, 9, tzinfo=UTC)


def _wall_clock_open(schedule: Schedule, moment: datetime) -> bool:
    """An independent check, straight from the definition: the UK wall clock is in a span."""
    local = moment.astimezone(LONDON)
    day = local.date()
    holiday = day in holidays.country_holidays("GB", subdiv=NATIONS[schedule.nation], years=2026)
    if day in schedule.closed_dates or (schedule.bank_holidays_closed and holiday):
        return False
    now = timedelta(hours=local.hour, minutes=local.minute)
    for start, end in schedule.weekly[day.weekday()]:
        end_at = (
            timedelta(days=1) if end == time(0) else timedelta(hours=end.hour, minutes=end.minute)
        )
        if timedelta(hours=start.hour, minutes=start.minute) <= now < end_at:
            return True
    return False


# --- Properties ---------------------------------------------------------------------------------


@st.composite
def schedules(draw, granularity=15):
    weekly = {}
    for day in range(7):
        marks = sorted(draw(st.sets(st.integers(0, 1440 // granularity), max_size=4)))
        if len(marks) % 2:
            marks = marks[:-1]
        spans = []
        for a, b in zip(marks[::2], marks[1::2], strict=True):
            a, b = a * granularity, b * granularity
            end = time(0) if b == 1440 else time(b // 60, b % 60)
            spans.append((time(a // 60, a % 60), end))
        weekly[day] = tuple(spans)
    return Schedule(
        weekly=weekly,
        nation=draw(st.sampled_from(sorted(NATIONS))),
        closed_dates=frozenset(
            draw(st.sets(st.dates(date(2026, 1, 1), date(2026, 12, 31)), max_size=5))
        ),
        bank_holidays_closed=draw(st.booleans()),
    )


moments = st.datetimes(
    datetime(2025, 6, 1),
    datetime(2027, 6, 1),
    timezones=st.sampled_from([UTC, LONDON, NEW_YORK]),
    allow_imaginary=False,
)
durations = st.floats(0, 80 * HOUR, allow_nan=False, allow_infinity=False)


@PROPERTY
@given(schedules(), moments, durations)
def test_staffed_time_up_to_the_due_moment_is_exactly_the_target(schedule, start, seconds):
    due = add_staffed(schedule, start, seconds)
    if due is None:
        assert not any(schedule.weekly.values())
        return
    assert due >= start
    assert staffed_seconds(schedule, start, due) == pytest.approx(seconds, abs=1e-6)


@PROPERTY
@given(schedules(), moments, durations, durations)
def test_a_longer_target_is_never_due_sooner(schedule, start, first, second):
    shorter, longer = sorted((first, second))
    due_shorter = add_staffed(schedule, start, shorter)
    due_longer = add_staffed(schedule, start, longer)
    if due_longer is not None:
        assert due_shorter <= due_longer


@PROPERTY
@given(schedules(), moments, st.floats(0, 72 * HOUR), durations)
def test_a_later_start_is_never_due_sooner(schedule, start, delay, seconds):
    later = start + timedelta(seconds=delay)
    due_early = add_staffed(schedule, start, seconds)
    due_late = add_staffed(schedule, later, seconds)
    if due_late is not None:
        assert due_early <= due_late


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    schedules(granularity=30),
    st.sampled_from(
        [
            datetime(2026, 3, 27, tzinfo=UTC),
            datetime(2026, 10, 23, tzinfo=UTC),
            datetime(2026, 12, 23, tzinfo=UTC),
            datetime(2026, 6, 5, tzinfo=UTC),
        ]
    ),
    st.integers(0, 24 * 60),
    st.integers(0, 3 * 24 * 60),
)
def test_staffed_time_matches_a_minute_by_minute_reading_of_the_wall_clock(
    schedule, anchor, offset, length
):
    start = anchor + timedelta(minutes=offset)
    end = start + timedelta(minutes=length)
    expected = sum(
        60
        for minute in range(length)
        if _wall_clock_open(schedule, start + timedelta(minutes=minute))
    )
    assert staffed_seconds(schedule, start, end) == expected


@PROPERTY
@given(schedules(), moments)
def test_next_open_and_next_close_agree_with_is_open(schedule, at):
    opens, closes = next_open(schedule, at), next_close(schedule, at)
    # Compare in UTC: Python never finds a local time in the repeated autumn hour equal to a
    # moment in another zone.
    at = at.astimezone(UTC)
    if is_open(schedule, at):
        assert opens == at and closes > at
        assert not is_open(schedule, closes)
        assert staffed_seconds(schedule, at, closes) == (closes - at).total_seconds()
    else:
        assert closes == at
        if opens is not None:
            assert opens > at and is_open(schedule, opens)
            assert staffed_seconds(schedule, at, opens) == 0


# --- Opening and closing moments ----------------------------------------------------------------


def test_next_open_on_a_friday_evening_is_nine_on_monday():
    assert next_open(NINE_TO_FIVE, uk(2026, 6, 12, 18, 0)) == uk(2026, 6, 15, 9, 0)


def test_next_close_while_staffed_is_five_oclock():
    assert next_close(NINE_TO_FIVE, uk(2026, 6, 10, 10, 0)) == uk(2026, 6, 10, 17, 0)


def test_a_schedule_that_is_never_staffed_never_opens():
    assert next_open(Schedule(weekly={}), uk(2026, 6, 10, 10, 0)) is None


def test_a_round_the_clock_schedule_never_closes():
    assert next_close(ROUND_THE_CLOCK, uk(2026, 6, 10, 10, 0)) is None


# --- One auto-reply per closed period -----------------------------------------------------------


def test_two_moments_in_the_same_weekend_share_a_closed_period():
    saturday = closed_period_key(NINE_TO_FIVE, uk(2026, 6, 13, 10, 0))
    monday_dawn = closed_period_key(NINE_TO_FIVE, uk(2026, 6, 15, 6, 0))
    assert saturday == monday_dawn == uk(2026, 6, 12, 17, 0).astimezone(UTC).isoformat()


def test_this_friday_night_and_next_friday_night_are_different_closed_periods():
    this_friday = closed_period_key(NINE_TO_FIVE, uk(2026, 6, 12, 22, 0))
    next_friday = closed_period_key(NINE_TO_FIVE, uk(2026, 6, 19, 22, 0))
    assert this_friday != next_friday


def test_a_lunch_break_is_its_own_closed_period():
    lunch = Schedule.from_dict({"weekly": {"2": [["09:00", "12:30"], ["13:30", "17:00"]]}})
    assert closed_period_key(lunch, uk(2026, 6, 10, 13, 0)) != closed_period_key(
        lunch, uk(2026, 6, 10, 18, 0)
    )


def test_staffed_moments_have_no_closed_period():
    assert closed_period_key(NINE_TO_FIVE, uk(2026, 6, 10, 10, 0)) is None


# --- Telling people when we are back ------------------------------------------------------------


def test_on_a_friday_evening_we_are_back_at_nine_on_monday():
    assert describe_return(NINE_TO_FIVE, uk(2026, 5, 8, 18, 0)) == (
        "We're back at 9am on Monday 11 May"
    )


def test_over_a_bank_holiday_weekend_we_are_back_on_the_tuesday():
    assert describe_return(NINE_TO_FIVE, uk(2026, 5, 1, 18, 0)) == (
        "We're back at 9am on Tuesday 5 May"
    )


def test_early_in_the_morning_we_are_back_today():
    assert describe_return(NINE_TO_FIVE, uk(2026, 6, 10, 7, 0)) == "We're back at 9am today"


def test_on_a_weekday_evening_we_are_back_tomorrow():
    assert describe_return(NINE_TO_FIVE, uk(2026, 6, 10, 19, 0)) == "We're back at 9am tomorrow"


def test_times_off_the_hour_show_minutes_and_noon_is_midday():
    early = Schedule.weekdays(start=time(8, 30))
    assert describe_return(early, uk(2026, 6, 10, 19, 0)) == "We're back at 8:30am tomorrow"
    afternoons = Schedule.weekdays(start=time(12), end=time(18))
    assert describe_return(afternoons, uk(2026, 6, 10, 9, 0)) == "We're back at midday today"
    late = Schedule.weekdays(start=time(13, 45), end=time(18))
    assert describe_return(late, uk(2026, 6, 10, 9, 0)) == "We're back at 1:45pm today"


def test_the_return_is_told_on_the_uk_clock_whatever_zone_the_message_came_in():
    # 8pm Friday in New York is 1am Saturday in London.
    assert describe_return(NINE_TO_FIVE, datetime(2026, 5, 8, 20, 0, tzinfo=NEW_YORK)) == (
        "We're back at 9am on Monday 11 May"
    )


def test_a_schedule_that_is_never_staffed_says_it_cannot_say_when():
    assert describe_return(Schedule(weekly={}), uk(2026, 6, 10, 10, 0)) == (
        "We can't say yet when we'll be back"
    )


# --- Stored settings ----------------------------------------------------------------------------


def test_a_schedule_survives_a_round_trip_through_its_json_form():
    schedule = Schedule(
        weekly={0: ((time(9), time(12, 30)), (time(13, 30), time(17))), 5: ((time(22), time(0)),)},
        nation="northern-ireland",
        closed_dates=frozenset({date(2026, 12, 24)}),
        bank_holidays_closed=False,
    )
    data = schedule.to_dict()
    assert data["weekly"]["5"] == [["22:00", "24:00"]]
    assert data["closed_dates"] == ["2026-12-24"]
    assert Schedule.from_dict(data) == schedule
    assert hash(Schedule.from_dict(data)) == hash(schedule)


def test_from_dict_accepts_day_names_and_defaults_to_weekdays_nine_to_five():
    named = Schedule.from_dict({"weekly": {"monday": [["09:00", "17:00"]], "Fri": []}})
    assert named.weekly[0] == ((time(9), time(17)),) and named.weekly[4] == ()
    assert Schedule.from_dict({"nation": "scotland"}) == Schedule.weekdays(nation="scotland")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"weekly": {"0": [["9am", "17:00"]]}}, r"Monday span 1 start: '9am' is not a time"),
        ({"weekly": {"0": [["09:00", "25:00"]]}}, r"Monday span 1 end: '25:00' is not a time"),
        ({"weekly": {"1": [["17:00", "09:00"]]}}, r"Tuesday span 1 ends at 09:00, which is not"),
        ({"weekly": {"2": [["09:00", "09:00"]]}}, r"Wednesday span 1 ends at 09:00"),
        (
            {"weekly": {"3": [["09:00", "13:00"], ["12:00", "17:00"]]}},
            r"Thursday spans 09:00-13:00 and 12:00-17:00 overlap",
        ),
        ({"weekly": {"7": [["09:00", "17:00"]]}}, r"'7' is not a day"),
        ({"weekly": {"0": [], "monday": []}}, r"Monday is given more than once"),
        ({"weekly": {"0": ["09:00-17:00"]}}, r"Monday span 1 must be a pair"),
        ({"weekly": [["09:00", "17:00"]]}, r"weekly must be an object"),
        ({"nation": "wales"}, r"unknown nation 'wales'; expected one of england-and-wales"),
        ({"tz": "Mars/Olympus_Mons"}, r"unknown time zone 'Mars/Olympus_Mons'"),
        ({"closed_dates": ["24/12/2026"]}, r"closed_dates: '24/12/2026' is not a date"),
        ({"bank_holidays_closed": "no"}, r"bank_holidays_closed must be true or false"),
        ({"opening": {}}, r"unknown staffed-hours setting opening"),
    ],
    ids=[
        "not a time",
        "hour out of range",
        "ends before it starts",
        "empty span",
        "overlap",
        "no such day",
        "day given twice",
        "span not a pair",
        "weekly not an object",
        "unknown nation",
        "unknown zone",
        "bad date",
        "flag not a boolean",
        "unknown setting",
    ],
)
def test_from_dict_explains_what_is_wrong(data, message):
    with pytest.raises(ValueError, match=message):
        Schedule.from_dict(data)


def test_building_a_schedule_directly_is_checked_too():
    with pytest.raises(ValueError, match="overlap"):
        Schedule(weekly={0: ((time(9), time(13)), (time(12), time(17)))})
    with pytest.raises(ValueError, match="unknown nation"):
        Schedule.weekdays(nation="england")
