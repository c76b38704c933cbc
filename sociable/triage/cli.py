"""Command line of the triage engine.

The product's ``sociable`` command dispatches here with argv starting at the subcommand::

    sociable triage TEXT | --jsonl FILE|-
    sociable check-draft TEXT | --jsonl FILE|-
    sociable train triage --data DIR [--no-teacher] [--cache DIR] [--head NAME ...]
    sociable train risk --data DIR          (only the crisis and safeguarding risk models)
    sociable eval triage --data DIR [--json]
    sociable bench triage [--messages N] [--data DIR]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

DEFAULT_DATA = Path("../shared/data")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # exit code 2 with a clear message, never a traceback
        self.print_usage(sys.stderr)
        raise _UsageError(f"{self.prog}: error: {message}")


class _UsageError(Exception):
    pass


# Libraries only training and evaluation use, and the extra (pyproject.toml) that installs each.
_EXTRAS = {"sklearn": "train", "scipy": "train", "vaderSentiment": "eval"}


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="sociable", description="Sociable triage engine")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)

    t = sub.add_parser("triage", help="triage messages; prints verdict JSON")
    t.add_argument("text", nargs="?", help="the message text")
    t.add_argument("--jsonl", metavar="FILE", help='JSON lines {"text": ...}; "-" for stdin')
    t.add_argument("--context", metavar="JSON", help="organisation context as a JSON object")

    d = sub.add_parser("check-draft", help="check outgoing drafts for patient-identifiable data")
    d.add_argument("text", nargs="?", help="the draft text")
    d.add_argument("--jsonl", metavar="FILE", help='JSON lines {"text": ...}; "-" for stdin')
    d.add_argument("--context", metavar="JSON", help="organisation context as a JSON object")

    tr = sub.add_parser("train", help="retrain the shipped models from the corpora")
    tr.add_argument(
        "what",
        choices=["triage", "risk"],
        help="triage: every model; risk: only the crisis and safeguarding models",
    )
    tr.add_argument("--data", type=Path, default=DEFAULT_DATA, help="corpora folder")
    tr.add_argument("--out", type=Path, default=None, help=argparse.SUPPRESS)
    tr.add_argument(
        "--no-teacher",
        action="store_true",
        help="train the distilled heads on their own corpus only (no PyTorch needed)",
    )
    tr.add_argument(
        "--head",
        action="append",
        metavar="NAME",
        default=None,
        help="triage: retrain only this head (repeatable), e.g. --head health_claim;"
        " the other heads stay byte-identical",
    )
    tr.add_argument(
        "--cache",
        type=Path,
        default=None,
        help="where the teacher's scores are cached (~/.cache/sociable/teacher)",
    )

    e = sub.add_parser("eval", help="evaluate on validation splits and the project's own cases")
    e.add_argument("what", choices=["triage"])
    e.add_argument("--data", type=Path, default=DEFAULT_DATA, help="corpora folder")
    e.add_argument("--json", action="store_true", help="print JSON instead of a table")
    e.add_argument("--cases-only", action="store_true", help="only the project's own cases")

    b = sub.add_parser("bench", help="throughput of full triage against VADER")
    b.add_argument("what", choices=["triage"])
    b.add_argument("--messages", type=int, default=2000, help="number of messages (default 2000)")
    b.add_argument("--data", type=Path, default=DEFAULT_DATA, help="corpora folder (optional)")
    return p


def _context(raw: str | None) -> Any:
    if not raw:
        return None
    try:
        value = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise _UsageError(f"sociable: error: --context is not valid JSON: {exc}") from exc
    if not isinstance(value, dict):
        raise _UsageError("sociable: error: --context must be a JSON object")
    return value


def _dump(obj: Any, out: TextIO) -> None:
    out.write(json.dumps(obj, ensure_ascii=False) + "\n")


def _jsonl(path: str, fn: Callable[..., Any], ctx: Any, out: TextIO, err: TextIO) -> int:
    if path == "-":
        stream = sys.stdin
        close = False
    else:
        try:
            stream = open(path, encoding="utf-8", errors="replace")  # noqa: SIM115
        except OSError as exc:
            err.write(f"sociable: error: cannot read {path}: {exc.strerror}\n")
            return 2
        close = True
    bad = 0
    try:
        for lineno, line in enumerate(stream, 1):
            if not line.strip():
                _dump({"error": "empty line", "line": lineno}, out)
                bad += 1
                continue
            try:
                obj = json.loads(line)
                if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
                    raise ValueError('expected an object with a string "text"')
                line_ctx = obj.get("context", ctx)
                _dump(fn(obj["text"], context=line_ctx).to_dict(), out)
            except (ValueError, TypeError) as exc:
                _dump({"error": str(exc), "line": lineno}, out)
                bad += 1
            out.flush() if path == "-" else None
    finally:
        if close:
            stream.close()
    if bad:
        err.write(f"sociable: {bad} line(s) could not be processed\n")
        return 1
    return 0


BENCH_BATCH = 100  # messages per interleaved batch in `sociable bench triage`


def _bench(n: int, data: Path, out: TextIO) -> int:
    from . import encoder
    from .data import DataMissing, read_tsv
    from .engine import triage
    from .evaluate import CASE_FILES, load_cases

    if n <= 0:
        raise _UsageError("sociable bench: error: --messages must be a positive number")
    source = "project cases"
    try:
        texts = [r["text"] for r in read_tsv(data, "sentiment", "val")]
        source = "sentiment validation corpus"
    except DataMissing:
        texts = [c["text"] for f in CASE_FILES for c in load_cases(f)]
    messages = [texts[i % len(texts)] for i in range(n)]
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    sia = SentimentIntensityAnalyzer()
    triage("warm up")  # load the models once, outside the timing
    encoder.load()  # and the second stage's encoder, which a worker keeps loaded too
    sia.polarity_scores("warm up")
    # Interleaved in small batches, the order swapped each round, so a busy machine slows
    # both sides alike and the ratio between them holds.
    timed = {"triage": 0.0, "vader": 0.0}
    sides = [("triage", triage), ("vader", sia.polarity_scores)]
    for round_number, first in enumerate(range(0, n, BENCH_BATCH)):
        batch = messages[first : first + BENCH_BATCH]
        for name, score in sides if round_number % 2 == 0 else sides[::-1]:
            start = time.perf_counter()
            for t in batch:
                score(t)
            timed[name] += time.perf_counter() - start
    triage_s, vader_s = timed["triage"], timed["vader"]
    result = {
        "messages": n,
        "messages_per_s": round(n / triage_s, 1),
        "vader_messages_per_s": round(n / vader_s, 1),
        "vader_times_faster": round(triage_s / vader_s, 2),
        "source": source,
    }
    _dump(result, out)
    return 0


def main(
    argv: list[str] | None = None, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        args = _parser().parse_args(argv)
        if args.command in ("triage", "check-draft"):
            from .draft import check_draft
            from .engine import triage

            fn = triage if args.command == "triage" else check_draft
            ctx = _context(args.context)
            if (args.text is None) == (args.jsonl is None):
                raise _UsageError(f"sociable {args.command}: error: give either TEXT or --jsonl")
            if args.jsonl is not None:
                return _jsonl(args.jsonl, fn, ctx, out, err)
            _dump(fn(args.text, context=ctx).to_dict(), out)
            return 0
        if args.command == "train":
            from .data import DataMissing
            from .teacher import TeacherUnavailable
            from .train import train, train_heads, train_risk

            try:
                if args.what == "triage" and args.head:
                    train_heads(args.data, args.head, args.out,
                                log=lambda s: err.write(s + "\n"),
                                teacher=not args.no_teacher, cache=args.cache)  # fmt: skip
                elif args.what == "risk":
                    train_risk(args.data, args.out, log=lambda s: err.write(s + "\n"))
                else:
                    train(args.data, args.out, log=lambda s: err.write(s + "\n"),
                          teacher=not args.no_teacher, cache=args.cache)  # fmt: skip
            except (DataMissing, TeacherUnavailable, ValueError) as exc:
                err.write(f"sociable train: error: {exc}\n")
                return 2
            return 0
        if args.command == "eval":
            from .data import DataMissing
            from .evaluate import run, table

            try:
                result = run(
                    None if args.cases_only else args.data, log=lambda s: err.write(s + "\n")
                )
            except DataMissing as exc:
                err.write(
                    f"sociable eval: error: {exc} (use --data DIR, or --cases-only for the "
                    "project's own cases)\n"
                )
                return 2
            except RuntimeError as exc:
                err.write(f"sociable eval: error: {exc}\n")
                return 1
            if args.json:
                _dump(result, out)
            else:
                out.write(table(result) + "\n")
            return 0
        if args.command == "bench":
            return _bench(args.messages, args.data, out)
    except _UsageError as exc:
        err.write(str(exc) + "\n")
        return 2
    except ModuleNotFoundError as exc:  # the desk's own install leaves out what only these need
        extra = _EXTRAS.get((exc.name or "").partition(".")[0])
        if extra is None:
            raise
        err.write(
            f"sociable {args.command}: error: this needs {exc.name}, which the desk itself does "
            f"not install: pip install -e '.[{extra}]' (make test installs it)\n"
        )
        return 2
    except SystemExit as exc:  # --help
        return int(exc.code or 0)
    return 2  # pragma: no cover


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
