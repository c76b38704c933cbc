import pytest

from sociable.triage import triage

from .conftest import load_cases

CASES = load_cases("safeguarding.jsonl")
POSITIVE = [c for c in CASES if c["route"] == "safeguarding"]
NEGATIVE = [c for c in CASES if c["route"] != "safeguarding"]


@pytest.mark.parametrize("case", POSITIVE, ids=[c["notes"] for c in POSITIVE])
def test_abuse_or_neglect_concern_is_routed_to_safeguarding(case):
    verdict = triage(case["text"])
    assert verdict.route == "safeguarding", verdict.reasons
    assert any(s["name"].startswith("Local council") for s in verdict.signposting)


@pytest.mark.parametrize("case", NEGATIVE, ids=[c["notes"] for c in NEGATIVE])
def test_training_awareness_and_ordinary_messages_are_not_safeguarding(case):
    verdict = triage(case["text"])
    assert not verdict.flags["safeguarding"], verdict.reasons


def test_concern_about_a_child_signposts_the_nspcc():
    verdict = triage("I think my neighbour's kids are being hurt")
    assert any(s["name"] == "NSPCC" for s in verdict.signposting)
