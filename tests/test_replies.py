"""Replying through the channel's adapter, with the confidentiality guard and approval."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from sociable.accounts.models import Membership
from sociable.audit.models import AuditEvent
from sociable.inbox import replies
from sociable.inbox.models import Message
from sociable.networks.base import NetworkError
from tests.conftest import CAST_PASSWORD
from tests.inbox_support import arrive

VALID_NHS_NUMBER = "943 476 5919"


def member(cast, user):
    return Membership.objects.get(user=user, organisation=cast.organisation)


def incoming(cast, channel=None):
    return arrive(channel or cast.channel, "How do I get a copy of my appointment letter?")


def test_an_officers_reply_is_sent_through_the_adapter_and_stops_the_clock(cast):
    conversation = incoming(cast).conversation
    reply = replies.compose(
        conversation,
        "You can call 01632 960123 to ask for a copy.",
        membership=member(cast, cast.officer),
    )
    reply.refresh_from_db()
    conversation.refresh_from_db()
    assert reply.delivery == "sent" and reply.network_id.startswith("demo-post-")
    assert conversation.first_responded_at is not None
    assert conversation.first_response_due_at is None
    assert conversation.status == "waiting"
    assert AuditEvent.objects.filter(verb="reply.sent", actor=cast.officer).exists()


def test_a_reply_with_an_nhs_number_is_blocked_and_nothing_is_sent(cast):
    conversation = incoming(cast).conversation
    with pytest.raises(replies.ReplyBlocked) as blocked:
        replies.compose(
            conversation,
            f"Found it: NHS number {VALID_NHS_NUMBER}, see you soon",
            membership=member(cast, cast.officer),
        )
    assert any("NHS" in f["type"] for f in blocked.value.findings)
    assert not Message.objects.filter(conversation=conversation, direction="out").exists()


def test_an_admin_may_override_the_guard_with_a_recorded_reason(cast):
    conversation = incoming(cast).conversation
    reply = replies.compose(
        conversation,
        f"Your NHS number is {VALID_NHS_NUMBER}",
        membership=member(cast, cast.admin),
        override_reason="Patient asked us to confirm it; agreed with IG lead",
    )
    assert Message.objects.get(pk=reply.pk).delivery == "sent"
    event = AuditEvent.objects.get(verb="reply.guard_overridden")
    assert "IG lead" in event.after["reason"]


def test_an_officer_cannot_override_the_guard(cast):
    conversation = incoming(cast).conversation
    with pytest.raises(replies.ReplyBlocked):
        replies.compose(
            conversation,
            f"NHS number {VALID_NHS_NUMBER}",
            membership=member(cast, cast.officer),
            override_reason="please",
        )


def test_a_contributors_reply_waits_for_approval_by_someone_else(cast):
    cast.organisation.contributors_may_reply = True
    cast.organisation.save()
    conversation = incoming(cast, cast.maternity_channel).conversation
    reply = replies.compose(
        conversation, "Thanks, we'll look into it.", membership=member(cast, cast.contributor)
    )
    assert reply.delivery == "awaiting_approval"
    replies.approve(reply, member(cast, cast.officer))
    assert Message.objects.get(pk=reply.pk).delivery == "sent"


def test_nobody_approves_their_own_reply(cast):
    conversation = incoming(cast).conversation
    cast.organisation.contributor_replies_need_approval = True
    reply = replies._record(
        conversation, "Thanks", author=cast.officer, delivery="awaiting_approval"
    )
    with pytest.raises(PermissionDenied):
        replies.approve(reply, member(cast, cast.officer))


def test_a_contributor_cannot_reply_unless_the_organisation_allows(cast):
    conversation = incoming(cast, cast.maternity_channel).conversation
    with pytest.raises(PermissionDenied):
        replies.compose(conversation, "Hello", membership=member(cast, cast.contributor))


def test_a_network_failure_keeps_the_reply_and_it_can_be_tried_again(cast, monkeypatch):
    conversation = incoming(cast).conversation

    def down(self, draft):
        raise NetworkError("Service unavailable", status=503)

    monkeypatch.setattr("sociable.networks.demo.DemoNetwork.publish", down)
    reply = replies.compose(
        conversation, "We'll check and come back to you.", membership=member(cast, cast.officer)
    )
    reply.refresh_from_db()
    assert reply.delivery == "failed" and "unavailable" in reply.delivery_detail
    assert reply.text == "We'll check and come back to you."
    monkeypatch.undo()
    replies.retry(reply, member(cast, cast.officer))
    assert Message.objects.get(pk=reply.pk).delivery == "sent"


def test_an_unknown_outcome_warns_before_trying_again(cast, monkeypatch):
    conversation = incoming(cast).conversation

    def timeout(self, draft):
        raise NetworkError("The network did not answer in time")

    monkeypatch.setattr("sociable.networks.demo.DemoNetwork.publish", timeout)
    reply = replies.compose(conversation, "Thanks", membership=member(cast, cast.officer))
    assert "check before trying again" in Message.objects.get(pk=reply.pk).delivery_detail


def test_replying_from_the_page_shows_the_guard_findings(cast):
    conversation = incoming(cast).conversation
    client = Client()
    client.login(username="officer", password=CAST_PASSWORD)
    page = client.post(
        f"/inbox/{conversation.pk}/reply/", {"text": f"NHS number {VALID_NHS_NUMBER}"}
    )
    assert page.status_code == 200
    assert b"Not sent: patient-identifiable information" in page.content
    assert VALID_NHS_NUMBER.encode() in page.content  # highlighted for the writer to remove
    sent = client.post(
        f"/inbox/{conversation.pk}/reply/", {"text": "Thanks, we'll help."}, follow=True
    )
    assert b"Reply sent." in sent.content


def test_an_empty_reply_is_explained(cast):
    conversation = incoming(cast).conversation
    client = Client()
    client.login(username="officer", password=CAST_PASSWORD)
    page = client.post(f"/inbox/{conversation.pk}/reply/", {"text": "  "})
    assert b"Write a reply first." in page.content
