"""The publisher: claimed once, retried with back-off, held when the outcome is unknown,
never published twice, never left stuck."""

from datetime import timedelta

from django.core import mail
from django.utils import timezone

from sociable.channels.models import ChannelStatus
from sociable.networks.base import NetworkError, Published
from sociable.networks.demo import DemoNetwork
from sociable.publishing import publisher
from sociable.publishing.models import Post, PostStatus, PostTarget, TargetStatus
from tests.publishing_support import approved_post


class Network:
    """Counts what reaches the (demo) network, and can fail on demand."""

    def __init__(self, monkeypatch):
        self.published = []
        self.failures = []
        self.read_back = {}
        real_publish = DemoNetwork.publish
        network = self

        def publish(adapter, draft):
            if network.failures:
                raise network.failures.pop(0)
            result = real_publish(adapter, draft)
            network.published.append(draft)
            network.read_back[draft.idempotency_key] = result
            return result

        monkeypatch.setattr(DemoNetwork, "publish", publish)
        monkeypatch.setattr(
            DemoNetwork, "find_published", lambda adapter, key: network.read_back.get(key)
        )


def status(target):
    target.refresh_from_db()
    return target.status


def test_a_due_post_is_published_once(cast, monkeypatch):
    network = Network(monkeypatch)
    _, target = approved_post(cast)
    assert publisher.due_targets() == [target.pk]
    assert publisher.publish_target(target.pk) == TargetStatus.PUBLISHED
    assert publisher.publish_target(target.pk) == ""  # a second worker finds nothing to do
    target.refresh_from_db()
    assert target.network_post_id.startswith("demo-post-") and target.published_at
    assert len(network.published) == 1


def test_two_workers_cannot_both_claim_a_target(cast):
    _, target = approved_post(cast)
    assert publisher.claim(target.pk) is True
    assert publisher.claim(target.pk) is False


def test_a_post_that_is_not_approved_is_never_published(cast, monkeypatch):
    network = Network(monkeypatch)
    post, target = approved_post(cast)
    Post.objects.filter(pk=post.pk).update(status=PostStatus.SUBMITTED)
    assert publisher.due_targets() == []
    assert publisher.publish_target(target.pk) == ""
    assert network.published == []


def test_a_rate_limit_is_retried_after_the_time_the_network_asked(cast, monkeypatch):
    network = Network(monkeypatch)
    network.failures.append(NetworkError("Too many requests", retry_after=900, status=429))
    _, target = approved_post(cast)
    now = timezone.now()
    assert publisher.publish_target(target.pk, now=now) == TargetStatus.SCHEDULED
    target.refresh_from_db()
    assert target.next_attempt_at == now + timedelta(seconds=900)
    assert publisher.due_targets(now=now + timedelta(seconds=899)) == []
    assert publisher.publish_target(target.pk, now=now + timedelta(seconds=901)) == "published"
    assert len(network.published) == 1


def test_a_server_error_with_no_read_back_is_held_not_resent(cast, monkeypatch):
    network = Network(monkeypatch)
    monkeypatch.setattr(DemoNetwork, "find_published", lambda adapter, key: None)
    network.failures.append(NetworkError("Bad gateway", status=502))
    post, target = approved_post(cast)
    assert publisher.publish_target(target.pk) == TargetStatus.HELD
    assert "not known whether" in PostTarget.objects.get(pk=target.pk).last_error
    assert network.published == []
    assert any("needs a person" in m.subject for m in mail.outbox)


def test_a_timeout_is_resolved_by_reading_back_from_the_network(cast, monkeypatch):
    network = Network(monkeypatch)
    _, target = approved_post(cast)
    key = f"{target.idempotency_key}-0"
    network.read_back[key] = Published("demo-post-landed", "https://demo.invalid/x", timezone.now())
    network.failures.append(NetworkError("The network did not answer in time"))
    assert publisher.publish_target(target.pk) == TargetStatus.PUBLISHED
    assert PostTarget.objects.get(pk=target.pk).network_post_id == "demo-post-landed"
    assert network.published == []  # not sent a second time


def test_a_timeout_on_a_network_that_recognises_repeats_is_retried(cast, monkeypatch):
    network = Network(monkeypatch)
    monkeypatch.setattr(DemoNetwork, "idempotent_publish_window", 3600)
    network.failures.append(NetworkError("Connection reset"))
    _, target = approved_post(cast)
    assert publisher.publish_target(target.pk) == TargetStatus.SCHEDULED


def test_a_permanent_refusal_fails_the_target_and_tells_the_author(cast, monkeypatch):
    network = Network(monkeypatch)
    network.failures.append(NetworkError("Duplicate content", permanent=True, status=403))
    _, target = approved_post(cast)
    assert publisher.publish_target(target.pk) == TargetStatus.FAILED
    [email] = [m for m in mail.outbox if "could not be published" in m.subject]
    assert email.to == [cast.contributor.email] and "Duplicate content" in email.body


def test_an_expired_token_holds_the_post_and_reconnecting_releases_it(cast, monkeypatch):
    network = Network(monkeypatch)
    network.failures.append(NetworkError("Token expired", reconnect=True, status=401))
    _, target = approved_post(cast)
    assert publisher.publish_target(target.pk) == TargetStatus.HELD
    cast.channel.refresh_from_db()
    assert cast.channel.status == ChannelStatus.NEEDS_RECONNECT
    cast.channel.status = ChannelStatus.CONNECTED
    cast.channel.save()
    assert publisher.release_held_for_channel(cast.channel) == 1
    assert publisher.publish_target(target.pk) == TargetStatus.PUBLISHED
    assert len(network.published) == 1


def test_posts_for_a_disconnected_account_are_held_not_dropped(cast, monkeypatch):
    network = Network(monkeypatch)
    cast.channel.status = ChannelStatus.NEEDS_RECONNECT
    cast.channel.save()
    _, target = approved_post(cast)
    assert publisher.publish_target(target.pk) == TargetStatus.HELD
    assert network.published == []


def test_repeated_failures_give_up_and_tell_the_author(cast, monkeypatch):
    network = Network(monkeypatch)
    _, target = approved_post(cast)
    now = timezone.now()
    for _ in range(publisher.MAX_ATTEMPTS):
        network.failures.append(NetworkError("Service unavailable", status=429, retry_after=1))
        PostTarget.objects.filter(pk=target.pk).update(next_attempt_at=now)
        result = publisher.publish_target(target.pk, now=now)
    assert result == TargetStatus.FAILED
    assert network.published == []
    assert any("could not be published" in m.subject for m in mail.outbox)


def crash_while_publishing(target, *, request_sent: bool, ago=timedelta(minutes=30)):
    """The state a worker leaves behind when it is killed: claimed, and perhaps the request
    about to be sent recorded."""
    assert publisher.claim(target.pk)
    then = timezone.now() - ago
    PostTarget.objects.filter(pk=target.pk).update(
        claimed_at=then, sending_since=then if request_sent else None
    )


def test_a_crash_before_the_request_was_sent_is_sent_again_at_once(cast, monkeypatch):
    network = Network(monkeypatch)
    _, target = approved_post(cast)
    due = PostTarget.objects.get(pk=target.pk).next_attempt_at
    crash_while_publishing(target, request_sent=False)
    assert publisher.recover_stuck() == 1
    target.refresh_from_db()
    assert target.status == TargetStatus.SCHEDULED
    assert target.next_attempt_at == due  # keeps its place: no back-off, the network never failed
    assert publisher.publish_target(target.pk) == TargetStatus.PUBLISHED
    assert len(network.published) == 1


def test_a_crash_after_the_request_was_sent_is_held_where_nothing_can_be_read_back(
    cast, monkeypatch
):
    network = Network(monkeypatch)
    _, target = approved_post(cast)
    crash_while_publishing(target, request_sent=True)
    assert publisher.recover_stuck() == 1
    assert status(target) == TargetStatus.HELD  # the demo cannot say whether it went out
    assert network.published == []


def test_a_crash_after_the_network_accepted_is_recognised_by_reading_back(cast, monkeypatch):
    network = Network(monkeypatch)
    _, target = approved_post(cast)
    crash_while_publishing(target, request_sent=True)
    network.read_back[f"{target.idempotency_key}-0"] = Published(
        "demo-post-before-crash", "https://demo.invalid/p", timezone.now()
    )
    publisher.recover_stuck()
    assert status(target) == TargetStatus.PUBLISHED
    assert PostTarget.objects.get(pk=target.pk).network_post_id == "demo-post-before-crash"
    assert network.published == []


def test_a_crash_on_a_network_that_recognises_repeats_is_sent_again_within_its_window(
    cast, monkeypatch
):
    network = Network(monkeypatch)
    monkeypatch.setattr(DemoNetwork, "idempotent_publish_window", 3600)
    _, recent = approved_post(cast)
    _, old = approved_post(cast, "Blood donors needed this weekend", channel=cast.maternity_channel)
    crash_while_publishing(recent, request_sent=True, ago=timedelta(minutes=30))
    crash_while_publishing(old, request_sent=True, ago=timedelta(minutes=55))
    assert publisher.recover_stuck() == 2
    assert status(recent) == TargetStatus.SCHEDULED  # a repeat returns the first post
    assert status(old) == TargetStatus.HELD  # the window may close before a repeat arrives
    assert network.published == []


def test_a_request_refused_for_certain_leaves_nothing_uncertain(cast, monkeypatch):
    network = Network(monkeypatch)
    network.failures.append(NetworkError("Too many requests", retry_after=30, status=429))
    _, target = approved_post(cast)
    assert publisher.publish_target(target.pk) == TargetStatus.SCHEDULED
    assert PostTarget.objects.get(pk=target.pk).sending_since is None


def test_a_timeout_keeps_the_first_request_time_across_retries(cast, monkeypatch):
    network = Network(monkeypatch)
    monkeypatch.setattr(DemoNetwork, "idempotent_publish_window", 3600)
    network.failures += [
        NetworkError("Connection reset"),
        NetworkError("Too many requests", retry_after=1, status=429),
    ]
    _, target = approved_post(cast)
    now = timezone.now()
    assert publisher.publish_target(target.pk, now=now) == TargetStatus.SCHEDULED
    first = PostTarget.objects.get(pk=target.pk).sending_since
    assert first is not None
    PostTarget.objects.filter(pk=target.pk).update(next_attempt_at=now)
    assert publisher.publish_target(target.pk, now=now) == TargetStatus.SCHEDULED
    # The second request was refused, but the first may still be out there.
    assert PostTarget.objects.get(pk=target.pk).sending_since == first
    PostTarget.objects.filter(pk=target.pk).update(next_attempt_at=now)
    assert publisher.publish_target(target.pk, now=now) == TargetStatus.PUBLISHED
    assert PostTarget.objects.get(pk=target.pk).sending_since is None
    assert len(network.published) == 1


def test_a_target_taken_back_from_a_slow_worker_is_not_sent_by_it(cast, monkeypatch):
    network = Network(monkeypatch)
    _, target = approved_post(cast)
    real_media = publisher._media

    def meanwhile_taken_back(t):  # runs after the claim, before the request
        PostTarget.objects.filter(pk=t.pk).update(claimed_at=timezone.now())
        return real_media(t)

    monkeypatch.setattr(publisher, "_media", meanwhile_taken_back)
    assert publisher.publish_target(target.pk) == ""
    assert network.published == []
    assert PostTarget.objects.get(pk=target.pk).sending_since is None


def test_a_thread_resumes_where_it_stopped(cast, monkeypatch):
    network = Network(monkeypatch)
    _, target = approved_post(cast, "Part one", thread=["Part two", "Part three"])
    original = DemoNetwork.publish
    calls = {"n": 0}

    def fail_on_second(adapter, draft):
        calls["n"] += 1
        if calls["n"] == 2:
            raise NetworkError("Rate limited", retry_after=1, status=429)
        return original(adapter, draft)

    monkeypatch.setattr(DemoNetwork, "publish", fail_on_second)
    now = timezone.now()
    assert publisher.publish_target(target.pk, now=now) == TargetStatus.SCHEDULED
    assert [d.text for d in network.published] == ["Part one"]
    PostTarget.objects.filter(pk=target.pk).update(next_attempt_at=now)
    assert publisher.publish_target(target.pk, now=now) == TargetStatus.PUBLISHED
    texts = [d.text for d in network.published]
    assert texts == ["Part one", "Part two", "Part three"]
    assert network.published[1].in_reply_to == PostTarget.objects.get(pk=target.pk).thread_ids[0]


def test_a_post_not_approved_in_time_tells_its_author_once(cast):
    post, _ = approved_post(cast)
    Post.objects.filter(pk=post.pk).update(status=PostStatus.SUBMITTED)
    assert publisher.notify_missed_approvals() == 1
    assert publisher.notify_missed_approvals() == 0
    assert any("not approved in time" in m.subject for m in mail.outbox)


def test_the_scheduler_queues_a_due_target_once_however_often_it_ticks(cast):
    _, target = approved_post(cast)
    now = timezone.now()
    assert publisher.take_for_queue(now) == [target.pk]
    assert publisher.take_for_queue(now + timedelta(seconds=1)) == []
    # A queued task that never ran (a worker lost it) is queued again after a while.
    assert publisher.take_for_queue(now + publisher.REQUEUE_AFTER + timedelta(seconds=1)) == [
        target.pk
    ]


def test_when_many_fall_due_at_once_the_queue_holds_only_the_next_few_in_order(cast):
    targets = [approved_post(cast, f"Clinic {n} open late")[1].pk for n in range(5)]
    now = timezone.now()
    assert publisher.take_for_queue(now, limit=3) == targets[:3]
    assert publisher.take_for_queue(now, limit=3) == []  # three wait already
    assert publisher.claim(targets[0], now)  # one leaves the queue
    assert publisher.take_for_queue(now, limit=3) == [targets[3]]
