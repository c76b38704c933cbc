import json

from sociable.triage import models
from sociable.triage.cues import CUE_NAMES, CUES, offensive_cues, question_cues
from sociable.triage.models import META_FILE, MODEL_DIR


def test_offensive_cues_count_profanity_and_its_obfuscations():
    assert offensive_cues("have a lovely day") == [0.0, 0.0]
    assert offensive_cues("what a fuuuucking joke")[0] == 1.0
    assert offensive_cues("you absolute sh!t") == [1.0, 1.0]
    assert offensive_cues("f*** off you a$$hole")[1] >= 1.0
    assert offensive_cues("idiot idiot idiot idiot")[0] == 3.0  # capped


def _q(text: str) -> dict[str, float]:
    return dict(zip(CUE_NAMES["question"], question_cues(text), strict=True))


def test_question_cues_see_question_marks_openers_and_asking_phrases():
    q = _q("@user can you tell me where to park?")
    assert q["has_question_mark"] == 1.0
    assert q["ends_with_question_mark"] == 1.0
    assert q["opens_with_question_word"] == 1.0
    s = _q("great day at the clinic httpurl")
    assert s["has_question_mark"] == 0.0
    assert s["asking_phrase"] == 0.0
    w = _q("i was wondering if the cafe is open")
    assert w["asking_phrase"] == 1.0


def test_cues_never_raise_and_have_their_declared_length():
    for text in ("", "?", "????", "\x00\u202e", "rt @user: " * 50, "f" + "*" * 500):
        for name, fn in CUES.items():
            assert len(fn(text)) == len(CUE_NAMES[name])


def test_stacked_heads_in_the_metadata_match_their_cues():
    meta = json.loads((MODEL_DIR / META_FILE).read_text())
    for h in meta["heads"]:
        if "stack" in h:
            assert h["stack"]["cues"] in CUES
            assert len(h["stack"]["coef"]) == 1 + len(CUE_NAMES[h["stack"]["cues"]])
    m = models.load()
    out = m.predict("you are a f***ing idiot")
    assert 0.0 <= out["offensive"] <= 1.0
