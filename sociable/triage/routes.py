"""The response decision model: the ONE place that chooses a route, and what to do about it.

Priority order (DESIGN.md): crisis → safeguarding → clinical question → personal data exposed →
abuse / spam → complaint → misinformation → query → praise → chat (``verdict.Route`` names them
in that order).
"""

from __future__ import annotations

from dataclasses import dataclass

from .signposting import NHS_111_NUMBER
from .verdict import Route


@dataclass(frozen=True)
class Signals:
    """Everything the route decision looks at (all already thresholded)."""

    crisis: bool = False  # the crisis rules (crisis.py)
    safeguarding: bool = False  # the safeguarding rules (crisis.py)
    crisis_model: bool = False  # the learned crisis risk model (risk.py)
    safeguarding_model: bool = False  # the learned safeguarding risk model (risk.py)
    clinical: bool = False
    personal_data: bool = False
    abuse: bool = False  # offensive and directed at people, or a threat
    offensive: bool = False
    spam: bool = False
    complaint: bool = False
    misinformation: bool = False
    question: bool = False
    praise: bool = False


def decide_route(s: Signals) -> Route:
    """Choose the route in the decision model's priority order. Crisis and safeguarding are
    raised when either the rules or the learned risk model say so."""
    if s.crisis or s.crisis_model:
        return Route.CRISIS
    if s.safeguarding or s.safeguarding_model:
        return Route.SAFEGUARDING
    if s.clinical:
        return Route.CLINICAL
    if s.personal_data:
        return Route.PERSONAL_DATA
    if s.abuse:
        return Route.ABUSE
    if s.spam:
        return Route.SPAM
    if s.complaint:
        return Route.COMPLAINT
    if s.misinformation:
        return Route.MISINFORMATION
    if s.question:
        return Route.QUERY
    if s.praise:
        return Route.PRAISE
    return Route.CHAT


ACTIONS = {
    "crisis": "URGENT: a life may be at risk. Reply now with the emergency signposting, alert the "
    "on-call lead, and follow the crisis procedure (do not wait for office hours).",
    "safeguarding": "Safeguarding concern: reply privately with signposting, and refer to the "
    "organisation's safeguarding team today following the safeguarding procedure.",
    "clinical": "Clinical question: do not give medical advice on social media. Reply with "
    f"signposting to NHS {NHS_111_NUMBER}, GP or pharmacist, and offer to continue by direct "
    "message.",
    "personal_data": "Personal data exposed: hide or remove the message if the network allows, "
    "ask the person to continue by direct message, and do not repeat the details.",
    "abuse": "Abusive or threatening: do not engage. Hide, record and report under the "
    "moderation policy; escalate threats to security or the police.",
    "spam": "Spam: hide, block or report. No reply.",
    "complaint": "Complaint: acknowledge and apologise, then take it offline to PALS or a "
    "direct message. Respond within staffed hours.",
    "misinformation": "Misinformation: reply once, politely, with the correct facts and a link "
    "to an authoritative source (NHS.UK, UKHSA). Do not argue.",
    "query": "Query: answer it (or link the FAQ) within staffed hours.",
    "praise": "Praise: thank them, pass it on to the staff or team named, and record kudos.",
    "chat": "Chat: like or let stand. No reply needed.",
}
