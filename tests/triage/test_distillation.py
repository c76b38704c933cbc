"""Distillation: teacher-labelled rows in the linear fit, the transfer set, the teacher cache."""

import sys

import numpy as np
import pytest
import scipy.sparse as sp

from sociable.triage import teacher, train
from sociable.triage.data import holdout_split, read_tsv


def _gold_and_soft(p_soft: float):
    # feature 0: the gold signal; feature 1 never appears in gold rows, only in soft rows
    X = sp.csr_matrix(np.array([[1, 0, 1]] * 20 + [[0, 0, 1]] * 20, dtype=float))
    y = np.array([1] * 20 + [0] * 20)
    Xs = sp.csr_matrix(np.array([[0, 1, 1]] * 30, dtype=float))
    return X, y, (Xs, np.full(30, p_soft), 1.0)


@pytest.mark.parametrize("mode", ["lr", "nb", "avg"])
def test_soft_rows_teach_a_feature_the_gold_rows_never_show(mode):
    X, y, soft_pos = _gold_and_soft(0.95)
    w_pos, _ = train._fit_linear(X, y, 10.0, mode, soft_pos)
    _, _, soft_neg = _gold_and_soft(0.05)
    w_neg, _ = train._fit_linear(X, y, 10.0, mode, soft_neg)
    w_none, _ = train._fit_linear(X, y, 10.0, mode)
    assert w_pos[1] > 0.5
    assert w_pos[1] - w_neg[1] > 1.0  # the teacher's probability moves the weight
    assert w_none[1] == 0.0
    assert min(w_pos[0], w_neg[0], w_none[0]) > 0  # the gold signal survives


def test_without_soft_rows_the_fit_is_the_plain_balanced_logistic_regression():
    from sklearn.linear_model import LogisticRegression

    rng = np.random.default_rng(1)
    X = sp.csr_matrix((rng.random((60, 8)) > 0.6).astype(float))
    y = (np.asarray(X[:, 0].todense()).ravel() + (rng.random(60) > 0.8) > 0.5).astype(int)
    w, b = train._fit_linear(X, y, 3.0, "lr")
    m = LogisticRegression(C=3.0, max_iter=3000, class_weight="balanced", solver="liblinear")
    m.fit(X, y)
    assert np.allclose(w, m.coef_[0], atol=1e-6)
    assert b == pytest.approx(m.intercept_[0], abs=1e-6)


def test_the_transfer_set_never_holds_validation_held_out_or_the_tasks_own_rows(data_dir):
    own, _ = train.question_data(data_dir)
    extra = train.transfer_texts(data_dir, own[:500])
    keys = {train._key(t) for t in extra}
    assert len(extra) > 50_000
    assert len(keys) == len(extra)  # no duplicates
    for t in own[:500]:
        assert train._key(t) not in keys
    for corpus in ("offensive", "sentiment", "hate"):
        for r in read_tsv(data_dir, corpus, "val"):
            assert train._key(r["text"]) not in keys
    for corpus in ("tweet_acts", "complaints"):
        for r in holdout_split(read_tsv(data_dir, corpus, "train"), train.SEED)[1]:
            assert train._key(r["text"]) not in keys


def test_cached_teacher_scores_are_reused_without_the_training_extra(tmp_path, monkeypatch):
    texts, labels, score = ["a b", "c d"], [1, 0], ["x", "y", "z"]
    key = teacher.cache_key("question", texts, labels, score)
    np.save(tmp_path / f"question-{key}.npy", np.array([1.0, -2.0, 0.5]))
    monkeypatch.setitem(sys.modules, "torch", None)  # importing torch would fail
    z = teacher.teacher_logits("question", texts, labels, score, tmp_path, log=lambda s: None)
    assert z.tolist() == [1.0, -2.0, 0.5]
    # different rows are a different key: no stale reuse
    assert teacher.cache_key("question", texts, [0, 0], score) != key


def test_a_missing_training_extra_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "torch", None)
    with pytest.raises(teacher.TeacherUnavailable, match=r"pip install -e '\.\[teacher\]'"):
        teacher.teacher_logits("question", ["a"], [1], ["b"], tmp_path, log=lambda s: None)
