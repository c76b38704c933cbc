"""The shipped linear models: loaded once from ``models/``, scored with numpy only.

``models/triage.npz`` holds ``weights`` (int8, buckets x columns), ``scales`` and ``bias``; from
format 2 on the int8 codes are square-root companded (``w = sign(q) * (q / 127)**2 * scale``),
and they are expanded once, at load, into a float32 matrix;
``models/triage.json`` names the heads (which columns, softmax or sigmoid, class names and the
decision threshold chosen at training time).
"""

from __future__ import annotations

import json
import math
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import cues, features

MODEL_DIR = Path(__file__).resolve().parent / "models"
WEIGHTS_FILE = "triage.npz"
META_FILE = "triage.json"


@dataclass
class Head:
    name: str
    kind: str  # "softmax" or "sigmoid"
    start: int
    end: int
    classes: list[str]
    threshold: float
    offsets: list[float]
    # optional second stage: sigmoid(coef[0] * z + coef[1:] . cues(text) + bias)
    cues: str | None = None
    stack_coef: tuple[float, ...] = ()
    stack_bias: float = 0.0
    # optional lower threshold used when a rule gives evidence (0: none)
    evidence_threshold: float = 0.0


class Models:
    def __init__(self, weights: np.ndarray, scales: np.ndarray, bias: np.ndarray, meta: dict):
        q = weights.astype(np.float32)
        if int(meta.get("format", 1)) >= 2:
            q = np.sign(q) * np.square(q / np.float32(127.0))
        self.weights = np.ascontiguousarray(q * scales.astype(np.float32))
        self.bias = bias.astype(np.float64)
        self.meta = meta
        self.heads = [
            Head(
                name=h["name"],
                kind=h["kind"],
                start=int(h["start"]),
                end=int(h["end"]),
                classes=list(h.get("classes", [])),
                threshold=float(h.get("threshold", 0.5)),
                offsets=[float(x) for x in h.get("offsets", [])],
                cues=(h.get("stack") or {}).get("cues"),
                stack_coef=tuple(float(x) for x in (h.get("stack") or {}).get("coef", ())),
                stack_bias=float((h.get("stack") or {}).get("bias", 0.0)),
                evidence_threshold=float(h.get("evidence_threshold", 0.0)),
            )
            for h in meta["heads"]
        ]
        self.by_name = {h.name: h for h in self.heads}
        # word-feature weight of each column (character n-grams weigh 1)
        alpha = np.ones(weights.shape[1])
        for h in meta["heads"]:
            alpha[int(h["start"]) : int(h["end"])] = float(h.get("alpha", 1.0))
        self.alpha = alpha
        self.alpha2 = alpha * alpha

    def raw(self, model_text: str) -> np.ndarray:
        """Linear scores of every column: (alpha*W[words] + W[chars]) / norm + bias."""
        w, c = features.hashed_parts(model_text)
        if len(w) + len(c) == 0:
            return self.bias.copy()
        # np.take copies the same rows as self.weights[w], with less overhead
        zw = np.take(self.weights, w, axis=0).sum(axis=0, dtype=np.float64)
        zc = np.take(self.weights, c, axis=0).sum(axis=0, dtype=np.float64)
        norm = np.sqrt(self.alpha2 * len(w) + len(c))
        return (self.alpha * zw + zc) / norm + self.bias

    def predict(self, model_text: str) -> dict[str, object]:
        """Probabilities per head: softmax heads give a dict class -> p, sigmoid heads a float."""
        z = self.raw(model_text)
        out: dict[str, object] = {}
        for h in self.heads:
            if h.kind == "softmax":
                v = z[h.start : h.end]
                if h.offsets:
                    v = v + np.asarray(h.offsets)
                v = np.exp(v - v.max())
                v = v / v.sum()
                out[h.name] = {c: float(p) for c, p in zip(h.classes, v, strict=True)}
            else:
                s = float(z[h.start])
                if h.cues is not None:
                    a = h.stack_coef
                    s = a[0] * s + h.stack_bias
                    for c, f in zip(a[1:], cues.CUES[h.cues](model_text), strict=True):
                        s += c * f
                out[h.name] = 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, s))))
        return out

    def threshold(self, name: str, default: float = 0.5) -> float:
        h = self.by_name.get(name)
        return h.threshold if h else default


_LOCK = threading.Lock()
_CACHE: dict[tuple[str, str], object] = {}


def load_bundle(cls, directory: Path, weights_file: str, meta_file: str):
    """`cls(weights, scales, bias, meta, **other arrays)` from a shipped pair of files, cached
    per file; None when they are absent or unreadable. Shared by the triage heads and the risk
    models."""
    key = bundle_key(cls, directory, weights_file)
    if key in _CACHE:
        return _CACHE[key]
    with _LOCK:
        if key not in _CACHE:
            try:
                with np.load(directory / weights_file) as z:
                    arrays = {k: z[k] for k in z.files}
                weights, scales, bias = (
                    arrays.pop("weights"),
                    arrays.pop("scales"),
                    arrays.pop("bias"),
                )
                meta = json.loads((directory / meta_file).read_text(encoding="utf-8"))
                _CACHE[key] = cls(np.ascontiguousarray(weights), scales, bias, meta, **arrays)
            except (OSError, KeyError, ValueError):
                _CACHE[key] = None
    return _CACHE[key]


def bundle_key(cls, directory: Path, weights_file: str) -> tuple[str, str]:
    """The cache key of a bundle (one per file and loader class)."""
    return (str(directory / weights_file), cls.__name__)


_SHIPPED_DIR = MODEL_DIR
_SHIPPED_KEY = bundle_key(Models, MODEL_DIR, WEIGHTS_FILE)


def load(model_dir: Path | None = None) -> Models | None:
    """The shipped models (cached), or None when the model files are absent."""
    # the shipped files, once loaded, without building paths on every message
    if model_dir is None and MODEL_DIR is _SHIPPED_DIR and _SHIPPED_KEY in _CACHE:
        return _CACHE[_SHIPPED_KEY]  # type: ignore[return-value]
    return load_bundle(Models, Path(model_dir or MODEL_DIR), WEIGHTS_FILE, META_FILE)


def reset_cache() -> None:
    """Forget every loaded bundle (after retraining writes new files)."""
    _CACHE.clear()
