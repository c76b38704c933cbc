import json

from sociable.triage import DraftCheck, TriageContext, Verdict, check_draft, triage
from sociable.triage.verdict import CRISIS_KINDS, FLAGS, Route


def test_verdict_has_every_field_and_serialises_to_json():
    verdict = triage("Huge thanks to Dr Okafor in the eye clinic!")
    assert isinstance(verdict, Verdict)
    out = json.loads(json.dumps(verdict.to_dict()))
    assert set(out) >= {
        "route", "sentiment", "flags", "pii", "staff_named", "language", "reasons", "action",
        "signposting", "kind",
    }  # fmt: skip
    assert out["route"] in set(Route)
    assert out["kind"] == ""  # a crisis kind only on the crisis route
    assert out["sentiment"] in {"negative", "neutral", "positive"}
    assert set(out["flags"]) == set(FLAGS)
    assert out["language"] in {"en", "cy"}
    assert out["action"]


def test_draft_check_has_block_and_findings():
    check = check_draft("hello")
    assert isinstance(check, DraftCheck)
    assert check.to_dict() == {"block": False, "findings": [], "reasons": []}


def test_context_may_be_a_dict_a_dataclass_or_any_object():
    class Settings:
        staff_names = ["Okafor"]
        hospital_number_patterns = [r"ZX\d{5}"]

    for ctx in (
        {"staff_names": ["Okafor"], "hospital_number_patterns": [r"ZX\d{5}"]},
        TriageContext(staff_names=["Okafor"], hospital_number_patterns=[r"ZX\d{5}"]),
        Settings(),
    ):
        verdict = triage("my unit number is ZX12345", context=ctx)
        assert verdict.route == "personal_data"
        assert verdict.pii[0].type == "HOSPITAL_NUMBER"


def test_praise_collects_the_staff_named_for_kudos():
    verdict = triage("Big shout out to Dr Okafor and midwife Jo, so kind and reassuring")
    assert verdict.route == "praise"
    joined = " ".join(verdict.staff_named)
    assert "Okafor" in joined and "Jo" in joined


def test_staff_names_from_context_are_collected():
    verdict = triage("Thanks so much to priya on reception", context={"staff_names": ["Priya"]})
    assert "Priya" in verdict.staff_named


def test_welsh_message_is_detected_as_welsh():
    assert triage("Diolch yn fawr i staff Ward 7 am y gofal arbennig").language == "cy"
    assert triage("Thank you to the staff on ward 7").language == "en"


def test_welsh_praise_is_praise():
    assert triage("Diolch yn fawr i staff Ward 7 am y gofal arbennig i Mam").route == "praise"


def test_reasons_explain_the_route():
    verdict = triage("Can I take ibuprofen with my blood pressure tablets?")
    assert verdict.route == "clinical"
    assert any("clinical" in r for r in verdict.reasons)


def test_a_crisis_verdict_names_its_kind():
    assert triage("I want to end my life tonight").kind in CRISIS_KINDS
    assert triage("I want to end my life tonight").to_dict()["kind"] == "mental_health"
