"""The Mastodon adapter, unchanged, against mastodon-mock: a second, independent Mastodon
server (FastAPI + SQLite, from PyPI) on 127.0.0.1, beside the recordings.

Members of the public are other seeded accounts driven with Mastodon.py directly. Each test
makes its own statuses, so they share one server.

What mastodon-mock (0.6.1) does not do, so the recordings still cover it: it sends no
X-RateLimit-* headers unless its rate limiting is configured (and its injected 429 gives
X-RateLimit-Reset as epoch seconds where Mastodon sends an ISO 8601 time); it does not
process media (any bytes are accepted as an image); it does not check OAuth scopes by
default; it is one instance, so no federation (remote accounts are seeded rows).
"""

from __future__ import annotations

import httpx
import pytest
from mastodon import Mastodon

from sociable.networks.base import Draft, Media, NetworkError
from sociable.networks.registry import adapter_for

from .test_adapter_contract import ALT, PNG

pytestmark = pytest.mark.realserver


def desk(server, token=None):
    return adapter_for(
        "mastodon",
        {"access_token": token or server["token"]},
        {"instance": server["url"], "timeout": 10, "retries": 0},
    )


def person(server, name):
    return Mastodon(
        access_token=server["tokens"][name], api_base_url=server["url"], version_check_mode="none"
    )


def test_the_token_is_accepted_and_a_wrong_one_asks_for_a_reconnect(mastodon_server):
    assert desk(mastodon_server).fetch_inbound({}).cursor is not None
    with pytest.raises(NetworkError) as caught:
        desk(mastodon_server, token="not-a-token-of-this-instance").fetch_inbound({})
    assert caught.value.reconnect
    assert "not-a-token-of-this-instance" not in str(caught.value)


def test_publishing_twice_with_one_idempotency_key_makes_one_status(mastodon_server):
    adapter = desk(mastodon_server)
    draft = Draft(text="Our flu clinic is open 9am-4pm", idempotency_key="post-31-target-2")
    first = adapter.publish(draft)
    second = adapter.publish(draft)
    assert first.network_id == second.network_id
    other = adapter.publish(
        Draft(text="Our flu clinic is open 9am-4pm", idempotency_key="post-32-target-2")
    )
    assert other.network_id != first.network_id
    assert first.url.startswith("http") and first.published_at.tzinfo


def test_a_reply_answers_the_right_status(mastodon_server):
    patient = person(mastodon_server, "patient")
    question = patient.status_post("@NorthshireNHS where do I park for the eye clinic?")
    answer = desk(mastodon_server).reply(
        Draft(text="@patient Car park B, next to the eye clinic.", in_reply_to=str(question["id"]))
    )
    status = patient.status(answer.network_id)
    assert str(status["in_reply_to_id"]) == str(question["id"])


def test_an_image_is_uploaded_with_its_alt_text(mastodon_server):
    adapter = desk(mastodon_server)
    media = Media(filename="clinic.png", content_type="image/png", data=PNG, alt_text=ALT)
    published = adapter.publish(Draft(text="Our new walk-in clinic", media=(media,)))
    status = person(mastodon_server, "patient").status(published.network_id)
    assert [m["description"] for m in status["media_attachments"]] == [ALT]


def test_mentions_arrive_once_as_mentions_replies_and_direct_messages(mastodon_server):
    adapter = desk(mastodon_server)
    own = adapter.publish(Draft(text="Is your flu jab booked?"))
    cursor = adapter.fetch_inbound({}).cursor
    patient, carer = person(mastodon_server, "patient"), person(mastodon_server, "carer")
    mention = patient.status_post("@NorthshireNHS is the walk-in clinic open on Saturday?")
    reply = carer.status_post("@NorthshireNHS booked, thank you", in_reply_to_id=own.network_id)
    direct = patient.status_post(
        "@NorthshireNHS my appointment letter has the wrong name", visibility="direct"
    )
    batch = adapter.fetch_inbound(cursor)
    kinds = {item.network_id: item.kind for item in batch.items}
    assert kinds == {
        str(mention["id"]): "mention",
        str(reply["id"]): "reply",
        str(direct["id"]): "direct",
    }
    by_id = {item.network_id: item for item in batch.items}
    assert by_id[str(mention["id"])].text == (
        "@NorthshireNHS is the walk-in clinic open on Saturday?"
    )
    assert by_id[str(mention["id"])].author.handle == "@patient"
    assert by_id[str(reply["id"])].in_reply_to == own.network_id
    assert adapter.fetch_inbound(batch.cursor).items == []


def test_metrics_count_favourites_boosts_and_replies(mastodon_server):
    adapter = desk(mastodon_server)
    own = adapter.publish(Draft(text="Thank you to our volunteers"))
    patient, carer = person(mastodon_server, "patient"), person(mastodon_server, "carer")
    patient.status_favourite(own.network_id)
    carer.status_favourite(own.network_id)
    carer.status_reblog(own.network_id)
    patient.status_post("@NorthshireNHS they are wonderful", in_reply_to_id=own.network_id)
    assert adapter.metrics(own.network_id) == {"likes": 2, "shares": 1, "replies": 1}


def test_a_deleted_status_is_gone(mastodon_server):
    adapter = desk(mastodon_server)
    published = adapter.publish(Draft(text="Posted by mistake"))
    adapter.delete(published.network_id)
    with pytest.raises(NetworkError) as caught:
        adapter.metrics(published.network_id)
    assert caught.value.permanent and caught.value.status == 404


def test_hashtag_listening_finds_public_statuses(mastodon_server):
    carer = person(mastodon_server, "carer")
    posted = carer.status_post("Proud of the team on #WardSevenHeroes today")
    batch = desk(mastodon_server).search("#WardSevenHeroes", {})
    assert [item.network_id for item in batch.items] == [str(posted["id"])]
    assert batch.cursor == {"since_id": str(posted["id"])}


def test_full_text_listening_finds_public_statuses(mastodon_server):
    carer = person(mastodon_server, "carer")
    posted = carer.status_post("The quince garden by the day unit is lovely")
    batch = desk(mastodon_server).search("quince garden", {})
    assert str(posted["id"]) in [item.network_id for item in batch.items]


def test_a_rate_limited_post_waits_as_long_as_the_instance_says(mastodon_server):
    rule = {
        "match": {"methods": ["POST"], "path": "/api/v1/statuses"},
        "effect": {"type": "ratelimit"},
        "count": 1,
    }
    httpx.post(
        f"{mastodon_server['url']}/api/v1/_mock/faults", json=rule, timeout=10
    ).raise_for_status()
    with pytest.raises(NetworkError) as caught:
        desk(mastodon_server).publish(Draft(text="Our flu clinic is open"))
    error = caught.value
    assert error.status == 429 and not error.permanent and not error.reconnect
    assert 250 <= error.retry_after <= 300  # Retry-After: 300 (X-RateLimit-Reset likewise)


def test_a_status_the_instance_refuses_is_a_permanent_failure(mastodon_server):
    # The account is set up with a larger limit than this instance's 500 characters.
    adapter = adapter_for(
        "mastodon",
        {"access_token": mastodon_server["token"]},
        {"instance": mastodon_server["url"], "max_characters": 1000},
    )
    with pytest.raises(NetworkError) as caught:
        adapter.publish(Draft(text="Flu clinic " * 60))
    assert caught.value.permanent and not caught.value.reconnect
    assert caught.value.status == 422
