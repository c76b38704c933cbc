import pytest

from sociable.audit.log import record, record_many
from sociable.audit.models import AppendOnly, AuditEvent


def test_an_event_records_who_what_when_and_before_after(cast):
    event = record(
        cast.organisation,
        cast.officer,
        "conversation.status",
        cast.conversation,
        before={"status": "new"},
        after={"status": "closed"},
    )
    event.refresh_from_db()
    assert event.actor_label == "officer"
    assert event.object_type == "inbox.conversation"
    assert event.object_id == str(cast.conversation.pk)
    assert (event.before, event.after) == ({"status": "new"}, {"status": "closed"})
    assert event.at is not None


FIELDS = [
    "organisation",
    "actor",
    "actor_label",
    "verb",
    "object_type",
    "object_id",
    "object_label",
    "before",
    "after",
]


def test_many_events_are_written_as_one_event_each_would_be(cast):
    record(cast.organisation, None, "alert.raised", cast.conversation, after={"n": 1})
    written = record_many(
        cast.organisation,
        None,
        "alert.raised",
        [(cast.conversation, {"n": 1}), (cast.conversation.contact, None)],
    )
    rows = list(AuditEvent.objects.filter(verb="alert.raised").order_by("pk").values(*FIELDS))
    assert len(written) == 2 and len(rows) == 3
    assert rows[1] == rows[0]
    assert (rows[0]["actor_label"], rows[0]["after"]) == ("system", {"n": 1})
    assert (rows[2]["object_type"], rows[2]["object_id"], rows[2]["after"]) == (
        "inbox.contact",
        str(cast.conversation.contact.pk),
        None,
    )


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
