"""Response times in the report: first reply by a person after the first message of a waiting
period, counted in staffed hours, by route; median, 90th percentile and share within target."""

from datetime import date

from sociable.inbox.models import Conversation, Direction, Message
from sociable.reports import responses
from sociable.reports.build import build
from sociable.reports.periods import custom
from sociable.reports.scope import Scope
from tests.inbox_support import arrive, at

OCTOBER = custom(date(2026, 10, 1), date(2026, 10, 31))


def reply(message, when, *, automatic=False, delivery="sent"):
    return Message.objects.create(
        conversation=message.conversation,
        channel=message.channel,
        direction=Direction.OUTBOUND,
        network_id=f"reply-{Message.objects.count()}",
        text="Thanks, here is the answer",
        sent_at=at(when),
        automatic=automatic,
        delivery=delivery,
    )


def as_route(message, route):
    Conversation.objects.filter(pk=message.conversation_id).update(route=route)
    return message


def scope(cast):
    return Scope(cast.organisation, OCTOBER)


def test_the_clock_counts_staffed_hours_only(cast):
    question = as_route(
        arrive(cast.channel, "Where is the fracture clinic?", when="2026-10-23 16:30"), "query"
    )  # a Friday
    reply(question, "2026-10-26 09:30")  # Monday
    [wait] = responses.waits(scope(cast))
    assert wait.minutes == 60  # 30 minutes on Friday, 30 on Monday


def test_an_auto_reply_does_not_stop_the_clock(cast):
    question = as_route(
        arrive(cast.channel, "Is the walk-in centre open?", when="2026-10-21 10:00"), "query"
    )
    reply(question, "2026-10-21 10:01", automatic=True)
    reply(question, "2026-10-21 11:00")
    [wait] = responses.waits(scope(cast))
    assert wait.minutes == 60


def test_a_reply_still_awaiting_approval_is_not_yet_a_reply(cast):
    question = as_route(
        arrive(cast.channel, "Can I bring my kids to visit?", when="2026-10-21 10:00"), "query"
    )
    reply(question, "2026-10-21 10:05", delivery="awaiting_approval")
    [wait] = responses.waits(scope(cast))
    assert wait.answered is None


def test_median_and_90th_percentile_are_given_per_route(cast):
    for n, minutes in enumerate([10, 20, 30, 40, 50, 60, 70, 80, 90, 200]):
        question = as_route(
            arrive(cast.channel, f"Question number {n} about parking", when="2026-10-20 10:00"),
            "query",
        )
        reply(question, f"2026-10-20 {10 + minutes // 60:02d}:{minutes % 60:02d}")
    [times] = responses.by_route(scope(cast))
    assert (times.label, times.answered, times.median, times.p90) == ("Query", 10, 55, 90)


def test_within_target_states_its_base_and_counts_an_overdue_silence_as_missed(cast):
    cast.organisation.sla_targets = {"query": {"first_response": 60}}
    cast.organisation.save()
    quick = as_route(arrive(cast.channel, "Where do I park?", when="2026-10-20 10:00"), "query")
    reply(quick, "2026-10-20 10:30")
    slow = as_route(arrive(cast.channel, "Is there a cafe?", when="2026-10-20 10:00"), "query")
    reply(slow, "2026-10-20 13:00")
    as_route(arrive(cast.channel, "Are dogs allowed?", when="2026-10-20 10:00"), "query")
    [times] = responses.by_route(scope(cast), now=at("2026-10-22 12:00"))
    assert str(times.within) == (
        "answered within target ÷ replies due = 33.3% (of 3 messages whose reply was due)"
    )


def test_crisis_counts_every_minute(cast):
    crisis = as_route(
        arrive(cast.channel, "I can't go on any more", when="2026-10-24 22:00"), "crisis"
    )  # a Saturday night
    reply(crisis, "2026-10-24 22:10")
    [wait] = responses.waits(scope(cast))
    assert wait.minutes == 10


def test_volume_counts_inbound_messages_by_route(cast):
    as_route(arrive(cast.channel, "Where do I park?", when="2026-10-20 10:00"), "query")
    report = build(scope(cast))
    routes = {label: count for _, label, count in report.volume}
    assert sum(routes.values()) == report.inbound_total >= 1
    assert all(count > 0 for count in routes.values())
