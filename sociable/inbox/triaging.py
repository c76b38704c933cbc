"""The desk's bridge to the triage engine: the organisation's context in, plain dicts out."""

from sociable.triage import check_draft, triage


def context_for(organisation) -> dict:
    return {
        "organisation": organisation.name,
        "hospital_number_patterns": [
            line.strip() for line in organisation.hospital_number_patterns.splitlines()
            if line.strip()
        ],
        "public_contacts": organisation.public_contacts,
        "nation": organisation.nation,
    }


def triage_message(text: str, organisation) -> dict:
    return triage(text, context=context_for(organisation)).to_dict()


def check_outgoing(text: str, organisation) -> dict:
    return check_draft(text, context=context_for(organisation)).to_dict()
