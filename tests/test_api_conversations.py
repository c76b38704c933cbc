"""Conversations through the API: list with filters, read, reply through the confidentiality
guard, assign and change status; nobody sees another organisation's."""

from sociable.accounts.models import Organisation
from sociable.inbox.models import Conversation, Direction, Message
from tests.conftest import conversation_with
from tests.test_api_support import api

PII = "Hi Mrs Jones, your NHS number 943 476 5919 is on file, born 01/02/1960"


def ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_the_list_holds_the_organisations_open_conversations_only(cast):
    found = ids(api(cast.admin).get("/api/conversations"))
    assert found == {cast.conversation.pk, cast.maternity_conversation.pk}


def test_conversations_can_be_filtered_by_route_status_and_assignee(cast):
    complaint = conversation_with(cast.channel, "The car park is a disgrace", route="complaint")
    Conversation.objects.filter(pk=cast.conversation.pk).update(assignee=cast.officer)
    client = api(cast.officer)
    assert ids(client.get("/api/conversations", route="complaint")) == {complaint.pk}
    assert ids(client.get("/api/conversations", assignee="me")) == {cast.conversation.pk}
    assert cast.conversation.pk not in ids(client.get("/api/conversations", assignee="none"))
    Conversation.objects.filter(pk=complaint.pk).update(status="closed")
    assert complaint.pk not in ids(client.get("/api/conversations"))
    assert ids(client.get("/api/conversations", status="closed")) == {complaint.pk}


def test_an_unknown_filter_value_is_a_400_that_says_what_is_wrong(cast):
    response = api(cast.admin).get("/api/conversations", route="urgent")
    assert response.status_code == 400
    assert "route" in response.json()["errors"]
    assert "not a valid choice" in response.json()["detail"]


def test_a_contributor_sees_only_their_teams_conversations(cast):
    found = ids(api(cast.contributor).get("/api/conversations"))
    assert found == {cast.maternity_conversation.pk}
    hidden = api(cast.contributor).get(f"/api/conversations/{cast.conversation.pk}")
    assert hidden.status_code == 404


def test_another_organisations_conversation_does_not_exist_for_you(cast):
    response = api(cast.outsider).get(f"/api/conversations/{cast.conversation.pk}")
    assert response.status_code == 404
    reply = api(cast.outsider).post(
        f"/api/conversations/{cast.conversation.pk}/reply", {"text": "Hello"}
    )
    assert reply.status_code == 404


def test_a_conversation_comes_with_its_messages(cast):
    response = api(cast.officer).get(f"/api/conversations/{cast.conversation.pk}")
    assert response.status_code == 200
    [message] = response.json()["messages"]
    assert message["text"] == "Where do I park for outpatients?"
    assert message["direction"] == "in"


def test_a_reply_is_sent_through_the_accounts_network(cast):
    response = api(cast.officer).post(
        f"/api/conversations/{cast.conversation.pk}/reply",
        {"text": "Outpatient parking is in car park B."},
    )
    assert response.status_code == 201, response.content
    assert response.json()["message"]["delivery"] == "sent"
    sent = Message.objects.get(conversation=cast.conversation, direction=Direction.OUTBOUND)
    assert sent.author == cast.officer and sent.url


def test_a_reply_with_patient_details_is_refused_with_422_and_the_findings(cast):
    response = api(cast.officer).post(
        f"/api/conversations/{cast.conversation.pk}/reply", {"text": PII}
    )
    assert response.status_code == 422
    types = {finding["type"] for finding in response.json()["findings"]}
    assert "NHS_NUMBER" in types
    assert not Message.objects.filter(direction=Direction.OUTBOUND).exists()


def test_an_empty_reply_is_a_400(cast):
    response = api(cast.officer).post(
        f"/api/conversations/{cast.conversation.pk}/reply", {"text": ""}
    )
    assert response.status_code == 400
    assert "text" in response.json()["errors"]


def test_a_contributor_cannot_reply_unless_the_organisation_allows(cast):
    path = f"/api/conversations/{cast.maternity_conversation.pk}/reply"
    assert api(cast.contributor).post(path, {"text": "Thank you!"}).status_code == 403
    Organisation.objects.filter(pk=cast.organisation.pk).update(contributors_may_reply=True)
    response = api(cast.contributor).post(path, {"text": "Thank you!"})
    assert response.status_code == 201
    assert response.json()["message"]["delivery"] == "awaiting_approval"


def test_assigning_sets_the_person_and_team(cast):
    response = api(cast.officer).post(
        f"/api/conversations/{cast.conversation.pk}/assign",
        {"user_id": cast.admin.pk, "team_id": cast.maternity.pk},
    )
    assert response.status_code == 200, response.content
    assert response.json()["assignee"]["username"] == "admin"
    assert response.json()["team"]["name"] == "Maternity"


def test_assigning_to_someone_outside_the_organisation_is_a_400(cast):
    response = api(cast.officer).post(
        f"/api/conversations/{cast.conversation.pk}/assign", {"user_id": cast.outsider.pk}
    )
    assert response.status_code == 400
    assert "not in your organisation" in response.json()["detail"]


def test_a_contributor_may_not_assign(cast):
    response = api(cast.contributor).post(
        f"/api/conversations/{cast.maternity_conversation.pk}/assign",
        {"user_id": cast.contributor.pk},
    )
    assert response.status_code == 403


def test_closing_a_conversation(cast):
    response = api(cast.officer).post(
        f"/api/conversations/{cast.conversation.pk}/status", {"status": "closed"}
    )
    assert response.status_code == 200
    cast.conversation.refresh_from_db()
    assert cast.conversation.status == "closed" and cast.conversation.closed_at


def test_an_unknown_status_is_a_400(cast):
    response = api(cast.officer).post(
        f"/api/conversations/{cast.conversation.pk}/status", {"status": "done"}
    )
    assert response.status_code == 400


def test_an_id_too_large_for_the_database_is_simply_not_found(cast):
    assert api(cast.admin).get("/api/conversations/9999999999999999999999").status_code == 404
