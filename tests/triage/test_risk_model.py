"""The learned crisis and safeguarding risk models: shipped, small, and heard by the route (the
cascade's second stage: test_risk_second_stage.py)."""

from pathlib import Path

from sociable.triage import risk, triage
from sociable.triage.routes import Signals, decide_route


def test_risk_models_ship_inside_the_package_and_are_small():
    m = risk.load()
    assert m is not None
    assert set(m.thresholds) == {"crisis", "safeguarding"}
    assert (risk.MODEL_DIR / risk.WEIGHTS_FILE).stat().st_size < 2_000_000


def test_a_model_alarm_routes_to_crisis_or_safeguarding_when_the_rules_are_silent():
    assert decide_route(Signals(crisis_model=True, complaint=True)) == "crisis"
    assert decide_route(Signals(safeguarding_model=True, clinical=True)) == "safeguarding"
    assert decide_route(Signals(crisis_model=True, safeguarding=True)) == "crisis"


def test_style_normalisation_makes_tweet_and_email_typing_score_the_same():
    a = risk.style_normalise("I DON'T want to be here anymore!!! 😢 https://t.co/x @someone")
    b = risk.style_normalise("i don t want to be here anymore")
    assert a == b == "i dont want to be here anymore"


def test_an_unlisted_wording_of_suicidal_intent_is_caught_by_the_model():
    v = triage("honestly i've had enough of existing, sorted my affairs and said my goodbyes")
    assert v.route == "crisis"
    assert v.flags["crisis"]
    assert any(s["name"] == "Samaritans" for s in v.signposting)


def test_without_the_risk_model_files_the_rules_still_decide(tmp_path: Path):
    assert risk.load(tmp_path) is None
    assert triage("I'm going to kill myself tonight").route == "crisis"


def test_the_risk_models_do_not_raise_figurative_and_everyday_wordings():
    for text in (
        "this meeting makes me want to die lol",
        "booked the dog in for grooming on Friday",
        "hit him up about the rota",
        "those beats are unreal",
        "my team losing again has me suicidal 😂",
        "National Suicide Prevention Week starts Monday, join our stall",
    ):
        s = risk.assess(text)
        assert not (s.crisis_alarm or s.safeguarding_alarm), text
