"""What a saved search asks networks for, what it keeps, and the words it counts. Pure Python.

Networks' own search languages differ (some AND every word, some OR them), so the desk asks each
network for one term at a time (a keyword, a "quoted phrase" or a #hashtag) and then keeps only
what matches the whole search: any of its keywords, phrases or hashtags, none of its exclusions.
"""

from __future__ import annotations

import re
from collections import Counter

WORD = re.compile(r"[#@]?[\w'’-]+", re.UNICODE)
HASHTAG = re.compile(r"(?<![\w#])#(\w+)", re.UNICODE)
URL = re.compile(r"https?://\S+")

STOP_WORDS = frozenset(
    """
a about above after again against all am an and any are aren't as at be because been before
being below between both but by can can't cannot could couldn't did didn't do does doesn't doing
don't down during each few for from further get got had hadn't has hasn't have haven't having he
he'd he'll he's her here here's hers herself him himself his how how's i i'd i'll i'm i've if in
into is isn't it it's its itself just let's like me more most mustn't my myself no nor not now of
off on once only or other ought our ours ourselves out over own really same shan't she she'd
she'll she's should shouldn't so some such than that that's the their theirs them themselves then
there there's these they they'd they'll they're they've this those through to too under until up
us very was wasn't we we'd we'll we're we've were weren't what what's when when's where where's
which while who who's whom why why's will with won't would wouldn't you you'd you'll you're
you've your yours yourself yourselves also amp just one two today yesterday tomorrow im ive dont
cant thats via rt still even much many lot lots going go gone been yet ever ok okay x
""".split()
)


def lines(value: str) -> list[str]:
    """One entry per line (commas also separate), blank entries dropped, order kept, no repeats."""
    entries = [part.strip() for line in (value or "").splitlines() for part in line.split(",")]
    return list(dict.fromkeys(entry for entry in entries if entry))


def normalise_hashtag(tag: str) -> str:
    return "#" + tag.strip().lstrip("#").strip()


def network_queries(keywords: list[str], hashtags: list[str]) -> list[str]:
    """One query per term: phrases quoted, hashtags with their #."""
    queries = []
    for keyword in keywords:
        queries.append(f'"{keyword}"' if " " in keyword else keyword)
    queries.extend(normalise_hashtag(tag) for tag in hashtags)
    return list(dict.fromkeys(queries))


def _term_pattern(term: str) -> re.Pattern:
    body = re.escape(term.strip().lower()).replace(r"\ ", r"\s+")
    return re.compile(rf"(?<![\w@]){body}(?!\w)", re.UNICODE)


class Matcher:
    """Decides whether a text belongs to a saved search."""

    def __init__(self, keywords: list[str], hashtags: list[str], exclusions: list[str]):
        self.terms = [_term_pattern(k) for k in keywords]
        self.hashtags = {normalise_hashtag(t)[1:].lower() for t in hashtags}
        self.exclusions = [_term_pattern(x.lstrip("-")) for x in exclusions]

    def matches(self, text: str) -> bool:
        lowered = (text or "").lower()
        if any(pattern.search(lowered) for pattern in self.exclusions):
            return False
        if self.hashtags and self.hashtags & set(hashtags_in(lowered)):
            return True
        return any(pattern.search(lowered) for pattern in self.terms)


def hashtags_in(text: str) -> list[str]:
    """Hashtags in a text, lower-cased, without their #."""
    return [tag.lower() for tag in HASHTAG.findall(text or "")]


def terms_in(text: str) -> list[str]:
    """Words worth counting: lower-cased, no stop words, links, handles, hashtags or numbers."""
    text = URL.sub(" ", (text or "").lower().replace("’", "'"))
    words = []
    for token in WORD.findall(text):
        word = token.strip("'-")
        if (
            len(word) < 3
            or word[0] in "#@"
            or word in STOP_WORDS
            or word.isdigit()
            or word.removesuffix("'s") in STOP_WORDS
        ):
            continue
        words.append(word.removesuffix("'s"))
    return words


def top_terms(texts, limit: int = 10) -> list[tuple[str, int]]:
    """The most common words across texts, each text counting a word once."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(set(terms_in(text)))
    return counts.most_common(limit)


def top_hashtags(texts, limit: int = 10) -> list[tuple[str, int]]:
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(set(hashtags_in(text)))
    return [("#" + tag, n) for tag, n in counts.most_common(limit)]
