"""Readability hints: reading age, long sentences, jargon with plain alternatives, passive voice."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sociable.publishing.readability import (
    JargonTerm,
    count_syllables,
    hints,
    load_jargon,
    read_jargon_csv,
    words,
)

PLAIN = (
    "You can get a flu jab for free at your GP or a pharmacy. It only takes a few minutes. "
    "Book now or ask us if you are not sure. We are here to help."
)
JARGON_HEAVY = (
    "Patients presenting with acute exacerbations of chronic obstructive pulmonary disease "
    "should be triaged by the multidisciplinary team prior to commencement of intravenous "
    "antibiotic therapy in order to facilitate optimal outcomes."
)


def jargon_terms(text: str) -> list[str]:
    return [hit.term for hit in hints(text).jargon]


# Reading age


def test_a_plain_post_has_a_lower_reading_age_than_a_jargon_heavy_one():
    assert hints(PLAIN).reading_age < hints(JARGON_HEAVY).reading_age


def test_a_plain_post_is_within_the_nhs_target_reading_age():
    assert hints(PLAIN).reading_age <= 11


def test_a_jargon_heavy_post_is_well_above_the_nhs_target_reading_age():
    assert hints(JARGON_HEAVY).reading_age > 16


def test_reading_age_is_the_flesch_kincaid_grade_plus_five():
    # 30 words, 1 sentence, 60 syllables: 0.39 * 30 + 11.8 * 2 - 15.59 = 19.71
    text = " ".join(["doctor"] * 30) + "."
    result = hints(text)
    assert (result.grade, result.reading_age) == (19.7, 24.7)


def test_a_post_under_twenty_words_has_no_reading_age():
    assert hints("Flu jabs are available now at your GP.").reading_age is None


def test_hashtags_mentions_and_links_are_not_counted_as_words():
    text = "Get your jab #FluJab @NHSEngland https://www.nhs.uk/flu nhs.uk/flu info@nhs.net"
    assert words(text) == ["Get", "your", "jab"]


@pytest.mark.parametrize(
    ("word", "syllables"),
    [
        ("the", 1),
        ("health", 1),
        ("care", 1),
        ("nurse", 1),
        ("jumped", 1),
        ("takes", 1),
        ("table", 2),
        ("people", 2),
        ("doctor", 2),
        ("wanted", 2),
        ("changes", 2),
        ("being", 2),
        ("saying", 2),
        ("special", 2),
        ("hospital", 3),
        ("appointment", 3),
        ("pharmacy", 3),
        ("medicine", 3),
        ("services", 3),
        ("cessation", 3),
        ("utilise", 3),
        ("serious", 3),
        ("autism", 3),
        ("vaccination", 4),
        ("hypertension", 4),
        ("facilitate", 4),
        ("emergency", 4),
        ("diabetes", 4),
        ("biology", 4),
        ("available", 4),
        ("immunisation", 5),
        ("NHS", 3),
        ("GP", 2),
        ("111", 3),
    ],
)
def test_syllables_are_counted_right_for_known_words(word, syllables):
    assert count_syllables(word) == syllables


# Long sentences and passive voice


def test_a_sentence_over_25_words_is_flagged_with_its_span():
    long = " ".join(["word"] * 26) + "."
    text = f"Short one. {long} Another short one."
    [span] = hints(text).long_sentences
    assert (span.start, span.end, span.text) == (11, 11 + len(long), long)


def test_a_sentence_of_25_words_is_not_flagged():
    assert hints(" ".join(["word"] * 25) + ".").long_sentences == []


def test_a_line_break_ends_a_sentence():
    text = "\n".join(" ".join(["word"] * 15) for _ in range(2))
    assert (hints(text).sentences, hints(text).long_sentences) == (2, [])


def test_passive_voice_is_flagged_with_its_span():
    text = "Patients are seen by a nurse."
    [span] = hints(text).passive_voice
    assert text[span.start : span.end] == "are seen"


def test_passive_voice_with_an_adverb_is_flagged():
    assert [s.text for s in hints("Your results were quickly checked.").passive_voice] == [
        "were quickly checked"
    ]


def test_active_voice_is_not_flagged_as_passive():
    assert hints("A nurse will see you. We checked your results.").passive_voice == []


# Jargon


def test_the_shipped_jargon_list_has_at_least_60_terms():
    assert len(load_jargon()) >= 60


def test_jargon_spans_point_at_the_term_in_the_text():
    text = "Managing Hypertension after discharge"
    [hit] = [h for h in hints(text).jargon if h.term == "hypertension"]
    assert (hit.start, hit.end, text[hit.start : hit.end]) == (9, 21, "Hypertension")


def test_jargon_comes_with_a_plain_alternative():
    [hit] = hints("Signs of a myocardial infarction").jargon
    assert (hit.term, hit.suggestion) == ("myocardial infarction", "heart attack")


def test_jargon_matching_ignores_case():
    assert jargon_terms("UTILISE the service") == ["utilise"]


def test_jargon_matches_whole_words_only():
    assert jargon_terms("The acuteness of the renaling") == []


def test_the_longest_matching_term_wins():
    assert jargon_terms("Smoking cessation clinics") == ["smoking cessation"]


def test_a_phrase_is_flagged_as_jargon():
    assert jargon_terms("Call us in order to book") == ["in order to"]


def test_an_abbreviation_matches_only_in_capitals():
    assert jargon_terms("Ed is meeting his pen pals") == []


def test_ed_is_flagged_with_a_and_e_as_the_plain_alternative():
    assert [(h.term, h.suggestion) for h in hints("Come to the ED").jargon] == [("ED", "A&E")]


def test_an_abbreviation_to_spell_out_is_flagged_at_its_first_use_only():
    text = "Contact PALS today. PALS can help."
    assert [(h.term, h.start) for h in hints(text).jargon] == [("PALS", 8)]


def test_an_abbreviation_already_spelt_out_is_not_flagged():
    text = "The Patient Advice and Liaison Service (PALS) can help. Call PALS today."
    assert jargon_terms(text) == []


def test_jargon_in_hashtags_mentions_and_links_is_ignored():
    text = "#Hypertension @acute_care https://example.org/utilise"
    assert jargon_terms(text) == []


def test_an_organisations_own_jargon_list_can_be_used():
    terms = read_jargon_csv("term,suggestion,note\nwellness offer,support,\n")
    result = hints("Try our wellness offer", jargon=terms)
    assert [(h.term, h.suggestion) for h in result.jargon] == [("wellness offer", "support")]


def test_a_jargon_list_with_an_empty_term_is_refused():
    with pytest.raises(ValueError, match="Row 2"):
        read_jargon_csv("term,suggestion,note\n,support,\n")


def test_a_jargon_term_may_be_given_directly():
    result = hints("We will commence soon", jargon=[JargonTerm("commence", "start")])
    assert [h.suggestion for h in result.jargon] == ["start"]


# Any text at all


@given(st.text())
def test_hints_never_raise_and_every_span_is_inside_the_text(text):
    result = hints(text)
    spans = [*result.long_sentences, *result.passive_voice]
    assert all(
        0 <= s.start <= s.end <= len(text) and text[s.start : s.end] == s.text for s in spans
    )
    assert all(0 <= h.start < h.end <= len(text) for h in result.jargon)


@given(st.lists(st.sampled_from(["acute", "PALS", "in order to", "ED", "x", " ", ".", "\n"])))
def test_every_jargon_hit_is_its_term_as_written(parts):
    text = " ".join(parts)
    for hit in hints(text).jargon:
        assert " ".join(text[hit.start : hit.end].split()).lower() == hit.term.lower()
