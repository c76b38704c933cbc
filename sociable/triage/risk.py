"""Learned risk models for crisis and safeguarding, beside the phrase rules of ``crisis.py``.

The rules catch the wordings someone wrote down; these two models catch risk in words nobody
wrote down. ``routes.decide_route`` sends a message to crisis (resp. safeguarding) when either
the rules or the model say so.

A cascade keeps it fast:

1. **First stage** (every message, tens of microseconds): a logistic regression per route over
   hashed word (1-2) and character (2-5) n-grams of a *style-normalised* text — lower-case, no
   punctuation, no emoji, no URLs or user names, contractions joined ("don t" → "dont") — so a
   message scores the same whether it is typed like a tweet, a Reddit post or an e-mail, and
   features are binary and L2-normalised so length does not decide. Its bars are low (recall
   first), so on its own it raises ordinary tweets that share a crisis message's words.
2. **Second stage** (only where the first stage raises an alarm, a few per thousand ordinary
   messages; about 10 ms each): a linear head per route over the sentence vector of
   ``encoder.py`` (all-MiniLM-L6-v2 in numpy), which reads what the message means. The alarm
   stands only if the second stage agrees. It never overrules a message longer than the
   encoder reads, and it is skipped (the first stage decides alone) if the encoder package is
   not installed.

Weights ship in ``models/risk.npz`` (first stage int8, square-root companded as in
``models.py``; second stage float32) with ``models/risk.json`` (thresholds chosen at training
time on out-of-fold scores for recall targets). numpy only; nothing is downloaded; if the files
are missing the rules still decide alone.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import encoder, features, models

MODEL_DIR = Path(__file__).resolve().parent / "models"
WEIGHTS_FILE = "risk.npz"
META_FILE = "risk.json"
ROUTES = ("crisis", "safeguarding")
MAX_CHARS = 1500

# ----------------------------------------------------------------------- style normalisation

_URL = re.compile(r"https?://\S+|www\.\S+|@\w+")
_APOS = re.compile(r"['’`´]")
_NONWORD = re.compile(r"[^a-z0-9]+")
_CONTRACTION = re.compile(
    r"\b(don|can|won|didn|doesn|isn|wasn|aren|couldn|wouldn|shouldn|haven|hasn|hadn|ain|weren"
    r"|mustn|needn) t\b|\b(i) m\b|\b(i|you|we|they|he|she|it|that|there) (ll|ve|re|d|s)\b"
)


def _join(m: re.Match) -> str:
    return m.group(0).replace(" ", "")


def style_normalise(text: str) -> str:
    """Lower-case words only: what the risk models see (punctuation and emoji dropped)."""
    text = _URL.sub(" ", text[:MAX_CHARS].lower())
    text = _APOS.sub("", text)
    text = _NONWORD.sub(" ", text)
    return _CONTRACTION.sub(_join, text).strip()


# Wording that marks a mention rather than a person at risk now: jokes, campaigns, news,
# teaching, the past. With one of these the model needs ``mention_threshold`` (stricter).
MENTION_CONTEXT = re.compile(
    r"\b(?:lol|lmao|lmfao|haha\w*|jk|awareness|prevention|campaign|training|course|webinar"
    r"|report|study|survey|figures|statistics|news|podcast|documentary|film|series|episode"
    r"|book|memoir|article|song|used\s+to|years\s+ago|as\s+a\s+(?:teen|kid|child)"
    r"|recovery|recovered|how\s+to\s+(?:help|support|spot)|support\s+(?:a|someone|your)"
    r"|if\s+(?:someone|you)|grieving|in\s+memory|lost\s+(?:my|a|our)\s+\w+\s+to)\b"
    r"|[\U0001F602\U0001F923\U0001F606\U0001F605\U0001F480]|#\w"
)


# The mention guard is for tweet-length messages; a long personal post is not a mention.
MENTION_MAX_CHARS = 280
# Reported speech: a tweet-length message that is all a quotation (after any leading @names),
# or that ends with an attribution to an @handle, or to a name after words in quotation marks
# ('"..." - First Last'). A name after a dash alone is how people sign a message to the desk
# ("... - Sarah Jones"), so it is not read as a quotation.
QUOTED = re.compile(
    r"^(?:@\w+\s+)*[\"“”]\s*[^\"“”]{3,}[\"“”][\s.!?]*$"
    r"|\s(?:-{1,3}|[—–~])\s*@\w+\s*$"
    r"|[\"“”][\s.!?,]*(?:-{1,3}|[—–~])\s*[A-Z][a-z]+\s+[A-Z][a-z]+\s*$"
)


def mention_like(text: str) -> bool:
    """A tweet-length message with joke, campaign, news, teaching or past-tense wording, or a
    quotation: the learned models need the mention threshold for it."""
    return len(text) <= MENTION_MAX_CHARS and bool(
        MENTION_CONTEXT.search(text.lower()) or QUOTED.search(text.strip())
    )


# Means, plan, timescale or goodbye: with one of these a lower crisis threshold applies
# (``cue_threshold``), because what tells a person at risk from a sad post is mostly here.
CUE = re.compile(
    r"\b(?:pills?|tablets?|overdos\w*|od|paracetamol|codamol|rope|noose|hang\w*|bridge|jump\w*"
    r"|train|tracks|platform|cliffs?|roof|knife|blade|razor|cut\w*|ligature|gun|shotgun"
    r"|car\s+park|garage|engine|hosepipe|sea|river|drown\w*|bleach|antifreeze|insulin|morphine"
    r"|meds|tonight|today|now|weekend|goodbye|bye|note|letters?|last|plan\w*|ready|date"
    r"|method\w*|swallow\w*|took|taken|done|sorry|wont\s+be|not\s+be\s+here|safe)\b"
)


# ------------------------------------------------------------------------------ the models


def buckets(style_text: str) -> np.ndarray:
    """Sorted unique feature buckets of a style-normalised text (words 1-2, characters 2-5)."""
    return features.hashed(style_text)


@dataclass
class RiskScores:
    scored: bool  # the first stage ran (there were words to read)
    crisis: float = 0.0
    safeguarding: float = 0.0
    crisis_alarm: bool = False
    safeguarding_alarm: bool = False
    second_stage: bool = False  # the second stage was asked (the first raised an alarm)
    crisis_second: float = 0.0
    safeguarding_second: float = 0.0
    overruled: tuple[str, ...] = ()  # routes whose first-stage alarm the second stage overruled


class RiskModels:
    def __init__(
        self,
        weights: np.ndarray,
        scales: np.ndarray,
        bias: np.ndarray,
        meta: dict,
        second: np.ndarray | None = None,
        second_bias: np.ndarray | None = None,
    ):
        q = weights.astype(np.float32)
        q = np.sign(q) * np.square(q / np.float32(127.0))
        self.weights = np.ascontiguousarray(q * scales.astype(np.float32))
        self.bias = bias.astype(np.float64)
        self.meta = meta
        self.thresholds = {h["name"]: float(h["threshold"]) for h in meta["heads"]}
        self.columns = {h["name"]: int(h["column"]) for h in meta["heads"]}
        self.mention_thresholds = {
            h["name"]: float(h.get("mention_threshold", h["threshold"])) for h in meta["heads"]
        }
        self.cue_thresholds = {
            h["name"]: float(h.get("cue_threshold", h["threshold"])) for h in meta["heads"]
        }
        # the second stage: a linear head per route over the encoder's sentence vector
        self.second = None if second is None else np.ascontiguousarray(second, np.float32)
        self.second_bias = None if second_bias is None else second_bias.astype(np.float64)
        self.second_thresholds = {
            h["name"]: float(h["second_stage"]["threshold"])
            for h in meta["heads"] if "second_stage" in h
        }  # fmt: skip

    def bars(self, text: str, style_text: str, guarded: bool = False) -> dict[str, float]:
        """The thresholds that apply to this message (mention guard, then cues). ``guarded``:
        the rules saw risk wording and set it aside (negated, past, awareness, figurative)."""
        if (guarded and len(text) <= MENTION_MAX_CHARS) or mention_like(text):
            return self.mention_thresholds
        if CUE.search(style_text):
            return self.cue_thresholds
        return self.thresholds

    def logits(self, style_text: str) -> np.ndarray:
        b = buckets(style_text)
        if len(b) == 0:
            return self.bias.copy()
        rows = np.take(self.weights, b, axis=0)  # the rows self.weights[b], with less overhead
        return rows.sum(axis=0, dtype=np.float64) / math.sqrt(len(b)) + self.bias

    def score(self, text: str, guarded: bool = False) -> RiskScores:
        """Both first-stage models on every message, thresholded; an alarm is then put to the
        second stage, which may overrule it (only for a message the encoder reads whole)."""
        s = style_normalise(text)
        if not s:
            return RiskScores(scored=False)
        z = self.logits(s)
        p = {n: _sigmoid(z[c]) for n, c in self.columns.items()}
        bar = self.bars(text, s, guarded)
        alarm = {n: p.get(n, 0.0) >= bar.get(n, 1.1) for n in ROUTES}
        scores = RiskScores(scored=True, crisis=p.get("crisis", 0.0),
                            safeguarding=p.get("safeguarding", 0.0))  # fmt: skip
        if any(alarm.values()) and self.second is not None:
            second = self.second_opinion(s)
            if second is not None:
                scores.second_stage = True
                scores.crisis_second, scores.safeguarding_second = second
                raised = [n for n in ROUTES if alarm[n]]
                for n, q in zip(ROUTES, second, strict=True):
                    alarm[n] = alarm[n] and q >= self.second_thresholds.get(n, 0.0)
                scores.overruled = tuple(n for n in raised if not alarm[n])
        scores.crisis_alarm, scores.safeguarding_alarm = alarm["crisis"], alarm["safeguarding"]
        return scores

    def second_opinion(self, style_text: str) -> tuple[float, float] | None:
        """The second stage's probabilities (crisis, safeguarding), or None when the encoder is
        not installed or the message is longer than the encoder reads (then the first stage's
        alarm stands: the second stage never overrules what it has not read)."""
        enc = encoder.load()
        if enc is None or self.second is None or self.second_bias is None:
            return None
        ids = enc.ids(style_text)
        if not encoder.reads_whole(ids):
            return None
        z = enc.embed_batch([ids])[0] @ self.second + self.second_bias
        return _sigmoid(z[0]), _sigmoid(z[1])


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, float(z)))))


_SHIPPED_DIR = MODEL_DIR
_SHIPPED_KEY = models.bundle_key(RiskModels, MODEL_DIR, WEIGHTS_FILE)


def load(model_dir: Path | None = None) -> RiskModels | None:
    """The shipped risk models (cached), or None when the files are absent or unreadable."""
    # the shipped files, once loaded, without building paths on every message
    if model_dir is None and MODEL_DIR is _SHIPPED_DIR and _SHIPPED_KEY in models._CACHE:
        return models._CACHE[_SHIPPED_KEY]  # type: ignore[return-value]
    return models.load_bundle(RiskModels, Path(model_dir or MODEL_DIR), WEIGHTS_FILE, META_FILE)


def reset_cache() -> None:
    models.reset_cache()


def assess(text: str, guarded: bool = False) -> RiskScores:
    """Model opinion on one message; no alarm when the model files are missing. ``guarded``
    (the rules set risk wording aside as negated, past, awareness or figurative) makes the
    models need the stricter mention threshold."""
    m = load()
    if m is None:
        return RiskScores(scored=False)
    return m.score(text, guarded)
