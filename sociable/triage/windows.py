"""Triage of a text of any length, in overlapping windows, so that nothing in it goes unread.

`triage` reads the first RULE_CHARS characters: a social media message is far shorter. A
message padded past that (by accident or to hide a sentence) is read here window by window;
the windows overlap by OVERLAP characters so a sentence across a boundary is read whole in one
of them. The verdict is that of the window with the most urgent route (the first window when
several are as urgent), its flags the union of every window's, and a reason says where the
deciding words are.
"""

from __future__ import annotations

import dataclasses

from .engine import RULE_CHARS, triage
from .verdict import PRIORITY, PiiSpan, TriageContext, Verdict

OVERLAP = 2_000


def windows(text: str, size: int = RULE_CHARS, overlap: int = OVERLAP) -> list[tuple[int, str]]:
    """(offset, window) pairs covering the whole text."""
    if len(text) <= size:
        return [(0, text)]
    step = size - overlap
    return [
        (start, text[start : start + size]) for start in range(0, max(1, len(text) - overlap), step)
    ]


def triage_whole(text: str, *, context: TriageContext | dict | None = None) -> Verdict:
    """Triage every part of `text`, however long; see the module's description."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    if len(text) <= RULE_CHARS:
        return triage(text, context=context)
    parts = windows(text)
    first = triage(text, context=context)  # the first window, with personal data searched wider
    best, best_offset = first, 0
    flags = dict(first.flags)
    for offset, part in parts[1:]:
        verdict = triage(part, context=context)
        for name, raised in verdict.flags.items():
            flags[name] = flags.get(name, False) or raised
        if PRIORITY[verdict.route] < PRIORITY[best.route]:
            best, best_offset = verdict, offset
    if best is first:
        return dataclasses.replace(first, flags=flags)
    shifted = [
        dataclasses.replace(p, start=p.start + best_offset, end=p.end + best_offset)
        for p in best.pii
    ]
    known = {(p.start, p.end) for p in shifted}
    pii: list[PiiSpan] = shifted + [p for p in first.pii if (p.start, p.end) not in known]
    where = (
        f"read in parts ({len(text):,} characters): decided by characters "
        f"{best_offset + 1:,} to {min(len(text), best_offset + RULE_CHARS):,}"
    )
    return dataclasses.replace(best, flags=flags, pii=pii, reasons=[where, *best.reasons])
