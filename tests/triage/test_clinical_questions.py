import pytest

from sociable.triage import triage

from .conftest import load_cases

CASES = load_cases("clinical.jsonl")
CLINICAL = [c for c in CASES if c["route"] == "clinical"]
QUERIES = [c for c in CASES if c["route"] == "query"]


@pytest.mark.parametrize("case", CLINICAL, ids=[c["notes"] for c in CLINICAL])
def test_request_for_medical_advice_is_routed_to_clinical_with_signposting(case):
    verdict = triage(case["text"])
    assert verdict.route == "clinical", verdict.reasons
    names = {s["name"] for s in verdict.signposting}
    assert {"GP", "Pharmacist"} <= names
    assert any(n.startswith("NHS 111") for n in names)


@pytest.mark.parametrize("case", QUERIES, ids=[c["notes"] for c in QUERIES])
def test_non_clinical_question_is_answered_by_the_team_not_signposted_as_clinical(case):
    verdict = triage(case["text"])
    assert verdict.route in ("query", "complaint"), verdict.reasons
    assert not verdict.flags["clinical"]
