"""The desk's signposting texts: the one place their wording lives.

Templates (the urgent banners), saved replies, the alert e-mail, the out-of-hours reply and the
public pages take their words from here. A crisis has a kind (from the triage verdict):
``mental_health`` (suicidal intent, self-harm, overdose) is signposted to 999, NHS 111's mental
health option, Samaritans and Shout; ``medical_emergency`` (a child fitting, anaphylaxis, a
collapse) to 999 now and NHS 111 for urgent help, never the mental-health helplines.
"""

from __future__ import annotations

from sociable.triage.routes import EMERGENCY_NUMBER as EMERGENCY
from sociable.triage.routes import SAMARITANS_NUMBER as SAMARITANS
from sociable.triage.routes import SHOUT_NUMBER as SHOUT

CRISIS = (
    f"If you are in danger or someone's life is at risk, call {EMERGENCY} now. For urgent help "
    f"call NHS 111 (choose the mental health option), or talk to Samaritans free, day or night, "
    f"on {SAMARITANS}. You can also text SHOUT to {SHOUT}."
)
URGENT = (
    f"If you need urgent medical help, call NHS 111 or go to 111.nhs.uk. In an emergency, call "
    f"{EMERGENCY}. If you are struggling to cope, Samaritans are there day and night on "
    f"{SAMARITANS}."
)
CLINICAL = (
    "We can't give medical advice on social media. Please contact NHS 111 (111.nhs.uk), your "
    "GP or a pharmacist, who can help with your question."
)
ESSENTIALS = (EMERGENCY, "111", SAMARITANS)


def ensure_urgent(text: str) -> str:
    """Every out-of-hours reply carries 999, NHS 111 and Samaritans, whatever it was edited to."""
    if all(number in text for number in ESSENTIALS):
        return text
    return f"{text.rstrip()} {URGENT}".strip()

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
    "northern_ireland": "call Lifeline on 0808 808 8000",
}


def _nation(nation: str | None) -> str:
    nation = (nation or "england").lower()
    return nation if nation in _NHS_111 else "england"


def crisis(nation: str | None = None) -> str:
    """The reply text for a mental-health crisis."""
    if _nation(nation) == "england":
        return CRISIS
    return (
        f"If you are in danger or someone's life is at risk, call {EMERGENCY} now. For urgent "
        f"help {_NHS_111_MENTAL_HEALTH[_nation(nation)]}, or talk to Samaritans free, day or "
        f"night, on {SAMARITANS}. You can also text SHOUT to {SHOUT}."
    )


def medical_emergency(nation: str | None = None) -> str:
    """The reply text for a medical emergency happening now: 999, never the helplines."""
    return (
        f"This sounds like a medical emergency: call {EMERGENCY} now. If you're not sure it's an "
        f"emergency, {_NHS_111[_nation(nation)]} for urgent medical help."
    )


def variables(nation: str | None = None) -> dict[str, str]:
    """The signposting variables of saved replies."""
    return {
        "signposting": URGENT,
        "crisis_signposting": crisis(nation),
        "emergency_signposting": medical_emergency(nation),
        "clinical_signposting": CLINICAL,
    }


FOOTER = (
    f"In an emergency call {EMERGENCY}. For urgent medical help use NHS 111. Samaritans: "
    f"{SAMARITANS}."
)


def template_context(request) -> dict:
    """Context processor: the footer's signposting on every page."""
    return {"signposting_footer": FOOTER}


# ----------------------------------------------------------------------- the urgent banners

INBOX_BANNER = (
    "Open each one now: it shows the signposting to reply with. Then acknowledge the alert."
)
_BANNERS = {
    "mental_health": (
        f"Reply with the crisis signposting: in an emergency call {EMERGENCY}; NHS 111 (choose "
        f"the mental health option); Samaritans {SAMARITANS}; text SHOUT to {SHOUT}. Then "
        "follow your organisation's escalation procedure."
    ),
    "medical_emergency": (
        f"Reply at once telling them to call {EMERGENCY} now (NHS 111 only "
        "if they are not sure it is an emergency). Do not give medical advice. Then follow your "
        "organisation's escalation procedure."
    ),
    "safeguarding": (
        f"Reply privately and take it seriously: if anyone is in immediate danger, call "
        f"{EMERGENCY}. Refer it to your safeguarding team today, following the safeguarding "
        "procedure."
    ),
}
ALERT_LINES = {
    "mental_health": "Someone may be at risk of suicide or self-harm: reply with the crisis "
    "signposting.",
    "medical_emergency": f"This looks like a medical emergency: the reply should tell them to "
    f"call {EMERGENCY} now.",
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
    signposting also starts with 999."""
    if route == "safeguarding":
        return "safeguarding"
    if route != "crisis":
        return ""
    kind = (verdict or {}).get("kind", "")
    return "medical_emergency" if kind == "medical_emergency" else "mental_health"


def conversation_kind(conversation) -> str:
    """The kind of an urgent conversation, from its latest inbound message on that route."""
    message = (
        conversation.messages.filter(direction="in", route=conversation.route)
        .order_by("-sent_at", "-id")
        .first()
    )
    return kind_of(conversation.route, message.verdict if message else None)


def banner(kind: str) -> str:
    return _BANNERS.get(kind, _BANNERS["mental_health"])
