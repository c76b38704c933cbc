"""Signposting: the one place its wording and every helpline number are written.

The verdict's signposting (who to send a person to, per route) and the desk's texts (the urgent
banners, saved replies' variables, the alert e-mail, the out-of-hours reply, the public pages and
the page footer) take their words from here. A crisis has a kind (from the triage verdict):
``mental_health`` (suicidal intent, self-harm, overdose) is signposted to the emergency number,
NHS 111's mental health option, Samaritans and Shout; ``medical_emergency`` (a child fitting,
anaphylaxis, a collapse) to the emergency number now and NHS 111 for urgent help, never the
mental-health helplines.

A test (tests/test_policy_defined_once.py) fails if any of ``NUMBERS`` is written anywhere else.
"""

from __future__ import annotations

from .verdict import Route, TriageContext

# ------------------------------------------------------------------------------ the numbers

EMERGENCY_NUMBER = "999"
NHS_111_NUMBER = "111"
SAMARITANS_NUMBER = "116 123"
SHOUT_NUMBER = "85258"
NSPCC_NUMBER = "0808 800 5000"
LIFELINE_NUMBER = "0808 808 8000"  # Northern Ireland's crisis line
NUMBERS = (
    EMERGENCY_NUMBER,
    NHS_111_NUMBER,
    SAMARITANS_NUMBER,
    SHOUT_NUMBER,
    NSPCC_NUMBER,
    LIFELINE_NUMBER,
)

# --------------------------------------------------------------- the verdict's signposting


def _sp(name: str, contact: str, when: str) -> dict[str, str]:
    return {"name": name, "contact": contact, "when": when}


EMERGENCY_999 = _sp(
    EMERGENCY_NUMBER,
    f"Call {EMERGENCY_NUMBER}",
    "a life is at risk now: medical emergency or danger",
)
SAMARITANS = _sp(
    "Samaritans", f"Call {SAMARITANS_NUMBER} (free, 24/7)", "anyone struggling to cope"
)
SHOUT = _sp("Shout", f"Text SHOUT to {SHOUT_NUMBER} (free, 24/7)", "anyone who prefers to text")
GP = _sp("GP", "Contact your GP practice", "ongoing or non-urgent health problems")
PHARMACIST = _sp("Pharmacist", "Ask a local pharmacist", "medicines and minor illnesses")
PALS = _sp(
    "PALS",
    "Patient Advice and Liaison Service",
    "concerns, complaints and feedback about care",
)
NSPCC = _sp("NSPCC", f"Call {NSPCC_NUMBER}", "worried about a child")
COUNCIL = _sp(
    "Local council safeguarding team",
    "Adult or children's social care at the local council",
    "abuse or neglect of a child or vulnerable adult",
)


def nhs_111(ctx: TriageContext, mental_health: bool = False) -> dict[str, str]:
    nation = (ctx.nation or "england").lower()
    if nation.startswith("scot"):
        name, contact = "NHS 24", f"Call {NHS_111_NUMBER} (NHS 24)"
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
    when = (
        "urgent mental health help"
        if mental_health
        else f"urgent medical help, not {EMERGENCY_NUMBER}"
    )
    return _sp(name, contact, when)


def signposting_for(
    route: str, ctx: TriageContext, *, mental_health: bool, emergency: bool, child: bool
) -> list[dict[str, str]]:
    if route == Route.CRISIS:
        items = [EMERGENCY_999]
        if mental_health or not emergency:
            items += [nhs_111(ctx, mental_health=True), SAMARITANS, SHOUT]
        else:
            items += [nhs_111(ctx)]
        return items
    if route == Route.SAFEGUARDING:
        items = [EMERGENCY_999, COUNCIL]
        if child:
            items.append(NSPCC)
        return items
    if route == Route.CLINICAL:
        return [nhs_111(ctx), GP, PHARMACIST, EMERGENCY_999]
    if route == Route.COMPLAINT:
        return [PALS]
    return []


# ------------------------------------------------------------------------ the desk's texts

CRISIS = (
    f"If you are in danger or someone's life is at risk, call {EMERGENCY_NUMBER} now. For "
    "urgent help call NHS 111 (choose the mental health option), or talk to Samaritans free, "
    f"day or night, on {SAMARITANS_NUMBER}. You can also text SHOUT to {SHOUT_NUMBER}."
)
URGENT = (
    f"If you need urgent medical help, call NHS 111 or go to 111.nhs.uk. In an emergency, call "
    f"{EMERGENCY_NUMBER}. If you are struggling to cope, Samaritans are there day and night on "
    f"{SAMARITANS_NUMBER}."
)
CLINICAL = (
    "We can't give medical advice on social media. Please contact NHS 111 (111.nhs.uk), your "
    "GP or a pharmacist, who can help with your question."
)
ESSENTIALS = (EMERGENCY_NUMBER, NHS_111_NUMBER, SAMARITANS_NUMBER)
# What every out-of-hours reply carries, in words for the settings page.
ESSENTIALS_IN_WORDS = f"{EMERGENCY_NUMBER}, NHS 111, Samaritans"


def ensure_urgent(text: str) -> str:
    """Every out-of-hours reply carries 999, NHS 111 and Samaritans, whatever it was edited to."""
    if all(number in text for number in ESSENTIALS):
        return text
    return f"{text.rstrip()} {URGENT}".strip()


OUT_OF_HOURS_REPLY = (
    "Thanks for your message. This account is not monitored right now. {back}. " + URGENT
)


def default_out_of_hours_reply() -> str:
    """An organisation's out-of-hours reply until it writes its own ({back}: when the team is
    back). A callable, so the wording is read from here, never copied into a migration."""
    return OUT_OF_HOURS_REPLY


# NHS 111 for urgent medical help, as each nation words it.
_NHS_111 = {
    "england": "call NHS 111 or go to 111.nhs.uk",
    "wales": "call NHS 111 Wales or go to 111.wales.nhs.uk",
    "scotland": "call NHS 24 on 111",
    "northern_ireland": "call your GP or GP out of hours service",
}
# NHS 111's mental health option, as each nation words it.
_NHS_111_MENTAL_HEALTH = {
    "england": "call NHS 111 and choose the mental health option",
    "wales": "call NHS 111 Wales and press 2 for mental health",
    "scotland": "call NHS 24 on 111 and choose the mental health option",
    "northern_ireland": f"call Lifeline on {LIFELINE_NUMBER}",
}


def _nation(nation: str | None) -> str:
    nation = (nation or "england").lower()
    return nation if nation in _NHS_111 else "england"


def crisis(nation: str | None = None) -> str:
    """The reply text for a mental-health crisis."""
    if _nation(nation) == "england":
        return CRISIS
    return (
        f"If you are in danger or someone's life is at risk, call {EMERGENCY_NUMBER} now. For "
        f"urgent help {_NHS_111_MENTAL_HEALTH[_nation(nation)]}, or talk to Samaritans free, "
        f"day or night, on {SAMARITANS_NUMBER}. You can also text SHOUT to {SHOUT_NUMBER}."
    )


def medical_emergency(nation: str | None = None) -> str:
    """The reply text for a medical emergency happening now: 999, never the helplines."""
    return (
        f"This sounds like a medical emergency: call {EMERGENCY_NUMBER} now. If you're not sure "
        f"it's an emergency, {_NHS_111[_nation(nation)]} for urgent medical help."
    )


def variables(nation: str | None = None) -> dict[str, str]:
    """The signposting variables of saved replies."""
    return {
        "signposting": URGENT,
        "crisis_signposting": crisis(nation),
        "emergency_signposting": medical_emergency(nation),
        "clinical_signposting": CLINICAL,
    }


# What each variable says, for the person writing a saved reply.
VARIABLE_DESCRIPTIONS = {
    "signposting": f"NHS 111, {EMERGENCY_NUMBER} and Samaritans",
    "crisis_signposting": f"{EMERGENCY_NUMBER}, NHS 111 (mental health option), Samaritans "
    "and Shout",
    "emergency_signposting": f"call {EMERGENCY_NUMBER} now (NHS 111 if unsure): for a medical "
    "emergency",
    "clinical_signposting": "NHS 111, GP or pharmacist, not medical advice",
}

FOOTER = (
    f"In an emergency call {EMERGENCY_NUMBER}. For urgent medical help use NHS 111. Samaritans: "
    f"{SAMARITANS_NUMBER}."
)

# ----------------------------------------------------------------------- the urgent banners

INBOX_BANNER = (
    "Open each one now: it shows the signposting to reply with. Then acknowledge the alert."
)
_BANNERS = {
    "mental_health": (
        f"Reply with the crisis signposting: in an emergency call {EMERGENCY_NUMBER}; NHS 111 "
        f"(choose the mental health option); Samaritans {SAMARITANS_NUMBER}; text SHOUT to "
        f"{SHOUT_NUMBER}. Then follow your organisation's escalation procedure."
    ),
    "medical_emergency": (
        f"Reply at once telling them to call {EMERGENCY_NUMBER} now (NHS 111 only "
        "if they are not sure it is an emergency). Do not give medical advice. Then follow your "
        "organisation's escalation procedure."
    ),
    "safeguarding": (
        f"Reply privately and take it seriously: if anyone is in immediate danger, call "
        f"{EMERGENCY_NUMBER}. Refer it to your safeguarding team today, following the safeguarding "
        "procedure."
    ),
}
ALERT_LINES = {
    "mental_health": "Someone may be at risk of suicide or self-harm: reply with the crisis "
    "signposting.",
    "medical_emergency": f"This looks like a medical emergency: the reply should tell them to "
    f"call {EMERGENCY_NUMBER} now.",
    "safeguarding": "A child or adult may be at risk: refer it to the safeguarding team today.",
}
LABELS = {
    "mental_health": "Crisis",
    "medical_emergency": "Medical emergency",
    "safeguarding": "Safeguarding concern",
}


def kind_of(route: str, verdict: dict | None) -> str:
    """'mental_health', 'medical_emergency' or 'safeguarding' for an urgent route ('' if not).
    A crisis without a kind (e.g. a route corrected by hand) is treated as mental health, whose
    signposting also starts with the emergency number."""
    if route == Route.SAFEGUARDING:
        return "safeguarding"
    if route != Route.CRISIS:
        return ""
    kind = (verdict or {}).get("kind", "")
    return "medical_emergency" if kind == "medical_emergency" else "mental_health"


def banner(kind: str) -> str:
    return _BANNERS.get(kind, _BANNERS["mental_health"])
