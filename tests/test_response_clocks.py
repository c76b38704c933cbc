"""Response clocks count staffed time; crisis and safeguarding count every minute."""

from datetime import timedelta

from sociable.inbox import clocks
from tests.inbox_support import arrive, at


def test_a_friday_afternoon_query_is_due_on_monday_in_staffed_time(cast):
    message = arrive(
        cast.channel, "What are the visiting times on the children's ward?", when="2026-11-27 16:00"
    )
    conversation = message.conversation
    conversation.refresh_from_db()
    assert conversation.route == "query"
    # 4 hours of staffed time: 1 hour on Friday, 3 on Monday.
    assert conversation.first_response_due_at == at("2026-11-30 12:00")


def test_a_crisis_is_due_in_fifteen_minutes_at_any_hour(cast):
    message = arrive(
        cast.channel, "I've taken all my tablets, I want it to end", when="2026-11-28 02:30"
    )
    conversation = message.conversation
    conversation.refresh_from_db()
    assert conversation.first_response_due_at == at("2026-11-28 02:45")


def test_the_organisations_own_targets_replace_the_defaults(cast):
    cast.organisation.sla_targets = {"query": {"first_response": 30}}
    cast.organisation.save()
    message = arrive(cast.channel, "Where is the blood test clinic?", when="2026-11-25 10:00")
    message.conversation.refresh_from_db()
    assert message.conversation.first_response_due_at == at("2026-11-25 10:30")


def test_scotland_keeps_st_andrews_day_off(cast):
    cast.organisation.nation = "scotland"
    cast.organisation.save()
    message = arrive(cast.channel, "Is the clinic open?", when="2026-11-27 16:00")
    message.conversation.refresh_from_db()
    # Monday 30 November 2026 is the St Andrew's Day bank holiday in Scotland.
    assert message.conversation.first_response_due_at == at("2026-12-01 12:00")


def test_due_soon_and_breached_states(cast):
    message = arrive(cast.channel, "Where is the blood test clinic?", when="2026-11-25 10:00")
    conversation = message.conversation
    conversation.refresh_from_db()
    due = conversation.first_response_due_at
    assert clocks.state(conversation, due - timedelta(hours=2)) == "on_track"
    assert clocks.state(conversation, due - timedelta(minutes=10)) == "due_soon"
    assert clocks.state(conversation, due + timedelta(minutes=1)) == "breached"


def test_staffed_minutes_measure_a_response_across_the_weekend(cast):
    minutes = clocks.staffed_minutes(
        cast.organisation, "query", at("2026-11-27 16:00"), at("2026-11-30 10:00")
    )
    assert minutes == 120
