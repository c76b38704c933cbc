import dataclasses

import pytest

from sociable.triage.routes import Signals, decide_route
from sociable.triage.verdict import Route

ORDER = [
    ("crisis", "crisis"),
    ("safeguarding", "safeguarding"),
    ("clinical", "clinical"),
    ("personal_data", "personal_data"),
    ("abuse", "abuse"),
    ("spam", "spam"),
    ("complaint", "complaint"),
    ("misinformation", "misinformation"),
    ("question", "query"),
    ("praise", "praise"),
]


@pytest.mark.parametrize("i", range(len(ORDER)))
def test_each_signal_beats_every_signal_below_it_in_the_decision_model(i):
    field, route = ORDER[i]
    below = {f: True for f, _ in ORDER[i:]}
    assert decide_route(Signals(**below)) == route


def test_no_signal_means_chat():
    assert decide_route(Signals()) == "chat"


def test_the_route_decider_covers_exactly_the_routes_of_the_decision_model():
    routes = {r for _, r in ORDER} | {"chat"}
    assert routes == set(Route)
    assert {f.name for f in dataclasses.fields(Signals)} >= {f for f, _ in ORDER}
