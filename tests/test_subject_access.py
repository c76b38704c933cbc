"""Subject access and erasure for a contact: everything held about them as JSON, CSV and a
readable page; erasure deletes it and the audit log keeps only that it happened."""

import csv
import io
import json

from django.test import Client
from django.utils import timezone

from sociable.audit.log import record
from sociable.audit.models import AuditEvent
from sociable.inbox.models import Contact, Conversation, Kudos, Message, Note
from sociable.listening.models import Mention, SavedSearch
from tests.conftest import CAST_PASSWORD, conversation_with, verified


def admin_client():
    client = Client()
    client.login(username="admin", password=CAST_PASSWORD)
    return verified(client)


def person_with_history(cast):
    conversation = conversation_with(cast.channel, "Thank you to Nurse Okafor on ward 7")
    contact = conversation.contact
    Contact.objects.filter(pk=contact.pk).update(handle="@pat", name="Pat Doe")
    message = conversation.messages.get()
    Message.objects.create(
        conversation=conversation,
        channel=cast.channel,
        direction="out",
        network_id="reply-1",
        text="We'll pass that on, Pat!",
        sent_at=timezone.now(),
        author=cast.officer,
    )
    Note.objects.create(conversation=conversation, author=cast.officer, text="Pat is a regular")
    Kudos.objects.create(
        organisation=cast.organisation, message=message, staff_name="Okafor", at=timezone.now()
    )
    search = SavedSearch.objects.create(organisation=cast.organisation, name="Ward 7")
    Mention.objects.create(
        organisation=cast.organisation,
        search=search,
        network="demo",
        network_id="m1",
        text="Ward 7 were brilliant",
        author_handle="@pat",
        posted_at=timezone.now(),
    )
    record(cast.organisation, cast.officer, "conversation.noted", conversation)
    contact.refresh_from_db()
    return contact


def test_the_json_export_holds_everything_about_the_person(cast):
    contact = person_with_history(cast)
    answer = admin_client().get(f"/settings/people/{contact.pk}/export.json")
    assert answer["Content-Disposition"].startswith("attachment")
    held = json.loads(answer.content)
    assert held["person"]["handle"] == "@pat" and held["person"]["name"] == "Pat Doe"
    [conversation] = held["conversations"]
    assert [m["text"] for m in conversation["messages"]] == [
        "Thank you to Nurse Okafor on ward 7",
        "We'll pass that on, Pat!",
    ]
    assert conversation["messages"][1]["written_by"] == "Officer"
    assert conversation["notes"][0]["text"] == "Pat is a regular"
    assert held["kudos"][0]["staff_named"] == "Okafor"
    assert held["mentions"][0]["text"] == "Ward 7 were brilliant"
    assert [e["what"] for e in held["audit_events"]] == ["conversation.noted"]


def test_the_export_leaves_out_other_people(cast):
    contact = person_with_history(cast)
    held = json.loads(admin_client().get(f"/settings/people/{contact.pk}/export.json").content)
    text = json.dumps(held)
    assert "Where do I park" not in text and "Southshire" not in text


def test_the_csv_export_is_safe_to_open_in_a_spreadsheet(cast):
    contact = person_with_history(cast)
    Message.objects.create(
        conversation=contact.conversations.get(),
        channel=cast.channel,
        direction="in",
        network_id="evil",
        text='=HYPERLINK("x")',
        sent_at=timezone.now(),
    )
    answer = admin_client().get(f"/settings/people/{contact.pk}/export.csv")
    rows = list(csv.reader(io.StringIO(answer.content.decode())))
    texts = [row[4] for row in rows]
    assert '\'=HYPERLINK("x")' in texts and "Pat is a regular" in texts


def test_the_readable_page_lists_it_and_each_export_is_audited(cast):
    contact = person_with_history(cast)
    admin = admin_client()
    page = admin.get(f"/settings/people/{contact.pk}/").content.decode()
    assert "Thank you to Nurse Okafor" in page and "Ward 7 were brilliant" in page
    admin.get(f"/settings/people/{contact.pk}/export.json")
    formats = [
        e.after["format"]
        for e in AuditEvent.objects.filter(verb="privacy.subject_access_exported").order_by("at")
    ]
    assert formats == ["page", "json"]


def test_people_are_found_by_handle_or_name(cast):
    contact = person_with_history(cast)
    page = admin_client().get("/settings/people/", {"q": "pat doe"}).content.decode()
    assert f"/settings/people/{contact.pk}/" in page


def test_erasure_needs_the_handle_typed_to_confirm(cast):
    contact = person_with_history(cast)
    page = admin_client().post(f"/settings/people/{contact.pk}/erase/", {"confirm": "@someone"})
    assert "Type @pat exactly" in page.content.decode()
    assert Contact.objects.filter(pk=contact.pk).exists()


def test_erasure_deletes_the_person_and_keeps_only_counts(cast):
    contact = person_with_history(cast)
    conversation_id = contact.conversations.get().pk
    answer = admin_client().post(f"/settings/people/{contact.pk}/erase/", {"confirm": "@pat"})
    assert answer.status_code == 302
    assert not Contact.objects.filter(pk=contact.pk).exists()
    assert not Conversation.objects.filter(pk=conversation_id).exists()
    assert not Message.objects.filter(text__contains="Okafor").exists()
    assert not Note.objects.filter(text="Pat is a regular").exists()
    assert not Kudos.objects.exists() and not Mention.objects.exists()
    erased = AuditEvent.objects.get(verb="privacy.contact_erased")
    assert erased.actor == cast.admin
    assert erased.after == {
        "conversations": 1,
        "inbound_messages": 1,
        "outbound_messages": 1,
        "notes": 1,
        "kudos": 1,
        "mentions": 1,
    }
    recorded = json.dumps([erased.object_label, erased.before, erased.after])
    assert "pat" not in recorded.lower() and "Okafor" not in recorded


def test_other_peoples_conversations_are_untouched_by_an_erasure(cast):
    contact = person_with_history(cast)
    admin_client().post(f"/settings/people/{contact.pk}/erase/", {"confirm": "@pat"})
    assert Conversation.objects.filter(pk=cast.conversation.pk).exists()


def test_an_officer_cannot_export_or_erase(cast):
    contact = person_with_history(cast)
    officer = Client()
    officer.login(username="officer", password=CAST_PASSWORD)
    assert officer.get(f"/settings/people/{contact.pk}/export.json").status_code == 403
    assert (
        officer.post(f"/settings/people/{contact.pk}/erase/", {"confirm": "@pat"}).status_code
        == 403
    )
    assert Contact.objects.filter(pk=contact.pk).exists()
