"""The desk's bridge to the triage engine: the organisation's context in, plain dicts out."""

from sociable.triage import TriageContext, check_draft
from sociable.triage.windows import triage_whole


def context_for(organisation) -> dict:
    return {
        "organisation": organisation.name,
        "hospital_number_patterns": [
            line.strip()
            for line in organisation.hospital_number_patterns.splitlines()
            if line.strip()
        ],
        "public_contacts": organisation.public_contacts,
        "nation": organisation.nation,
    }


def triage_message(text: str, organisation) -> dict:
    """The verdict on an inbound text, all of it read (a long one in windows)."""
    return triage_whole(text, context=_context_of(organisation)).to_dict()


def check_outgoing(text: str, organisation) -> dict:
    return check_draft(text, context=_context_of(organisation)).to_dict()


def _context_of(organisation) -> TriageContext:
    """The organisation's triage context, built once per version of its settings (ingest
    triages every message of a batch with the same one), not once per message."""
    key = (
        organisation.name,
        organisation.hospital_number_patterns,
        tuple(organisation.public_contacts),
        organisation.nation,
    )
    context = _CONTEXTS.get(key)
    if context is None:
        if len(_CONTEXTS) >= 256:
            _CONTEXTS.clear()
        context = _CONTEXTS[key] = TriageContext.coerce(context_for(organisation))
    return context


_CONTEXTS: dict[tuple, TriageContext] = {}
