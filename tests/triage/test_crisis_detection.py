import pytest

from sociable.triage import triage

from .conftest import load_cases

CASES = load_cases("crisis.jsonl")
CRISIS = [c for c in CASES if c["route"] == "crisis"]
NOT_CRISIS = [c for c in CASES if c["route"] != "crisis"]


def test_there_are_at_least_thirty_crisis_and_thirty_tricky_non_crisis_cases():
    assert len(CRISIS) >= 30
    assert len(NOT_CRISIS) >= 30


@pytest.mark.parametrize("case", CRISIS, ids=[c["notes"] for c in CRISIS])
def test_every_crisis_case_is_routed_to_crisis(case):
    verdict = triage(case["text"])
    assert verdict.route == "crisis", verdict.reasons
    assert verdict.flags["crisis"]
    assert any("crisis" in r for r in verdict.reasons)
    assert any(s["name"] == "999" for s in verdict.signposting)


@pytest.mark.parametrize("case", NOT_CRISIS, ids=[c["notes"] for c in NOT_CRISIS])
def test_figurative_awareness_and_past_mentions_are_not_crisis(case):
    verdict = triage(case["text"])
    assert verdict.route != "crisis", verdict.reasons
    assert not verdict.flags["crisis"]


def test_suicidal_message_signposts_samaritans_shout_and_111_mental_health_option():
    verdict = triage("I just want to die, I can't take it anymore")
    names = {s["name"] for s in verdict.signposting}
    assert {"999", "Samaritans", "Shout", "NHS 111"} <= names
    contacts = " ".join(s["contact"] for s in verdict.signposting)
    assert "116 123" in contacts and "85258" in contacts and "option 2" in contacts


def test_welsh_organisation_signposts_nhs_111_wales_press_2():
    verdict = triage("I want to end my life", context={"nation": "wales"})
    assert any(
        s["name"] == "NHS 111 Wales" and "press 2" in s["contact"] for s in verdict.signposting
    )


def test_medical_emergency_signposts_999_first():
    verdict = triage("my dad's face has dropped and he can't lift his arm")
    assert verdict.route == "crisis"
    assert verdict.signposting[0]["name"] == "999"


def test_crisis_wins_over_every_other_route():
    verdict = triage(
        "My NHS number is 943 476 5919 and I am going to kill myself, you useless idiots"
    )
    assert verdict.route == "crisis"
    assert verdict.flags["personal_data"]


def test_crisis_reason_names_the_phrase_that_fired():
    verdict = triage("my friend has taken an overdose")
    assert any("taken an overdose" in r for r in verdict.reasons)


def test_negated_suicidal_statement_is_not_crisis():
    assert triage("I'm not suicidal, I'm just angry about the wait").route != "crisis"


def test_every_figurative_idiom_contains_a_gate_word_so_the_fast_path_is_safe():
    from sociable.triage.crisis import _FIGURATIVE, _FIGURATIVE_GATE

    idioms = [
        "this wait is killing me", "dying to know", "i could kill for a coffee",
        "to die for", "died laughing", "i'm dead 😂", "dead funny", "killed it", "bored to death",
        "suicide squad", "overdosed on chocolate", "nearly had a heart attack",
        "my heart stopped when", "wanted to disappear from embarrassment",
        "laughing so hard i can't breathe", "so funny", "i can't breathe lol",
    ]  # fmt: skip
    for idiom in idioms:
        assert _FIGURATIVE.search(idiom), idiom
        assert _FIGURATIVE_GATE.search(idiom), idiom


def test_every_everyday_safeguarding_phrase_contains_a_gate_word_so_the_fast_path_is_safe():
    from sociable.triage.crisis import _SAFEGUARDING_IDIOMS, _SAFEGUARDING_IDIOMS_GATE

    phrases = [
        "took the dog grooming", "grooming the puppy's coat", "booked him in for a groom",
        "the groom appointment", "grooming for the cat", "hit him up later", "hitting on her",
        "shake it off", "kicked my neighbour's car", "beat them 3-0", "beat her personal best",
        "pushing her to apply", "these beats", "beat his brother at chess", "push her way",
        "my toddler hits his brother", "the baby bites", "two year old kicks",
        "my 3 year old pinches", "the twins scratches",
    ]  # fmt: skip
    for phrase in phrases:
        assert _SAFEGUARDING_IDIOMS.search(phrase), phrase
        assert _SAFEGUARDING_IDIOMS_GATE.search(phrase), phrase
