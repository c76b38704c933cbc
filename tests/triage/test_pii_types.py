import pytest

from sociable.triage.pii import find_pii

CASES = [
    ("NHS_NUMBER", "My NHS number is 943 476 5919", "943 476 5919"),
    ("HOSPITAL_NUMBER", "hospital number K123456 on the wristband", "K123456"),
    ("HOSPITAL_NUMBER", "MRN: 20031178", "20031178"),
    ("HOSPITAL_NUMBER", "unit no RTX123456", "RTX123456"),
    ("DATE_OF_BIRTH", "DOB 12/03/1956", "12/03/1956"),
    ("DATE_OF_BIRTH", "she was born on 3rd March 1948", "3rd March 1948"),
    ("DATE_OF_BIRTH", "date of birth: 1962-05-17", "1962-05-17"),
    ("UK_POSTCODE", "I live in LS6 2QT near the park", "LS6 2QT"),
    ("UK_POSTCODE", "postcode SW1A1AA", "SW1A1AA"),
    ("ADDRESS", "I live at 14 Acacia Avenue now", "14 Acacia Avenue"),
    ("PHONE_NUMBER", "ring me on 07912 345678", "07912 345678"),
    ("PHONE_NUMBER", "my number +44 7911 123456", "+44 7911 123456"),
    ("PHONE_NUMBER", "landline 0113 496 0123", "0113 496 0123"),
    ("PHONE_NUMBER", "text 07700 900123", "07700 900123"),
    ("EMAIL_ADDRESS", "email me at jo.bloggs+nhs@example.com please", "jo.bloggs+nhs@example.com"),
    ("NI_NUMBER", "NI number AB 12 34 56 C", "AB 12 34 56 C"),
    ("NI_NUMBER", "my national insurance is ce123456a", "ce123456a"),
    ("NAMED_PATIENT", "Get well soon Mrs Jones on ward 7", "Mrs Jones"),
    ("NAMED_PATIENT", "John Smith had his hip replacement yesterday", "John Smith"),
]


@pytest.mark.parametrize(("kind", "text", "span"), CASES)
def test_each_uk_personal_data_type_is_found_with_its_exact_span(kind, text, span):
    found = [s for s in find_pii(text) if s.type == kind]
    assert found, (kind, text, find_pii(text))
    assert any(s.text == span for s in found)
    for s in found:
        assert text[s.start : s.end] == s.text


def test_organisation_hospital_number_pattern_from_context_is_found():
    spans = find_pii("Patient ZX-99812 waiting", {"hospital_number_patterns": [r"ZX-\d{5}"]})
    assert [(s.type, s.text) for s in spans] == [("HOSPITAL_NUMBER", "ZX-99812")]


def test_bad_organisation_pattern_is_ignored_not_raised():
    assert find_pii("hello", {"hospital_number_patterns": ["(unclosed"]}) == []


def test_invalid_ni_prefixes_are_not_ni_numbers():
    for prefix in ("GB", "BG", "NK", "KN", "TN", "NT", "ZZ", "QQ", "DA", "AO"):
        assert not [s for s in find_pii(f"{prefix} 12 34 56 C") if s.type == "NI_NUMBER"]


def test_dates_without_birth_context_are_not_dates_of_birth():
    assert not find_pii("Open day on 12/03/2025 at 10am")


def test_staff_thanked_by_name_with_ward_is_not_a_named_patient():
    assert not find_pii("Thanks to Sarah on Ward 5 for amazing care")
    assert not find_pii("Dr Patel on the stroke unit was brilliant")


def test_staff_names_in_context_are_never_named_patients():
    text = "Linda on Ward 3 retires after 35 years"
    assert find_pii(text, {"staff_names": ["Linda"]}) == []
