"""The confidentiality guard: checks an outgoing draft for patient-identifiable information."""

from __future__ import annotations

import re

from .pii import _PATIENT_CUE, find_pii, is_valid_nhs_number, normalise_contact, person_names
from .verdict import DraftCheck, Finding, PiiSpan, TriageContext

_ALWAYS_BLOCK = {
    "HOSPITAL_NUMBER": "Hospital numbers identify a patient and must never be posted.",
    "DATE_OF_BIRTH": "A date of birth identifies a person and must not be posted.",
    "NI_NUMBER": "National Insurance numbers must never be posted.",
    "NAMED_PATIENT": "A named person with care details is patient-identifiable information; "
    "get written consent and remove care details, or move this conversation offline.",
}
_PERSONAL_EMAIL = re.compile(
    r"@(?:gmail|googlemail|hotmail|outlook|live|yahoo|icloud|me|aol|btinternet|sky|virginmedia"
    r"|talktalk|protonmail|proton|gmx|ymail|msn|mail)\.",
    re.IGNORECASE,
)


def _is_public(span: PiiSpan, public: set[str]) -> bool:
    return bool(public) and normalise_contact(span.text) in public


def check_draft(text: str, *, context: TriageContext | dict | None = None) -> DraftCheck:
    """Check an outgoing draft. ``block`` is True when it must not be published as written."""
    text = text if isinstance(text, str) else ("" if text is None else str(text))
    ctx = TriageContext.coerce(context)
    spans = find_pii(text, ctx)
    if not spans:
        return DraftCheck(block=False, findings=[], reasons=[])
    public = {normalise_contact(c) for c in ctx.public_contacts}
    has_person = any(kind != "staff" for _, _, _, kind in person_names(text, ctx))
    has_patient_cue = bool(_PATIENT_CUE.search(text))
    private_contact = [
        s
        for s in spans
        if s.type in ("PHONE_NUMBER", "EMAIL_ADDRESS") and not _is_public(s, public)
    ]
    has_address = any(s.type in ("ADDRESS", "UK_POSTCODE") for s in spans)
    findings: list[Finding] = []
    for s in spans:
        block = False
        why = s.explanation
        if s.type == "NHS_NUMBER":
            # Judged by the Modulus 11 check digit in any spacing, with or without the word
            # NHS: a valid one always blocks, one that fails the check never does.
            if is_valid_nhs_number(s.text):
                block = True
                why += ". NHS numbers must never be posted."
            else:
                why += "; check it is not a patient's number."
        elif s.type in _ALWAYS_BLOCK:
            block = True
            why += ". " + _ALWAYS_BLOCK[s.type]
        elif s.type in ("PHONE_NUMBER", "EMAIL_ADDRESS"):
            if _is_public(s, public):
                why += ": the organisation's own public contact, allowed."
            elif s.type == "PHONE_NUMBER" and s.explanation.startswith(("mobile", "UK mobile")):
                block = True
                why += ": a personal mobile number must not be posted."
            elif s.type == "EMAIL_ADDRESS" and _PERSONAL_EMAIL.search(s.text):
                block = True
                why += ": a personal e-mail address must not be posted."
            elif has_person or has_address or has_patient_cue:
                block = True
                why += ": together with a person's name or address it identifies someone."
            else:
                why += ": check this is a public contact of the organisation."
        elif s.type in ("ADDRESS", "UK_POSTCODE"):
            if has_person or private_contact or has_patient_cue:
                block = True
                why += ": together with a name or contact details it identifies someone."
            else:
                why += ": fine for a public venue, not for a person's home."
        findings.append(Finding(s.type, s.start, s.end, s.text, why, block))
    blocked = [f for f in findings if f.blocking]
    reasons = [f"{f.type} '{f.text}': {f.explanation}" for f in blocked]
    return DraftCheck(block=bool(blocked), findings=findings, reasons=reasons)
