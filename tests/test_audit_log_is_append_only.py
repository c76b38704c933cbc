import pytest

from sociable.audit.log import record
from sociable.audit.models import AppendOnly, AuditEvent


def test_an_event_records_who_what_when_and_before_after(cast):
    event = record(cast.organisation, cast.officer, "conversation.status", cast.conversation,
                   before={"status": "new"}, after={"status": "closed"})
    event.refresh_from_db()
    assert event.actor_label == "officer"
    assert event.object_type == "inbox.conversation"
    assert event.object_id == str(cast.conversation.pk)
    assert (event.before, event.after) == ({"status": "new"}, {"status": "closed"})
    assert event.at is not None


def test_events_cannot_be_changed_or_deleted(cast):
    event = record(cast.organisation, None, "worker.started", label="worker")
    assert event.actor_label == "system"
    event.verb = "something.else"
    with pytest.raises(AppendOnly):
        event.save()
    with pytest.raises(AppendOnly):
        event.delete()
    with pytest.raises(AppendOnly):
        AuditEvent.objects.filter(pk=event.pk).update(verb="x")
    with pytest.raises(AppendOnly):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).verb == "worker.started"
