"""How each network counts the length of a post. Pure functions, no dependencies.

- X counts "weighted" characters (twitter-text v3): most Latin, Greek, Cyrillic and general
  punctuation weigh 1, everything else (CJK, most other scripts) weighs 2, an emoji (with its
  modifiers and joiners) weighs 2, and every URL counts as 23 whatever its length. Text is
  NFC-normalised first. The limit is 280.
- Bluesky counts graphemes (user-perceived characters); the limit is 300.
- Mastodon counts characters, but every URL counts as 23 and a mention of a remote account
  counts only its username part; the default limit is 500 and instances may raise it.
- LinkedIn (3,000) and Facebook (63,206) count characters.
- Instagram counts characters up to 2,200 in a caption, and refuses a caption with more than
  30 hashtags or 20 @mentions. Threads counts characters up to 500 (a link counts in full).
- YouTube: a title of at most 100 characters and a description of at most 5,000 bytes, neither
  with < or >. Google Business Profile: a review reply or a local post of 1,500 characters.
"""

from __future__ import annotations

import re
import unicodedata

# --------------------------------------------------------------------------------------------
# Graphemes (an approximation of UAX #29 extended grapheme clusters, good for social posts)
# --------------------------------------------------------------------------------------------

_ZWJ = 0x200D


def _is_extend(cp: int) -> bool:
    if 0xFE00 <= cp <= 0xFE0F or 0xE0100 <= cp <= 0xE01EF:  # variation selectors
        return True
    if 0x1F3FB <= cp <= 0x1F3FF:  # skin-tone modifiers
        return True
    if 0xE0020 <= cp <= 0xE007F:  # tag characters (subdivision flags)
        return True
    if cp in (0x20E3, 0x200C):  # combining enclosing keycap, ZWNJ
        return True
    return unicodedata.category(chr(cp)) in ("Mn", "Me", "Mc")


def _is_regional_indicator(cp: int) -> bool:
    return 0x1F1E6 <= cp <= 0x1F1FF


def _is_hangul_jamo_medial_or_final(cp: int) -> bool:
    return 0x1160 <= cp <= 0x11FF or 0xD7B0 <= cp <= 0xD7FF


def graphemes(text: str) -> list[str]:
    """Split text into user-perceived characters."""
    clusters: list[str] = []
    current = ""
    previous_cp: int | None = None
    regional_run = 0
    for char in text:
        cp = ord(char)
        join = False
        if current:
            if previous_cp == 0x0D and cp == 0x0A:
                join = True
            elif _is_extend(cp) or cp == _ZWJ:
                join = True
            elif previous_cp == _ZWJ and is_pictographic(cp):
                join = True
            elif _is_regional_indicator(cp) and regional_run % 2 == 1:
                join = True
            elif _is_hangul_jamo_medial_or_final(cp):
                join = True
        if join:
            current += char
        else:
            if current:
                clusters.append(current)
            current = char
        regional_run = regional_run + 1 if _is_regional_indicator(cp) else 0
        previous_cp = cp
    if current:
        clusters.append(current)
    return clusters


def grapheme_length(text: str) -> int:
    return len(graphemes(text))


# --------------------------------------------------------------------------------------------
# Emoji
# --------------------------------------------------------------------------------------------

_PICTOGRAPHIC_RANGES = (
    (0x00A9, 0x00A9),
    (0x00AE, 0x00AE),
    (0x203C, 0x203C),
    (0x2049, 0x2049),
    (0x2122, 0x2122),
    (0x2139, 0x2139),
    (0x2194, 0x2199),
    (0x21A9, 0x21AA),
    (0x231A, 0x231B),
    (0x2328, 0x2328),
    (0x23CF, 0x23CF),
    (0x23E9, 0x23F3),
    (0x23F8, 0x23FA),
    (0x24C2, 0x24C2),
    (0x25AA, 0x25AB),
    (0x25B6, 0x25B6),
    (0x25C0, 0x25C0),
    (0x25FB, 0x25FE),
    (0x2600, 0x27BF),
    (0x2934, 0x2935),
    (0x2B05, 0x2B07),
    (0x2B1B, 0x2B1C),
    (0x2B50, 0x2B50),
    (0x2B55, 0x2B55),
    (0x3030, 0x3030),
    (0x303D, 0x303D),
    (0x3297, 0x3297),
    (0x3299, 0x3299),
    (0x1F000, 0x1FAFF),
)


def is_pictographic(cp: int) -> bool:
    return any(low <= cp <= high for low, high in _PICTOGRAPHIC_RANGES)


def is_emoji_cluster(cluster: str) -> bool:
    cps = [ord(c) for c in cluster]
    if _is_regional_indicator(cps[0]) and len(cps) >= 2:
        return True
    if 0x20E3 in cps:  # keycap: 1️⃣
        return True
    if not is_pictographic(cps[0]):
        return False
    # Text-default symbols (©, ™, ↔ …) are emoji only with the emoji presentation selector
    # or when they are in the main emoji blocks.
    return cps[0] >= 0x1F000 or 0xFE0F in cps or 0x2600 <= cps[0] <= 0x27BF or len(cps) > 1


# --------------------------------------------------------------------------------------------
# URLs
# --------------------------------------------------------------------------------------------

_TLDS = (
    "com|org|net|edu|gov|int|mil|info|biz|io|co|me|app|dev|blog|news|health|care|social|"
    "online|site|xyz|eu|uk|scot|wales|cymru|ie|us|ca|au|nz|de|fr|es|it|nl|be|ch|se|no|dk|fi|"
    "pl|pt|in|jp|cn|ly|tv|gl|gd|to|fm|am|ai"
)
URL_RE = re.compile(
    r"(?<![\w@.])(?:https?://[^\s<>\"]+|(?:www\.)?(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+"
    rf"(?:{_TLDS})(?![\w-])(?::\d+)?(?:/[^\s<>\"]*)?)",
    re.IGNORECASE,
)
_TRAILING_PUNCTUATION = ".,;:!?)]}'\""


def find_urls(text: str) -> list[tuple[int, int]]:
    """Start and end offsets of the URLs in text (trailing punctuation excluded)."""
    spans = []
    for match in URL_RE.finditer(text):
        start, end = match.span()
        while end > start and text[end - 1] in _TRAILING_PUNCTUATION:
            if text[end - 1] == ")" and text[start:end].count("(") >= text[start:end].count(")"):
                break
            end -= 1
        spans.append((start, end))
    return spans


# --------------------------------------------------------------------------------------------
# Per-network counts
# --------------------------------------------------------------------------------------------

X_MAX_WEIGHTED_LENGTH = 280
X_URL_LENGTH = 23
_X_LIGHT_RANGES = ((0x0000, 0x10FF), (0x2000, 0x200D), (0x2010, 0x201F), (0x2032, 0x2037))


def _x_weight(cp: int) -> int:
    return 1 if any(low <= cp <= high for low, high in _X_LIGHT_RANGES) else 2


def x_weighted_length(text: str) -> int:
    """The length of text as X counts it (twitter-text v3 configuration)."""
    text = unicodedata.normalize("NFC", text)
    total = 0
    position = 0
    for start, end in find_urls(text):
        total += _x_plain_weight(text[position:start])
        total += X_URL_LENGTH
        position = end
    total += _x_plain_weight(text[position:])
    return total


def _x_plain_weight(text: str) -> int:
    total = 0
    for cluster in graphemes(text):
        if is_emoji_cluster(cluster):
            total += 2
        else:
            total += sum(_x_weight(ord(c)) for c in cluster)
    return total


MASTODON_URL_LENGTH = 23
_MASTODON_REMOTE_MENTION = re.compile(r"(?<![\w/])@(\w+(?:[.\w-]*\w)?)@[\w.-]+\w", re.UNICODE)


def mastodon_length(text: str) -> int:
    """Mastodon's count: URLs as 23 characters, remote mentions as their local part."""
    text = _MASTODON_REMOTE_MENTION.sub(lambda m: "@" + m.group(1), text)
    total = 0
    position = 0
    for start, end in find_urls(text):
        if not text[start:end].lower().startswith(("http://", "https://")):
            continue  # Mastodon only shortens URLs with a scheme
        total += len(text[position:start]) + MASTODON_URL_LENGTH
        position = end
    return total + len(text[position:])


def character_length(text: str) -> int:
    """Characters as people count them (graphemes), for networks that count characters."""
    return grapheme_length(text)


# --------------------------------------------------------------------------------------------
# HTML to plain text (Mastodon statuses, feed summaries)
# --------------------------------------------------------------------------------------------


def html_to_text(html: str) -> str:
    """Plain text from the small HTML networks send: paragraphs and line breaks kept."""
    import html as html_lib
    from html.parser import HTMLParser

    class _Text(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.parts: list[str] = []
            self.skip = 0

        def handle_starttag(self, tag, attrs):
            if tag in ("br",):
                self.parts.append("\n")
            elif tag in ("p", "div", "li") and self.parts:
                self.parts.append("\n\n")
            elif tag in ("script", "style"):
                self.skip += 1

        def handle_endtag(self, tag):
            if tag in ("script", "style") and self.skip:
                self.skip -= 1

        def handle_data(self, data):
            if not self.skip:
                self.parts.append(data)

    if "<" not in (html or ""):
        return html_lib.unescape(html or "").strip()
    parser = _Text()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


# --------------------------------------------------------------------------------------------
# Instagram's caption rules
# --------------------------------------------------------------------------------------------

INSTAGRAM_MAX_HASHTAGS = 30
INSTAGRAM_MAX_MENTIONS = 20
_HASHTAG = re.compile(r"(?<![\w&])#\w+", re.UNICODE)
_MENTION = re.compile(r"(?<![\w@])@[\w.]+", re.UNICODE)


def instagram_problems(text: str) -> list[str]:
    """What Instagram refuses in a caption besides its length (hashtags, @mentions)."""
    problems = []
    hashtags = len(_HASHTAG.findall(text or ""))
    if hashtags > INSTAGRAM_MAX_HASHTAGS:
        problems.append(
            f"The caption has {hashtags} hashtags; Instagram takes at most "
            f"{INSTAGRAM_MAX_HASHTAGS}."
        )
    mentions = len(_MENTION.findall(text or ""))
    if mentions > INSTAGRAM_MAX_MENTIONS:
        problems.append(
            f"The caption mentions {mentions} accounts; Instagram takes at most "
            f"{INSTAGRAM_MAX_MENTIONS}."
        )
    return problems


def threads_length(text: str) -> int:
    """Threads' count: characters, except that an emoji counts as its number of UTF-8 bytes
    (developers.facebook.com/docs/threads/posts, "Limitations")."""
    total = 0
    for cluster in graphemes(text or ""):
        emoji = any(is_pictographic(ord(char)) for char in cluster)
        total += len(cluster.encode("utf-8")) if emoji else 1
    return total


# --------------------------------------------------------------------------------------------
# YouTube's title and description rules (developers.google.com/youtube/v3/docs/videos#snippet)
# --------------------------------------------------------------------------------------------

YOUTUBE_MAX_TITLE = 100
YOUTUBE_MAX_DESCRIPTION_BYTES = 5000


def youtube_problems(text: str, *, title: bool = False) -> list[str]:
    """What YouTube refuses in a video's title or description besides the description's
    length (which the adapter's count_length gives in bytes)."""
    what = "title" if title else "description"
    problems = []
    if "<" in (text or "") or ">" in (text or ""):
        problems.append(f"YouTube does not allow < or > in a video's {what}.")
    if title and grapheme_length(text) > YOUTUBE_MAX_TITLE:
        problems.append(
            f"The video's title is {grapheme_length(text)} characters; YouTube "
            f"takes at most {YOUTUBE_MAX_TITLE}. Give it a shorter first line."
        )
    return problems
