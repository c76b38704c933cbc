"""The awareness days page lists confirmed facts only: each day with the page that confirms it,
no research notes, no dates worked out from a rule in doubt, and next year's dates once this
year's have passed."""

from datetime import date

from django.test import Client
from freezegun import freeze_time

from sociable.publishing import awareness, calendar
from sociable.publishing.models import AwarenessDateConfirmation
from tests.conftest import CAST_PASSWORD, verified

NOTES = (
    "reportedly",
    "unconfirmed",
    "successor",
    "closed 2024",
    "inferred",
    "formerly",
    "commercial",
    "calendars conflict",
    "not confirmed in this session",
)


def page(username="admin") -> str:
    client = Client()
    assert client.login(username=username, password=CAST_PASSWORD)
    return verified(client).get("/calendar/awareness-days/").content.decode()


def test_no_research_note_reaches_the_page(cast):
    html = page().lower()
    for note in NOTES:
        assert note not in html, note


def test_every_listed_day_links_to_its_source(cast):
    calendar.ensure_awareness_days(cast.organisation)
    html = page()
    shown = [
        d
        for d in cast.organisation.awareness_days.all()
        if awareness.listed(
            awareness.AwarenessDay(d.name, d.kind, d.rule, d.rule_machine, source=d.source)
        )
    ]
    assert len(shown) >= 70
    for day in shown:
        assert f'Source<span class="nhsuk-u-visually-hidden"> for {day.name}' in html.replace(
            "&#x27;", "'"
        ), day.name


def test_a_day_without_a_source_page_is_not_listed(cast):
    html = page()
    assert "NHS Birthday" not in html
    assert "World AMR Awareness Week" not in html


def test_a_date_rule_in_doubt_gives_no_date():
    # Time to Talk Day's rule is confirmed for 2022-2025 only; Men's Health Week's only in the US.
    for name in ("Time to Talk Day", "Men's Health Week", "World Sleep Day"):
        day = next(d for d in awareness.load_defaults() if d.name == name)
        shown = awareness.as_shown(day)
        occ = awareness.occurrence(shown, 2027)
        assert occ.needs_confirmation and occ.start is None, name
        assert shown.rule.startswith("Dates set each year"), name


def test_the_organiser_loses_its_research_notes():
    cervical = awareness.AwarenessDay(
        "X",
        "week",
        "",
        "variable:1",
        organiser="Jo's Cervical Cancer Trust (closed 2024; successor unconfirmed)",
    )
    assert awareness.organiser(cervical) == ""
    stoptober = awareness.AwarenessDay(
        "Y", "month", "", "month:10", organiser="DHSC/OHID (formerly PHE)"
    )
    assert awareness.organiser(stoptober) == "DHSC/OHID"


@freeze_time("2026-12-03 09:00:00")
def test_next_years_dates_once_this_years_have_passed(cast):
    html = page()
    assert "January 2027" in html  # Dry January, this year's long gone
    assert "Stoptober" in html and "October 2027" in html
    assert "January 2026" not in html


@freeze_time("2026-12-03 09:00:00")
def test_confirmed_dates_that_have_passed_give_way_to_next_year(cast):
    calendar.ensure_awareness_days(cast.organisation)
    day = cast.organisation.awareness_days.get(name="Carers Rights Day")
    AwarenessDateConfirmation.objects.create(
        day=day,
        year=2026,
        start=date(2026, 11, 20),
        end=date(2026, 11, 20),
        confirmed_by=cast.admin,
    )
    lib = awareness.as_shown(awareness.AwarenessDay(day.name, day.kind, day.rule, day.rule_machine))
    occ = awareness.next_occurrence(
        lib, date(2026, 12, 3), {2026: (date(2026, 11, 20), date(2026, 11, 20))}
    )
    assert occ.year == 2027 and occ.needs_confirmation
    assert "Date to be confirmed in November 2027" in page()


@freeze_time("2026-12-03 09:00:00")
def test_the_days_are_listed_by_date_from_today(cast):
    html = page()
    order = [
        html.index(name)
        for name in ("Dry January", "Time to Talk Day", "Stoptober", "World AIDS Day")
    ]
    assert order == sorted(order)
