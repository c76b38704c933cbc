import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sociable.triage import check_draft, triage

TEXT = st.text(alphabet=st.characters(codec=None, exclude_categories=()), min_size=0, max_size=400)
MIXED = st.lists(
    st.sampled_from(
        [
            "NHS number 943 476 5919",
            "07912 345678",
            "DOB 01/02/1950",
            "Mrs Jones",
            "ward 7",
            "kill myself",
            "😂",
            "🙏🏽",
            "\x00",
            "\u202e",
            "\ud7ff",
            "диолч",
            "مرحبا",
            "你好",
            "diolch yn fawr",
            "LS6 2QT",
            "a@b.co",
            "AB123456C",
            "?",
            "\n",
            "\t",
            " ",
            "MRN",
            "\u0301",
            "ﬁ",
            "İ",
            "ß",
            "\r\n",
            "0" * 30,
        ]
    ),
    max_size=30,
).map("".join)


def _check_spans(text, spans):
    for s in spans:
        assert 0 <= s["start"] <= s["end"] <= len(text)
        assert text[s["start"] : s["end"]] == s["text"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(TEXT, MIXED))
def test_triage_never_raises_and_spans_lie_inside_the_text(text):
    out = triage(text).to_dict()
    json.dumps(out)
    _check_spans(text, out["pii"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(TEXT, MIXED))
def test_check_draft_never_raises_and_findings_lie_inside_the_text(text):
    out = check_draft(text).to_dict()
    json.dumps(out)
    _check_spans(text, out["findings"])


def test_empty_text_is_chat():
    assert triage("").route == "chat"
    assert check_draft("").block is False


def test_one_megabyte_message_is_handled():
    text = ("Thanks to ward 5! My NHS number is 943 476 5919. " * 20000)[: 1 << 20]
    verdict = triage(text)
    assert verdict.route in {"personal_data", "praise"}
    _check_spans(text, verdict.to_dict()["pii"])
    check = check_draft(text)
    assert check.block
    _check_spans(text, check.to_dict()["findings"])


def test_control_characters_and_lone_surrogates_do_not_break_anything():
    text = "\x00\x01\x1b[31m\ud800 kill myself \udfff\u200b\u202e"
    assert triage(text).route == "crisis"
    check_draft(text)


def test_non_string_input_is_treated_as_text():
    assert triage(None).route == "chat"  # type: ignore[arg-type]
    assert check_draft(12345).block is False  # type: ignore[arg-type]
