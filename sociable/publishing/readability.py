"""Readability hints for public-health writing: reading age, long sentences, jargon with plain
alternatives, and passive voice.

NHS content guidance asks for writing most people can read: aim for a reading age of 9 to 11.
The reading age here is the Flesch-Kincaid grade plus 5 (the usual UK conversion from US school
grades to ages), with syllables counted by rule of thumb. Below :data:`MIN_WORDS` words a reading
age means little, so none is given.

Hashtags, @mentions, e-mail addresses and links are left out of every count and check.

The jargon list (``data/jargon.csv``: term, suggestion, note) is the product's own data, which
an organisation may extend. Terms match whole words, ignoring case, except abbreviations written
in capitals in the list (``PALS``, ``ED``), which match only in capitals so that "pen pals" and
"Ed" are left alone. An abbreviation whose suggestion spells it out, such as
``Patient Advice and Liaison Service (PALS)``, is flagged at its first use only, and not at all
when the text spells it out first.

Every span satisfies ``0 <= start <= end <= len(text)``, and a jargon hit's
``text[start:end]`` is the term as written in the text.

Plain Python: no Django, no network, no database.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

MIN_WORDS = 20
LONG_SENTENCE_WORDS = 25
TARGET_READING_AGE = (9, 11)
_JARGON_FILE = "jargon.csv"


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class JargonHit:
    term: str  # as listed, e.g. "hypertension"
    start: int
    end: int
    suggestion: str  # e.g. "high blood pressure"
    note: str = ""


@dataclass(frozen=True)
class JargonTerm:
    term: str
    suggestion: str
    note: str = ""


@dataclass(frozen=True)
class Readability:
    reading_age: float | None  # None under MIN_WORDS words
    grade: float | None  # Flesch-Kincaid grade level
    long_sentences: list[Span]
    jargon: list[JargonHit]
    passive_voice: list[Span]
    words: int = 0
    sentences: int = 0

    @property
    def reading_age_ok(self) -> bool | None:
        """True when the reading age is 11 or under (None when there is none)."""
        if self.reading_age is None:
            return None
        return self.reading_age <= TARGET_READING_AGE[1]


# ---------------------------------------------------------------------------------------------
# The whole check


def hints(text: str, jargon: Iterable[JargonTerm] | None = None) -> Readability:
    """Readability hints for ``text``. ``jargon`` defaults to the shipped list."""
    text = text if isinstance(text, str) else ""
    masked = mask(text)
    sentences = [s for s in _sentences(masked) if s[2]]
    words = [w for _, _, ws in sentences for w in ws]
    n_words, n_sentences = len(words), len(sentences)

    grade = reading_age = None
    if n_words >= MIN_WORDS:
        syllables = sum(count_syllables(w) for w in words)
        raw = 0.39 * n_words / n_sentences + 11.8 * syllables / n_words - 15.59
        grade = round(max(raw, 0.0), 1)
        reading_age = round(grade + 5, 1)

    long_sentences = [
        Span(start, end, text[start:end])
        for start, end, ws in sentences
        if len(ws) > LONG_SENTENCE_WORDS
    ]
    terms = load_jargon() if jargon is None else _compile(tuple(jargon))
    return Readability(
        reading_age=reading_age,
        grade=grade,
        long_sentences=long_sentences,
        jargon=_find_jargon(text, masked, terms),
        passive_voice=_passive(text, masked),
        words=n_words,
        sentences=n_sentences,
    )


# ---------------------------------------------------------------------------------------------
# Masking what is not prose

_NOT_PROSE = re.compile(
    r"""
      (?:https?://|www\.)\S+                                  # links
    | (?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+               # e-mail addresses
    | (?<![\w@])@\w+(?:[.\w]*\w)?(?:@[\w-]+(?:\.[\w-]+)+)?   # @mentions, @user@instance
    | (?<![\w#&])\#\w+                                        # hashtags
    | (?<![\w.-])[\w-]+(?:\.[\w-]+)*\.(?:uk|com|org|net|scot|wales|nhs|gov)\b(?:/\S*)?
    """,
    re.VERBOSE | re.IGNORECASE,
)


def mask(text: str) -> str:
    """``text`` with links, e-mail addresses, @mentions and hashtags replaced by spaces (so
    offsets are unchanged)."""
    return _NOT_PROSE.sub(lambda m: " " * len(m.group()), text)


# ---------------------------------------------------------------------------------------------
# Sentences and words

_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s|$)|\n")
_ABBREVIATIONS = frozenset(
    "e.g i.e etc dr mr mrs ms mx prof st no vs approx dept tel jan feb mar apr jun jul aug sep "
    "sept oct nov dec mon tue wed thu fri sat sun".split()
)


def _sentences(masked: str) -> list[tuple[int, int, list[str]]]:
    """(start, end, words) for each sentence; a line break also ends one (posts often use line
    breaks instead of full stops)."""
    found = []
    start = 0
    for m in _SENTENCE_END.finditer(masked):
        if m.group().startswith(".") and _abbreviation_before(masked, m.start()):
            continue
        found.append(_sentence(masked, start, m.end()))
        start = m.end()
    if start < len(masked):
        found.append(_sentence(masked, start, len(masked)))
    return found


def _abbreviation_before(masked: str, dot: int) -> bool:
    before = re.search(r"([A-Za-z.]+)$", masked[max(0, dot - 12) : dot])
    return bool(before) and before.group(1).lower().strip(".") in _ABBREVIATIONS


def _sentence(masked: str, start: int, end: int) -> tuple[int, int, list[str]]:
    chunk = masked[start:end]
    lead = len(chunk) - len(chunk.lstrip())
    trail = len(chunk.rstrip())
    return start + lead, start + max(trail, lead), _WORD.findall(chunk)


def words(text: str) -> list[str]:
    """The words counted in ``text`` (links, mentions and hashtags left out)."""
    return _WORD.findall(mask(text))


# ---------------------------------------------------------------------------------------------
# Syllables (a rule of thumb: counts vowel groups, with the common English exceptions)

_VOWELS = "aeiouyàáâäèéêëìíîïòóôöùúûü"
_SPOKEN_LETTERS = {"w": 3}
_COMMON_SHORT = frozenset(
    "you the and for not are can get now new our off see who why how all any may was has had "
    "his her him its one two too use way day yes old own out put say she try buy few".split()
)
_SYLLABLE_EXCEPTIONS = {
    "area": 3,
    "areas": 3,
    "idea": 3,
    "ideas": 3,
    "create": 2,
    "created": 3,
    "recipe": 3,
    "diabetes": 4,
    "every": 3,
    "everyone": 4,
    "different": 3,
    "business": 2,
    "evening": 3,
    "family": 3,
    "several": 3,
    "general": 3,
    "really": 2,
    "real": 1,
    "people": 2,
    "one": 1,
    "once": 1,
    "queue": 1,
    "women": 2,
    "whether": 2,
    "sometimes": 2,
    "something": 2,
    "somewhere": 2,
    "someone": 2,
    "anyone": 3,
    "however": 3,
    "covid": 2,
    "nhs": 3,
    "a&e": 3,
    "poem": 2,
    "science": 2,
    "quiet": 2,
    "diet": 2,
    "fluid": 2,
    "via": 2,
    "patient": 2,
    "patients": 2,
    "pharmacies": 3,
}
_SPLIT_PAIRS = re.compile(r"i[aou]|(?<![qg])u[ao]|eo")
_SILENT_TION = re.compile(r"[tsc]i[aou]")


def count_syllables(word: str) -> int:
    """Syllables in one word, by rule of thumb (at least 1 for any word with a letter or digit).

    Abbreviations written in capitals with no vowel, or of up to three letters (NHS, GP, ICU),
    are read letter by letter; numbers count one syllable a digit, up to four.
    """
    total = 0
    for part in re.findall(r"[^\W\d_]+|\d+", word):
        if part.isdigit():
            total += min(len(part), 4)
        else:
            total += _letters_syllables(part)
    return max(total, 1) if re.search(r"[^\W_]", word) else 0


def _letters_syllables(part: str) -> int:
    lower = part.lower().replace("’", "").replace("'", "")
    if lower in _SYLLABLE_EXCEPTIONS:
        return _SYLLABLE_EXCEPTIONS[lower]
    if (
        part.isupper()
        and len(part) > 1
        and (
            not any(c in _VOWELS for c in lower) or (len(part) <= 3 and lower not in _COMMON_SHORT)
        )
    ):
        return sum(_SPOKEN_LETTERS.get(c, 1) for c in lower)
    return _vowel_groups(lower)


def _vowel_groups(w: str) -> int:
    # "y" before a vowel is a consonant (you, year, saying).
    letters = [
        c in _VOWELS and not (c == "y" and i + 1 < len(w) and w[i + 1] in _VOWELS)
        for i, c in enumerate(w)
    ]
    count = sum(1 for i, v in enumerate(letters) if v and (i == 0 or not letters[i - 1]))
    if count == 0:
        return 1
    # Vowel pairs that are two syllables (di-al, bi-ol-o-gy, ac-tu-al, vi-de-o), except where
    # "-tion", "-cial", "-sion" make one.
    for m in _SPLIT_PAIRS.finditer(w):
        after_tsc = m.start() > 0 and _SILENT_TION.match(w, m.start() - 1)
        if not (m.group().startswith("i") and after_tsc):
            count += 1
    if w.endswith("e") and not w.endswith(("ee", "ye", "oe")) and count > 1:
        if not (w.endswith("le") and len(w) > 2 and w[-3] not in _VOWELS):
            count -= 1  # silent e: care, medicine (but ta-ble)
    elif w.endswith("es") and len(w) > 3 and count > 1:
        if w[-3] not in "sxzcg" + _VOWELS and not w.endswith(("ches", "shes")):
            count -= 1  # takes, lives (but cau-ses, box-es, chan-ges)
    elif w.endswith("ed") and len(w) > 3 and count > 1 and w[-3] not in "td" + _VOWELS:
        count -= 1  # jumped (but want-ed, need-ed)
    if w.endswith("ing") and len(w) > 4 and w[-4] in _VOWELS and w[-4] != "y":
        count += 1  # be-ing, go-ing
    if w.endswith(("ism", "isms")):
        count += 1  # au-ti-sm
    return max(count, 1)


# ---------------------------------------------------------------------------------------------
# Jargon


@dataclass(frozen=True)
class _Compiled:
    term: JargonTerm
    pattern: re.Pattern
    first_use_only: bool
    expansion: str


def load_jargon() -> tuple[_Compiled, ...]:
    """The shipped jargon list, compiled (cached)."""
    return _shipped()


@lru_cache(maxsize=1)
def _shipped() -> tuple[_Compiled, ...]:
    data = resources.files(__package__).joinpath("data", _JARGON_FILE).read_text(encoding="utf-8")
    return _compile(tuple(read_jargon_csv(data)))


def read_jargon_csv(text: str) -> list[JargonTerm]:
    """Jargon terms from CSV text with the columns term, suggestion, note."""
    terms = []
    for number, row in enumerate(csv.DictReader(io.StringIO(text)), start=2):
        term = (row.get("term") or "").strip()
        suggestion = (row.get("suggestion") or "").strip()
        if not term or not _WORD.search(term):
            raise ValueError(f"Row {number}: the term is empty.")
        terms.append(JargonTerm(term, suggestion, (row.get("note") or "").strip()))
    return terms


def _is_abbreviation(term: str) -> bool:
    letters = [c for c in term if c.isalpha()]
    return len(letters) >= 2 and all("A" <= c <= "Z" for c in letters)


def _compile(terms: tuple[JargonTerm, ...]) -> tuple[_Compiled, ...]:
    compiled = []
    # Longest first, so "smoking cessation" wins over "cessation".
    for t in sorted(terms, key=lambda t: (-len(t.term), t.term)):
        parts = t.term.split()
        body = r"\s+".join(re.escape(p) for p in parts)
        abbreviation = _is_abbreviation(t.term)
        flags = re.ASCII if abbreviation else re.ASCII | re.IGNORECASE
        suffix = f" ({t.term})"
        first_use_only = abbreviation and t.suggestion.endswith(suffix)
        expansion = t.suggestion[: -len(suffix)] if first_use_only else ""
        compiled.append(_Compiled(t, re.compile(body, flags), first_use_only, expansion))
    return tuple(compiled)


def _is_word_char(c: str) -> bool:
    return c.isalnum() or c == "_"


def _find_jargon(text: str, masked: str, terms: Iterable[_Compiled]) -> list[JargonHit]:
    taken: list[tuple[int, int]] = []
    hits = []
    for c in terms:
        for m in c.pattern.finditer(masked):
            start, end = m.span()
            if start == end:
                continue
            if start > 0 and _is_word_char(masked[start - 1]):
                continue
            if end < len(masked) and _is_word_char(masked[end]):
                continue
            if any(start < b and a < end for a, b in taken):
                continue
            if c.first_use_only and c.expansion.lower() in text[:start].lower():
                break  # spelt out before: fine from here on
            taken.append((start, end))
            hits.append(JargonHit(c.term.term, start, end, c.term.suggestion, c.term.note))
            if c.first_use_only:
                break
    hits.sort(key=lambda h: h.start)
    return hits


# ---------------------------------------------------------------------------------------------
# Passive voice (a rule of thumb: a form of "to be", perhaps an adverb, then a past participle)

_IRREGULAR = (
    "been born brought bought built caught chosen done drawn driven eaten fallen felt forgotten "
    "found given gone held hidden hit hurt kept known laid led left lent lost made meant met paid "
    "put read run said seen sent set shown shut sold spent spoken stolen struck sworn taken "
    "taught thought told torn understood woken won worn written"
).split()
_NOT_PARTICIPLES = frozenset("bed red need feed seed speed indeed shed wed sled".split())
_PASSIVE = re.compile(
    r"\b(?:am|is|are|was|were|be|been|being|isn't|aren't|wasn't|weren't)"
    r"(?:\s+(?:not|also|often|usually|always|never|now|then|still|already))?"
    r"(?:\s+\w+ly)?"
    r"\s+(\w+ed|" + "|".join(_IRREGULAR) + r")\b",
    re.IGNORECASE,
)


def _passive(text: str, masked: str) -> list[Span]:
    spans = []
    for m in _PASSIVE.finditer(masked):
        participle = m.group(1).lower()
        if participle in _NOT_PARTICIPLES:
            continue
        spans.append(Span(m.start(), m.end(), text[m.start() : m.end()]))
    return spans


__all__ = [
    "JargonHit",
    "JargonTerm",
    "LONG_SENTENCE_WORDS",
    "MIN_WORDS",
    "Readability",
    "Span",
    "count_syllables",
    "hints",
    "load_jargon",
    "mask",
    "read_jargon_csv",
    "words",
]
