"""Result types of the triage engine: the verdict on an inbound message and the draft check."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

CRISIS_KINDS = ("mental_health", "medical_emergency")


class Route(StrEnum):
    """Where a message goes: the routes, written once, in the decision model's priority order
    (most urgent first; routes.py chooses one). The desk's model choices, forms, filters and
    reports are derived from this."""

    CRISIS = "crisis"
    SAFEGUARDING = "safeguarding"
    CLINICAL = "clinical"
    PERSONAL_DATA = "personal_data"
    ABUSE = "abuse"
    SPAM = "spam"
    COMPLAINT = "complaint"
    MISINFORMATION = "misinformation"
    QUERY = "query"
    PRAISE = "praise"
    CHAT = "chat"

    @property
    def label(self) -> str:
        """The route in words for a comms officer."""
        return _LABELS[self]


_LABELS = {
    Route.CRISIS: "Crisis",
    Route.SAFEGUARDING: "Safeguarding",
    Route.CLINICAL: "Clinical question",
    Route.PERSONAL_DATA: "Personal data exposed",
    Route.ABUSE: "Abuse",
    Route.SPAM: "Spam",
    Route.COMPLAINT: "Complaint",
    Route.MISINFORMATION: "Misinformation",
    Route.QUERY: "Query",
    Route.PRAISE: "Praise",
    Route.CHAT: "Chat",
}
# Alerted at any hour, pinned in the inbox, their clocks counting every minute.
URGENT_ROUTES = frozenset({Route.CRISIS, Route.SAFEGUARDING})
# 0 is the most urgent.
PRIORITY: dict[str, int] = {route: rank for rank, route in enumerate(Route)}

FLAGS = (
    "crisis",
    "safeguarding",
    "clinical",
    "personal_data",
    "offensive",
    "spam",
    "complaint",
    "misinformation",
    "question",
    "praise",
)

SENTIMENTS = ("negative", "neutral", "positive")


@dataclass
class TriageContext:
    """Per-organisation settings that sharpen triage and the confidentiality guard.

    - ``hospital_number_patterns``: regular expressions for the organisation's hospital
      (unit / MRN) numbers, e.g. ``r"RTX\\d{6}"``.
    - ``staff_names``: names of staff, so thanks can be collected as kudos and staff names are
      not mistaken for patients.
    - ``public_contacts``: the organisation's own public phone numbers and e-mail addresses
      (PALS, switchboard, press office); they never block a draft.
    - ``nation``: "england", "wales", "scotland" or "northern_ireland" (signposting wording).
    """

    organisation: str = ""
    hospital_number_patterns: list[str] = field(default_factory=list)
    staff_names: list[str] = field(default_factory=list)
    public_contacts: list[str] = field(default_factory=list)
    nation: str = "england"

    @classmethod
    def coerce(cls, value: Any) -> TriageContext:
        """Accept None, a TriageContext, a dict, or any object with matching attributes."""
        if value is None:
            return cls()
        if isinstance(value, cls):
            return value
        if isinstance(value, dict):
            get = value.get
        else:

            def get(name, default=None):
                return getattr(value, name, default)

        def as_list(v):
            if not v:
                return []
            if isinstance(v, str):
                return [v]
            return [str(x) for x in v if x]

        return cls(
            organisation=str(get("organisation", "") or ""),
            hospital_number_patterns=as_list(get("hospital_number_patterns", None)),
            staff_names=as_list(get("staff_names", None)),
            public_contacts=as_list(get("public_contacts", None)),
            nation=str(get("nation", "england") or "england"),
        )


@dataclass
class PiiSpan:
    """One piece of personal data found in a text; ``text == source[start:end]``."""

    type: str
    start: int
    end: int
    text: str
    confidence: str = "high"  # high / medium / low
    explanation: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Finding:
    """A confidentiality finding in an outgoing draft."""

    type: str
    start: int
    end: int
    text: str
    explanation: str
    blocking: bool

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class DraftCheck:
    """Whether a draft may be published, and what to highlight in the composer."""

    block: bool
    findings: list[Finding] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "block": self.block,
            "findings": [f.to_dict() for f in self.findings],
            "reasons": list(self.reasons),
        }


@dataclass
class Verdict:
    """The triage of one inbound message."""

    route: str
    sentiment: str
    flags: dict[str, bool]
    pii: list[PiiSpan] = field(default_factory=list)
    staff_named: list[str] = field(default_factory=list)
    language: str = "en"
    reasons: list[str] = field(default_factory=list)
    action: str = ""
    signposting: list[dict[str, str]] = field(default_factory=list)
    scores: dict[str, float] = field(default_factory=dict)
    # For the crisis route: "mental_health" (suicidal intent, self-harm, overdose) or
    # "medical_emergency" (a physical emergency happening now: the emergency number, not the
    # mental-health helplines); empty for every other route.
    kind: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "route": self.route,
            "kind": self.kind,
            "sentiment": self.sentiment,
            "flags": dict(self.flags),
            "pii": [p.to_dict() for p in self.pii],
            "staff_named": list(self.staff_named),
            "language": self.language,
            "reasons": list(self.reasons),
            "action": self.action,
            "signposting": [dict(s) for s in self.signposting],
            "scores": {k: round(float(v), 4) for k, v in self.scores.items()},
        }
