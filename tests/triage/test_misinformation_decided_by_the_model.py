"""Misinformation is decided by the shipped model; a known claim phrase is evidence, not the
whole decision. Desk messages about people's own care are not misinformation."""

import pytest

from sociable.triage import triage

NEW_CLAIMS = [
    "Drinking hot water with lemon every hour kills the coronavirus in your throat",
    "Garlic soup cures covid within two days, doctors are stunned",
    "Eating raw onions protects against the flu virus, hospitals hide it",
]


@pytest.mark.parametrize("text", NEW_CLAIMS)
def test_a_false_claim_without_a_known_phrase_is_misinformation(text):
    verdict = triage(text)
    assert verdict.route == "misinformation", verdict.reasons
    assert any("misinformation model" in r for r in verdict.reasons)


@pytest.mark.parametrize(
    "text",
    [
        "Had my jab this morning, quick and painless. Thanks all",
        "Fantastic news about the new cancer centre!",
        "Are the flu jab walk-in clinics still running this weekend?",
        "I had covid last month and I'm still exhausted, is that normal?",
        "Tried to kill the spider in the bathroom",
    ],
)
def test_desk_messages_about_health_topics_are_not_misinformation(text):
    assert not triage(text).flags["misinformation"], triage(text).reasons


def test_a_known_claim_phrase_needs_the_model_to_agree():
    verdict = triage("Vaccines contain microchips so they can track us")
    assert verdict.route == "misinformation"
    assert any("with the claim" in r for r in verdict.reasons)


def test_the_health_claim_model_keeps_a_desk_complaint_out_when_the_misinformation_model_fires():
    # the misinformation model (trained on COVID-19 news) scores this high; the health-claim
    # model, which has seen ordinary tweets and patient messages, does not
    verdict = triage("Absolute shambles at the vaccination centre today, 2 hour queue")
    from sociable.triage import models

    m = models.load()
    assert verdict.scores["misinformation"] >= m.threshold("misinformation")
    assert verdict.scores["health_claim"] < m.threshold("health_claim")
    assert not verdict.flags["misinformation"], verdict.reasons


def test_the_thresholds_come_from_training_and_a_claim_phrase_lowers_the_claim_bar():
    from sociable.triage import models

    m = models.load()
    head = m.by_name["health_claim"]
    assert 0.0 < head.evidence_threshold < head.threshold < 1.0
    assert 0.0 < m.threshold("misinformation") < 1.0
