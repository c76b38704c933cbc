"""Everyday wordings that raised crisis or safeguarding alarms on ordinary tweets of the
training splits (read there, never on validation or test data): fear remembered ("I thought I
was going to die"), "let's just end it" about a contest or an argument, "why is she not
responding" about a reply, and wrestling storylines. Each beside wordings that share its words
and must still raise the alarm.

The wordings are the project's own (written for these tests, not taken from any corpus)."""

import pytest

from sociable.triage import crisis, triage
from sociable.triage.textutil import normalise

EVERYDAY = [
    "I honestly thought I was going to die on that rollercoaster",
    "thought i was gonna die when the band came on, best night ever",
    "this debate is going nowhere, let's just end it here",
    "ok we all know who wins this round, lets just end it",
    "why is she not responding to my texts, we were meant to meet at 8",
    "why is he not responding?? been waiting on that reply all day",
    "prediction: he beats up the champ till he is passed out and the heel turn finally happens",
    "if the wrestler beat me he earned it, what a smackdown that was",
]

STILL_CRISIS = [
    "thought i was going to die after the tablets last night and i still want to die",
    "let's end it together tonight, I've got the pills for both of us",
    "my dad collapsed and he's not responding, what do I do",
    "she's not responding and her lips are going blue",
    "my husband beat me again last night, I'm scared to go home",
]


@pytest.mark.parametrize("text", EVERYDAY)
def test_everyday_wordings_raise_no_alarm_by_the_rules(text):
    result = crisis.assess(normalise(text))
    assert not (result.crisis or result.safeguarding), result.hits


@pytest.mark.parametrize("text", EVERYDAY)
def test_everyday_wordings_are_not_routed_to_crisis_or_safeguarding(text):
    assert triage(text).route not in ("crisis", "safeguarding")


@pytest.mark.parametrize("text", STILL_CRISIS)
def test_the_same_words_about_a_person_at_risk_still_raise_the_alarm(text):
    assert triage(text).route in ("crisis", "safeguarding")
