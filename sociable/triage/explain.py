"""The verdict's reasons in the words of a comms officer: which words matched, what was set aside,
and, where a learned model decided, that it did — never its score. Reasons are read as the
engine writes them (and as they were stored in earlier verdicts); the route is not changed here."""

import re

KINDS = {
    "ADDRESS": "a home address",
    "DATE_OF_BIRTH": "a date of birth",
    "EMAIL_ADDRESS": "an e-mail address",
    "HOSPITAL_NUMBER": "a hospital number",
    "NAMED_PATIENT": "a patient's name",
    "NHS_NUMBER": "an NHS number",
    "NI_NUMBER": "a National Insurance number",
    "PHONE_NUMBER": "a phone number",
    "UK_POSTCODE": "a postcode",
}

SET_ASIDE = {
    "figurative": "a figure of speech",
    "negated": "said not to be happening",
    "joke or reaction": "a joke or a reaction",
    "education/question": "a question or information",
    "in the past": "in the past",
    "awareness": "awareness-raising",
    "mention without risk": "mentioned without risk",
    "everyday phrase": "an everyday phrase",
    "no disclosure": "not a disclosure",
    "safeguarding awareness": "safeguarding awareness-raising",
    "medicine question": "a question about taking a medicine as prescribed",
    "quoted": "quoted from a song, a film or a book",
    "everyday context": "part of an everyday errand or plan",
}

SECOND_STAGE = {
    "second stage agreed": "A second reading, of what the whole message means, agreed",
    "second stage overruled the crisis risk model": "A first reading suggested a risk to life; "
    "a second reading, of what the whole message means, did not, so it was not raised",
    "second stage overruled the safeguarding risk model": "A first reading suggested a "
    "safeguarding concern; a second reading, of what the whole message means, did not, so it "
    "was not raised",
}

MODELS = {
    "crisis risk": "The wording reads like a risk to life, although no listed phrase matched",
    "safeguarding risk": "The wording reads like a safeguarding concern, although no listed "
    "phrase matched",
    "clinical question": "It reads like a question about someone's health or treatment",
    "offensive language": "The language reads as offensive",
    "complaint": "It reads like a complaint",
    "praise": "It reads like praise",
    "misinformation": "It reads like a health claim that may be false",
    "question": "It reads like a question",
}

_RULE = re.compile(r"^(?P<what>.+?) rule matched '(?P<words>.*)'$", re.S)
_FAMILY = re.compile(r"^crisis \((?P<family>[^,)]+)(?P<other>, about someone else)?\)$")
_SCORE = re.compile(r"^(?P<model>[a-z ]+?) model p=[0-9.]+(?P<rest>.*)$", re.S)
_SET_ASIDE = re.compile(r"^not treated as risk: (?P<kind>[^:]+): '(?P<words>.*)'$", re.S)
_PARTS = re.compile(
    r"^read in parts \((?P<size>[0-9,]+) characters\): decided by characters "
    r"(?P<start>[0-9,]+) to (?P<end>[0-9,]+)$"
)
_QUOTED = re.compile(r"'([^']*)'")


def _rule(what: str, words: str) -> str:
    family = _FAMILY.match(what)
    if family:
        about = " (about someone else)" if family["other"] else ""
        return f"The words “{words}” matched a {family['family']} phrase{about}"
    if what.startswith("safeguarding"):
        about = " (about someone else)" if "someone else" in what else ""
        return f"The words “{words}” matched a safeguarding phrase{about}"
    noun = {
        "clinical question": "a clinical question",
        "abuse": "an abuse or threat",
        "spam": "a spam",
    }.get(what, f"a {what}")
    return f"The words “{words}” matched {noun} phrase"


def explain(reason: str) -> str:
    """One reason in plain words."""
    reason = str(reason).strip()
    if reason in SECOND_STAGE:
        return SECOND_STAGE[reason]
    if m := _RULE.match(reason):
        return _rule(m["what"], m["words"])
    if m := _SET_ASIDE.match(reason):
        kind = SET_ASIDE.get(m["kind"].strip(), m["kind"].strip())
        return f"Not treated as a risk: “{m['words']}” is {kind}"
    if m := _SCORE.match(reason):
        said = MODELS.get(m["model"], f"It reads like {m['model']}")
        claim = _QUOTED.search(m["rest"])
        phrase = f" (the words “{claim[1]}”)" if claim else ""
        return said + phrase
    if reason.startswith("personal data exposed: "):
        kinds = [
            KINDS.get(k.strip(), k.strip().replace("_", " ").lower())
            for k in reason.split(":", 1)[1].split(",")
            if k.strip()
        ]
        return "It shows personal information: " + ", ".join(kinds)
    if reason.startswith("praise: ") and (words := _QUOTED.search(reason)):
        return f"The words “{words[1]}” are praise"
    if reason.startswith("question about "):
        words = _QUOTED.search(reason)
        return f"A question about “{words[1]}”" if words else "A question"
    if reason.startswith("question ("):
        return "It asks a question"
    if m := _PARTS.match(reason):
        return (
            f"A long message ({m['size']} characters), read in parts: decided by characters "
            f"{m['start']} to {m['end']}"
        )
    return reason


def explain_all(reasons) -> list[str]:
    return [explain(r) for r in reasons or []]
