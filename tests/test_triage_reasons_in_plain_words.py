"""Why a message took its route, shown in the words of a comms officer: the words that matched,
what was set aside and why, and never a model's score."""

import re

import pytest

from sociable.triage.engine import triage
from sociable.triage.explain import explain, explain_all

MESSAGES = [
    "I want to end my life tonight",
    "Waited 6 hours in A&E, disgusting service, I want to complain",
    "Thank you to the midwives on ward 7, amazing care",
    "My NHS number is 943 476 5919 call me 07700 900123",
    "Is it true 5G causes covid? vaccines contain microchips",
    "this wait is killing me lol",
    "my neighbour hits her kids every night",
    "what time does the pharmacy open?",
    "Where is @user going to be at tonight in Detroit?",
    "honestly i've had enough of existing, sorted my affairs and said my goodbyes",
    "sorry mum, I'll be late for tea tonight, love you",
    "'i want to die in your arms tonight' - why is this song stuck in my head 😂",
]

DEVELOPER = re.compile(r"p=|\b[a-z]+_[a-z_]+\b|\b[A-Z]+_[A-Z_]+\b|model")


@pytest.mark.parametrize("text", MESSAGES)
def test_no_reason_shows_a_score_a_code_or_a_model(text):
    verdict = triage(text)
    assert verdict.reasons
    for said in explain_all(verdict.reasons):
        assert not DEVELOPER.search(said), said


def test_a_crisis_reason_names_the_words_that_matched():
    verdict = triage("I want to end my life tonight")
    assert verdict.route == "crisis"
    assert explain_all(verdict.reasons) == [
        "The words “i want to end my life” matched a suicidal intent phrase"
    ]


def test_personal_data_is_named_as_a_person_would_name_it():
    said = explain("personal data exposed: NHS_NUMBER, PHONE_NUMBER")
    assert said == "It shows personal information: an NHS number, a phone number"


def test_what_was_set_aside_says_why():
    said = explain("not treated as risk: figurative: 'this wait is killing me'")
    assert said == "Not treated as a risk: “this wait is killing me” is a figure of speech"


def test_a_stored_model_reason_loses_its_score():
    assert explain("complaint model p=0.68, phrase 'waited 6 hours'") == (
        "It reads like a complaint (the words “waited 6 hours”)"
    )
    assert "0.9" not in explain("crisis risk model p=0.93")


def test_the_second_stage_is_told_in_words_whether_it_agreed_or_overruled():
    assert "second reading" in explain("second stage agreed")
    said = explain("second stage overruled the crisis risk model")
    assert said.startswith("A first reading suggested a risk to life") and "not raised" in said
