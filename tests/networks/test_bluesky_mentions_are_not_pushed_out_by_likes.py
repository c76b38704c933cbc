"""A popular post's likes must not push a mention out of sight: the Bluesky adapter asks the
AppView only for mentions, replies and quotes and reads page after page down to the last item
it saw, so a mention followed by sixty likes, and more mentions than fit on one page, all
arrive, each exactly once. Against the reference PDS and AppView on 127.0.0.1."""

from __future__ import annotations

import pytest

from sociable.networks import bluesky
from sociable.networks.base import Draft

from .test_bluesky_against_the_reference_servers import desk, person, strong_ref

pytestmark = pytest.mark.realserver


def test_a_mention_before_sixty_likes_is_still_fetched(bluesky_network):
    adapter = desk(bluesky_network)
    annie, sam = person(bluesky_network, "annie"), person(bluesky_network, "sam")
    posts = [adapter.publish(Draft(text=f"Ward update {number}")) for number in range(30)]
    refs = [strong_ref(annie, post.network_id) for post in posts]
    bluesky_network.process_all()
    cursor = adapter.fetch_inbound({}).cursor
    text = "@northshire.test does the new ward have parent beds?"
    early = annie.send_post(text=text, facets=annie.detect_facets(text))
    for ref in refs:  # sixty likes after the mention
        annie.like(ref["uri"], ref["cid"])
        sam.like(ref["uri"], ref["cid"])
    bluesky_network.process_all()
    # On one page of fifty notifications of every kind, the mention is out of sight.
    page = adapter.client.app.bsky.notification.list_notifications(params={"limit": 50})
    assert early.uri not in [n.uri for n in page.notifications]
    batch = adapter.fetch_inbound(cursor)
    assert [item.network_id for item in batch.items] == [early.uri]
    assert adapter.fetch_inbound(batch.cursor).items == []


def test_more_mentions_than_a_page_all_arrive_once_even_past_the_page_bound(
    bluesky_network, monkeypatch
):
    adapter = desk(bluesky_network)
    cursor = adapter.fetch_inbound({}).cursor
    annie = person(bluesky_network, "annie")
    sent = []
    for number in range(7):
        text = f"@northshire.test question {number} about visiting hours"
        sent.append(annie.send_post(text=text, facets=annie.detect_facets(text)).uri)
    bluesky_network.process_all()
    # Pages of two, at most two pages a fetch: the walk stops halfway and goes on next time.
    monkeypatch.setattr(bluesky, "INBOUND_PAGE_SIZE", 2)
    monkeypatch.setattr(bluesky, "INBOUND_MAX_PAGES", 2)
    fetched: list[str] = []
    for _ in range(6):
        batch = adapter.fetch_inbound(cursor)
        fetched += [item.network_id for item in batch.items]
        cursor = batch.cursor
    late = "@northshire.test one more, about parking"
    last = annie.send_post(text=late, facets=annie.detect_facets(late)).uri
    bluesky_network.process_all()
    for _ in range(2):
        batch = adapter.fetch_inbound(cursor)
        fetched += [item.network_id for item in batch.items]
        cursor = batch.cursor
    assert sorted(fetched) == sorted([*sent, last])  # every one, none twice
