"""Small engineered cues for the second stage of some model heads.

A head with a second stage (``models.Head.stack``) scores ``sigmoid(a * z + c . cues + b)``,
where ``z`` is its linear score over hashed n-grams and ``cues`` is one of the vectors below,
computed on the model text (``textutil.for_model``). Each cue is a handful of regular
expressions or a word-set look-up: a few microseconds per message.
"""

from __future__ import annotations

import re

# ----------------------------------------------------------------------------- offensive

# Profanity, insults and slurs as they appear in tweets; matched on whole words after folding
# letters repeated three or more times ("fuuuck") and common symbol substitutions ("@" for a,
# "$" for s, "0" for o). Words with a prefix listed in _PREFIXES match in any inflection.
_PROFANE = frozenset(
    """
    fuck fck fuk fuq fcuk phuck shit bullshit shite crap damn dammit bitch bastard asshole
    arsehole ass arse dick dickhead cock cunt twat prick wanker tosser bollocks pussy slut whore
    hoe skank moron idiot imbecile stupid dumb dumbass retard loser scum scumbag pathetic
    disgusting trash garbage jerk douche douchebag clown liar traitor hypocrite coward nazi
    fascist commie thug lunatic psycho creep freak sicko evil hell stfu gtfo wtf omfg kys
    nigga nigger fag faggot dyke tranny spic chink kike wetback raghead paki ugly fatass hag
    ignorant clueless brainless braindead libtard feminazi snowflake deplorable treasonous
    damned piss pissed bloody sucks suck crooked corrupt disgrace disgraceful vile nasty
    """.split()
)
_PREFIXES = (
    "fuck", "fck", "fuk", "motherf", "shit", "bitch", "cunt", "dick", "bullshit", "asshole",
    "idiot", "stupid", "retard", "moron", "bastard", "wank", "twat", "slut", "whore",
)  # fmt: skip
_REPEAT = re.compile(r"(.)\1{2,}")
_SYMBOLS = frozenset("*#@$!%")
# letters hidden behind symbols: f***, f*ck, sh!t, b!tch, a$$, f**king
_OBFUSCATED = re.compile(r"[a-z]{1,3}[*#@$!%]{1,4}[a-z]{0,5}|[a-z]\*+")
_SUBST = str.maketrans({"@": "a", "$": "s", "0": "o", "1": "i", "!": "i", "3": "e"})
_EDGE = "\"'.,!?:;()[]-"
OFFENSIVE_CUES = ("profane_words", "obfuscated_words")


def offensive_cues(model_text: str) -> list[float]:
    """[profane words (capped at 3), words with letters hidden by symbols (capped at 2)]."""
    hits = obf = 0
    for w in model_text.split():
        if w in _PROFANE:
            hits += 1
            continue
        w = w.strip(_EDGE)
        if len(w) < 2 or w[0] == "@" or w == "httpurl":
            continue
        if not w.isalpha():
            if _SYMBOLS.intersection(w) and _OBFUSCATED.fullmatch(w):
                obf += 1
            w = w.translate(_SUBST)
        if w in _PROFANE or w[:-1] in _PROFANE or w.startswith(_PREFIXES):
            hits += 1
        elif len(set(w)) <= len(w) - 2 and _REPEAT.search(w):  # a run of 3 repeats 2 letters
            w = _REPEAT.sub(r"\1", w)
            if w in _PROFANE or w[:-1] in _PROFANE or w.startswith(_PREFIXES):
                hits += 1
    return [float(min(hits, 3)), float(min(obf, 2))]


# ----------------------------------------------------------------------------- questions

_OPENERS = frozenset(
    """who what when where why how which whose whom is are am was were can could would will do
    does did has have had should shall may might isn't aren't can't won't don't doesn't didn't
    pryd ble sut beth pam oes ydy ydi""".split()
)
_ENDS_SENTENCE = frozenset('.!?:;"')
_ASKING = re.compile(
    r"\b(?:any(?:one|body)\s+(?:know|else|got|have|tried)|does\s+any(?:one|body)|how\s+do\s+"
    r"(?:i|you|we)|i\s+(?:was\s+|am\s+|'m\s+)?wonder(?:ing)?|i\s+have\s+a\s+question"
    r"|quick\s+question|question\s+for|just\s+curious|any\s+(?:idea|ideas|advice|tips)"
    r"|(?:can|could)\s+(?:someone|anyone|you)|would\s+you|do\s+you|did\s+you|have\s+you"
    r"|what\s+(?:is|are|was|were|do|does|did|would|if)|why\s+(?:is|are|do|does|did|would|not))\b"
)
_NOT_END = re.compile(r"[^\w?!.,'\"]+$")
QUESTION_CUES = (
    "has_question_mark", "ends_with_question_mark", "question_marks", "opens_with_question_word",
    "sentence_opens_with_question_word", "asking_phrase", "retweet", "exclaiming_question",
    "first_question_mark_position",
)  # fmt: skip


def question_cues(model_text: str) -> list[float]:
    toks = model_text.split()
    retweet = 1.0 if toks and toks[0] == "rt" else 0.0
    i = 1 if retweet else 0
    while i < len(toks) and (toks[i][0] == "@" or toks[i] in (".", ":")):
        i += 1  # leading mentions
    toks = toks[i:]
    j = len(toks)
    while j > 0 and (toks[j - 1] in ("httpurl", "@user") or toks[j - 1][0] == "#"
                     or not any(c.isalnum() or c in "?!." for c in toks[j - 1])):  # fmt: skip
        j -= 1  # trailing links, mentions, hashtags and emoji
    last = _NOT_END.sub("", toks[j - 1]) if j else ""
    opens = sentence = 0.0
    prev = "."
    for t in toks:
        if prev[-1] in _ENDS_SENTENCE and t.strip('"') in _OPENERS:
            sentence = 1.0
            if prev == ".":
                opens = 1.0
            break
        prev = t
    s = " ".join(toks)
    nq = s.count("?")
    return [
        1.0 if nq else 0.0,
        1.0 if last.endswith("?") else 0.0,
        min(nq, 3) / 3.0,
        opens,
        sentence,
        1.0 if _ASKING.search(s) else 0.0,
        retweet,
        1.0 if nq and ("?!" in s or "!?" in s or "??" in s) else 0.0,
        s.find("?") / max(len(s), 1) if nq else 1.0,
    ]


CUES = {"offensive": offensive_cues, "question": question_cues}
CUE_NAMES = {"offensive": OFFENSIVE_CUES, "question": QUESTION_CUES}
