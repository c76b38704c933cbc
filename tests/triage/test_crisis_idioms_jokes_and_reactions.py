"""Idioms, jokes and reactions that share crisis words are set aside; the real wish to die next
to them is still crisis."""

import pytest

from sociable.triage import triage

CRISIS = [
    "I want to kill myself",
    "life makes me want to die",
    "my anxiety makes me want to die every single day",
    "I want to die because of what he did to me",
    "I'm going to kill myself because of the debts",
    "I'm not ok, I'm going to kill myself tonight",
    "I'm not going to lie, I want to end it all",
    "going to jump off the bridge tonight",
    "I want to jump in front of a train",
]
NOT_CRISIS = [
    "that advert makes me want to kill myself",
    "this referee makes me want to die",
    "going to kms because of my fantasy football team",
    "if they play that song again I'm going to kill myself 😂",
    "please help, this maths homework has me suicidal 😂",
    "shooting myself in the foot by booking a 7am appointment",
    "I had to cut myself off from the group chat",
    "leaving the single market would be economic suicide",
    "casting him was a stroke of genius",
    "we all have unconscious bias, says the trainer",
    "the transfer talks collapsed on Monday night",
    "I want to die my hair pink for the charity walk",
    "going to jump in the pool after my shift",
    "jumping off the bus at the hospital stop, see you at the entrance",
    "the coach is 20 kms away",
    "no live match on telly tonight?",
    "feeling suicidal? call Samaritans on 116 123",
    "I was suicidal in my twenties and I'm so glad I'm still here",
]


@pytest.mark.parametrize("text", CRISIS)
def test_a_wish_to_die_is_crisis(text):
    assert triage(text).route == "crisis"


@pytest.mark.parametrize("text", NOT_CRISIS)
def test_idioms_jokes_and_reactions_are_not_crisis(text):
    verdict = triage(text)
    assert verdict.route != "crisis", verdict.reasons


def test_a_denial_is_not_crisis_but_a_denial_with_a_plea_to_talk_is_surfaced():
    # The rules read the denial as a denial; the learned models (both stages) read a person who
    # asks for someone to talk to in the same breath as someone to answer now, with the crisis
    # signposting. Recall first: surfacing it costs an officer a minute, missing it could cost
    # far more.
    for text in ("I'm not going to kill myself", "I'm not going to kill myself, don't worry"):
        assert triage(text).route != "crisis", text
    plea = triage("I'm not going to kill myself, I just need someone to talk to")
    assert plea.route == "crisis"
    assert any("negated" in r for r in plea.reasons)
