"""A thread whose part's outcome is unknown: read back asks about that part (not the first),
the hold names it, and a retry sends only the parts the network has not confirmed, so no part
is lost or doubled."""

from sociable.networks.base import NetworkError
from sociable.networks.demo import DemoNetwork
from sociable.publishing import publisher
from sociable.publishing.models import TargetStatus
from tests.publishing_support import approved_post
from tests.test_publisher_never_loses_or_doubles import Network

TIMEOUT = NetworkError("The connection timed out")  # no answer: the outcome is unknown


def timing_out_on_call(monkeypatch, network, call, *, reached_network):
    """The `call`th publish times out; if `reached_network`, the network kept that part."""
    real = DemoNetwork.publish
    calls = {"n": 0}

    def publish(adapter, draft):
        calls["n"] += 1
        if calls["n"] == call:
            if reached_network:
                kept = real(adapter, draft)
                network.published.append(draft)
                network.read_back[draft.idempotency_key] = kept
            raise TIMEOUT
        return real(adapter, draft)

    monkeypatch.setattr(DemoNetwork, "publish", publish)


def thread(cast):
    return approved_post(cast, "Part one", thread=["Part two", "Part three"])[1]


def test_a_held_part_is_named_and_a_retry_sends_only_the_rest(cast, monkeypatch):
    network = Network(monkeypatch)
    monkeypatch.setattr(DemoNetwork, "find_published", lambda adapter, key: None)
    target = thread(cast)
    timing_out_on_call(monkeypatch, network, 2, reached_network=False)
    assert publisher.publish_target(target.pk) == TargetStatus.HELD
    target.refresh_from_db()
    assert len(target.thread_ids) == 1
    assert "part 2 of 3" in target.last_error and "Part 1 is confirmed" in target.last_error
    publisher.retry_by_person(target, cast.officer)
    assert publisher.publish_target(target.pk) == TargetStatus.PUBLISHED
    target.refresh_from_db()
    assert len(target.thread_ids) == 3 and len(set(target.thread_ids)) == 3


def test_read_back_asks_about_the_uncertain_part_and_nothing_is_doubled(cast, monkeypatch):
    Network(monkeypatch)  # keeps what it publishes for read back
    recording = DemoNetwork.publish
    sent = []

    def answer_lost_for_part_two(adapter, draft):
        sent.append(draft.text)
        result = recording(adapter, draft)  # the network has it...
        if len(sent) == 2:
            raise TIMEOUT  # ...but its answer never arrives
        return result

    monkeypatch.setattr(DemoNetwork, "publish", answer_lost_for_part_two)
    target = thread(cast)
    # Read back finds part two: carry on from part three.
    assert publisher.publish_target(target.pk) == TargetStatus.SCHEDULED
    target.refresh_from_db()
    assert len(target.thread_ids) == 2
    assert publisher.publish_target(target.pk) == TargetStatus.PUBLISHED
    target.refresh_from_db()
    assert sent == ["Part one", "Part two", "Part three"]  # none sent twice, none lost
    assert len(set(target.thread_ids)) == 3


def test_a_lost_last_part_is_not_marked_published_by_finding_the_first(cast, monkeypatch):
    network = Network(monkeypatch)
    target = thread(cast)
    timing_out_on_call(monkeypatch, network, 3, reached_network=False)
    status = publisher.publish_target(target.pk)
    target.refresh_from_db()
    assert status != TargetStatus.PUBLISHED
    assert len(target.thread_ids) == 2
