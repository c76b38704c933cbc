from sociable.triage import triage


def test_patient_posting_their_own_nhs_number_is_routed_to_personal_data():
    verdict = triage("My NHS number is 943 476 5919, when is my colonoscopy?")
    assert verdict.route == "personal_data"
    assert verdict.flags["personal_data"]
    assert any("NHS" in p.type for p in verdict.pii)
    assert "direct message" in verdict.action


def test_bare_ten_digit_number_is_reported_but_not_personal_data():
    verdict = triage("order ref 9434765919 arrived")
    assert [p.type for p in verdict.pii] == ["NHS_NUMBER"]
    assert verdict.pii[0].confidence == "low"
    assert not verdict.flags["personal_data"]


def test_organisation_public_number_in_a_message_is_not_personal_data():
    ctx = {"public_contacts": ["0300 123 4567"]}
    verdict = triage("I rang PALS on 0300 123 4567 and nobody answered", context=ctx)
    assert not verdict.flags["personal_data"]


def test_own_mobile_number_posted_publicly_is_personal_data():
    assert triage("ring me on 07912 345678 please").route == "personal_data"


def test_clinical_question_with_personal_data_stays_clinical_and_flags_the_data():
    verdict = triage("NHS no 943 476 5919 - can I take ibuprofen with my warfarin?")
    assert verdict.route == "clinical"
    assert verdict.flags["personal_data"]
    assert "direct message" in verdict.action
