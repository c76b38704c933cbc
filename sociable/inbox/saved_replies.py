"""Saved replies: the team's FAQ library, with variables filled from the conversation."""

from __future__ import annotations

import re

from sociable.inbox.models import ROUTES, SavedReply
from sociable.inbox.signposting import conversation_kind
from sociable.triage import Route, signposting
from sociable.triage.signposting import EMERGENCY_NUMBER

# Saved replies are suggested by route; a crisis that is a medical emergency has replies of its
# own (the emergency number now, never the mental-health helplines).
MEDICAL_EMERGENCY = "medical_emergency"
SUGGEST_FOR = [*ROUTES[:1], (MEDICAL_EMERGENCY, "Crisis: medical emergency"), *ROUTES[1:]]

LANGUAGES = [("en", "English"), ("cy", "Cymraeg (Welsh)"), ("both", "Both: Cymraeg and English")]

VARIABLES = {
    "first_name": "the person's first name",
    "pals_phone": "your PALS phone number",
    "pals_email": "your PALS e-mail address",
    "organisation": "your organisation's name",
    **signposting.VARIABLE_DESCRIPTIONS,
}

DEFAULTS = [
    (
        "Crisis: reach out now",
        ["crisis"],
        "Hi {first_name}, we're really sorry you're going through this and we want you to get "
        "help right now. {crisis_signposting} We'll message you privately too.",
    ),
    (
        f"Medical emergency: call {EMERGENCY_NUMBER} now",
        [MEDICAL_EMERGENCY],
        "Hi {first_name}, we're worried by what you describe. {emergency_signposting} Please "
        "don't wait for a reply from us. "
        "We'll message you privately too.",
    ),
    (
        "Safeguarding: we are taking this seriously",
        ["safeguarding"],
        "Hi {first_name}, thank you for telling us. We take this seriously and want to look into "
        "it straight away. Please send us a private message with the best way to reach you. "
        f"If anyone is in immediate danger, call {EMERGENCY_NUMBER}.",
    ),
    (
        "Clinical question: signpost",
        ["clinical"],
        "Hi {first_name}, thanks for getting in touch. {clinical_signposting}",
    ),
    (
        "Personal details shared publicly",
        ["personal_data"],
        "Hi {first_name}, to protect your privacy we've hidden your comment because it included "
        "personal details. Please send us a private message or contact PALS on {pals_phone} and "
        "we'll help.",
    ),
    (
        "Complaint: sorry, let's talk",
        ["complaint"],
        "Hi {first_name}, we're sorry to hear about your experience. We'd like to look into this "
        "properly: please contact our Patient Advice and Liaison Service (PALS) on {pals_phone} or "
        "{pals_email} so we can help.",
    ),
    (
        "Misinformation: the facts",
        ["misinformation"],
        "Hi {first_name}, thanks for raising this. That isn't correct: the latest accurate "
        "information is on our website and on nhs.uk. Please ask if you have any questions.",
    ),
    (
        "Thank you",
        ["praise"],
        "Thank you so much for your kind words, {first_name}. We'll make sure the team see this!",
    ),
    (
        "Query: we'll find out",
        ["query"],
        "Hi {first_name}, thanks for your question. We're checking with the team and will come "
        "back to you as soon as we can.",
    ),
]


# A variable is a name in braces and nothing else: no format spec ({first_name:>20000000}
# would pad to 20 MB), no conversion, no attribute or index ({first_name.__class__}).
_VARIABLE = re.compile(r"\{([^{}]*)\}")
MAX_LENGTH = 5000  # characters in a saved reply


def values_for(conversation) -> dict:
    organisation = conversation.organisation
    name = (conversation.contact.name or "").split()
    return {
        "first_name": name[0] if name else "there",
        "pals_phone": organisation.pals_phone or "[PALS phone: add it in Settings]",
        "pals_email": organisation.pals_email or "[PALS e-mail: add it in Settings]",
        "organisation": organisation.name,
        **signposting.variables(organisation.nation),
    }


def render(body: str, conversation) -> str:
    """Fill the variables; anything else in braces stays visible as written, for the writer to
    fix. The result is never longer than the text plus the filled values."""
    return _fill(body, values_for(conversation))


def _fill(body: str, values: dict) -> str:
    return _VARIABLE.sub(lambda m: values.get(m.group(1), m.group(0)), body)


def guard_findings(body: str, organisation) -> list[dict]:
    """What the confidentiality guard blocks in a saved reply, its variables filled as they
    would be for a person called Sam (a name next to care details is what the guard looks
    for). The organisation's public contacts are allowed, as in every reply."""
    from sociable.inbox.triaging import check_outgoing
    from sociable.triage import check_draft

    values = {
        "first_name": "Sam",
        "pals_phone": getattr(organisation, "pals_phone", "") or "",
        "pals_email": getattr(organisation, "pals_email", "") or "",
        "organisation": getattr(organisation, "name", "") or "",
        **signposting.variables(),
    }
    text = _fill(body, values)
    check = check_outgoing(text, organisation) if organisation else check_draft(text).to_dict()
    return [f for f in check["findings"] if f["blocking"]]


def unknown_variables(body: str) -> list[str]:
    """What is in braces but is not exactly one of the listed variables."""
    return [inner for inner in _VARIABLE.findall(body) if inner not in VARIABLES]


def suggestions(conversation, kind: str | None = None):
    """The saved replies suggested for the conversation, and all of them. `kind`: the
    conversation's kind (signposting.conversation_kind) when it is known already."""
    replies = SavedReply.objects.filter(organisation=conversation.organisation)
    key = conversation.route
    if key == Route.CRISIS and (kind or conversation_kind(conversation)) == MEDICAL_EMERGENCY:
        key = MEDICAL_EMERGENCY
    suggested = [r for r in replies if key in (r.routes or [])]
    return suggested, list(replies)


def ensure_defaults(organisation) -> int:
    made = 0
    for title, routes, body in DEFAULTS:
        _, created = SavedReply.objects.get_or_create(
            organisation=organisation, title=title, defaults={"routes": routes, "body": body}
        )
        made += created
    return made
