"""`sociable train triage --head NAME` rewrites only that head's column of the shipped model
files; every other head's int8 codes, scale, bias and description stay exactly as they were."""

import json
import shutil

import numpy as np
import pytest

from sociable.triage import models, train

TEXTS = [f"vaccine claim number {i} cures everything" for i in range(30)] + [
    f"thanks for the lovely care on ward {i}" for i in range(30)
]
LABELS = [1] * 30 + [0] * 30


@pytest.fixture
def model_copy(tmp_path, monkeypatch):
    out = tmp_path / "models"
    shutil.copytree(models.MODEL_DIR, out)
    (tmp_path / "data" / "sentiment").mkdir(parents=True)
    spec = ("health_claim", lambda d: (TEXTS, LABELS), 1.0, "macro_f1", 1.0, "lr",
            {"recall": 0.9, "evidence_recall": 0.99})  # fmt: skip
    monkeypatch.setattr(train, "HEADS", [spec])
    yield tmp_path / "data", out
    models.reset_cache()


def _arrays(path):
    with np.load(path / models.WEIGHTS_FILE) as z:
        return {k: z[k].copy() for k in ("weights", "scales", "bias")}


def test_retraining_one_head_leaves_every_other_head_byte_identical(model_copy):
    data, out = model_copy
    before = _arrays(out)
    meta_before = json.loads((out / models.META_FILE).read_text())
    column = next(h["start"] for h in meta_before["heads"] if h["name"] == "health_claim")
    train.train_heads(data, ["health_claim"], out, log=lambda s: None)
    after = _arrays(out)
    meta_after = json.loads((out / models.META_FILE).read_text())
    others = [i for i in range(before["weights"].shape[1]) if i != column]
    assert after["weights"].shape == before["weights"].shape
    assert after["weights"][:, others].tobytes() == before["weights"][:, others].tobytes()
    assert after["scales"][others].tobytes() == before["scales"][others].tobytes()
    assert after["bias"][others].tobytes() == before["bias"][others].tobytes()
    assert not np.array_equal(after["weights"][:, column], before["weights"][:, column])
    assert [h for h in meta_after["heads"] if h["name"] != "health_claim"] == [
        h for h in meta_before["heads"] if h["name"] != "health_claim"
    ]


def test_an_unknown_head_name_is_refused(model_copy):
    data, out = model_copy
    with pytest.raises(ValueError, match="unknown head"):
        train.train_heads(data, ["no_such_head"], out, log=lambda s: None)
