import json

from sociable.triage import models, triage
from sociable.triage.models import META_FILE, MODEL_DIR, WEIGHTS_FILE


def test_models_ship_inside_the_package_and_are_small():
    weights = MODEL_DIR / WEIGHTS_FILE
    assert weights.is_file()
    total = sum(p.stat().st_size for p in MODEL_DIR.iterdir() if p.is_file())
    assert total < 5_000_000


def test_every_head_named_in_the_metadata_loads_and_scores():
    meta = json.loads((MODEL_DIR / META_FILE).read_text())
    names = {h["name"] for h in meta["heads"]}
    assert {"sentiment", "offensive", "complaint", "question", "misinformation", "praise"} <= names
    m = models.load()
    assert m is not None
    out = m.predict("thank you so much to the nurses on ward 4")
    assert abs(sum(out["sentiment"].values()) - 1) < 1e-6
    for name in names - {"sentiment"}:
        assert 0.0 <= out[name] <= 1.0


def test_shipped_sentiment_model_reads_obvious_sentiment():
    assert triage("Absolutely brilliant care, thank you all so much").sentiment == "positive"
    assert triage("Appalling. Waited 9 hours and nobody cared.").sentiment == "negative"


def test_shipped_models_flag_obvious_complaint_question_and_offensive_language():
    m = models.load()
    assert m.predict("waited 3 hours on hold and still no answer, terrible service")[
        "complaint"
    ] > m.threshold("complaint")
    assert m.predict("what time does the clinic open tomorrow")["question"] > m.threshold(
        "question"
    )
    assert m.predict("you are a fucking idiot")["offensive"] > m.threshold("offensive")
