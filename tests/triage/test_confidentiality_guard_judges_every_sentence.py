"""The confidentiality guard judges each sentence and the whole draft: a greeting or thanks in
front does not change the verdict; names with care details block; NHS numbers are judged by
their Modulus 11 check digit in any spacing; the organisation's public contacts never block."""

import pytest

from sociable.triage import check_draft

PATIENT = "Margaret Thompson on Ward 7 is recovering after her hip operation."
OPENINGS = [
    "",
    "Thanks for asking. ",
    "Thank you for your message! ",
    "Hi everyone, ",
    "Good morning. ",
    "Many thanks for getting in touch.\n",
    "Hello! Thanks so much. ",
]


@pytest.mark.parametrize("opening", OPENINGS)
def test_a_leading_greeting_or_thanks_does_not_change_the_verdict(opening):
    check = check_draft(opening + PATIENT)
    assert check.block, check.findings
    assert any(
        f.type == "NAMED_PATIENT" and f.text == "Margaret Thompson"
        for f in check.findings
        if f.blocking
    )


BLOCK = [
    "Hi Sarah, your blood results are normal",
    "Hi Sarah, your blood results are normal, no need to call.",
    "Thanks for your patience, Peter. Your scan showed nothing worrying.",
    "Mr Patel in bed 4 had his operation this morning and is doing well",
    "Thanks for asking! Joan Smith was admitted last night and is comfortable.",
    "Lovely to hear from you. Emma Wilson gave birth to a little girl on our maternity unit.",
    "Margaret Thompson is on Ward 7. She is recovering after her hip operation.",
    "Thank you. David's biopsy came back clear.",
    "Congratulations to Chloe Evans, born 3 March 2024 at 04:12 on the birth centre",
    "Sorry to hear that, Susan. Your diagnosis of diabetes was in the letter we sent.",
]


@pytest.mark.parametrize("text", BLOCK)
def test_names_with_ward_bed_operation_diagnosis_results_admission_or_birth_block(text):
    assert check_draft(text).block, check_draft(text).findings


ALLOW = [
    "Thanks to Sarah on Ward 5 for amazing care",
    "Thanks for asking. Our visiting times on Ward 7 are 2pm to 8pm.",
    "Hi Sarah, thanks for your lovely message, we'll pass it on to the team!",
    "Dr Patel on the stroke unit was brilliant",
    "Thanks for asking. Results from our staff survey are out today.",
    "Hi Sarah, please call PALS on 0300 123 4567 or email pals@example.nhs.uk",
]


@pytest.mark.parametrize("text", ALLOW)
def test_thanks_to_staff_and_general_information_do_not_block(text):
    ctx = {"public_contacts": ["0300 123 4567", "pals@example.nhs.uk"]}
    check = check_draft(text, context=ctx)
    assert not check.block, check.findings


@pytest.mark.parametrize("form", ["943 476 5919", "9434765919", "943-476-5919"])
def test_a_valid_nhs_number_blocks_in_any_spacing_with_or_without_the_word_nhs(form):
    for text in (f"Your reference is {form}", f"NHS number {form}", f"{form}"):
        check = check_draft(text)
        assert check.block, (text, check.findings)
        assert [f.type for f in check.findings if f.blocking] == ["NHS_NUMBER"]


@pytest.mark.parametrize(
    "text",
    [
        "Your NHS Supply Chain order 1234567890 has been dispatched",
        "NHS Jobs reference 9434765918: applications close Friday",
        "The NHS number 666 972 5109 you sent does not look right",
    ],
)
def test_a_ten_digit_number_failing_the_check_digit_never_blocks_as_an_nhs_number(text):
    check = check_draft(text)
    assert not any(f.blocking and f.type == "NHS_NUMBER" for f in check.findings)
    assert not check.block


def test_the_organisations_pals_phone_and_email_never_block_even_beside_a_name():
    ctx = {"public_contacts": ["01632 960000", "pals@northshire.example"]}
    text = "Hi Mrs Jones, please ring PALS on 01632 960000 or email pals@northshire.example"
    assert not check_draft(text, context=ctx).block
