"""The desk's bridge to the triage engine: the organisation's context in, a stored verdict out."""

from sociable.triage import triage


def triage_message(text: str, organisation) -> dict:
    return triage(text).to_dict()
