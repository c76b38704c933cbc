"""Every kind of event the desk records has its own words in `audit/words.py`: a new event
fails here until someone says what it means to a person reading the log."""

import re
from pathlib import Path

from sociable.audit.words import AREAS, WORDS, describe
from sociable.publishing.models import PostStatus

SOURCE = Path(__file__).resolve().parent.parent / "sociable"
VERB = re.compile(r"[\"']((?:" + "|".join(AREAS) + r")\.[a-z_]+)[\"']")
# Strings of the same shape that are not events: an object type, a template, session keys.
NOT_EVENTS = {
    "audit.auditevent",
    "post.fields",
    "report.pdf",
    "security.enrol_next",
    "security.enrol_unlocked",
    "security.second_factor_user",
    "security.started_at",
}


def recorded_verbs() -> set[str]:
    found = set()
    for path in SOURCE.rglob("*.py"):
        if "migrations" in path.parts or path.parts[-2] == "audit":
            continue
        found |= set(VERB.findall(path.read_text(encoding="utf-8")))
    # a reviewer's decision is recorded as f"post.{status}" (publishing/posts.py)
    found |= {f"post.{s}" for s in (PostStatus.CHANGES_REQUESTED, PostStatus.REJECTED)}
    return found - NOT_EVENTS


def test_every_recorded_event_has_words():
    verbs = recorded_verbs()
    assert len(verbs) > 60
    assert sorted(v for v in verbs if v not in WORDS) == []


def test_an_event_without_words_is_still_not_shown_as_its_code():
    assert describe("inbox.brand_new_thing") == "Inbox brand new thing"
