from collections import Counter

from sociable.triage import triage
from sociable.triage.verdict import URGENT_ROUTES, Route

from .conftest import load_cases

INBOX = load_cases("inbox.jsonl")


def test_the_realistic_inbox_set_has_150_messages_covering_every_route():
    assert len(INBOX) >= 150
    assert set(Counter(c["route"] for c in INBOX)) == set(Route)


def test_overall_route_accuracy_on_realistic_nhs_inbox_messages_is_at_least_75_percent():
    wrong = [
        (c["route"], triage(c["text"]).route, c["text"])
        for c in INBOX
        if triage(c["text"]).route != c["route"]
    ]
    accuracy = 1 - len(wrong) / len(INBOX)
    assert accuracy >= 0.75, wrong


def test_every_crisis_and_safeguarding_message_in_the_inbox_is_caught():
    for c in INBOX:
        if c["route"] in URGENT_ROUTES:
            assert triage(c["text"]).route == c["route"], c["text"]
