"""The shipped linear models: loaded once from ``models/``, scored with numpy only.

``models/triage.npz`` holds ``weights`` (int8, buckets x columns), ``scales`` and ``bias``;
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

from . import features

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


class Models:
    def __init__(self, weights: np.ndarray, scales: np.ndarray, bias: np.ndarray, meta: dict):
        self.weights = weights
        self.scales = scales.astype(np.float64)
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
        zw = self.weights[w].sum(axis=0, dtype=np.int32).astype(np.float64)
        zc = self.weights[c].sum(axis=0, dtype=np.int32).astype(np.float64)
        norm = np.sqrt(self.alpha2 * len(w) + len(c))
        return (self.alpha * zw + zc) * self.scales / norm + self.bias

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
                out[h.name] = 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, float(z[h.start])))))
        return out

    def threshold(self, name: str, default: float = 0.5) -> float:
        h = self.by_name.get(name)
        return h.threshold if h else default


_LOCK = threading.Lock()
_CACHE: dict[str, Models | None] = {}


def load(model_dir: Path | None = None) -> Models | None:
    """The shipped models (cached), or None when the model files are absent."""
    key = str(model_dir or MODEL_DIR)
    if key in _CACHE:
        return _CACHE[key]
    with _LOCK:
        if key not in _CACHE:
            d = Path(key)
            try:
                with np.load(d / WEIGHTS_FILE) as z:
                    weights, scales, bias = z["weights"], z["scales"], z["bias"]
                meta = json.loads((d / META_FILE).read_text(encoding="utf-8"))
                _CACHE[key] = Models(np.ascontiguousarray(weights), scales, bias, meta)
            except (OSError, KeyError, ValueError):
                _CACHE[key] = None
    return _CACHE[key]


def reset_cache() -> None:
    _CACHE.clear()
