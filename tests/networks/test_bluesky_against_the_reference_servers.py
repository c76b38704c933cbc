"""The Bluesky adapter, unchanged, against the reference PDS and AppView on 127.0.0.1.

The servers (tests/servers/bluesky, from @atproto/dev-env) are the ones Bluesky itself runs,
with a PLC directory of their own; members of the public are played by other seeded accounts
using the atproto SDK directly. Each test makes its own posts, so they share one server.
"""

from __future__ import annotations

import uuid

import httpx
import pytest
from atproto import Client

from sociable.networks.base import Draft, Media, NetworkError
from sociable.networks.registry import adapter_for

from .test_adapter_contract import ALT, PNG

pytestmark = pytest.mark.realserver


def desk(network, key="trust", password=None):
    """The adapter as the desk makes it for a connected account."""
    account = network.accounts[key]
    return adapter_for(
        "bluesky",
        {
            "identifier": account.handle,
            "app_password": account.app_password if password is None else password,
        },
        {"service": network.pds, "timeout": 20, "retries": 0},
    )


def person(network, key):
    """A member of the public, with the SDK alone."""
    client = Client(base_url=network.pds)
    account = network.accounts[key]
    client.login(account.handle, account.password)
    return client


def appview_post(network, uri):
    """The post as the AppView shows it (what every Bluesky app reads)."""
    response = httpx.get(
        f"{network.appview}/xrpc/app.bsky.feed.getPosts", params={"uris": uri}, timeout=20
    )
    response.raise_for_status()
    posts = response.json()["posts"]
    return posts[0] if posts else None


def strong_ref(client, uri):
    repo, collection, rkey = uri[len("at://") :].split("/")
    record = client.com.atproto.repo.get_record(
        params={"repo": repo, "collection": collection, "rkey": rkey}
    )
    return {"uri": record.uri, "cid": record.cid}


def test_the_trust_signs_in_with_its_app_password(bluesky_network):
    adapter = desk(bluesky_network)
    assert adapter._login() == bluesky_network.accounts["trust"].did


def test_a_wrong_app_password_asks_for_the_account_to_be_reconnected(bluesky_network):
    adapter = desk(bluesky_network, password="wxyz-wxyz-wxyz-wxyz")
    with pytest.raises(NetworkError) as caught:
        adapter.fetch_inbound({})
    assert caught.value.reconnect and caught.value.permanent
    assert "wxyz-wxyz-wxyz-wxyz" not in str(caught.value)


def test_links_hashtags_and_mentions_are_facets_the_appview_resolves(bluesky_network):
    adapter = desk(bluesky_network)
    text = "Flu jabs 💉 at https://www.nhs.uk/vaccinations #FluFighter thanks @annie.test"
    published = adapter.publish(Draft(text=text))
    bluesky_network.process_all()
    post = appview_post(bluesky_network, published.network_id)
    assert post is not None and post["record"]["text"] == text
    features = {f["features"][0]["$type"]: f for f in post["record"]["facets"]}
    encoded = text.encode()

    def covered(kind):
        index = features[kind]["index"]
        return encoded[index["byteStart"] : index["byteEnd"]].decode()

    assert covered("app.bsky.richtext.facet#link") == "https://www.nhs.uk/vaccinations"
    assert covered("app.bsky.richtext.facet#tag") == "#FluFighter"
    assert covered("app.bsky.richtext.facet#mention") == "@annie.test"
    mention = features["app.bsky.richtext.facet#mention"]["features"][0]
    assert mention["did"] == bluesky_network.accounts["annie"].did
    # The AppView read the mention facet: Annie is told she was mentioned.
    annie = person(bluesky_network, "annie")
    told = annie.app.bsky.notification.list_notifications(params={"limit": 50})
    assert any(n.uri == published.network_id and n.reason == "mention" for n in told.notifications)


def test_an_image_reaches_the_appview_with_its_alt_text(bluesky_network):
    adapter = desk(bluesky_network)
    media = Media(filename="clinic.png", content_type="image/png", data=PNG, alt_text=ALT)
    published = adapter.publish(Draft(text="Our new walk-in clinic", media=(media,)))
    bluesky_network.process_all()
    post = appview_post(bluesky_network, published.network_id)
    assert post["embed"]["$type"] == "app.bsky.embed.images#view"
    assert post["embed"]["images"][0]["alt"] == ALT


def test_a_thread_keeps_its_root_and_each_parent(bluesky_network):
    adapter = desk(bluesky_network)
    first = adapter.publish(Draft(text="A thread about winter pressures (1/3)"))
    second = adapter.reply(
        Draft(text="(2/3) Please use NHS 111 online", in_reply_to=first.network_id)
    )
    third = adapter.reply(Draft(text="(3/3) A&E is for emergencies", in_reply_to=second.network_id))
    bluesky_network.process_all()
    reply = appview_post(bluesky_network, third.network_id)["record"]["reply"]
    assert reply["root"]["uri"] == first.network_id
    assert reply["parent"]["uri"] == second.network_id
    assert appview_post(bluesky_network, first.network_id)["replyCount"] == 1


def test_mentions_and_replies_from_the_public_arrive_once_through_the_appview(bluesky_network):
    adapter = desk(bluesky_network)
    own = adapter.publish(Draft(text="Is your flu jab booked?"))
    bluesky_network.process_all()
    cursor = adapter.fetch_inbound({}).cursor
    annie, sam = person(bluesky_network, "annie"), person(bluesky_network, "sam")
    text = "@northshire.test is the walk-in clinic open on Saturday?"
    mention = annie.send_post(text=text, facets=annie.detect_facets(text))
    ref = strong_ref(sam, own.network_id)
    reply = sam.send_post(
        text="Booked for Thursday, thank you", reply_to={"root": ref, "parent": ref}
    )
    bluesky_network.process_all()
    batch = adapter.fetch_inbound(cursor)
    got = {item.network_id: item for item in batch.items}
    assert got[mention.uri].kind == "mention"
    assert got[mention.uri].author.handle == "@annie.test"
    assert got[mention.uri].text == text
    assert got[reply.uri].kind == "reply"
    assert got[reply.uri].in_reply_to == own.network_id
    assert got[reply.uri].thread_key == f"bluesky:{own.network_id}"
    again = adapter.fetch_inbound(batch.cursor)
    assert not {i.network_id for i in again.items} & {mention.uri, reply.uri}


def test_metrics_count_likes_reposts_replies_and_quotes(bluesky_network):
    adapter = desk(bluesky_network)
    own = adapter.publish(Draft(text="Thank you to our volunteers"))
    annie, sam = person(bluesky_network, "annie"), person(bluesky_network, "sam")
    ref = strong_ref(annie, own.network_id)
    annie.like(ref["uri"], ref["cid"])
    sam.like(ref["uri"], ref["cid"])
    sam.repost(ref["uri"], ref["cid"])
    annie.send_post(text="They are wonderful", reply_to={"root": ref, "parent": ref})
    sam.send_post(text="Hear hear", embed={"$type": "app.bsky.embed.record", "record": ref})
    bluesky_network.process_all()
    assert adapter.metrics(own.network_id) == {"likes": 2, "shares": 1, "replies": 1, "quotes": 1}


def test_search_finds_public_posts_on_the_appview(bluesky_network):
    word = f"Zebrafinch{uuid.uuid4().hex[:8]}"
    sam = person(bluesky_network, "sam")
    posted = sam.send_post(text=f"Long wait at the {word} clinic today")
    bluesky_network.process_all()
    batch = desk(bluesky_network).search(word, {})
    assert [item.network_id for item in batch.items] == [posted.uri]
    assert batch.items[0].author.handle == "@sam.test"
    assert batch.cursor


def test_a_deleted_post_is_gone_from_the_appview_and_cannot_be_read_back(bluesky_network):
    adapter = desk(bluesky_network)
    key = f"post-{uuid.uuid4().hex[:8]}-target-1"
    published = adapter.publish(Draft(text="Posted by mistake", idempotency_key=key))
    assert adapter.find_published(key).network_id == published.network_id
    adapter.delete(published.network_id)
    bluesky_network.process_all()
    assert appview_post(bluesky_network, published.network_id) is None
    assert adapter.find_published(key) is None
    with pytest.raises(NetworkError) as caught:
        adapter.metrics(published.network_id)
    assert caught.value.permanent


def test_too_many_sign_ins_are_rate_limited_with_the_time_to_wait(bluesky_network):
    account = bluesky_network.accounts["limited"]
    url = f"{bluesky_network.pds}/xrpc/com.atproto.server.createSession"
    body = {"identifier": account.handle, "password": account.app_password}
    for _ in range(30):  # the PDS allows 30 sign-ins per handle in five minutes
        response = httpx.post(url, json=body, timeout=20)
        if response.status_code == 429:
            break
        assert response.status_code == 200, response.text
    with pytest.raises(NetworkError) as caught:
        desk(bluesky_network, "limited").fetch_inbound({})
    error = caught.value
    assert error.status == 429 and not error.permanent and not error.reconnect
    assert error.retry_after is not None and 0 < error.retry_after <= 300
