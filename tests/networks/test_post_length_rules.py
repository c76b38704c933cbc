"""Each network counts a post's length its own way; the composer shows these live."""

from __future__ import annotations

import pytest

from sociable.networks.base import Draft, NetworkError
from sociable.networks.registry import adapter_class, adapter_for
from sociable.networks.text import (
    find_urls,
    grapheme_length,
    graphemes,
    mastodon_length,
    x_weighted_length,
)


def test_x_counts_latin_text_one_per_character():
    assert x_weighted_length("Flu clinic open today") == 21
    assert x_weighted_length("a" * 280) == 280


def test_x_counts_every_link_as_23_whatever_its_length():
    long = "https://www.northshire.nhs.example/news/2026/03/02/walk-in-flu-vaccination-clinic"
    assert x_weighted_length(f"Read more: {long}") == len("Read more: ") + 23
    assert x_weighted_length("See nhs.uk for advice") == len("See ") + 23 + len(" for advice")


def test_x_counts_cjk_and_emoji_as_two():
    assert x_weighted_length("你好") == 4
    assert x_weighted_length("こんにちは") == 10
    assert x_weighted_length("💉") == 2
    assert x_weighted_length("👩🏽‍⚕️") == 2  # health worker, skin tone, ZWJ sequence
    assert x_weighted_length("🏴󠁧󠁢󠁷󠁬󠁳󠁿") == 2  # flag of Wales (tag sequence)
    assert x_weighted_length("🇬🇧") == 2
    assert x_weighted_length("Diolch 💙") == 7 + 2


def test_x_limit_is_280_weighted_characters():
    cls = adapter_class("x")
    assert cls.max_length == 280
    assert cls.count_length("你" * 140) == 280
    assert cls.count_length("你" * 141) == 282


def test_bluesky_counts_graphemes_up_to_300():
    cls = adapter_class("bluesky")
    assert cls.max_length == 300
    assert cls.count_length("👩🏽‍⚕️") == 1
    assert cls.count_length("é") == 1  # e + combining acute
    assert cls.count_length("🇬🇧🇺🇦") == 2
    assert cls.count_length("Iechyd da") == 9
    assert grapheme_length("\r\n") == 1
    assert graphemes("añb") == ["a", "ñ", "b"]


def test_mastodon_counts_links_as_23_and_remote_mentions_by_username():
    long = "https://www.northshire.nhs.example/news/2026/03/02/walk-in-flu-vaccination-clinic"
    assert mastodon_length(f"More: {long}") == len("More: ") + 23
    assert mastodon_length("Thanks @sam_w@mstdn.social!") == len("Thanks @sam_w!")
    assert adapter_class("mastodon").max_length == 500


def test_mastodon_uses_the_instance_limit_from_options():
    adapter = adapter_for(
        "mastodon",
        {"access_token": "t"},
        {"instance": "https://mastodon.example", "max_characters": 1000},
    )
    assert adapter.max_length == 1000
    adapter.check_length("a" * 1000)
    with pytest.raises(NetworkError) as caught:
        adapter.check_length("a" * 1001)
    assert caught.value.permanent


def test_linkedin_and_facebook_limits():
    assert adapter_class("linkedin").max_length == 3000
    assert adapter_class("facebook").max_length == 63206
    assert adapter_class("linkedin").count_length("a" * 3000) == 3000


def test_a_too_long_post_is_refused_before_it_is_sent(replay):
    server = replay("x")
    adapter = adapter_for("x", {"bearer_token": "user-access-token-0001"}, {})
    with pytest.raises(NetworkError) as caught:
        adapter.publish(Draft(text="a" * 281))
    assert caught.value.permanent and "280" in str(caught.value)
    assert not server.requests


def test_urls_are_found_without_trailing_punctuation():
    text = "Visit https://nhs.uk/conditions/flu/. Or www.northshire.nhs.uk, today"
    found = [text[s:e] for s, e in find_urls(text)]
    assert found == ["https://nhs.uk/conditions/flu/", "www.northshire.nhs.uk"]
