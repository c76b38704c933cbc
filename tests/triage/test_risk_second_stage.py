"""The risk models' cascade: every message gets the first stage (hashed n-grams); only a
first-stage alarm is put to the second stage (a linear head over the sentence encoder's
vector), which can overrule it. The second stage never overrules a message longer than the
encoder reads, and without the encoder package the first stage decides alone."""

import math

import pytest

from sociable.triage import encoder, risk, triage

# a first-stage alarm the second stage is asked about (found with the shipped models)
SHORT = "Where is @user going to be at tonight in Detroit?"
FILLER = "I have been waiting for a call back about my referral for three weeks now and "


@pytest.fixture
def models():
    m = risk.load()
    assert m is not None and m.second is not None, "the shipped risk models have a second stage"
    return m


def _first_stage_alarms(m, text):
    s = risk.style_normalise(text)
    z = m.logits(s)
    p = 1.0 / (1.0 + math.exp(-float(z[m.columns["crisis"]])))
    return p >= m.bars(text, s)["crisis"]


def test_only_a_first_stage_alarm_asks_the_second_stage(models):
    quiet = risk.assess("Lovely to see the new garden at the front of the hospital")
    assert quiet.scored and not quiet.second_stage
    assert _first_stage_alarms(models, SHORT)
    asked = risk.assess(SHORT)
    assert asked.second_stage and 0.0 <= asked.crisis_second <= 1.0


def test_the_second_stage_can_overrule_a_first_stage_alarm(models, monkeypatch):
    monkeypatch.setitem(models.second_thresholds, "crisis", 1.01)  # it would refuse every alarm
    assert not risk.assess(SHORT).crisis_alarm
    monkeypatch.setitem(models.second_thresholds, "crisis", 0.0)  # it would accept every alarm
    assert risk.assess(SHORT).crisis_alarm


def test_a_message_longer_than_the_encoder_reads_keeps_the_first_stage_alarm(models, monkeypatch):
    long = FILLER * 8 + SHORT
    assert len(encoder.load().ids(risk.style_normalise(long))) >= encoder.MAX_TOKENS
    assert _first_stage_alarms(models, long)
    monkeypatch.setitem(models.second_thresholds, "crisis", 1.01)
    scores = risk.assess(long)
    assert scores.crisis_alarm and not scores.second_stage


def test_without_the_encoder_package_the_first_stage_decides_alone(models, monkeypatch):
    monkeypatch.setattr(encoder, "load", lambda: None)
    monkeypatch.setitem(models.second_thresholds, "crisis", 1.01)
    scores = risk.assess(SHORT)
    assert scores.crisis_alarm and not scores.second_stage


def test_the_verdict_says_whether_the_second_stage_agreed_or_overruled():
    overruled = triage(SHORT)
    assert overruled.route != "crisis"
    assert "second stage overruled the crisis risk model" in overruled.reasons
    agreed = triage("honestly i've had enough of existing, sorted my affairs and said my goodbyes")
    assert agreed.route == "crisis"
    assert "second stage agreed" in agreed.reasons
