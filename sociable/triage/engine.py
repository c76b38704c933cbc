"""The triage engine (placeholder until the rules and models are combined)."""

from __future__ import annotations

from .pii import find_pii
from .verdict import FLAGS, TriageContext, Verdict


def triage(text: str, *, context: TriageContext | dict | None = None) -> Verdict:
    text = text if isinstance(text, str) else ("" if text is None else str(text))
    ctx = TriageContext.coerce(context)
    pii = find_pii(text, ctx)
    flags = dict.fromkeys(FLAGS, False)
    flags["personal_data"] = any(p.confidence != "low" for p in pii)
    route = "personal_data" if flags["personal_data"] else "chat"
    return Verdict(route=route, sentiment="neutral", flags=flags, pii=pii)
