"""Sociable triage engine: the response decision model and the confidentiality guard.

A pure library (no Django, no network, no database)::

    from sociable.triage import triage, check_draft
    verdict = triage("my dad's face has dropped and he can't lift his arm")
    verdict.route  # "crisis"
    check_draft("Get well soon Mrs Jones on ward 7").block  # True
"""

from .draft import check_draft
from .engine import triage
from .verdict import URGENT_ROUTES, DraftCheck, Finding, PiiSpan, Route, TriageContext, Verdict

__all__ = [
    "DraftCheck",
    "Finding",
    "PiiSpan",
    "Route",
    "TriageContext",
    "Verdict",
    "check_draft",
    "triage",
    "URGENT_ROUTES",
]
