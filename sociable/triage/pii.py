"""UK personal data detection: NHS numbers, hospital numbers, dates of birth, postcodes,
addresses, phone numbers, e-mail addresses, National Insurance numbers and named patients
together with care details.

Every span satisfies ``text[start:end] == span.text``.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable

import phonenumbers
import re2

from .names import FIRST_NAMES, NOT_NAMES, PERSON_TITLES, STAFF_TITLES
from .verdict import PiiSpan, TriageContext

# ---------------------------------------------------------------------------------------------
# NHS numbers

_SEP = r"[ \-.\u00a0\u2010-\u2015]"
_NHS_CANDIDATE = re.compile(
    rf"(?<![\w])(?<!\d{_SEP})(\d(?:{_SEP}?\d){{9}})(?!{_SEP}?\d)(?![A-Za-z])"
)
_NHS_CONTEXT = re.compile(
    r"\b(?:nhs|chi|patient)\s*(?:number|no\b\.?|num\b|#|id\b)|\bnhs\s*(?:no|num)\b|\bnhs\s*:"
    r"|\bnhs\b",
    re.IGNORECASE,
)
_NHS_FORMATTED = re.compile(r"^\d{3}[ \-]\d{3}[ \-]\d{4}$")


def nhs_check_digit(first_nine: str) -> int | None:
    """Modulus 11 check digit for the first nine digits of an NHS number (None if invalid).

    Weights 10..2; check = 11 - (sum mod 11); 11 becomes 0; 10 means the number is invalid.
    """
    if len(first_nine) != 9 or not first_nine.isdigit():
        return None
    total = sum(int(d) * w for d, w in zip(first_nine, range(10, 1, -1), strict=True))
    check = 11 - (total % 11)
    if check == 11:
        return 0
    if check == 10:
        return None
    return check


def is_valid_nhs_number(value: str) -> bool:
    """True when ``value`` (any spacing or dashes) is 10 digits with a valid check digit."""
    digits = re.sub(r"\D", "", value or "")
    if len(digits) != 10 or len(set(digits)) == 1:
        return False
    check = nhs_check_digit(digits[:9])
    return check is not None and check == int(digits[9])


def _nhs_numbers(text: str) -> list[PiiSpan]:
    spans = []
    for m in _NHS_CANDIDATE.finditer(text):
        raw = m.group(1)
        digits = re.sub(r"\D", "", raw)
        if len(digits) != 10:
            continue
        valid = is_valid_nhs_number(digits)
        before = text[max(0, m.start() - 40) : m.start()]
        context = _NHS_CONTEXT.search(before)
        formatted = bool(_NHS_FORMATTED.match(raw))
        if context and valid:
            confidence = "high"
            why = "NHS number after the words '" + context.group(0) + "'"
        elif context:
            # An order, job or supply reference near the word NHS: the Modulus 11 check
            # digit does not match, so it is not an NHS number (reported, never blocking).
            confidence = "low"
            why = (
                "10 digits near the words '"
                + context.group(0)
                + "' whose check digit does not match, so not an NHS number"
            )
        elif valid and formatted:
            confidence = "medium"
            why = "10 digits in NHS number format (3-3-4) with a valid Modulus 11 check digit"
        elif valid:
            confidence = "low"
            why = "bare 10-digit number with a valid Modulus 11 check digit, no NHS context"
        else:
            continue
        spans.append(PiiSpan("NHS_NUMBER", m.start(1), m.end(1), raw, confidence, why))
    return spans


# ---------------------------------------------------------------------------------------------
# Hospital numbers

_HOSP_CONTEXT = re.compile(
    r"\b(?:hospital\s*(?:number|no\b\.?|num\b|id\b|#)|hosp\.?\s*no\b\.?|mrn\b|m\.r\.n\.?"
    r"|medical\s+record\s+(?:number|no\b\.?)|unit\s+(?:number|no\b\.?)"
    r"|patient\s+(?:id|identifier|ref(?:erence)?)\b|case\s+(?:number|no\b\.?)"
    r"|record\s+(?:number|no\b\.?))"
    r"[\s:#.\-]*(?:is\s+|was\s+|of\s+)?([A-Za-z]{0,4}[ \-]?\d{4,10}[A-Za-z]?)\b",
    re.IGNORECASE,
)
# Trust-prefixed unit numbers such as RTX123456 (ODS trust codes start with R).
_HOSP_PREFIXED = re.compile(r"\bR[A-Z0-9]{2}\d{6,7}\b")


# Both built-in formats have a run of four digits or more.
_FOUR_DIGITS = re.compile(r"\d{4}")


def _hospital_numbers(text: str, ctx: TriageContext) -> list[PiiSpan]:
    spans = []
    four_digits = _FOUR_DIGITS.search(text) is not None
    for m in _HOSP_CONTEXT.finditer(text) if four_digits else ():
        spans.append(
            PiiSpan(
                "HOSPITAL_NUMBER",
                m.start(1),
                m.end(1),
                m.group(1),
                "high",
                "identifier after '" + m.group(0)[: m.start(1) - m.start()].strip() + "'",
            )
        )
    for m in _HOSP_PREFIXED.finditer(text) if four_digits else ():
        spans.append(
            PiiSpan(
                "HOSPITAL_NUMBER",
                m.start(),
                m.end(),
                m.group(0),
                "medium",
                "trust-prefixed unit number format",
            )
        )
    started = time.monotonic()
    for pattern in ctx.hospital_number_patterns:
        if time.monotonic() - started > PATTERN_BUDGET_SECONDS:
            break  # linear-time matching keeps this rare; the budget bounds many patterns
        rx = _compiled(pattern)
        if rx is None:
            continue
        for m in rx.finditer(text):
            if m.end() > m.start():
                spans.append(
                    PiiSpan(
                        "HOSPITAL_NUMBER",
                        m.start(),
                        m.end(),
                        m.group(0),
                        "high",
                        "matches the organisation's hospital number pattern",
                    )
                )
    return spans


# An organisation's own patterns are compiled with RE2, which matches in time linear in the
# text (no catastrophic backtracking: `NSH(\d+)+X` is as quick as `NSH\d+X`), within a memory
# bound. A pattern RE2 cannot run (backreferences, lookaround) is skipped here; the settings
# form refuses it when it is saved.
PATTERN_BUDGET_SECONDS = 0.05
_PATTERN_CACHE: dict[str, object] = {}


def _re2_options():
    options = re2.Options()
    options.max_mem = 8 << 20
    options.log_errors = False
    return options


def compile_linear(pattern: str):
    """`pattern` compiled for linear-time matching; raises ValueError if it cannot be."""
    try:
        return re2.compile(pattern, _re2_options())
    except re2.error as error:
        raise ValueError(str(error)) from None


def _compiled(pattern: str):
    if pattern not in _PATTERN_CACHE:
        try:
            rx = compile_linear(pattern)
        except ValueError:
            rx = None
        if len(_PATTERN_CACHE) >= 256:
            _PATTERN_CACHE.clear()
        _PATTERN_CACHE[pattern] = rx
    return _PATTERN_CACHE[pattern]


# ---------------------------------------------------------------------------------------------
# Dates of birth

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_DATE = (
    r"(?:\d{1,2}[/.\-]\d{1,2}[/.\-](?:\d{4}|\d{2})\b"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\.?,?\s+\d{{4}}\b"
    rf"|{_MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b"
    r"|\d{4}-\d{2}-\d{2}\b)"
)
_DOB = re.compile(
    r"\b(?:d\.?\s?o\.?\s?b\.?|date\s+of\s+birth|born(?:\s+on)?|birth\s*date|birthday)"
    rf"[\s:\-,]*(?:is\s+|was\s+|of\s+|on\s+)?({_DATE})",
    re.IGNORECASE,
)


def _dates_of_birth(text: str) -> list[PiiSpan]:
    return [
        PiiSpan("DATE_OF_BIRTH", m.start(1), m.end(1), m.group(1), "high", "date after DOB words")
        for m in _DOB.finditer(text)
    ]


# ---------------------------------------------------------------------------------------------
# Postcodes, addresses, e-mail, NI numbers

_POSTCODE = re.compile(
    r"\b((?:[A-PR-UWYZ][0-9]{1,2}|[A-PR-UWYZ][A-HK-Y][0-9]{1,2}|[A-PR-UWYZ][0-9][A-HJKPSTUW]"
    r"|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY])\s?[0-9][ABD-HJLNP-UW-Z]{2})\b"
)
_ADDRESS = re.compile(
    r"\b(\d{1,4}[A-Za-z]?,?\s+(?:[A-Z][a-z'\-]+\s+){1,3}"
    r"(?:Road|Rd|Street|Avenue|Ave|Lane|Close|Drive|Way|Crescent|Court|Place|Gardens|Grove"
    r"|Terrace|Row|Walk|Square|Mews|Rise|View|Parade)\b\.?)"
)
_EMAIL = re.compile(r"(?<![\w.+\-])([\w.+\-]{1,64}@[A-Za-z0-9\-]{1,63}(?:\.[A-Za-z0-9\-]{1,63})+)")
_NI = re.compile(
    r"\b((?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\s?\d{2}\s?\d{2}\s?\d{2}"
    r"\s?[A-D])\b"
)
_NI_CONTEXT = re.compile(r"national\s+insurance|\bni\s*(?:no|number)", re.IGNORECASE)
_NI_LOWER = re.compile(
    r"\b((?!bg|gb|kn|nk|nt|tn|zz)[a-ceghj-pr-tw-z][a-ceghj-npr-tw-z]\s?\d{2}\s?\d{2}\s?\d{2}"
    r"\s?[a-d])\b"
)


def _postcodes(text: str) -> list[PiiSpan]:
    return [
        PiiSpan("UK_POSTCODE", m.start(1), m.end(1), m.group(1), "medium", "UK postcode")
        for m in _POSTCODE.finditer(text)
    ]


def _addresses(text: str) -> list[PiiSpan]:
    return [
        PiiSpan("ADDRESS", m.start(1), m.end(1), m.group(1), "medium", "street address")
        for m in _ADDRESS.finditer(text)
    ]


def _emails(text: str) -> list[PiiSpan]:
    return [
        PiiSpan("EMAIL_ADDRESS", m.start(1), m.end(1), m.group(1), "high", "e-mail address")
        for m in _EMAIL.finditer(text)
    ]


def _ni_numbers(text: str) -> list[PiiSpan]:
    spans = [
        PiiSpan("NI_NUMBER", m.start(1), m.end(1), m.group(1), "high", "National Insurance number")
        for m in _NI.finditer(text)
    ]
    if _NI_CONTEXT.search(text):
        seen = {s.start for s in spans}
        for m in _NI_LOWER.finditer(text):
            if m.start(1) not in seen:
                spans.append(
                    PiiSpan(
                        "NI_NUMBER",
                        m.start(1),
                        m.end(1),
                        m.group(1),
                        "high",
                        "National Insurance number",
                    )
                )
    return spans


# ---------------------------------------------------------------------------------------------
# Phone numbers

_ANY_DIGIT = re.compile(r"\d")
_PHONE_HINT = re.compile(r"\d[\d\s\-().]{7,}\d")
_MOBILE = phonenumbers.PhoneNumberType.MOBILE
_MOBILE_SHAPE = re.compile(r"(?<![\d+])((?:\+44\s?7|07)\d{3}[\s\-]?\d{3}[\s\-]?\d{3})(?![\d])")


def _phones(text: str) -> list[PiiSpan]:
    if not _PHONE_HINT.search(text):
        return []
    spans = []
    try:
        matcher = phonenumbers.PhoneNumberMatcher(
            text, "GB", leniency=phonenumbers.Leniency.VALID, max_tries=50
        )
        for match in matcher:
            start, end = match.start, match.end
            if text[start:end] != match.raw_string:
                continue
            kind = phonenumbers.number_type(match.number)
            mobile = kind == _MOBILE
            spans.append(
                PiiSpan(
                    "PHONE_NUMBER",
                    start,
                    end,
                    match.raw_string,
                    "high" if mobile else "medium",
                    "mobile phone number" if mobile else "phone number",
                )
            )
    except Exception:  # noqa: BLE001, S110 - a malformed number must never break triage  # nosec B110
        pass
    # UK mobile shapes that the numbering plan does not (yet) recognise, e.g. 07700 900xxx
    for m in _MOBILE_SHAPE.finditer(text):
        if not any(s.start < m.end(1) and m.start(1) < s.end for s in spans):
            spans.append(
                PiiSpan(
                    "PHONE_NUMBER",
                    m.start(1),
                    m.end(1),
                    m.group(1),
                    "medium",
                    "UK mobile number format",
                )
            )
    return spans


def normalise_contact(value: str) -> str:
    """Canonical form of a phone number or e-mail address, to compare with public contacts."""
    value = (value or "").strip()
    if "@" in value:
        return value.lower()
    try:
        num = phonenumbers.parse(value, "GB")
        return phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.E164)
    except phonenumbers.NumberParseException:
        return re.sub(r"\D", "", value)


# ---------------------------------------------------------------------------------------------
# Named patients with care details

_CARE = re.compile(
    r"\b(?:blood\s+test|born|ward\s*\w+|bed\s*\d+|bay\s*\d+|side\s+room|icu|itu|hdu|intensive\s+care|a\s?&\s?e"
    r"|diagnos\w*|cancer|tumou?r|dementia|stroke|chemo\w*|radiotherapy|dialysis|surgery"
    r"|operation|op\b|scan|mri|x-?ray|biopsy|results?|treatment|treated|admitted|discharged"
    r"|discharge|in\s+hospital|recovering|recovery|condition|prognosis|terminal|palliative"
    r"|end\s+of\s+life|hiv|pregnan\w*|miscarr\w*|overdose|sectioned|mental\s+health|medication"
    r"|transplant|fracture[sd]?|broken\s+\w+|hip\s+replacement|knee\s+replacement|covid|sepsis"
    r"|infection|in\s+theatre|labour|gave\s+birth|passed\s+away|died|resus\w*)\b",
)
_TITLE_NAME = re.compile(
    r"\b((?:" + "|".join(PERSON_TITLES) + r")\.?\s+[A-Z][a-zA-Z'\-]+(?:\s+[A-Z][a-zA-Z'\-]+)?)"
)
_STAFF_NAME = re.compile(
    r"\b(?:" + "|".join(STAFF_TITLES) + r")\.?\s+([A-Z][a-zA-Z'\-]+(?:\s+[A-Z][a-zA-Z'\-]+)?)"
)
_CAP_SEQ = re.compile(r"\b([A-Z][a-z'\-]+(?:\s+[A-Z][a-zA-Z'\-]+){0,2})\b")
_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]*")
_PATIENT_CUE = re.compile(
    r"\b(?:patient|get\s+well|wishing|visit(?:ed|ing)?|our\s+(?:lovely\s+)?patient|mr|mrs|ms"
    r"|miss|mum|dad|nan|gran|grandad|grandma|husband|wife|son|daughter|aged?\s+\d+)\b",
    re.IGNORECASE,
)
_THANKS_CUE = re.compile(
    r"\b(?:thanks?|thank\s+you|shout\s*-?\s*out|kudos|well\s+done|congratulations|congrats"
    r"|welcome\s+to|meet|say\s+hello\s+to|proud\s+of|nominated|award|retir\w+)\b",
    re.IGNORECASE,
)


def _possessive_stem(word: str) -> str:
    """'David's' -> 'David' (the name without its possessive ending)."""
    return word[:-2] if word.endswith(("'s", "’s")) else word


def person_names(text: str, ctx: TriageContext) -> list[tuple[int, int, str, str]]:
    """Candidate names of people: (start, end, name, kind) with kind 'public' or 'staff'."""
    found: list[tuple[int, int, str, str]] = []
    staff_lower = {s.lower() for s in ctx.staff_names}
    for m in _STAFF_NAME.finditer(text):
        found.append((m.start(1), m.end(1), m.group(1), "staff"))
    for m in _TITLE_NAME.finditer(text):
        found.append((m.start(1), m.end(1), m.group(1), "public"))
    taken = [(s, e) for s, e, _, _ in found]
    for m in _CAP_SEQ.finditer(text):
        words = list(_WORD.finditer(m.group(1)))
        i = 0
        while i < len(words):
            word = words[i].group(0)
            if _possessive_stem(word) not in FIRST_NAMES or (
                word != _possessive_stem(word) and i + 1 < len(words)  # St Mary's Hospital
            ):
                i += 1
                continue
            j = i + 1
            while (
                j < len(words)
                and words[j].group(0) not in NOT_NAMES
                and (words[j].group(0).upper() != words[j].group(0))
            ):
                j += 1
            start = m.start(1) + words[i].start()
            end = m.start(1) + words[j - 1].end()
            last = words[j - 1].group(0)
            end -= len(last) - len(_possessive_stem(last))
            name = text[start:end]
            i = j
            if any(s <= start < e for s, e in taken):
                continue
            first = name.split()[0].lower()
            kind = "staff" if name.lower() in staff_lower or first in staff_lower else "unknown"
            found.append((start, end, name, kind))
    return found


_SENTENCE_END = re.compile(r"[.!?\n]")
# A following sentence that goes on about the same person ("She is recovering", "Your scan
# showed ...") belongs to the name's window: the draft is judged as a whole.
_GOES_ON = re.compile(r"\s*(?:she|he|they|her|his|their|your|you)\b", re.IGNORECASE)


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    left = max(text.rfind(c, 0, start) for c in ".!?\n")
    m = _SENTENCE_END.search(text, end)
    right = m.start() if m else len(text)
    if m and _GOES_ON.match(text, m.end()):
        m2 = _SENTENCE_END.search(text, m.end())
        right = m2.start() if m2 else len(text)
    return max(0, left + 1, start - 120), min(len(text), right, end + 200)


# Thanks addressed to the name itself ("Thanks to Sarah", "shout out to our lovely Linda"),
# not thanks anywhere before it ("Thanks for asking. Margaret Thompson on Ward 7 ...").
_THANKS_TO_NAME = re.compile(
    r"\b(?:thanks?|thank\s+you|shout\s*-?\s*out|kudos|well\s+done|congratulations|congrats"
    r"|welcome|meet|say\s+hello|proud\s+of|nominated|retir\w+)(?:\s+(?:so\s+much|very\s+much"
    r"|again|also|as\s+well))?\s*,?\s+(?:to\s+)?(?:our\s+|the\s+)?(?:(?:lovely|amazing|wonderful"
    r"|brilliant|fantastic|fabulous|own|colleague|team|member|of|staff|nurse|volunteer)\s+){0,3}$",
    re.IGNORECASE,
)
# A staff role right next to the name ("Meet Tom, one of our paramedics", "our volunteers
# Jean and Peter").
_STAFF_WORDS = re.compile(
    r"\b(?:paramedics?|nurses?|doctors?|volunteers?|colleagues?|staff|team\s+members?"
    r"|midwi(?:fe|ves)|porters?|physios?|consultants?|receptionists?|surgeons?|hcas?"
    r"|healthcare\s+assistants?|matrons?|chefs?|cleaners?|apprentices?)\b",
    re.IGNORECASE,
)
# Care details that say something about a person's health or care (not only where they are):
# they make a thanked name a patient too.
_HEALTH_DETAIL = re.compile(
    r"\b(?:diagnos\w*|cancer|tumou?r|dementia|chemo\w*|radiotherapy|dialysis|surgery|operation"
    r"|biopsy|results?|scan|mri|x-?ray|admitted|discharged|recovering|prognosis|terminal"
    r"|palliative|end\s+of\s+life|hiv|pregnan\w*|miscarr\w*|overdose|sectioned|transplant"
    r"|fracture[sd]?|hip\s+replacement|knee\s+replacement|sepsis|infection|gave\s+birth|born"
    r"|passed\s+away|died|blood\s+test)\b"
)


def _named_patients(text: str, ctx: TriageContext) -> list[PiiSpan]:
    if not _CARE.search(text.lower()):  # lower-cased: much faster than IGNORECASE
        return []
    spans = []
    staff_lower = {s.lower() for s in ctx.staff_names}
    for start, end, name, kind in person_names(text, ctx):
        if kind == "staff" or name.lower() in staff_lower:
            continue
        lo, hi = _sentence_bounds(text, start, end)
        window = text[lo:hi]
        care = _CARE.search(window.lower())
        if not care:
            continue
        if kind == "unknown":
            # a name the thanks are addressed to is usually a member of staff being thanked,
            # unless the sentence also tells something about someone's health or care
            before = text[lo:start]
            near = text[max(lo, start - 40) : min(hi, end + 40)]
            if _STAFF_WORDS.search(near) and not _PATIENT_CUE.search(near):
                continue
            if (
                _THANKS_TO_NAME.search(before)
                and not _PATIENT_CUE.search(window)
                and not _HEALTH_DETAIL.search(window.lower())
            ):
                continue
        spans.append(
            PiiSpan(
                "NAMED_PATIENT",
                start,
                end,
                name,
                "medium",
                f"person's name with a care detail ('{care.group(0)}')",
            )
        )
    return spans


# ---------------------------------------------------------------------------------------------


def _resolve_overlaps(spans: Iterable[PiiSpan]) -> list[PiiSpan]:
    order = {
        "NHS_NUMBER": 0,
        "HOSPITAL_NUMBER": 1,
        "NI_NUMBER": 2,
        "DATE_OF_BIRTH": 3,
        "EMAIL_ADDRESS": 4,
        "PHONE_NUMBER": 5,
        "ADDRESS": 6,
        "UK_POSTCODE": 7,
        "NAMED_PATIENT": 8,
    }
    conf = {"high": 0, "medium": 1, "low": 2}
    ranked = sorted(spans, key=lambda s: (conf.get(s.confidence, 3), order.get(s.type, 9)))
    kept: list[PiiSpan] = []
    for s in ranked:
        if any(s.start < k.end and k.start < s.end for k in kept):
            # a low-confidence NHS number overlapping a phone number is the phone number
            continue
        kept.append(s)
    kept.sort(key=lambda s: (s.start, s.end))
    return kept


def find_pii(text: str, context: TriageContext | dict | None = None) -> list[PiiSpan]:
    """All personal data found in ``text``, sorted by position, overlaps resolved."""
    if not text:
        return []
    ctx = TriageContext.coerce(context)
    spans: list[PiiSpan] = []
    has_digit = _ANY_DIGIT.search(text) is not None
    if has_digit:
        spans += _nhs_numbers(text)
        spans += _hospital_numbers(text, ctx)
        spans += _dates_of_birth(text)
        spans += _postcodes(text)
        spans += _addresses(text)
        spans += _ni_numbers(text)
        spans += _phones(text)
    elif ctx.hospital_number_patterns:
        spans += _hospital_numbers(text, ctx)
    if "@" in text:
        spans += _emails(text)
    spans += _named_patients(text, ctx)
    return _resolve_overlaps(spans)
