"""Awareness days: the shipped list, its date rules, and the dates a calendar shows."""

import re
from datetime import date, timedelta

import pytest

from sociable.publishing.awareness import (
    AwarenessDay,
    Occurrence,
    load_defaults,
    march_equinox,
    occurrence,
    occurrences_between,
    parse_rule,
    read_csv,
)

MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"],
        start=1,
    )
}
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_YEAR = re.compile(r"(?:[A-Z]{2} )?(\d{4}):\s*(.+)")
_SAME_MONTH = re.compile(r"(\d{1,2})-(\d{1,2}) ([A-Za-z]{3})")
_TWO_MONTHS = re.compile(r"(\d{1,2}) ([A-Za-z]{3})-(\d{1,2}) ([A-Za-z]{3})")
_ONE_DAY = re.compile(r"(\d{1,2}) ([A-Za-z]{3})")
_WEEK_OF = re.compile(r"week of (\d{1,2}) ([A-Za-z]{3})")


def observed(examples: str) -> list[tuple[str, date, date]]:
    """The observed_examples column as (how, start, end): how is "exact", or "contains" for
    "week of 13 Jun". Anything not understood fails the test rather than being skipped."""
    found = []
    for part in filter(None, (p.strip() for p in examples.split(";"))):
        if part == "every year":
            continue
        part = re.sub(r"\s*\(.*\)$", "", part)  # "(sic)", "(TBC)", "(per Healthwatch list)"
        if m := _ISO.fullmatch(part):
            d = date(*map(int, m.groups()))
            found.append(("exact", d, d))
            continue
        m = _YEAR.fullmatch(part)
        assert m, f"observed example not understood: {part!r}"
        year, rest = int(m.group(1)), m.group(2)
        if m := _WEEK_OF.fullmatch(rest):
            d = date(year, MONTHS[m.group(2).lower()], int(m.group(1)))
            found.append(("contains", d, d))
        elif m := _TWO_MONTHS.fullmatch(rest):
            a, am, b, bm = m.groups()
            found.append(
                (
                    "exact",
                    date(year, MONTHS[am.lower()], int(a)),
                    date(year, MONTHS[bm.lower()], int(b)),
                )
            )
        elif m := _SAME_MONTH.fullmatch(rest):
            a, b, mon = m.groups()
            found.append(
                (
                    "exact",
                    date(year, MONTHS[mon.lower()], int(a)),
                    date(year, MONTHS[mon.lower()], int(b)),
                )
            )
        elif m := _ONE_DAY.fullmatch(rest):
            d = date(year, MONTHS[m.group(2).lower()], int(m.group(1)))
            found.append(("exact", d, d))
        else:
            raise AssertionError(f"observed example not understood: {part!r}")
    return found


DAYS = load_defaults()
COMPUTED = [d for d in DAYS if not d.needs_confirmation]
WITH_EXAMPLES = [
    (d, how, start, end) for d in COMPUTED for how, start, end in observed(d.observed_examples)
]


def day(name: str) -> AwarenessDay:
    return next(d for d in DAYS if d.name == name)


def rule_day(rule_machine: str, kind: str = "day") -> AwarenessDay:
    return AwarenessDay(name="Test day", kind=kind, rule="", rule_machine=rule_machine)


def test_the_shipped_list_has_all_77_awareness_days():
    assert len(DAYS) == 77
    assert len({d.name for d in DAYS}) == 77


@pytest.mark.parametrize("awareness_day", DAYS, ids=lambda d: d.name)
def test_every_shipped_rule_parses(awareness_day):
    assert parse_rule(awareness_day.rule_machine).text == awareness_day.rule_machine


@pytest.mark.parametrize("awareness_day", DAYS, ids=lambda d: d.name)
def test_every_shipped_observed_example_is_understood(awareness_day):
    observed(awareness_day.observed_examples)


@pytest.mark.parametrize(
    ("awareness_day", "how", "start", "end"),
    WITH_EXAMPLES,
    ids=[f"{d.name} {s}" for d, _, s, _ in WITH_EXAMPLES],
)
def test_computed_dates_match_the_dates_observed_in_past_years(awareness_day, how, start, end):
    occ = occurrence(awareness_day, start.year)
    if how == "contains":
        assert occ.start <= start <= occ.end
    else:
        assert (occ.start, occ.end) == (start, end)


def test_enough_observed_examples_are_checked_against_the_rules():
    assert len(WITH_EXAMPLES) >= 25


@pytest.mark.parametrize("year", range(2024, 2031))
@pytest.mark.parametrize("awareness_day", COMPUTED, ids=lambda d: d.name)
def test_each_computed_occurrence_lasts_as_long_as_its_kind_says(awareness_day, year):
    occ = occurrence(awareness_day, year)
    if awareness_day.kind == "day":
        assert occ.days == 1
    elif awareness_day.kind == "week":
        assert occ.days == 7
    else:
        assert (occ.start.day, (occ.end + timedelta(days=1)).day) == (1, 1)
        assert occ.days >= 28


def test_rare_disease_day_is_29_february_in_a_leap_year():
    assert occurrence(day("Rare Disease Day"), 2024).start == date(2024, 2, 29)


def test_rare_disease_day_is_28_february_in_other_years():
    assert occurrence(day("Rare Disease Day"), 2026).start == date(2026, 2, 28)


def test_a_fixed_29_february_falls_on_the_28th_outside_leap_years():
    assert occurrence(rule_day("fixed:02-29"), 2025).start == date(2025, 2, 28)


@pytest.mark.parametrize("year", [2024, 2025, 2026, 2027, 2028])
def test_the_march_equinox_falls_on_20_march_2024_to_2028(year):
    assert march_equinox(year) == date(year, 3, 20)


@pytest.mark.parametrize(
    ("year", "expected"),
    [(2003, date(2003, 3, 21)), (2007, date(2007, 3, 21)), (2011, date(2011, 3, 20))],
)
def test_the_march_equinox_is_right_when_it_falls_near_midnight(year, expected):
    # 2003: 01:00 UTC on the 21st; 2007: 00:07 UTC on the 21st; 2011: 23:21 UTC on the 20th.
    assert march_equinox(year) == expected


def test_world_sleep_day_is_the_friday_a_week_earlier_when_the_equinox_is_a_friday():
    # The equinox fell on Friday 20 March 2026.
    assert occurrence(day("World Sleep Day"), 2026).start == date(2026, 3, 13)


def test_mens_health_week_ends_on_fathers_day():
    occ = occurrence(day("Men's Health Week"), 2026)
    assert (occ.start, occ.end) == (date(2026, 6, 15), date(2026, 6, 21))


def test_a_last_weekday_rule_counts_from_the_end_of_the_month():
    assert occurrence(rule_day("nth_weekday:5:MON:-1"), 2026).start == date(2026, 5, 25)


def test_a_fifth_weekday_that_does_not_exist_gives_no_occurrence():
    # February 2026 has four Mondays.
    assert occurrence(rule_day("nth_weekday:2:MON:5"), 2026) is None


def test_a_variable_day_needs_confirmation_with_its_usual_month_as_a_hint():
    occ = occurrence(day("Eating Disorders Awareness Week"), 2026)
    assert occ == Occurrence(None, None, True, 2, 2026)


def test_a_variable_day_is_labelled_as_to_be_confirmed_in_its_month():
    occ = occurrence(day("Eating Disorders Awareness Week"), 2026)
    assert occ.label() == "Date to be confirmed in February 2026"


def test_a_variable_day_without_a_month_is_labelled_as_to_be_confirmed_for_the_year():
    occ = occurrence(day("Alcohol Awareness Week"), 2026)
    assert occ.label() == "Date to be confirmed for 2026"


def test_a_week_is_labelled_with_its_first_and_last_days():
    assert occurrence(day("Self Care Week"), 2026).label() == "9 to 15 November 2026"


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ("nth_weekday:1:MOX:3", '"MOX" is not a day of the week'),
        ("month:13", '"13" is not a month'),
        ("fixed:02-30", '"02-30" is not a date in any year'),
        ("fixed:2-3", "should be a date written MM-DD"),
        ("nth_weekday:1:MON:0", "1 to 5, or -1 for the last"),
        ("nth_weekday:1:MON", "nth_weekday rules are written nth_weekday:M:DAY:N"),
        ("week_ending:month:6", "week_ending needs a rule for a single day"),
        ("every third tuesday", "is not a date rule this calendar knows"),
        ("", "The date rule is empty"),
    ],
)
def test_a_malformed_rule_is_refused_with_a_clear_message(rule, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        parse_rule(rule)


def test_an_organisations_file_with_a_bad_rule_names_the_row():
    text = "name,kind,rule,rule_machine\nGood Day,day,,fixed:01-02\nBad Day,day,,fixed:13-01\n"
    with pytest.raises(ValueError, match=r"Row 3 \(Bad Day\): .*\"13-01\" is not a date"):
        read_csv(text)


def test_an_organisations_file_with_an_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="should be day, week or month"):
        read_csv("name,kind,rule,rule_machine\nA Day,fortnight,,fixed:01-02\n")


def test_a_range_written_across_new_year_ends_in_the_next_year():
    occ = occurrence(rule_day("fixed_range:12-28:01-03", "week"), 2026)
    assert (occ.start, occ.end) == (date(2026, 12, 28), date(2027, 1, 3))


def test_the_new_year_week_shows_in_both_years_calendars_across_new_year():
    new_year = [rule_day("fixed_range:12-28:01-03", "week")]
    january = occurrences_between(new_year, date(2027, 1, 1), date(2027, 1, 31))
    december = occurrences_between(new_year, date(2026, 12, 1), date(2026, 12, 31))
    assert [o.start for _, o in january] == [date(2026, 12, 28)]
    assert [o.start for _, o in december] == [date(2026, 12, 28)]


def test_a_week_containing_new_years_day_can_start_in_december():
    week = [rule_day("week_containing:01-01", "week")]
    found = occurrences_between(week, date(2026, 12, 28), date(2027, 1, 3))
    assert [(o.start, o.end) for _, o in found] == [(date(2026, 12, 28), date(2027, 1, 3))]


def test_a_calendar_week_across_new_year_lists_the_days_in_date_order():
    found = occurrences_between(DAYS, date(2026, 12, 28), date(2027, 1, 10))
    assert [(d.name, o.start) for d, o in found] == [
        ("Dry January", date(2027, 1, 1)),
        ("Love Your Liver Month", date(2027, 1, 1)),
        ("Cervical Cancer Prevention Week", None),
    ]


def test_a_month_view_includes_variable_days_hinted_for_that_month():
    found = occurrences_between(DAYS, date(2026, 2, 1), date(2026, 2, 28))
    assert ("Eating Disorders Awareness Week", True) in [
        (d.name, o.needs_confirmation) for d, o in found
    ]


def test_a_month_view_leaves_out_days_from_other_months():
    found = occurrences_between(DAYS, date(2026, 2, 1), date(2026, 2, 28))
    assert "World Sleep Day" not in [d.name for d, _ in found]


def test_a_range_that_ends_before_it_starts_is_refused():
    with pytest.raises(ValueError, match="ends"):
        occurrences_between(DAYS, date(2026, 2, 1), date(2026, 1, 1))
