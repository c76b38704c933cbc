from sociable.triage import check_draft

from .conftest import load_cases


def test_draft_cases_with_patient_identifiable_information_are_blocked_at_least_90_percent():
    cases = [c for c in load_cases("drafts.jsonl") if c["block"]]
    assert len(cases) >= 40
    blocked = [c for c in cases if check_draft(c["text"], context=c.get("context")).block]
    missed = [c["text"] for c in cases if c not in blocked]
    assert len(blocked) / len(cases) >= 0.9, missed


def test_clean_draft_cases_are_falsely_blocked_at_most_10_percent():
    cases = [c for c in load_cases("drafts.jsonl") if not c["block"]]
    assert len(cases) >= 40
    wrong = [c["text"] for c in cases if check_draft(c["text"], context=c.get("context")).block]
    assert len(wrong) / len(cases) <= 0.1, wrong


def test_nhs_number_with_context_blocks_a_draft():
    check = check_draft("Your NHS number is 943 476 5919")
    assert check.block
    assert check.findings[0].type == "NHS_NUMBER"
    assert check.findings[0].explanation


def test_bare_ten_digit_number_blocks_only_when_its_check_digit_is_valid():
    check = check_draft("Reference 9434765919 for your records")
    assert check.block
    assert [f.type for f in check.findings] == ["NHS_NUMBER"]
    assert not check_draft("Reference 9434765918 for your records").block


def test_organisation_public_contacts_in_context_never_block():
    ctx = {"public_contacts": ["07912 345678", "pals@example.nhs.uk"]}
    text = "Call PALS on 07912 345678 or email pals@example.nhs.uk"
    assert not check_draft(text, context=ctx).block
    assert check_draft(text).block  # a mobile number is blocked when it is not a public contact


def test_every_finding_span_matches_the_draft_text():
    text = "Mrs Jones (DOB 01/02/1950, NHS no 943 476 5919) is on ward 7, 07912 345678"
    check = check_draft(text)
    assert check.block
    kinds = {f.type for f in check.findings}
    assert {"NAMED_PATIENT", "DATE_OF_BIRTH", "NHS_NUMBER", "PHONE_NUMBER"} <= kinds
    for f in check.findings:
        assert text[f.start : f.end] == f.text


def test_draft_check_serialises_to_json():
    import json

    out = json.loads(json.dumps(check_draft("MRN 1234567").to_dict()))
    assert out["block"] is True
    assert out["findings"][0]["type"] == "HOSPITAL_NUMBER"
