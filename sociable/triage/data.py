"""Loading the public corpora (../shared/data) for training and evaluation. Never shipped data."""

from __future__ import annotations

import csv
import random
import re
from pathlib import Path

csv.field_size_limit(1 << 24)

_UESC = re.compile(r"\\u([0-9a-fA-F]{4})")


class DataMissing(FileNotFoundError):
    pass


def _fix(text: str) -> str:
    if "\\u" in text:
        text = _UESC.sub(lambda m: chr(int(m.group(1), 16)), text)
    return text.replace("\\n", " ")


def read_tsv(data_dir: Path, corpus: str, split: str) -> list[dict[str, str]]:
    path = Path(data_dir) / corpus / f"{split}.tsv"
    if not path.is_file():
        raise DataMissing(f"missing corpus file: {path}")
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    for r in rows:
        for k in ("text", "question"):
            if r.get(k):
                r[k] = _fix(r[k])
    return rows


def check_data_dir(data_dir: Path) -> Path:
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise DataMissing(f"data folder not found: {data_dir}")
    if not (data_dir / "sentiment").is_dir():
        raise DataMissing(f"{data_dir} does not look like the corpora folder (no sentiment/)")
    return data_dir


def holdout_split(rows: list, seed: int = 20250101, frac: float = 0.2) -> tuple[list, list]:
    """A fixed, seeded held-out fold for corpora without a validation split."""
    idx = list(range(len(rows)))
    random.Random(seed).shuffle(idx)
    cut = int(len(rows) * frac)
    held = set(idx[:cut])
    train = [r for i, r in enumerate(rows) if i not in held]
    test = [r for i, r in enumerate(rows) if i in held]
    return train, test
