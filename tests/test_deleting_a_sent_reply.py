"""A sent reply can be deleted on its network; the conversation keeps it, marked deleted, and
the deletion is audited. Only those who triage, or the reply's author, see the control."""

import pytest

from sociable.audit.models import AuditEvent
from sociable.inbox import replies
from sociable.inbox.models import Message
from sociable.networks.base import NetworkError
from sociable.networks.demo import DemoNetwork
from tests.inbox_support import arrive
from tests.people_support import membership_of, signed_in


@pytest.fixture
def network(monkeypatch):
    asked = []

    def delete(adapter, network_id):
        if asked and asked[0] == "refuse":
            raise NetworkError("The network answered 500", status=500)
        asked.append(network_id)

    monkeypatch.setattr(DemoNetwork, "delete", delete)
    return asked


def sent_reply(cast, user=None, channel=None):
    conversation = arrive(channel or cast.channel, "Is the car park open tonight?").conversation
    message = replies.compose(
        conversation,
        "Yes, until 10pm.",
        membership=membership_of(user or cast.officer, cast.organisation),
    )
    message.refresh_from_db()
    assert message.delivery == "sent"
    return message


def test_an_officer_deletes_a_sent_reply_and_the_conversation_keeps_it(cast, network):
    message = sent_reply(cast)
    client = signed_in(cast.officer)
    page = client.get(f"/inbox/{message.conversation_id}/").content.decode()
    assert "Delete the reply on the network" in page
    answer = client.post(f"/inbox/messages/{message.pk}/delete/", follow=True)
    assert "Reply deleted from the network" in answer.content.decode()
    assert network == [message.network_id]
    message.refresh_from_db()
    assert message.deleted and message.text == "Yes, until 10pm."
    assert AuditEvent.objects.filter(
        verb="reply.deleted", actor=cast.officer, after__message=message.pk
    ).exists()
    assert (
        "Delete the reply on the network"
        not in client.get(f"/inbox/{message.conversation_id}/").content.decode()
    )


def test_a_refusal_leaves_the_reply_sent_and_says_why(cast, network):
    message = sent_reply(cast)
    network.append("refuse")
    answer = signed_in(cast.officer).post(f"/inbox/messages/{message.pk}/delete/", follow=True)
    assert "The network answered 500" in answer.content.decode()
    message.refresh_from_db()
    assert not message.deleted


def test_deleting_twice_asks_the_network_once(cast, network):
    message = sent_reply(cast)
    stale = Message.objects.get(pk=message.pk)
    replies.delete_sent(message, membership_of(cast.officer, cast.organisation))
    with pytest.raises(replies.DeleteFailed, match="already been deleted"):  # a stale page
        replies.delete_sent(stale, membership_of(cast.admin, cast.organisation))
    assert network == [message.network_id]


def test_a_contributor_may_delete_only_their_own_reply(cast, network):
    cast.organisation.contributors_may_reply = True
    cast.organisation.contributor_replies_need_approval = False
    cast.organisation.save()
    own = sent_reply(cast, user=cast.contributor, channel=cast.maternity_channel)
    officers = sent_reply(cast, channel=cast.maternity_channel)
    client = signed_in(cast.contributor)
    page = client.get(f"/inbox/{officers.conversation_id}/").content.decode()
    assert "Delete the reply on the network" not in page
    assert client.post(f"/inbox/messages/{officers.pk}/delete/").status_code == 403
    assert client.post(f"/inbox/messages/{own.pk}/delete/").status_code == 302
    own.refresh_from_db()
    officers.refresh_from_db()
    assert own.deleted and not officers.deleted
