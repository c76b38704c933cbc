"""Crisis wordings missed on the development half of the blind NHS-inbox-style set, written
as families (any place to jump from, a plan with a date, a last day on earth, heavy bleeding in
pregnancy), beside everyday wordings that share their words and stay quiet ("would rather die
than sit through that hold music", overdosing on biscuits). The holdout half is never read.

Not covered: "I'd rather die than go back to the old hospital - this new one is gorgeous!"
still raises crisis: "rather die than" is hyperbole only in a short post with no distress
word, and "hospital" counts as one ("I'm in hospital and I'd rather die than …")."""

import pytest

from sociable.triage import crisis, triage
from sociable.triage.textutil import normalise

CRISIS = [
    # from the blind development half
    "Whoever's on the page tonight, my friend has messaged saying she's stood on the pier and "
    "wants to jump. Sending her location to police.",
    "I have a plan and a date. The date is Friday. I'm telling you because I promised my "
    "therapist I'd tell someone.",
    "🙂 last day on earth hopefully",
    "wife 34 weeks pregnant, sudden heavy bleeding and terrible pain, just started, ambulance "
    "says 40 min wait. what do we do",
    # the same families in other words (the project's own)
    "sat on the balcony ledge, I'm going to jump",
    "my brother is on the viaduct saying goodbye",
    "i've got a plan and a place now",
    "today is my last day on earth",
    "I'm pregnant and there's so much blood, it won't stop",
    # a medicine's count asked without saying what for; an apology and a last "love you"
    "how many of my lithium would it take",
    "how many of these quetiapine would it take",
    "sorry mum. love you",
    "so sorry everyone, love you all",
    # the whole of a medicine, asked about or swallowed (the question guard must not hide it)
    "can i take the whole box with vodka",
    "can i take all of my tablets at once",
    "should i take 30 paracetamol",
    "swallowed the lot with alcohol",
]

EVERYDAY = [
    "would honestly rather die than sit through that hold music again",
    "Overdosed on the free biscuits in the day unit waiting room. Lovely staff.",
    "overdosed on mince pies at the staff party",
    "if it was your last day on earth what would you eat",
    "kids were jumping off the pier all afternoon in the sunshine",
    "heavy bleeding with my periods, can I see the GP about it?",
    "my sister is pregnant and found out it's a girl!",
    # questions about taking a medicine as prescribed (the learned model's strict bar)
    "how many of my tablets would it take to kick in, first time on sertraline",
    "how many of my tablets should I take if I miss a dose?",
    "how long do my antibiotics tablets take to work",
    "can I take ibuprofen with my sertraline?",
    "should I take 20mg or 40mg of my omeprazole before food?",
    "Seven years self-harm free today. To the nurse who sat with me in A&E: I think of you.",
    "sorry mum, I'll be late for tea tonight, love you",
]


@pytest.mark.parametrize("text", CRISIS)
def test_crisis_wordings_are_crisis(text):
    assert triage(text).route == "crisis"


@pytest.mark.parametrize("text", CRISIS)
def test_the_rules_see_them_without_the_learned_model(text):
    assert crisis.assess(normalise(text)).crisis


@pytest.mark.parametrize("text", EVERYDAY)
def test_everyday_wordings_raise_no_alarm(text):
    assert triage(text).route not in ("crisis", "safeguarding")


def test_a_milestone_in_a_long_post_is_not_taken_as_the_past_of_what_follows():
    text = (
        "I was a year self-harm free and I was proud of it. Then everything fell apart "
        "this autumn, the job, the flat, my partner. This is it. I am ready to kill myself. "
        "I can't do it anymore and nobody is on my side. " * 2
    )
    assert len(text) > 280
    assert crisis.assess(normalise(text)).crisis
