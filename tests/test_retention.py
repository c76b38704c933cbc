"""Retention rules: each organisation's limits per kind of data, applied once a day by the
worker, each run recorded in the audit log with what it deleted."""

from datetime import timedelta

from django.db import models
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from sociable.audit.models import AuditEvent
from sociable.core import scheduler
from sociable.inbox.models import Contact, Conversation, Direction, Message
from sociable.listening.models import Mention, SavedSearch
from sociable.privacy import retention
from tests.conftest import CAST_PASSWORD, conversation_with, verified

NOW = timezone.now()


def aged(conversation, days):
    """Make every message of `conversation` (and the conversation itself) `days` old."""
    when = NOW - timedelta(days=days)
    conversation.messages.update(sent_at=when)
    Conversation.objects.filter(pk=conversation.pk).update(last_message_at=when)
    Contact.objects.filter(pk=conversation.contact_id).update(created_at=when)
    return conversation


def reply_in(conversation, days):
    return Message.objects.create(
        conversation=conversation,
        channel=conversation.channel,
        direction=Direction.OUTBOUND,
        network_id=f"reply-{conversation.pk}-{days}",
        text="Thanks for letting us know",
        sent_at=NOW - timedelta(days=days),
    )


def old_audit_event(organisation, years):
    event = AuditEvent.objects.create(
        organisation=organisation,
        actor_label="system",
        verb="test.old",
        object_type="",
        object_id="",
    )
    # The application cannot change audit events; the test sets the date underneath.
    models.QuerySet.update(
        AuditEvent.objects.filter(pk=event.pk), at=NOW - timedelta(days=365 * years + 2)
    )
    return event


def test_inbound_messages_older_than_the_rule_go_with_their_conversation_and_contact(cast):
    old = aged(conversation_with(cast.channel, "My appointment letter from 2023"), 800)
    recent = aged(conversation_with(cast.channel, "Where is ward 4?"), 300)
    counts = retention.apply(cast.organisation, now=NOW)
    assert counts["inbound_messages"] == 1
    assert not Conversation.objects.filter(pk=old.pk).exists()
    assert not Contact.objects.filter(pk=old.contact_id).exists()
    assert Conversation.objects.filter(pk=recent.pk).exists()


def test_outbound_replies_follow_their_own_rule(cast):
    policy = retention.policy_for(cast.organisation)
    policy.outbound_months = 6
    policy.save()
    conversation = aged(conversation_with(cast.channel, "Is the car park free?"), 100)
    old_reply, new_reply = reply_in(conversation, 200), reply_in(conversation, 10)
    counts = retention.apply(cast.organisation, now=NOW)
    assert counts["outbound_messages"] == 1
    assert not Message.objects.filter(pk=old_reply.pk).exists()
    assert Message.objects.filter(pk=new_reply.pk).exists()
    assert conversation.messages.filter(direction=Direction.INBOUND).exists()


def test_old_listening_mentions_are_deleted(cast):
    search = SavedSearch.objects.create(organisation=cast.organisation, name="Flu")
    for n, days in enumerate([900, 30]):
        Mention.objects.create(
            organisation=cast.organisation,
            search=search,
            network="demo",
            network_id=f"m{n}",
            text="flu jab",
            posted_at=NOW - timedelta(days),
        )
    assert retention.apply(cast.organisation, now=NOW)["mentions"] == 1
    assert list(Mention.objects.values_list("network_id", flat=True)) == ["m1"]


def test_audit_events_older_than_six_years_are_removed_and_the_run_is_recorded(cast):
    ancient, young = old_audit_event(cast.organisation, 7), old_audit_event(cast.organisation, 5)
    elsewhere = old_audit_event(cast.other_organisation, 7)
    counts = retention.apply(cast.organisation, now=NOW)
    assert counts["audit_events"] == 1
    remaining = set(AuditEvent.objects.values_list("pk", flat=True))
    assert ancient.pk not in remaining and {young.pk, elsewhere.pk} <= remaining
    run = AuditEvent.objects.get(verb="privacy.retention_applied")
    assert run.after["audit_events"] == 1 and run.after["rules"]["audit_years"] == 6


def test_nothing_of_another_organisation_is_touched(cast):
    theirs = aged(conversation_with(cast.other_channel, "An old hospice message"), 2000)
    retention.apply(cast.organisation, now=NOW)
    assert Conversation.objects.filter(pk=theirs.pk).exists()


def test_each_organisations_run_is_claimed_once_a_day(cast):
    today = timezone.localdate()
    assert sorted(retention.claim_due(today)) == sorted(
        [cast.organisation.pk, cast.other_organisation.pk]
    )
    assert retention.claim_due(today) == []
    assert len(retention.claim_due(today + timedelta(days=1))) == 2


def test_the_scheduler_enqueues_the_daily_run(cast):
    runs = DBTaskResult.objects.filter(task_path__endswith=".apply_retention")
    scheduler.tick()
    scheduler.tick()
    assert runs.count() == 2
    assert sorted(r.args_kwargs["args"][0] for r in runs) == sorted(
        [cast.organisation.pk, cast.other_organisation.pk]
    )


def test_a_run_also_deletes_old_finished_task_results(cast, settings):
    settings.TASK_RESULT_RETENTION_DAYS = 30
    scheduler.tick()
    DBTaskResult.objects.update(status="SUCCESSFUL", finished_at=NOW - timedelta(days=31))
    fresh = DBTaskResult.objects.first()
    DBTaskResult.objects.filter(pk=fresh.pk).update(finished_at=NOW)
    before = DBTaskResult.objects.count()
    counts = retention.run(cast.organisation.pk)
    assert before > 1 and counts["task_results"] == before - 1
    assert list(DBTaskResult.objects.values_list("pk", flat=True)) == [fresh.pk]


def admin_client():
    client = Client()
    client.login(username="admin", password=CAST_PASSWORD)
    return verified(client)


def test_an_admin_sets_the_rules_and_the_change_is_audited(cast):
    answer = admin_client().post(
        "/settings/retention/",
        {
            "inbound_months": "12",
            "outbound_months": "36",
            "mentions_months": "6",
            "audit_years": "8",
        },
    )
    assert answer.status_code == 302
    policy = retention.policy_for(cast.organisation)
    assert (
        policy.inbound_months,
        policy.outbound_months,
        policy.mentions_months,
        policy.audit_years,
    ) == (12, 36, 6, 8)
    change = AuditEvent.objects.get(verb="privacy.retention_changed")
    assert change.before["inbound_months"] == 24 and change.after["inbound_months"] == 12


def test_impossible_rules_are_explained_and_nothing_is_saved(cast):
    page = admin_client().post(
        "/settings/retention/",
        {
            "inbound_months": "0",
            "outbound_months": "500",
            "mentions_months": "x",
            "audit_years": "6",
        },
    )
    html = page.content.decode()
    assert page.status_code == 200 and "There is a problem" in html
    assert "greater than or equal to 1" in html and "less than or equal to 120" in html
    assert retention.policy_for(cast.organisation).inbound_months == 24


def test_the_page_shows_the_last_run(cast):
    old_audit_event(cast.organisation, 9)
    retention.apply(cast.organisation, now=NOW)
    page = admin_client().get("/settings/retention/").content.decode()
    assert "1 audit log entry" in page


def test_months_are_counted_on_the_calendar():
    from datetime import datetime

    assert retention.months_before(datetime(2026, 3, 31), 1) == datetime(2026, 2, 28)
    assert retention.months_before(datetime(2026, 1, 15), 24) == datetime(2024, 1, 15)
