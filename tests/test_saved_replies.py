from django.test import Client

from sociable.inbox import saved_replies
from sociable.inbox.forms import SavedReplyForm
from sociable.inbox.models import SavedReply
from tests.conftest import CAST_PASSWORD
from tests.inbox_support import arrive


def test_variables_are_filled_from_the_conversation(cast):
    cast.organisation.pals_phone = "01632 960000"
    cast.organisation.save()
    conversation = arrive(cast.channel, "The wait was awful", name="Jo Bloggs").conversation
    text = saved_replies.render(
        "Hi {first_name}, call PALS on {pals_phone}. {signposting}", conversation
    )
    assert text.startswith("Hi Jo, call PALS on 01632 960000.")
    assert "116 123" in text


def test_a_missing_pals_number_is_visible_not_silently_blank(cast):
    conversation = arrive(cast.channel, "Hello").conversation
    assert "[PALS phone: add it in Settings]" in saved_replies.render("{pals_phone}", conversation)


def test_unknown_variables_are_refused_with_an_explanation():
    form = SavedReplyForm({"title": "x", "body": "Hi {frist_name}", "language": "en"})
    assert not form.is_valid()
    assert "{frist_name}" in str(form.errors["body"])


def test_replies_are_suggested_for_the_conversations_route(cast):
    conversation = arrive(cast.channel, "I've taken all my tablets, I want it to end").conversation
    conversation.refresh_from_db()
    suggested, _ = saved_replies.suggestions(conversation)
    assert [r.title for r in suggested] == ["Crisis: reach out now"]


def test_choosing_a_saved_reply_fills_the_reply_box(cast):
    conversation = arrive(cast.channel, "Thank you to the team!", name="Sam Lee").conversation
    chosen = SavedReply.objects.get(organisation=cast.organisation, title="Thank you")
    client = Client()
    client.login(username="officer", password=CAST_PASSWORD)
    page = client.get(f"/inbox/{conversation.pk}/?use={chosen.pk}")
    assert b"Thank you so much for your kind words, Sam." in page.content


def test_an_officer_adds_a_saved_reply_and_duplicates_are_explained(cast):
    client = Client()
    client.login(username="officer", password=CAST_PASSWORD)
    data = {
        "title": "Parking",
        "body": "Parking is free for blue badge holders.",
        "language": "en",
        "routes": ["query"],
    }
    assert client.post("/settings/saved-replies/new/", data).status_code == 302
    again = client.post("/settings/saved-replies/new/", data)
    assert b"already have a saved reply with this title" in again.content
    assert SavedReply.objects.filter(organisation=cast.organisation, title="Parking").count() == 1


def test_a_new_organisation_starts_with_the_standard_replies(db):
    from sociable.accounts.models import Organisation

    organisation = Organisation.objects.create(name="Eastshire Hospice")
    titles = set(organisation.saved_replies.values_list("title", flat=True))
    assert {"Crisis: reach out now", "Clinical question: signpost"} <= titles
