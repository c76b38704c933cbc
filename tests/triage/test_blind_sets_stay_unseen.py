"""The blind NHS-inbox-style sets are only ever scored: no training file holds one of their
messages, and the two halves share none. (Written by someone who saw none of the project's
rules, models, cases or corpora; see ``evaluate.BLIND_SETS``.)"""

import json
from importlib import resources

from sociable.triage import train
from sociable.triage.evaluate import BLIND_SETS, blind_metrics

CASES = resources.files("sociable.triage").joinpath("cases")
BLIND = {name for _, name in BLIND_SETS}


def keys(name: str) -> set[str]:
    rows = [json.loads(line) for line in CASES.joinpath(name).read_text("utf-8").splitlines()
            if line.strip()]  # fmt: skip
    return {train._key(r["text"]) for r in rows}


def test_no_training_file_is_a_blind_set():
    assert not BLIND & {*train.CASE_FILES_FOR_RISK, train.WRITTEN_TRAIN}


def test_no_case_file_the_models_learn_from_holds_a_blind_message():
    blind = set().union(*(keys(name) for name in BLIND))
    for name in (*train.CASE_FILES_FOR_RISK, train.WRITTEN_TRAIN):
        assert not keys(name) & blind, name


def test_the_two_halves_share_no_message_and_have_the_same_mix():
    dev, holdout = (keys(name) for _, name in BLIND_SETS)
    assert not dev & holdout
    mixes = []
    for _, name in BLIND_SETS:
        rows = [json.loads(x) for x in CASES.joinpath(name).read_text("utf-8").splitlines()]
        mixes.append(sorted((r["route"], r.get("kind") or "") for r in rows))
    assert mixes[0] == mixes[1]


def test_the_blind_figures_are_reported_for_both_halves():
    names = [r["name"] for r in blind_metrics()]
    for split, _ in BLIND_SETS:
        assert sum(split in n for n in names) == 4
