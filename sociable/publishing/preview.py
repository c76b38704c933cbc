"""What the composer shows beside the form: each chosen account's post as it would go out.

Nothing here is a second copy of a rule: the parts come from PostTarget.parts() (variants,
language, the link, campaign tracking), the counts and limits from posts.measure() (each
network's own counting, networks/text.py), and the confidentiality warning from posts.guard()
(the triage library's check_draft), exactly as when the post is saved, submitted or published.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from sociable.networks.text import find_urls, graphemes
from sociable.publishing import posts
from sociable.publishing.models import Post, PostTarget


def initials(channel) -> str:
    """The account's picture in the desk: its initials (no picture is fetched from networks).
    "Northshire NHS" → "NN", "@NorthshireMaternity" → "NM"."""
    words = []
    for token in re.split(r"[\W_]+", channel.display_name or channel.handle):
        start = 0  # "NorthshireMaternity" is two words
        for index in range(1, len(token)):
            if token[index].isupper() and token[index - 1].islower():
                words.append(token[start:index])
                start = index
        if token:
            words.append(token[start:])
    return "".join(word[0] for word in words[:2]).upper() or "?"


@dataclass
class Segment:
    text: str
    over: bool = False  # past the network's limit
    flagged: bool = False  # what the confidentiality guard found
    starts_over: bool = False  # the first piece past the limit


@dataclass
class Part:
    number: int
    text: str  # what fits
    overflow: str  # what is past the limit
    used: int
    limit: int | None
    over: bool
    segments: list[Segment] = field(default_factory=list)

    @property
    def too_long_by(self) -> int:
        return self.used - self.limit if self.over else 0


@dataclass
class AccountPreview:
    channel: object
    network: str
    parts: list[Part]
    link: str = ""
    variant: bool = False

    @property
    def over(self) -> bool:
        return any(part.over for part in self.parts)

    @property
    def headline(self) -> Part:
        """The part to name in a one-line count: the first too long, else the first."""
        return next((part for part in self.parts if part.over), self.parts[0])

    @property
    def initials(self) -> str:
        return initials(self.channel)

    @property
    def link_host(self) -> str:
        host = urlsplit(self.link if "://" in self.link else f"//{self.link}").hostname or ""
        return host.removeprefix("www.")


@dataclass
class Preview:
    accounts: list[AccountPreview] = field(default_factory=list)
    findings: list[dict] = field(default_factory=list)
    alt_text: str = ""

    @property
    def networks_repeat(self) -> bool:
        """Two chosen accounts on one network: name them by handle too."""
        networks = [a.channel.network for a in self.accounts]
        return len(networks) != len(set(networks))

    @property
    def summary(self) -> str:
        """One sentence for a screen reader after each change (the live region)."""
        if not self.accounts:
            return "Choose an account to see the preview."
        too_long = [
            f"{a.channel.display_name or a.channel.handle} on {a.network}"
            for a in self.accounts
            if a.over
        ]
        words = [f"Too long for {', '.join(too_long)}." if too_long else "Fits every account."]
        if self.findings:
            words.append("The confidentiality check found patient-identifiable information.")
        return " ".join(words)


def build(organisation, channels, data: dict, variants: dict[str, str]) -> Preview:
    """The preview of an unsaved post: `data` is the form's cleaned data (what validated),
    `variants` each network's own words."""
    post = Post(
        organisation=organisation,
        text=data.get("text") or "",
        text_cy=data.get("text_cy") or "",
        link=data.get("link") or "",
        campaign=data.get("campaign") or "",
        thread=data.get("thread") or [],
    )
    if data.get("link_tracking"):
        post.link_tracking = data["link_tracking"]
    language = data.get("language") or "en"
    preview = Preview(alt_text=(data.get("alt_text") or "").strip())
    texts = {post.text, post.text_cy, *post.thread, *variants.values()}
    preview.findings = posts.guard({t for t in texts if t.strip()}, organisation)
    found = {f["text"] for f in preview.findings if f.get("text", "").strip()}
    for channel in channels:
        target = PostTarget(
            post=post, channel=channel, language=language, text=variants.get(channel.network, "")
        )
        measured = posts.measure(target)
        parts = [_part(length, channel, found) for length in measured]
        urls = find_urls(measured[0]["text"]) if measured else []
        preview.accounts.append(
            AccountPreview(
                channel=channel,
                network=measured[0]["network"] if measured else channel.network,
                parts=parts,
                variant=bool(target.text),
                link=measured[0]["text"][slice(*urls[-1])] if urls else "",
            )
        )
    return preview


def _part(length: dict, channel, found: set[str]) -> Part:
    text, limit = length["text"], length["limit"]
    cut = len(text)
    if length["over"]:
        cut = _longest_fitting_prefix(text, limit, channel.rules.count_length)
    return Part(
        number=length["part"],
        text=text[:cut],
        overflow=text[cut:],
        used=length["used"],
        limit=limit,
        over=length["over"],
        segments=_segments(text, cut, found),
    )


def _segments(text: str, cut: int, found: set[str]) -> list[Segment]:
    """The text in pieces: what fits, what is past the limit, and what the guard found."""
    flagged = [False] * len(text)
    for needle in found:
        start = text.find(needle)
        while start != -1:
            flagged[start : start + len(needle)] = [True] * len(needle)
            start = text.find(needle, start + len(needle))
    segments: list[Segment] = []
    for index, char in enumerate(text):
        over, mark = index >= cut, flagged[index]
        if segments and (segments[-1].over, segments[-1].flagged) == (over, mark):
            segments[-1].text += char
        else:
            segments.append(Segment(char, over, mark, starts_over=over and index == cut))
    return segments


def _longest_fitting_prefix(text: str, limit: int, count) -> int:
    """Where the text stops fitting, at a character boundary as people see characters."""
    ends, position = [], 0
    for cluster in graphemes(text):
        position += len(cluster)
        ends.append(position)
    low, high = 0, len(ends)  # counts grow with the prefix: the first `low` clusters fit
    while low < high:
        middle = (low + high + 1) // 2
        if count(text[: ends[middle - 1]]) <= limit:
            low = middle
        else:
            high = middle - 1
    return ends[low - 1] if low else 0
