"""Every crisis the engine once missed (or wrongly raised) during development, kept forever."""

import pytest

from sociable.triage import triage

MISSED = [
    "My brother texted me saying goodbye and that he loves us, now his phone is off",
    "Grandad's speech is all slurred and his face looks droopy, is this a stroke??",
    "Standing on the bridge. Just wanted someone to know.",
    "dad fell and hit his head, now he's vomiting and really confused",
    "nobody would even notice if I disappeared forever",
    "Can't stop thinking about ending it. Been like this for weeks and no help from the GP",
    "mum's not responding and her breathing sounds weird, what do I do",
    "My daughter has a rash that won't fade when I press a glass on it and she's really drowsy",
    "My 3 year old swallowed a button battery, what do I do?",
]

WRONGLY_RAISED = [
    "I've had a sore throat and swollen glands for 2 weeks, should I see my GP or wait?",
    "I used to self harm as a teenager, 10 years clean now thanks to CAMHS",
    "Great first aid course today, learnt CPR and what to do if someone is choking",
    "Sepsis awareness month: ask 'could it be sepsis?'",
    "Laughing so hard I can't breathe at the staff panto 😂",
    "Anaphylaxis training for school staff this Thursday, book via the link",
]


@pytest.mark.parametrize("text", MISSED)
def test_once_missed_crisis_is_now_routed_to_crisis(text):
    assert triage(text).route == "crisis"


@pytest.mark.parametrize("text", WRONGLY_RAISED)
def test_once_wrongly_raised_crisis_is_no_longer_crisis(text):
    assert triage(text).route != "crisis"
