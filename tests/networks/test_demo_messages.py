"""The demo network's message stream is well formed and is trustworthy labelled data.

The stream is what a newcomer sees when the demo desk starts, and it is the project's own
labelled set for evaluating triage, so its shape and its labels are checked here.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from functools import cache
from pathlib import Path

from sociable.triage import Route

DATA = Path(__file__).resolve().parents[2] / "sociable" / "networks" / "demo_messages.jsonl"

ROUTES = tuple(Route)
# Roughly the written share of each route, less a margin so small edits don't break the test.
MINIMUM_PER_ROUTE = {
    "query": 60,
    "praise": 50,
    "complaint": 38,
    "clinical": 25,
    "misinformation": 12,
    "chat": 25,
    "spam": 10,
    "abuse": 8,
    "personal_data": 10,
    "safeguarding": 8,
    "crisis": 13,
}
LANGUAGES = {"en", "cy"}
KINDS = {"mention", "comment", "direct", "reply", "review"}
CHANNELS = {
    "mastodon",
    "x",
    "bluesky",
    "facebook",
    "maternity",
    "community",
    "instagram",
    "threads",
    "youtube",
    "google_business",
}
FIELDS = {"id", "route", "language", "kind", "channel", "author", "text"}
AUTHOR_FIELDS = {"handle", "name", "followers"}

# Ten digits written 3-3-4 with optional spaces or hyphens, not part of a longer number.
NHS_NUMBER = re.compile(r"(?<![\d-])(\d{3})[ -]?(\d{3})[ -]?(\d{4})(?![\d-])")
# UK phone numbers written with a leading 0 or +44.
UK_PHONE = re.compile(r"(?<![\d+])(?:\+44 ?|0)\d[\d ]{8,11}\d(?!\d)")
# Ofcom's ranges reserved for drama: mobile, Sheffield-area geographic, London.
DRAMA_PHONE = re.compile(r"^(?:07700900\d{3}|01632960\d{3}|02079460\d{3})$")
EMAIL = re.compile(r"[\w.+-]+@([\w-]+(?:\.[\w-]+)+)")
EXAMPLE_DOMAINS = {"example.com", "example.org", "example.net"}


@cache
def messages() -> tuple[dict, ...]:
    lines = DATA.read_text(encoding="utf-8").splitlines()
    return tuple(json.loads(line) for line in lines if line.strip())


def modulus_11_is_valid(digits: str) -> bool:
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def nhs_numbers_in(text: str) -> list[str]:
    return ["".join(match.groups()) for match in NHS_NUMBER.finditer(text)]


def test_every_line_is_a_json_object():
    lines = [line for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(lines) >= 300
    for number, line in enumerate(lines, start=1):
        assert isinstance(json.loads(line), dict), f"line {number} is not an object"


def test_ids_are_unique_and_numbered():
    ids = [m["id"] for m in messages()]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"demo-\d{4}", i) for i in ids)


def test_every_message_has_valid_fields():
    for m in messages():
        assert FIELDS <= set(m) <= FIELDS | {"thread"}, m["id"]
        assert m["route"] in ROUTES, m["id"]
        assert m["language"] in LANGUAGES, m["id"]
        assert m["kind"] in KINDS, m["id"]
        assert m["channel"] in CHANNELS, m["id"]
        assert set(m["author"]) == AUTHOR_FIELDS, m["id"]
        assert isinstance(m["author"]["handle"], str) and m["author"]["handle"].strip(), m["id"]
        assert isinstance(m["author"]["name"], str) and m["author"]["name"].strip(), m["id"]
        followers = m["author"]["followers"]
        assert isinstance(followers, int) and not isinstance(followers, bool), m["id"]
        assert followers >= 0, m["id"]
        assert isinstance(m["text"], str) and 0 < len(m["text"].strip()) <= 1000, m["id"]
        assert m["text"] == m["text"].strip(), m["id"]
        if "thread" in m:
            assert isinstance(m["thread"], str) and m["thread"], m["id"]


def test_every_route_appears_in_realistic_numbers():
    counts = Counter(m["route"] for m in messages())
    for route, minimum in MINIMUM_PER_ROUTE.items():
        assert counts[route] >= minimum, f"{route}: {counts[route]} < {minimum}"


def test_every_channel_and_kind_is_used():
    assert {m["channel"] for m in messages()} == CHANNELS
    assert {m["kind"] for m in messages()} == KINDS


def test_at_least_twenty_messages_are_in_welsh():
    welsh = [m for m in messages() if m["language"] == "cy"]
    assert len(welsh) >= 20
    # Welsh reaches more than one kind of decision, not only praise and chat.
    assert {"crisis", "clinical", "complaint", "query", "praise"} <= {m["route"] for m in welsh}


def test_every_nhs_number_passes_the_modulus_11_check():
    for m in messages():
        for number in nhs_numbers_in(m["text"]):
            assert modulus_11_is_valid(number), f"{m['id']}: {number}"


def test_personal_data_messages_include_real_looking_nhs_numbers():
    with_numbers = [
        m for m in messages() if m["route"] == "personal_data" and nhs_numbers_in(m["text"])
    ]
    assert len(with_numbers) >= 6


def test_a_message_exposing_an_nhs_number_is_routed_no_lower_than_personal_data():
    higher_or_equal = {"crisis", "safeguarding", "clinical", "personal_data"}
    for m in messages():
        if nhs_numbers_in(m["text"]):
            assert m["route"] in higher_or_equal, m["id"]


def test_personal_data_is_only_flagged_on_public_messages():
    for m in messages():
        if m["route"] == "personal_data":
            assert m["kind"] != "direct", m["id"]


def test_threads_are_short_conversations_with_one_author_on_one_channel():
    threads: dict[str, list[dict]] = defaultdict(list)
    for m in messages():
        if "thread" in m:
            threads[m["thread"]].append(m)
    assert len(threads) >= 15
    for key, members in threads.items():
        assert 2 <= len(members) <= 4, key
        assert len({m["author"]["handle"] for m in members}) == 1, key
        assert len({m["author"]["name"] for m in members}) == 1, key
        assert len({m["channel"] for m in members}) == 1, key


def test_phone_numbers_are_from_the_ranges_reserved_for_drama():
    for m in messages():
        for match in UK_PHONE.finditer(m["text"]):
            digits = re.sub(r"\D", "", match.group(0))
            if digits.startswith("44"):
                digits = "0" + digits[2:]
            assert DRAMA_PHONE.match(digits), f"{m['id']}: {match.group(0)}"


def test_email_addresses_use_example_domains():
    for m in messages():
        for domain in EMAIL.findall(m["text"]):
            assert domain.lower() in EXAMPLE_DOMAINS, f"{m['id']}: {domain}"
