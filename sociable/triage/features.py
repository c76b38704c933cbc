"""A fast hashing featuriser shared by training and inference.

Features of a (normalised) text: word unigrams and bigrams, hashed with CRC-32, and character
2- to 5-grams, hashed with a vectorised polynomial rolling hash in numpy. All land in one space
of ``2**BITS`` buckets. A document is the set of its buckets (binary), L2-normalised, so a
linear model's score is ``W[buckets].sum(0) / sqrt(len(buckets)) + b``.
"""

from __future__ import annotations

import re
import zlib

import numpy as np

BITS = 18
N_BUCKETS = 1 << BITS
_MASK = N_BUCKETS - 1
_SHIFT = np.uint64(64 - BITS)
_P = np.uint64(0x100000001B3)
_MIX = np.uint64(0x9E3779B97F4A7C15)
_SALTS = {n: np.uint64(((n * 0x51ED27) << 36) & 0xFFFFFFFFFFFFFFFF) for n in range(1, 8)}
_WORD = re.compile(r"[a-z0-9#@'\u00c0-\u024f]+|[^\s\w]")
MAX_CHARS = 2000
CHAR_NGRAMS = (2, 3, 4, 5)


def tokens(text: str) -> list[str]:
    return _WORD.findall(text)


_EMPTY = np.zeros(0, dtype=np.int64)


def hashed_parts(text: str) -> tuple[np.ndarray, np.ndarray]:
    """(word buckets, character n-gram buckets), each sorted and unique."""
    text = text[:MAX_CHARS]
    toks = tokens(text)
    if toks:
        enc = [t.encode("utf-8", "surrogatepass") for t in toks]
        words = [zlib.crc32(e) & _MASK for e in enc]
        # a bigram's bytes are its two words' bytes joined by a space
        words += [
            zlib.crc32(a + b" " + b, 0x5BD1E995) & _MASK for a, b in zip(enc, enc[1:], strict=False)
        ]
        uniq = sorted(set(words))
        w = np.fromiter(uniq, dtype=np.int64, count=len(uniq))
    else:
        w = _EMPTY
    return w, _char_buckets(text)


def _char_buckets(text: str) -> np.ndarray:
    parts = []
    s = " " + text + " "
    try:
        a = np.frombuffer(s.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    except UnicodeEncodeError:
        a = np.frombuffer(s.encode("utf-32-le", "replace"), dtype=np.uint32)
    a = a.astype(np.uint64)
    h = a
    salts = []
    for n in range(2, CHAR_NGRAMS[-1] + 1):
        if len(a) < n:
            break
        h = h[:-1] * _P + a[n - 1 :]
        if n in CHAR_NGRAMS:
            parts.append(h)
            salts.append(_SALTS[n])
    if not parts:
        return _EMPTY
    # every n-gram length mixed with its own salt, all in one pass
    salt = np.repeat(np.array(salts, dtype=np.uint64), [len(p) for p in parts])
    mixed = (((np.concatenate(parts) ^ salt) * _MIX) >> _SHIFT).astype(np.int64)
    return _sorted_unique(mixed)


def _sorted_unique(a: np.ndarray) -> np.ndarray:
    """``np.unique(a)`` of a fresh 1-d int64 array (sorted in place), without its overhead."""
    if len(a) < 2:
        return a
    a.sort()
    keep = np.empty(len(a), dtype=bool)
    keep[0] = True
    np.not_equal(a[1:], a[:-1], out=keep[1:])
    return a[keep]


def hashed(text: str) -> np.ndarray:
    """Sorted unique bucket indices (int64) for a model-normalised text."""
    w, c = hashed_parts(text)
    return _sorted_unique(np.concatenate((w, c)))
