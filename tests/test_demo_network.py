from datetime import UTC, datetime, timedelta

import pytest

from sociable.channels import polling
from sociable.inbox.models import Conversation, Message
from sociable.networks.base import Credentials, Draft, NetworkError
from sociable.networks.demo import STREAMS, DemoNetwork, demo_messages, stream_messages
from sociable.networks.registry import adapter_for, available


class Clock:
    def __init__(self):
        self.now = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)

    def __call__(self):
        return self.now


def test_the_demo_network_is_registered():
    assert "demo" in available()
    assert isinstance(adapter_for("demo", {}, {"stream": "x"}), DemoNetwork)


def test_every_demo_message_belongs_to_a_stream_and_every_stream_has_messages():
    assert len(demo_messages()) >= 250
    assert {m["channel"] for m in demo_messages()} == set(STREAMS)


def test_threads_arrive_in_the_order_they_were_written():
    order = [m["id"] for m in demo_messages()]
    by_thread = {}
    for message in sorted(demo_messages(), key=lambda m: m["id"]):
        if message.get("thread"):
            by_thread.setdefault(message["thread"], []).append(message["id"])
    assert by_thread
    for ids in by_thread.values():
        assert [order.index(i) for i in ids] == sorted(order.index(i) for i in ids)


def test_messages_arrive_at_the_configured_pace_and_then_stop():
    clock = Clock()
    network = DemoNetwork(
        Credentials(), {"stream": "x", "pace_per_minute": 1, "initial_burst": 3}, clock=clock
    )
    first = network.fetch_inbound({})
    assert len(first.items) == 3
    clock.now += timedelta(seconds=30)
    assert network.fetch_inbound(first.cursor).items == []  # half a minute: none due yet
    clock.now += timedelta(seconds=31)
    second = network.fetch_inbound(first.cursor)
    assert [i.network_id for i in second.items] == [m["id"] for m in stream_messages("x")[3:4]]
    clock.now += timedelta(days=30)
    rest = network.fetch_inbound(second.cursor)
    assert rest.cursor["delivered"] == len(stream_messages("x"))
    assert network.fetch_inbound(rest.cursor).items == []


def test_the_demo_network_accepts_posts_and_refuses_bad_ones():
    network = DemoNetwork(Credentials(), {"stream": "mastodon"})
    published = network.publish(Draft(text="Flu jabs for staff this week #NHS"))
    assert published.network_id.startswith("demo-post-")
    with pytest.raises(NetworkError) as refused:
        network.publish(Draft(text="   "))
    assert refused.value.permanent
    with pytest.raises(NetworkError):
        network.publish(Draft(text="x" * 501))


def test_an_unknown_stream_is_a_clear_permanent_error():
    with pytest.raises(NetworkError, match="Unknown demo stream") as error:
        DemoNetwork(Credentials(), {"stream": "myspace"})
    assert error.value.permanent


def test_polling_the_demo_fills_the_inbox_once(cast):
    cast.channel.options = {"stream": "mastodon", "initial_burst": 6}
    cast.channel.save()
    assert polling.poll(cast.channel) == 6
    cast.channel.refresh_from_db()
    assert cast.channel.cursor["delivered"] == 6
    # A crash before the cursor moved: the same items come again and are not stored twice.
    cast.channel.cursor = {}
    assert polling.poll(cast.channel) == 0
    assert Message.objects.filter(channel=cast.channel, direction="in").count() == 6 + 1
    assert Conversation.objects.filter(channel=cast.channel).count() >= 2
