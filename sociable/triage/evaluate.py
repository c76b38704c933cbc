"""``sociable eval triage``: figures on the corpora's validation splits (or fixed held-out
folds) in each benchmark's official metric, and on the project's own labelled cases."""

from __future__ import annotations

import json
import random
from importlib import resources
from pathlib import Path
from typing import cast

import numpy as np

from . import models
from .data import check_data_dir, holdout_split, read_tsv
from .draft import check_draft
from .engine import triage
from .pii import find_pii, nhs_check_digit
from .rules import misinformation_rule
from .textutil import for_model, normalise
from .train import SEED, clinical_rows, praise_rows
from .verdict import Route


def load_cases(name: str) -> list[dict]:
    text = resources.files("sociable.triage").joinpath("cases", name).read_text("utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


CASE_FILES = ("crisis.jsonl", "safeguarding.jsonl", "clinical.jsonl", "inbox.jsonl")


# ------------------------------------------------------------------------------ metrics


def macro_recall(y_true: list[str], y_pred: list[str]) -> float:
    labels = sorted(set(y_true))
    rec = []
    for c in labels:
        idx = [i for i, t in enumerate(y_true) if t == c]
        rec.append(sum(1 for i in idx if y_pred[i] == c) / len(idx))
    return float(np.mean(rec))


def f1(y_true, y_pred, positive=True) -> float:
    tp = sum(1 for t, p in zip(y_true, y_pred, strict=True) if t == positive and p == positive)
    fp = sum(1 for t, p in zip(y_true, y_pred, strict=True) if t != positive and p == positive)
    fn = sum(1 for t, p in zip(y_true, y_pred, strict=True) if t == positive and p != positive)
    return 2 * tp / max(2 * tp + fp + fn, 1)


def macro_f1(y_true: list[bool], y_pred: list[bool]) -> float:
    return (f1(y_true, y_pred, True) + f1(y_true, y_pred, False)) / 2


# ------------------------------------------------------------------------------ corpora


def _probs(m: models.Models, texts: list[str], head: str) -> list[float]:
    return [float(m.predict(for_model(t))[head]) for t in texts]  # type: ignore[arg-type]


def _binary(m, rows, head, positive, metric, name, split, field="text") -> dict:
    texts = [r[field] for r in rows]
    y = [r["label"] == positive for r in rows]
    t = m.threshold(head)
    pred = [p >= t for p in _probs(m, texts, head)]
    value = macro_f1(y, pred) if metric == "macro-F1" else f1(y, pred)
    return {"name": name, "split": split, "metric": metric, "value": value, "n": len(rows)}


def corpus_metrics(data_dir: Path, log=lambda s: None) -> list[dict]:
    data = check_data_dir(Path(data_dir))
    m = models.load()
    if m is None:
        raise RuntimeError("no shipped models found; run `sociable train triage --data DIR`")
    out: list[dict] = []

    log("sentiment")
    val = read_tsv(data, "sentiment", "val")
    pred = []
    for r in val:
        p = cast("dict[str, float]", m.predict(for_model(r["text"]))["sentiment"])  # softmax
        pred.append(max(p, key=lambda label: p[label]))
    y = [r["label"] for r in val]
    out.append({"name": "sentiment", "split": "val", "metric": "macro-recall",
                "value": macro_recall(y, pred), "n": len(val)})  # fmt: skip
    try:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

        sia = SentimentIntensityAnalyzer()
        vpred = []
        for r in val:
            c = sia.polarity_scores(r["text"])["compound"]
            vpred.append("positive" if c >= 0.05 else "negative" if c <= -0.05 else "neutral")
        out.append({"name": "sentiment (VADER reference)", "split": "val",
                    "metric": "macro-recall", "value": macro_recall(y, vpred),
                    "n": len(val)})  # fmt: skip
    except ImportError:  # pragma: no cover
        pass

    log("offensive, hate, misinformation")
    out.append(_binary(m, read_tsv(data, "offensive", "val"), "offensive", "offensive",
                       "macro-F1", "offensive", "val"))  # fmt: skip
    out.append(_binary(m, read_tsv(data, "hate", "val"), "hate", "hate", "macro-F1", "hate",
                       "val"))  # fmt: skip
    out.append(_binary(m, read_tsv(data, "health_misinformation", "val"), "misinformation",
                       "fake", "macro-F1", "misinformation", "val"))  # fmt: skip

    # The engine's misinformation decision (the model, with the rules as evidence), on the
    # same validation rows: what the desk actually flags.
    rows = read_tsv(data, "health_misinformation", "val")
    out.append({"name": "misinformation flag (engine: model + rules)", "split": "val",
                "metric": "macro-F1",
                "value": macro_f1([r["label"] == "fake" for r in rows],
                                  [triage(r["text"]).flags["misinformation"] for r in rows]),
                "n": len(rows)})  # fmt: skip
    out.append({"name": "misinformation: claim phrases alone (reference)", "split": "val",
                "metric": "macro-F1",
                "value": macro_f1([r["label"] == "fake" for r in rows],
                                  [bool(misinformation_rule(normalise(r["text"])))
                                   for r in rows]),
                "n": len(rows)})  # fmt: skip

    log("complaints, questions")
    _, held = holdout_split(read_tsv(data, "complaints", "train"), SEED)
    out.append(_binary(m, held, "complaint", "complaint", "macro-F1", "complaint",
                       "held-out 20% of train (fixed seed)"))  # fmt: skip
    _, held = holdout_split(read_tsv(data, "tweet_acts", "train"), SEED)
    out.append(_binary(m, held, "question", "question", "F1 (question)",
                       "question vs not (tweet_acts)",
                       "held-out 20% of train (fixed seed)"))  # fmt: skip
    y = [r["label"] == "question" for r in held]
    out.append({"name": "question: 'contains ?' rule (reference)",
                "split": "held-out 20% of train (fixed seed)", "metric": "F1 (question)",
                "value": f1(y, ["?" in r["text"] for r in held]), "n": len(held)})  # fmt: skip

    log("clinical, praise")
    _, held = clinical_rows(data)
    rows = [{"text": r["text"], "label": r["y"]} for r in held]
    out.append(_binary(m, rows, "clinical", 1, "F1 (clinical)", "clinical question model",
                       "held-out 20% (health_questions vs tweets/feedback)"))  # fmt: skip
    _, held = praise_rows(data)
    rows = [{"text": r["text"], "label": r["y"]} for r in held]
    out.append(_binary(m, rows, "praise", 1, "F1 (praise)", "praise model",
                       "held-out 20% (NHS feedback + tweets)"))  # fmt: skip
    return out


# ------------------------------------------------------------------------------ own cases


def case_metrics() -> list[dict]:
    out: list[dict] = []
    cases = [c for f in CASE_FILES for c in load_cases(f)]
    verdicts = [triage(c["text"], context=c.get("context")) for c in cases]

    def rate(rows) -> float:
        rows = list(rows)
        return sum(rows) / max(len(rows), 1)

    for route in ("crisis", "safeguarding", "clinical", "personal_data"):
        pos = [v for c, v in zip(cases, verdicts, strict=True) if c["route"] == route]
        neg = [v for c, v in zip(cases, verdicts, strict=True) if c["route"] != route]
        out.append({"name": f"{route}: recall", "split": "own cases (all files)",
                    "metric": "recall", "value": rate(v.route == route for v in pos),
                    "n": len(pos)})  # fmt: skip
        out.append({"name": f"{route}: non-{route} routed to {route}",
                    "split": "own cases (all files)", "metric": "false-positive rate",
                    "value": rate(v.route == route for v in neg), "n": len(neg)})  # fmt: skip

    clin = load_cases("clinical.jsonl")
    out.append({"name": "clinical vs non-clinical query", "split": "own cases (clinical.jsonl)",
                "metric": "accuracy",
                "value": rate(triage(c["text"]).route == c["route"] for c in clin),
                "n": len(clin)})  # fmt: skip

    inbox = load_cases("inbox.jsonl")
    got = [triage(c["text"], context=c.get("context")).route for c in inbox]
    out.append({"name": "overall route (realistic NHS inbox)", "split": "own cases (inbox.jsonl)",
                "metric": "accuracy",
                "value": rate(g == c["route"] for g, c in zip(got, inbox, strict=True)),
                "n": len(inbox)})  # fmt: skip
    for route in Route:
        idx = [i for i, c in enumerate(inbox) if c["route"] == route]
        if idx:
            out.append({"name": f"  inbox recall: {route}", "split": "own cases (inbox.jsonl)",
                        "metric": "recall", "value": rate(got[i] == route for i in idx),
                        "n": len(idx)})  # fmt: skip

    # NHS numbers: every valid number, with context, in several wordings and spacings
    rng = random.Random(SEED)
    numbers: list[str] = []
    while len(numbers) < 500:
        nine = "".join(str(rng.randint(0, 9)) for _ in range(9))
        check = nhs_check_digit(nine)
        if check is not None and len(set(nine)) > 1:
            numbers.append(nine + str(check))
    templates = ["My NHS number is {}", "nhs no: {} pls help", "NHS #{}", "patient number {}",
                 "my nhs number - {} - is on the letter"]  # fmt: skip
    hits = total = 0
    for i, n in enumerate(numbers):
        form = [n, f"{n[:3]} {n[3:6]} {n[6:]}", f"{n[:3]}-{n[3:6]}-{n[6:]}"][i % 3]
        text = templates[i % len(templates)].format(form)
        total += 1
        hits += any("NHS" in s.type and s.text == form for s in find_pii(text))
    out.append({"name": "NHS number recall (valid numbers with context)",
                "split": "generated (500 valid numbers)", "metric": "recall",
                "value": hits / total, "n": total})  # fmt: skip

    drafts = load_cases("drafts.jsonl")
    blocked = [check_draft(c["text"], context=c.get("context")).block for c in drafts]
    held = [b for b, c in zip(blocked, drafts, strict=True) if c["block"]]
    fine = [b for b, c in zip(blocked, drafts, strict=True) if not c["block"]]
    out.append({"name": "drafts with patient-identifiable info blocked",
                "split": "own cases (drafts.jsonl)", "metric": "recall",
                "value": rate(held), "n": len(held)})  # fmt: skip
    out.append({"name": "clean drafts falsely blocked", "split": "own cases (drafts.jsonl)",
                "metric": "false-positive rate", "value": rate(fine), "n": len(fine)})  # fmt: skip

    # Drafts written in the pii corpus's format (full_text, spans), kept for validation: the
    # rules were not changed while looking at them.
    rows = json.loads(
        resources.files("sociable.triage")
        .joinpath("cases", "drafts_validation.json")
        .read_text("utf-8")
    )
    blocked = [
        check_draft(r["full_text"], context=r["metadata"].get("context")).block for r in rows
    ]
    held = [b for b, r in zip(blocked, rows, strict=True) if r["metadata"]["block"]]
    fine = [b for b, r in zip(blocked, rows, strict=True) if not r["metadata"]["block"]]
    split = "own validation (drafts_validation.json)"
    out.append({"name": "draft block recall (validation drafts)", "split": split,
                "metric": "recall", "value": rate(held), "n": len(held)})  # fmt: skip
    out.append({"name": "clean drafts falsely blocked (validation)", "split": split,
                "metric": "false-positive rate", "value": rate(fine), "n": len(fine)})  # fmt: skip
    return out


def run(data_dir: Path | None, log=lambda s: None) -> dict:
    result: dict = {"corpora": [], "cases": case_metrics()}
    if data_dir is not None:
        result["corpora"] = corpus_metrics(data_dir, log)
    result["risk"] = risk_metrics(data_dir, log)
    result["confusion"] = confusion(load_cases("inbox.jsonl"))
    return result


def table(result: dict) -> str:
    lines = []
    for section, title in (
        ("corpora", "Public corpora"),
        ("cases", "Project's own cases"),
        ("risk", "Crisis and safeguarding (rules + risk models)"),
    ):
        rows = result.get(section) or []
        if not rows:
            continue
        lines.append(title)
        lines.append(f"  {'measure':<52} {'metric':<20} {'value':>6} {'n':>6}  split")
        for r in rows:
            lines.append(
                f"  {r['name']:<52} {r['metric']:<20} {r['value']:>6.3f} {r['n']:>6}  {r['split']}"
            )
        lines.append("")
    if result.get("confusion"):
        lines.append(confusion_table(result["confusion"]))
        lines.append("")
    return "\n".join(lines)


# ------------------------------------------------------------------------------ risk figures
#
# Crisis recall per corpus (validation splits), recall on the project's own written
# NHS-inbox-style messages (``cases/risk_written_dev.jsonl``: never trained on, but written by
# the same people who wrote the training examples, so a development figure), safeguarding
# recall, false alarms per 10,000 ordinary tweets, and the share of posts that merely mention
# suicide routed to crisis.

CRISIS_VAL = (
    ("crisis recall: reddit_suicidewatch_sample", "crisis/reddit_suicidewatch_sample",
     ("suicide",)),
    ("crisis recall: twitter_suicidal_intent", "crisis/twitter_suicidal_intent",
     ("suicidal_intent",)),
    ("crisis recall: sdcnl suicidewatch", "crisis/sdcnl_suicide_vs_depression",
     ("suicidewatch",)),
    ("crisis recall: rmhd suicidewatch", "crisis/rmhd_27_subreddits", ("suicidewatch",)),
    ("crisis recall: cssrs Ideation", "crisis/cssrs500_reddit", ("Ideation",)),
    ("crisis recall: cssrs Behavior", "crisis/cssrs500_reddit", ("Behavior",)),
    ("crisis recall: cssrs Attempt", "crisis/cssrs500_reddit", ("Attempt",)),
)  # fmt: skip
ORDINARY_VAL = ("sentiment", "emotion", "irony", "offensive", "hate")
# Ordinary tweets that are genuinely about someone's suicidal thoughts now. Found by searching
# the validation tweets for suicide and self-harm wording (``_SELF_HARM_WORDS``) and reading
# every hit; identified by a hash of the text's key, so no corpus text is kept here.
GENUINE_RISK_TWEETS = {
    "1b2842e41b39",  # emotion: asks when her own suicide thoughts started
    "2cc56b715997",  # offensive: reply to someone threatening to end it now
}
# Validation posts that mention suicide without anyone being at risk now (news, politics,
# jokes, "I'm not suicidal", a past episode), found the same way and read one by one.
MENTION_VAL = {
    "sentiment": {"8ea797e9707f", "68d655dc2ec7"},
    "irony": {"054dff477d57"},
    "offensive": {"d120f52fef76", "5dddfbc4b8ec"},
    "crisis/twitter_suicidal_intent": {"7289518c715c"},
    "crisis/rmhd_27_subreddits": {"767f821fd32a"},
    "crisis/counsel_chat": {"766ab112dbff"},
    "crisis/sdcnl_suicide_vs_depression": {"4a08d7fdaf9f"},
}
_SELF_HARM_WORDS = (
    r"suicid|kill (?:my|him|her)self|kms\b|self.?harm|overdos|want to die|wanna die"
    r"|end (?:it all|my life)|cut(?:ting)? myself|hang myself|don'?t want to (?:live|be alive)"
    r"|better off dead"
)


def _hash_key(text: str) -> str:
    import hashlib

    from .train import _key

    return hashlib.sha1(_key(text).encode(), usedforsecurity=False).hexdigest()[:12]


def ordinary_tweets(data: Path) -> list[str]:
    """Validation tweets of the ordinary corpora, without those genuinely about risk."""
    out = []
    for corpus in ORDINARY_VAL:
        out += [r["text"] for r in read_tsv(data, corpus, "val")
                if _hash_key(r["text"]) not in GENUINE_RISK_TWEETS]  # fmt: skip
    return out


def mention_posts(data: Path | None) -> list[str]:
    """Posts that mention suicide without risk: reviewed validation posts (with data) and the
    project's written hard negatives that name suicide."""
    out = []
    if data is not None:
        for corpus, keys in MENTION_VAL.items():
            out += [r["text"] for r in read_tsv(data, corpus, "val")
                    if _hash_key(r["text"]) in keys]  # fmt: skip
    for c in load_cases("risk_written_dev.jsonl"):
        if c["route"] == "other" and ("suicid" in c["text"].lower() or c.get("mention")):
            out.append(c["text"])
    return out


def _routes(texts: list[str]) -> list[str]:
    return [triage(t).route for t in texts]


def risk_metrics(data_dir: Path | None, log=lambda s: None) -> list[dict]:
    from . import crisis as rules_crisis
    from .textutil import normalise

    out: list[dict] = []

    def rate(xs) -> float:
        xs = list(xs)
        return sum(xs) / max(len(xs), 1)

    if data_dir is not None:
        data = check_data_dir(Path(data_dir))
        log("crisis corpora")
        every = []
        for name, corpus, labels in CRISIS_VAL:
            texts = [r["text"] for r in read_tsv(data, corpus, "val") if r["label"] in labels]
            got = _routes(texts)
            out.append({"name": name, "split": "val", "metric": "recall (route crisis)",
                        "value": rate(g == "crisis" for g in got), "n": len(texts)})  # fmt: skip
            if not corpus.startswith("crisis/cssrs"):
                every += texts
        out.append({"name": "crisis recall, rules alone (reference)",
                    "split": "val (four post-level corpora)", "metric": "recall",
                    "value": rate(rules_crisis.assess(normalise(t)).crisis for t in every),
                    "n": len(every)})  # fmt: skip
        log("ordinary tweets")
        tweets = ordinary_tweets(data)
        got = _routes(tweets)
        alarms = sum(g in ("crisis", "safeguarding") for g in got)
        out.append({"name": "crisis or safeguarding alarms per 10,000 ordinary tweets",
                    "split": "val (sentiment+emotion+irony+offensive+hate)",
                    "metric": "per 10,000", "value": 1e4 * alarms / len(tweets),
                    "n": len(tweets)})  # fmt: skip
        ruled = [rules_crisis.assess(normalise(t)) for t in tweets]
        out.append({"name": "  the same, rules alone (reference)",
                    "split": "val (sentiment+emotion+irony+offensive+hate)",
                    "metric": "per 10,000",
                    "value": 1e4 * sum(r.crisis or r.safeguarding for r in ruled) / len(tweets),
                    "n": len(tweets)})  # fmt: skip
    log("written NHS-inbox-style messages")
    dev = load_cases("risk_written_dev.jsonl")
    for route in ("crisis", "safeguarding"):
        rows = [c for c in dev if c["route"] == route]
        got = _routes([c["text"] for c in rows])
        out.append({"name": f"{route} recall, NHS-inbox-style messages",
                    "split": "own written dev set (development figure)", "metric": "recall",
                    "value": rate(g == route for g in got), "n": len(rows)})  # fmt: skip
    neg = [c["text"] for c in dev if c["route"] == "other"]
    got = _routes(neg)
    out.append({"name": "hard negatives routed to crisis or safeguarding",
                "split": "own written dev set (development figure)",
                "metric": "false-positive rate",
                "value": rate(g in ("crisis", "safeguarding") for g in got),
                "n": len(neg)})  # fmt: skip
    out += blind_metrics(log)
    sg = load_cases("safeguarding.jsonl")
    out.append({"name": "safeguarding recall, own cases (trained on)",
                "split": "own cases (safeguarding.jsonl, development figure)",
                "metric": "recall",
                "value": rate(triage(c["text"]).route == "safeguarding" for c in sg
                              if c["route"] == "safeguarding"),
                "n": sum(c["route"] == "safeguarding" for c in sg)})  # fmt: skip
    mentions = mention_posts(data_dir if data_dir is None else check_data_dir(Path(data_dir)))
    got = _routes(mentions)
    out.append({"name": "posts merely mentioning suicide routed to crisis",
                "split": "reviewed val posts + own written (development figure)",
                "metric": "share", "value": rate(g == "crisis" for g in got),
                "n": len(mentions)})  # fmt: skip
    out.append({"name": "  mentions routed to crisis, rules alone (reference)",
                "split": "reviewed val posts + own written (development figure)",
                "metric": "share",
                "value": rate(rules_crisis.assess(normalise(t)).crisis for t in mentions),
                "n": len(mentions)})  # fmt: skip
    return out


# NHS-inbox-style messages written blind: by a writer who saw no rule, model, case or corpus of
# the project, only a brief of what an NHS organisation's inbox receives (crisis with intent,
# plan, means, timescale or goodbyes, first-hand or about someone else; acute medical
# emergencies; abuse, neglect and exploitation of children and adults at risk; ordinary and
# hard-negative messages). Split at random into two halves of the same mix: the development
# half may be read and learnt from; the holdout half is never read, only scored, so its
# figures are the nearest the project has to a test on material nobody here has seen.
BLIND_SETS = (("blind development half", "risk_blind_dev.jsonl"),
              ("blind holdout half, never read", "risk_blind_holdout.jsonl"))  # fmt: skip


def blind_metrics(log=lambda s: None) -> list[dict]:
    out: list[dict] = []
    for split, name in BLIND_SETS:
        log(f"NHS-inbox-style messages, {split}")
        cases = load_cases(name)
        verdicts = [triage(c["text"]) for c in cases]
        groups = (
            ("crisis recall (mental health)", "crisis", "mental_health"),
            ("crisis recall (medical emergency)", "crisis", "medical_emergency"),
            ("safeguarding recall", "safeguarding", None),
        )
        for label, route, kind in groups:
            got = [v for c, v in zip(cases, verdicts, strict=True)
                   if c["route"] == route and c.get("kind") == kind]  # fmt: skip
            hits = sum(v.route == route for v in got)
            out.append({"name": f"{label}, NHS-inbox-style, {split}", "split": split,
                        "metric": "recall", "n": len(got),
                        "value": hits / max(len(got), 1)})  # fmt: skip
        neg = [v for c, v in zip(cases, verdicts, strict=True) if c["route"] == "other"]
        out.append({"name": f"ordinary and hard-negative messages raised, {split}",
                    "split": split, "metric": "false-positive rate", "n": len(neg),
                    "value": sum(v.route in ("crisis", "safeguarding") for v in neg)
                    / max(len(neg), 1)})  # fmt: skip
    return out


def confusion(cases: list[dict]) -> dict:
    """Per-route confusion counts {true route: {predicted route: n}} on labelled cases."""
    table: dict[str, dict[str, int]] = {}
    for c in cases:
        got = triage(c["text"], context=c.get("context")).route
        row = table.setdefault(c["route"], {})
        row[got] = row.get(got, 0) + 1
    return table


def confusion_table(table: dict) -> str:
    cols = [r for r in Route if any(r in row for row in table.values()) or r in table]
    short = {r: r[:6] for r in cols}
    lines = ["Route confusion, project's inbox cases (rows: true route, columns: routed to)",
             "  " + f"{'':<15}" + "".join(f"{short[c]:>7}" for c in cols)]  # fmt: skip
    for r in cols:
        if r in table:
            row = table[r]
            lines.append("  " + f"{r:<15}" + "".join(f"{row.get(c, 0):>7}" for c in cols))
    return "\n".join(lines)
