import pytest

from sociable.triage.pii import find_pii, is_valid_nhs_number, nhs_check_digit

VALID = ["9434765919", "3982597919", "9074833780", "8762328603", "4925899139", "1620466104"]


def test_check_digit_uses_weights_ten_to_two_modulus_eleven():
    # 943476591: 9*10+4*9+3*8+4*7+7*6+6*5+5*4+9*3+1*2 = 299; 299 % 11 = 2; 11 - 2 = 9
    assert nhs_check_digit("943476591") == 9


def test_remainder_zero_gives_check_digit_zero():
    first_nine = next(
        f"{n:09d}" for n in range(10**8, 10**8 + 5000) if nhs_check_digit(f"{n:09d}") == 0
    )
    assert is_valid_nhs_number(first_nine + "0")


def test_check_value_ten_means_no_valid_nhs_number_exists():
    first_nine = next(
        f"{n:09d}" for n in range(10**8, 10**8 + 5000) if nhs_check_digit(f"{n:09d}") is None
    )
    assert not any(is_valid_nhs_number(first_nine + str(d)) for d in range(10))


@pytest.mark.parametrize("number", VALID)
def test_valid_numbers_pass_in_any_spacing(number):
    for form in (
        number,
        f"{number[:3]} {number[3:6]} {number[6:]}",
        f"{number[:3]}-{number[3:6]}-{number[6:]}",
        " ".join(number),
    ):
        assert is_valid_nhs_number(form), form


def test_wrong_check_digit_fails():
    assert not is_valid_nhs_number("9434765918")
    assert not is_valid_nhs_number("943476591")
    assert not is_valid_nhs_number("94347659190")
    assert not is_valid_nhs_number("0000000000")


@pytest.mark.parametrize("number", VALID)
@pytest.mark.parametrize(
    "template",
    [
        "My NHS number is {} can you check my referral",
        "nhs no: {}",
        "NHS #{}",
        "Patient number {} was seen",
        "her nhs number - {} - is on the letter",
    ],
)
def test_every_valid_number_with_context_is_found_with_high_confidence(number, template):
    for form in (number, f"{number[:3]} {number[3:6]} {number[6:]}"):
        text = template.format(form)
        spans = [s for s in find_pii(text) if "NHS" in s.type]
        assert len(spans) == 1, text
        assert spans[0].confidence == "high"
        assert text[spans[0].start : spans[0].end] == form


def test_bare_ten_digit_number_is_reported_with_low_confidence():
    spans = find_pii("ref 9434765919 thanks")
    assert [(s.type, s.confidence) for s in spans] == [("NHS_NUMBER", "low")]


def test_bare_invalid_ten_digit_number_is_not_reported():
    assert find_pii("order 9434765918 shipped") == []


def test_digits_inside_a_longer_number_are_not_an_nhs_number():
    assert not [s for s in find_pii("card 943476591912") if s.type == "NHS_NUMBER"]
    assert not [s for s in find_pii("+44 943 476 5919 1") if s.type == "NHS_NUMBER"]
