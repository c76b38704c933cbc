"""The response decision model: the ONE place that chooses a route, and what to do about it.

Priority order (DESIGN.md): crisis → safeguarding → clinical question → personal data exposed →
abuse / spam → complaint → misinformation → query → praise → chat.
"""

from __future__ import annotations

from dataclasses import dataclass

from .verdict import TriageContext


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


def decide_route(s: Signals) -> str:
    """Choose the route in the decision model's priority order. Crisis and safeguarding are
    raised when either the rules or the learned risk model say so."""
    if s.crisis or s.crisis_model:
        return "crisis"
    if s.safeguarding or s.safeguarding_model:
        return "safeguarding"
    if s.clinical:
        return "clinical"
    if s.personal_data:
        return "personal_data"
    if s.abuse:
        return "abuse"
    if s.spam:
        return "spam"
    if s.complaint:
        return "complaint"
    if s.misinformation:
        return "misinformation"
    if s.question:
        return "query"
    if s.praise:
        return "praise"
    return "chat"


# --------------------------------------------------------------------------- signposting


def _sp(name: str, contact: str, when: str) -> dict[str, str]:
    return {"name": name, "contact": contact, "when": when}


# The crisis numbers, written once: the desk's texts (inbox/signposting.py) take them from here.
EMERGENCY_NUMBER = "999"
SAMARITANS_NUMBER = "116 123"
SHOUT_NUMBER = "85258"

EMERGENCY_999 = _sp(EMERGENCY_NUMBER, f"Call {EMERGENCY_NUMBER}",
                    "a life is at risk now: medical emergency or danger")
SAMARITANS = _sp("Samaritans", f"Call {SAMARITANS_NUMBER} (free, 24/7)",
                 "anyone struggling to cope")
SHOUT = _sp("Shout", f"Text SHOUT to {SHOUT_NUMBER} (free, 24/7)", "anyone who prefers to text")
GP = _sp("GP", "Contact your GP practice", "ongoing or non-urgent health problems")
PHARMACIST = _sp("Pharmacist", "Ask a local pharmacist", "medicines and minor illnesses")
PALS = _sp(
    "PALS",
    "Patient Advice and Liaison Service",
    "concerns, complaints and feedback about care",
)
NSPCC = _sp("NSPCC", "Call 0808 800 5000", "worried about a child")
COUNCIL = _sp(
    "Local council safeguarding team",
    "Adult or children's social care at the local council",
    "abuse or neglect of a child or vulnerable adult",
)


def nhs_111(ctx: TriageContext, mental_health: bool = False) -> dict[str, str]:
    nation = (ctx.nation or "england").lower()
    if nation.startswith("scot"):
        name, contact = "NHS 24", "Call 111 (NHS 24)"
        if mental_health:
            contact += ", mental health hub"
    elif nation.startswith("wal"):
        name, contact = "NHS 111 Wales", "Call 111 or visit 111.wales.nhs.uk"
        if mental_health:
            contact = "Call 111 and press 2 for mental health"
    else:
        name, contact = "NHS 111", "Call 111 or visit 111.nhs.uk"
        if mental_health:
            contact = "Call 111 and choose option 2 for mental health"
    when = "urgent mental health help" if mental_health else "urgent medical help, not 999"
    return _sp(name, contact, when)


ACTIONS = {
    "crisis": "URGENT: a life may be at risk. Reply now with the emergency signposting, alert the "
    "on-call lead, and follow the crisis procedure (do not wait for office hours).",
    "safeguarding": "Safeguarding concern: reply privately with signposting, and refer to the "
    "organisation's safeguarding team today following the safeguarding procedure.",
    "clinical": "Clinical question: do not give medical advice on social media. Reply with "
    "signposting to NHS 111, GP or pharmacist, and offer to continue by direct message.",
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


def signposting_for(
    route: str, ctx: TriageContext, *, mental_health: bool, emergency: bool, child: bool
) -> list[dict[str, str]]:
    if route == "crisis":
        items = [EMERGENCY_999]
        if mental_health or not emergency:
            items += [nhs_111(ctx, mental_health=True), SAMARITANS, SHOUT]
        else:
            items += [nhs_111(ctx)]
        return items
    if route == "safeguarding":
        items = [EMERGENCY_999, COUNCIL]
        if child:
            items.append(NSPCC)
        return items
    if route == "clinical":
        return [nhs_111(ctx), GP, PHARMACIST, EMERGENCY_999]
    if route == "complaint":
        return [PALS]
    return []
