"""Reproducible training of the shipped models from the public corpora.

    sociable train triage --data ../shared/data

Every head is a logistic regression over the hashed features of ``features.py``, trained with
scikit-learn (training time only) and exported as one int8 weight matrix (square-root
companded) plus scales and biases; the offensive head adds a small second stage over
``cues.py``. The offensive and question heads are also distilled: a fine-tuned encoder
(``teacher.py``) labels unlabelled tweets from the other corpora, which join their fit as
soft-labelled rows. Seeds are fixed; the corpora are read from the data folder and never
copied.

Honesty rules applied here:
- training rows whose text (first 60 letters) also appears in a validation split are dropped,
  so validation figures measure generalisation, not memorised near-duplicates;
- corpora without a validation split (complaints, tweet_acts, health_questions, nhs_feedback)
  have a fixed seeded 20% held-out fold (``data.holdout_split``) that is never trained on;
- decision thresholds (and second stages) are fitted on out-of-fold scores of the training rows
  only: 3-fold cross-validation, 5-fold for the question head;
- a teacher is fine-tuned on its head's training rows only, and the tweets it labels exclude
  every text of a validation split or held-out fold (``transfer_texts``).
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from . import features
from .data import check_data_dir, holdout_split, read_tsv
from .models import META_FILE, MODEL_DIR, WEIGHTS_FILE
from .textutil import for_model

SEED = 20250101


def _key(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.lower())[:60]


_PARTS: dict[str, tuple[np.ndarray, np.ndarray]] = {}


def matrix(texts: list[str], alpha: float = 1.0):
    """Rows as the models see them: word buckets weighted ``alpha``, character buckets 1,
    L2-normalised (see ``models.Models.raw``)."""
    import scipy.sparse as sp

    ind, dat, ptr = [], [], [0]
    for t in texts:
        parts = _PARTS.get(t)
        if parts is None:
            parts = features.hashed_parts(for_model(t))
            _PARTS[t] = parts
        w, c = parts
        norm = float(np.sqrt(alpha * alpha * len(w) + len(c))) or 1.0
        ind += [w, c]
        dat += [np.full(len(w), alpha / norm), np.full(len(c), 1.0 / norm)]
        ptr.append(ptr[-1] + len(w) + len(c))
    data = np.concatenate(dat) if dat else np.zeros(0)
    indices = np.concatenate(ind) if ind else np.zeros(0, dtype=np.int64)
    X = sp.csr_matrix((data, indices, ptr), shape=(len(texts), features.N_BUCKETS))
    X.sum_duplicates()
    return X


def _dedupe(train: list[dict], *others: list[dict], field: str = "text") -> list[dict]:
    seen = {_key(r[field]) for rows in others for r in rows}
    return [r for r in train if _key(r[field]) not in seen]


# ------------------------------------------------------------------------------ datasets


def sentiment_data(data: Path) -> tuple[list[str], list[str]]:
    val = read_tsv(data, "sentiment", "val")
    train = _dedupe(read_tsv(data, "sentiment", "train"), val)
    texts = [r["text"] for r in train]
    labels = [r["label"] for r in train]
    # NHS-domain signal: Friends and Family Test comments (1-2 positive, 3 neutral, 4-5 negative)
    nhs_train, _ = holdout_split(read_tsv(data, "nhs_feedback", "train"), SEED)
    for r in nhs_train:
        s = r.get("sentiment", "").strip()
        if s in ("1", "2", "3", "4", "5"):
            texts.append(r["text"])
            labels.append({"1": "positive", "2": "positive", "3": "neutral"}.get(s, "negative"))
    return texts, labels


def binary_data(data: Path, corpus: str, positive: str) -> tuple[list[str], list[int]]:
    val = read_tsv(data, corpus, "val")
    train = _dedupe(read_tsv(data, corpus, "train"), val)
    return [r["text"] for r in train], [int(r["label"] == positive) for r in train]


def complaint_data(data: Path) -> tuple[list[str], list[int]]:
    train, _ = holdout_split(read_tsv(data, "complaints", "train"), SEED)
    return [r["text"] for r in train], [int(r["label"] == "complaint") for r in train]


def question_data(data: Path) -> tuple[list[str], list[int]]:
    train, _ = holdout_split(read_tsv(data, "tweet_acts", "train"), SEED)
    return [r["text"] for r in train], [int(r["label"] == "question") for r in train]


TRANSFER_CORPORA = (
    "sentiment", "hate", "emotion", "irony", "offensive", "tweet_acts", "complaints",
)  # fmt: skip


def transfer_texts(data: Path, exclude: list[str]) -> list[str]:
    """Unlabelled tweets for distillation: the training splits of the tweet corpora, without
    any text that is in a validation split or held-out fold, or in ``exclude`` (the task's own
    training rows). The order is fixed (corpus by corpus, file order)."""
    blocked = {_key(t) for t in exclude}
    for corpus in ("sentiment", "offensive", "hate", "emotion", "irony", "health_misinformation"):
        blocked |= {_key(r["text"]) for r in read_tsv(data, corpus, "val")}
    for corpus in ("tweet_acts", "complaints"):
        held = holdout_split(read_tsv(data, corpus, "train"), SEED)[1]
        blocked |= {_key(r["text"]) for r in held}
    out: list[str] = []
    for corpus in TRANSFER_CORPORA:
        rows = read_tsv(data, corpus, "train")
        if corpus in ("tweet_acts", "complaints"):
            rows = holdout_split(rows, SEED)[0]
        for r in rows:
            k = _key(r["text"])
            if k and k not in blocked:
                blocked.add(k)
                out.append(r["text"])
    return out


def clinical_rows(data: Path) -> tuple[list[dict], list[dict]]:
    """Clinical (consumer health) questions vs other questions and posts; fixed 20% fold."""
    pos = [{"text": r["question"], "y": 1} for r in read_tsv(data, "health_questions", "train")]
    neg = [
        {"text": r["text"], "y": 0}
        for r in read_tsv(data, "tweet_acts", "train")
        if r["label"] in ("question", "request", "suggestion")
    ]
    neg += [{"text": r["text"], "y": 0} for r in read_tsv(data, "complaints", "train")]
    neg += [{"text": r["text"], "y": 0} for r in read_tsv(data, "nhs_feedback", "train")]
    return holdout_split(pos + neg, SEED)


def clinical_data(data: Path) -> tuple[list[str], list[int]]:
    train, _ = clinical_rows(data)
    return [r["text"] for r in train], [r["y"] for r in train]


def praise_rows(data: Path) -> tuple[list[dict], list[dict]]:
    """Praise: positive NHS feedback comments vs negative/neutral ones and ordinary tweets."""
    rows = []
    for r in read_tsv(data, "nhs_feedback", "train"):
        s = r.get("sentiment", "").strip()
        if s in ("1", "2", "3", "4", "5") and len(r["text"]) > 12:
            rows.append({"text": r["text"], "y": int(s in ("1", "2"))})
    for r in read_tsv(data, "complaints", "train"):
        rows.append({"text": r["text"], "y": 0})
    sent = read_tsv(data, "sentiment", "train")
    rng = np.random.default_rng(SEED)
    for i in rng.choice(len(sent), size=min(4000, len(sent)), replace=False):
        rows.append({"text": sent[int(i)]["text"], "y": 0})
    return holdout_split(rows, SEED)


def praise_data(data: Path) -> tuple[list[str], list[int]]:
    train, _ = praise_rows(data)
    return [r["text"] for r in train], [r["y"] for r in train]


# ------------------------------------------------------------------------------ training


def _f1_pos(y: np.ndarray, pred: np.ndarray) -> float:
    tp = float(np.sum(pred & (y == 1)))
    fp = float(np.sum(pred & (y == 0)))
    fn = float(np.sum(~pred & (y == 1)))
    return 2 * tp / max(2 * tp + fp + fn, 1.0)


def _macro_f1(y: np.ndarray, pred: np.ndarray) -> float:
    return (_f1_pos(y, pred) + _f1_pos(1 - y, ~pred)) / 2


METRICS: dict[str, Callable[[np.ndarray, np.ndarray], float]] = {
    "f1": _f1_pos,
    "macro_f1": _macro_f1,
}


def _fit_linear(X, y, C: float, mode: str, soft=None) -> tuple[np.ndarray, float]:
    """One linear model over X: plain logistic regression ("lr"), NB-weighted logistic
    regression ("nb", Wang & Manning 2012) or the average of their logits ("avg"). All three
    are a single weight vector over the same features.

    ``soft`` = (Xs, p, weight) adds teacher-labelled rows (distillation): each row counts as a
    positive with weight ``weight * p`` and as a negative with ``weight * (1 - p)``. Classes are
    balanced by total weight."""
    import scipy.sparse as sp
    from sklearn.linear_model import LogisticRegression

    sw = np.ones(len(y))
    if soft is not None:
        Xs, p, lam = soft
        X = sp.vstack([X, Xs, Xs]).tocsr()
        y = np.concatenate([y, np.ones(len(p), dtype=y.dtype), np.zeros(len(p), dtype=y.dtype)])
        sw = np.concatenate([sw, lam * p, lam * (1.0 - p)])
    counts = sw  # NB ratios count rows (soft rows by weight), before class balancing
    pos, neg = sw[y == 1].sum(), sw[y == 0].sum()
    sw = sw * np.where(y == 1, (pos + neg) / (2 * pos), (pos + neg) / (2 * neg))

    def lr(A):
        m = LogisticRegression(C=C, max_iter=3000, solver="liblinear")
        m.fit(A, y, sample_weight=sw)
        return m.coef_[0].astype(np.float64), float(m.intercept_[0])

    parts = []
    if mode in ("lr", "avg"):
        parts.append(lr(X))
    if mode in ("nb", "avg"):
        Xb = (X > 0).astype(np.float64)
        p1 = np.asarray(Xb.T @ (counts * (y == 1))).ravel() + 1.0
        p0 = np.asarray(Xb.T @ (counts * (y == 0))).ravel() + 1.0
        r = np.log((p1 / p1.sum()) / (p0 / p0.sum()))
        w, b = lr(X @ sp.diags(r))
        parts.append((w * r, b))
    w = sum(x[0] for x in parts) / len(parts)
    b = sum(x[1] for x in parts) / len(parts)
    return w, b


def _stage_two(S: np.ndarray, y: np.ndarray):
    """The second stage: logistic regression over [linear score, cues]."""
    from sklearn.linear_model import LogisticRegression

    m = LogisticRegression(C=1.0, max_iter=5000)
    m.fit(S, y)
    return m.coef_[0].astype(np.float64), float(m.intercept_[0])


def fit_binary(texts, y, C: float, metric: str, log, alpha: float = 1.0, mode: str = "lr",
               folds: int = 3, cues: str | None = None, soft=None):  # fmt: skip
    """One sigmoid head. The decision threshold (and, with ``cues``, the second stage) is
    fitted on out-of-fold scores of the training rows only. ``soft`` = (texts, p, weight):
    teacher-labelled extra rows added to every fit (see ``_fit_linear``)."""
    from sklearn.model_selection import StratifiedKFold

    from .cues import CUES

    X = matrix(texts, alpha)
    y = np.asarray(y, dtype=np.int64)
    if soft is not None:
        soft = (matrix(soft[0], alpha), np.asarray(soft[1], dtype=np.float64), float(soft[2]))
    oof = np.zeros(len(y))
    split = StratifiedKFold(n_splits=folds, shuffle=True, random_state=SEED)
    for tr, te in split.split(X, y):
        w, b = _fit_linear(X[tr], y[tr], C, mode, soft)
        oof[te] = X[te] @ w + b
    stack = None
    if cues:
        # stacking: the second stage learns from out-of-fold linear scores, and its own
        # out-of-fold probabilities choose the threshold
        fn = CUES[cues]
        S = np.column_stack([oof, np.array([fn(for_model(t)) for t in texts])])
        inner = StratifiedKFold(n_splits=5, shuffle=True, random_state=SEED + 1)
        z = np.zeros(len(y))
        for tr, te in inner.split(S, y):
            a, c = _stage_two(S[tr], y[tr])
            z[te] = S[te] @ a + c
        a, c = _stage_two(S, y)
        stack = {"cues": cues, "coef": [round(float(v), 6) for v in a], "bias": round(c, 6)}
    else:
        z = oof
    prob = 1.0 / (1.0 + np.exp(-z))
    coarse = folds == 3 and not cues and soft is None
    grid = np.arange(0.3, 0.71, 0.02) if coarse else np.arange(0.1, 0.91, 0.01)
    scores = [METRICS[metric](y, prob >= t) for t in grid]
    threshold = float(grid[int(np.argmax(scores))])
    w, b = _fit_linear(X, y, C, mode, soft)
    log(f"  rows={len(y)} positives={int(y.sum())} cv {metric}={max(scores):.3f} t={threshold:.2f}"
        + (f" stage two {stack['coef']}" if stack else ""))  # fmt: skip
    return {"coef": w, "bias": b, "threshold": threshold, "stack": stack}


def fit_softmax(texts, labels, classes: list[str], C: float, log) -> dict:
    from sklearn.linear_model import LogisticRegression

    X = matrix(texts)
    y = np.array([classes.index(lab) for lab in labels])
    m = LogisticRegression(C=C, max_iter=3000, class_weight="balanced")
    m.fit(X, y)
    log(f"  rows={len(y)} classes={classes}")
    return {"coef": m.coef_.astype(np.float64), "bias": m.intercept_.astype(np.float64)}


HEADS = [
    # name, loader, C, metric to tune the threshold, word weight alpha, mode[, options]
    # options: folds, cues (second stage), distil (weight of the teacher-labelled tweets)
    (
        "offensive",
        lambda d: binary_data(d, "offensive", "offensive"),
        10.0,
        "macro_f1",
        1.0,
        "nb",
        {"cues": "offensive", "distil": 1.0},
    ),  # fmt: skip
    ("complaint", complaint_data, 30.0, "macro_f1", 2.0, "avg"),
    ("question", question_data, 3.0, "f1", 2.0, "avg", {"folds": 5, "distil": 1.0}),
    (
        "misinformation",
        lambda d: binary_data(d, "health_misinformation", "fake"),
        10.0,
        "macro_f1",
        1.0,
        "lr",
    ),  # fmt: skip
    ("hate", lambda d: binary_data(d, "hate", "hate"), 1.0, "macro_f1", 1.0, "lr"),
    ("clinical", clinical_data, 3.0, "f1", 1.0, "lr"),
    ("praise", praise_data, 3.0, "f1", 1.0, "lr"),
]
SENTIMENT_CLASSES = ["negative", "neutral", "positive"]
SENTIMENT_C = 10.0


def default_cache() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "sociable" / "teacher"


def train(data_dir: Path, out_dir: Path | None = None, log=print, teacher: bool = True,
          cache: Path | None = None) -> dict:  # fmt: skip
    """Train every head and write the model files. Heads marked ``distil`` learn also from a
    fine-tuned encoder's soft labels on unlabelled tweets (``teacher.py``); ``teacher=False``
    trains them on their own corpus only."""
    data = check_data_dir(Path(data_dir))
    out = Path(out_dir or MODEL_DIR)
    out.mkdir(parents=True, exist_ok=True)
    started = time.time()
    cols: list[np.ndarray] = []
    biases: list[float] = []
    heads: list[dict] = []

    log("sentiment (softmax)")
    texts, labels = sentiment_data(data)
    s = fit_softmax(texts, labels, SENTIMENT_CLASSES, SENTIMENT_C, log)
    heads.append({"name": "sentiment", "kind": "softmax", "start": 0, "end": 3,
                  "classes": SENTIMENT_CLASSES, "alpha": 1.0})  # fmt: skip
    for k in range(3):
        cols.append(s["coef"][k])
        biases.append(float(s["bias"][k]))
    for name, loader, C, metric, alpha, mode, *rest in HEADS:
        options = rest[0] if rest else {}
        log(f"{name} (logistic, {mode})")
        texts, y = loader(data)
        options = dict(options)
        lam = options.pop("distil", None)
        soft = None
        if lam and teacher:
            from . import teacher as teach

            extra = transfer_texts(data, texts)
            z = teach.teacher_logits(name, texts, y, extra, cache or default_cache(), log)
            soft = (extra, 1.0 / (1.0 + np.exp(-z)), lam)
            log(f"  distilled: {len(extra)} teacher-labelled tweets, weight {lam}")
        h = fit_binary(texts, y, C, metric, log, alpha=alpha, mode=mode, soft=soft, **options)
        heads.append({"name": name, "kind": "sigmoid", "start": len(cols), "end": len(cols) + 1,
                      "threshold": round(h["threshold"], 4), "metric": metric, "C": C,
                      "alpha": alpha, "mode": mode, "folds": options.get("folds", 3)})  # fmt: skip
        if soft is not None:
            heads[-1]["distilled"] = {"teacher": teach.SETTINGS["encoder"],
                                      "transfer_rows": len(soft[0]), "weight": lam}  # fmt: skip
        if h["stack"]:
            heads[-1]["stack"] = h["stack"]
        cols.append(h["coef"])
        biases.append(h["bias"])

    W = np.stack(cols, axis=1)  # buckets x heads
    # int8 codes with square-root companding: w = sign(q) * (q / 127)^2 * scale. A linear int8
    # scale would round to zero the many small weights that sit beside a few large ones.
    scales = np.abs(W).max(axis=0)
    scales[scales == 0] = 1.0
    Wq = np.rint(127.0 * np.sign(W) * np.sqrt(np.abs(W) / scales)).astype(np.int8)
    np.savez_compressed(
        out / WEIGHTS_FILE,
        weights=Wq,
        scales=scales.astype(np.float32),
        bias=np.asarray(biases, dtype=np.float32),
    )
    meta = {
        "format": 2,
        "quantisation": "int8, square-root companded",
        "features": {
            "bits": features.BITS,
            "char_ngrams": list(features.CHAR_NGRAMS),
            "words": "unigrams+bigrams",
        },
        "seed": SEED,
        "heads": heads,
    }
    (out / META_FILE).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    size = (out / WEIGHTS_FILE).stat().st_size
    log(f"wrote {out / WEIGHTS_FILE} ({size / 1e6:.2f} MB) and {out / META_FILE}")
    log(f"trained in {time.time() - started:.0f} s")
    from . import models

    models.reset_cache()
    return meta
