"""Working the inbox: filters, search, bulk actions, assignment, notes and route corrections."""

import csv
import io

from django.test import Client

from sociable.audit.models import AuditEvent
from sociable.inbox.models import Conversation, Note, RouteCorrection
from tests.conftest import CAST_PASSWORD, verified
from tests.inbox_support import arrive


def signed_in(username):
    client = Client()
    assert client.login(username=username, password=CAST_PASSWORD)
    return verified(client)


def listed(page, conversation):
    return f'data-conversation="{conversation.pk}"' in page.content.decode()


def test_filters_by_route_and_searches_text_and_people(cast):
    parking = arrive(
        cast.channel, "Where is the multi-storey car park?", name="Pat Doe", handle="@patdoe"
    )
    thanks = arrive(
        cast.channel, "Thank you to everyone on the stroke unit!", name="Kim Ray", handle="@kimray"
    )
    client = signed_in("officer")
    by_route = client.get("/inbox/", {"route": "praise"})
    assert listed(by_route, thanks.conversation) and not listed(by_route, parking.conversation)
    by_text = client.get("/inbox/", {"q": "multi-storey"})
    assert listed(by_text, parking.conversation) and not listed(by_text, thanks.conversation)
    by_person = client.get("/inbox/", {"q": "kim ray"})
    assert listed(by_person, thanks.conversation)


def test_bad_filter_values_are_ignored_not_errors(cast):
    page = signed_in("officer").get(
        "/inbox/", {"route": "nonsense", "since": "31/02/2026", "account": "x", "page": "999"}
    )
    assert page.status_code == 200


def test_urgent_conversations_are_pinned_in_a_banner(cast):
    crisis = arrive(cast.channel, "I've taken all my tablets, I want it to end")
    page = signed_in("officer").get("/inbox/").content.decode()
    start = page.index('data-testid="urgent-pinned"')
    banner = page[start : page.index('data-testid="conversations"')]
    assert f'data-conversation="{crisis.conversation_id}"' in banner


def test_bulk_actions_assign_and_close(cast):
    one = arrive(cast.channel, "Where is outpatients?").conversation
    two = arrive(cast.channel, "Is there a cash machine?").conversation
    client = signed_in("officer")
    client.post("/inbox/bulk/", {"ids": [one.pk, two.pk], "action": "assign_me"})
    assert set(Conversation.objects.filter(assignee=cast.officer)) == {one, two}
    client.post("/inbox/bulk/", {"ids": [one.pk], "action": "closed"})
    one.refresh_from_db()
    assert one.status == "closed" and one.closed_at is not None


def test_bulk_actions_cannot_reach_another_organisation(cast):
    signed_in("officer").post(
        "/inbox/bulk/", {"ids": [cast.other_conversation.pk], "action": "closed"}
    )
    cast.other_conversation.refresh_from_db()
    assert cast.other_conversation.status == "new"


def test_assigning_to_someone_outside_the_organisation_is_refused(cast):
    page = signed_in("officer").post(
        f"/inbox/{cast.conversation.pk}/assign/", {"assignee": cast.outsider.pk}, follow=True
    )
    assert b"not in your organisation" in page.content
    cast.conversation.refresh_from_db()
    assert cast.conversation.assignee is None


def test_internal_notes_are_kept_and_never_sent(cast):
    client = signed_in("contributor")
    client.post(
        f"/inbox/{cast.maternity_conversation.pk}/note/",
        {"note-text": "Check with a team member on the birth centre"},
    )
    note = Note.objects.get()
    assert note.author == cast.contributor
    assert not cast.maternity_conversation.messages.filter(direction="out").exists()
    page = client.get(f"/inbox/{cast.maternity_conversation.pk}/")
    assert b"Check with a team member" in page.content


def test_a_corrected_route_is_recorded_audited_and_exported(cast):
    message = arrive(cast.channel, "Where can I get my flu jab?")
    client = signed_in("officer")
    client.post(f"/inbox/messages/{message.pk}/route/", {"route": "clinical"})
    correction = RouteCorrection.objects.get()
    assert (correction.from_route, correction.to_route) == (message.route, "clinical")
    message.conversation.refresh_from_db()
    assert message.conversation.route == "clinical"
    assert AuditEvent.objects.filter(verb="message.rerouted").exists()
    rows = list(csv.reader(io.StringIO(client.get("/inbox/corrections.csv").content.decode())))
    assert rows[1][:2] == ["Where can I get my flu jab?", "clinical"]


def test_the_contacts_history_is_one_click_away(cast):
    first = arrive(cast.channel, "Where is outpatients?", handle="@pat")
    second = arrive(cast.channel, "Thanks for the help!", handle="@pat")
    page = signed_in("officer").get(f"/contacts/{first.conversation.contact_id}/")
    assert f"/inbox/{first.conversation_id}/".encode() in page.content
    assert f"/inbox/{second.conversation_id}/".encode() in page.content
