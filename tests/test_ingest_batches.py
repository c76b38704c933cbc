"""A batch of items goes through the same on-arrival steps as one item, each message once:
alerts, moderation, out-of-hours replies (once per person per closed period) and kudos."""

import dataclasses

import pytest
from django.db import DataError

from sociable.audit.models import AuditEvent
from sociable.inbox.ingest import ingest
from sociable.inbox.models import Alert, AutoReply, Contact, Kudos, Message
from sociable.networks.base import Author, InboundItem, NetworkError
from tests.inbox_support import at

CRISIS = "I've taken all my tablets tonight, I just want it to stop"
SPAM = "WIN a FREE iPhone!!! click http://bit.ly/xyz now"
PRAISE = "Huge thanks to Sister Aisha Rahman on Ward 7 who looked after my mum so kindly"
SATURDAY = "2026-11-28 11:00"  # out of hours for the cast's organisation
WEDNESDAY = "2026-11-25 10:00"  # staffed


def item(
    n, text="Where is the maternity unit car park?", *, who="@sam", when=WEDNESDAY, thread=None
):
    return InboundItem(
        network_id=f"batch-{n}",
        kind="mention",
        text=text,
        author=Author(network_user_id=who, handle=who, name=who.strip("@")),
        created_at=at(when),
        thread_key=f"batch-thread-{thread if thread is not None else n}",
    )


def automatic_replies():
    return Message.objects.filter(automatic=True, in_reply_to__network_id__startswith="batch-")


def test_two_messages_from_one_person_in_a_batch_get_one_auto_reply(cast):
    ingest(cast.channel, [item(1, when=SATURDAY), item(2, "Anyone?", when=SATURDAY)])
    [reply] = automatic_replies()
    assert reply.in_reply_to.network_id == "batch-1" and reply.delivery == "sent"
    assert AutoReply.objects.get(contact__handle="@sam").message == reply


def test_a_person_already_replied_to_in_this_closed_period_gets_no_second_reply(cast):
    ingest(cast.channel, [item(1, who="@sam", when="2026-11-27 19:00")])
    ingest(cast.channel, [item(2, who="@sam", when=SATURDAY), item(3, who="@alex", when=SATURDAY)])
    assert sorted(automatic_replies().values_list("conversation__contact__handle", flat=True)) == [
        "@alex",
        "@sam",
    ]
    assert AutoReply.objects.filter(contact__handle__in=["@sam", "@alex"]).count() == 2


def test_every_auto_reply_sent_from_a_batch_is_audited(cast):
    ingest(cast.channel, [item(n, who=f"@person{n}", when=SATURDAY) for n in range(5)])
    assert automatic_replies().filter(delivery="sent").count() == 5
    assert AuditEvent.objects.filter(verb="reply.auto_sent").count() == 5


def test_an_auto_reply_the_network_refuses_is_kept_as_failed_and_not_sent_again(cast, monkeypatch):
    def refuses(self, draft):
        raise NetworkError("Service unavailable", status=503)

    monkeypatch.setattr("sociable.networks.demo.DemoNetwork.reply", refuses)
    ingest(cast.channel, [item(1, when=SATURDAY)])
    monkeypatch.undo()
    ingest(cast.channel, [item(2, when=SATURDAY)])
    [reply] = automatic_replies()
    assert reply.delivery == "failed" and "Service unavailable" in reply.delivery_detail
    assert not AuditEvent.objects.filter(verb="reply.auto_sent").exists()


def test_no_auto_reply_in_staffed_hours_for_a_batch(cast):
    ingest(cast.channel, [item(n, who=f"@person{n}") for n in range(3)])
    assert not automatic_replies().exists()


def test_each_urgent_message_of_a_batch_raises_its_own_alert_at_once(cast, smtp_server):
    cast.organisation.on_call_emails = "oncall@northshire.example"
    cast.organisation.save()
    result = ingest(
        cast.channel, [item(1, CRISIS, who="@a"), item(2, who="@b"), item(3, CRISIS, who="@c")]
    )
    assert len(smtp_server.wait_for(2)) == 2
    urgent = {m.pk for m in result.created if m.route == "crisis"}
    assert set(Alert.objects.values_list("message_id", flat=True)) == urgent
    assert AuditEvent.objects.filter(verb="alert.raised").count() == 2
    assert AuditEvent.objects.filter(verb="alert.sent").count() == 2


def test_spam_in_a_batch_is_hidden_and_audited_and_the_rest_left_alone(cast):
    result = ingest(cast.channel, [item(1, SPAM, who="@spammer"), item(2, who="@sam")])
    spam, question = (Message.objects.get(pk=m.pk) for m in result.created)
    assert spam.hidden and spam.moderation_reason == "Spam"
    assert not question.hidden and question.moderation_reason == ""
    assert AuditEvent.objects.filter(verb="message.auto_moderated").count() == 1


def test_a_network_fault_hiding_one_message_leaves_the_others_hidden(cast, monkeypatch):
    from sociable.networks.demo import DemoNetwork

    hide = DemoNetwork.hide

    def faulty_for_one(self, network_id, hidden=True):
        if network_id == "batch-1":
            raise RuntimeError("unexpected answer")
        return hide(self, network_id, hidden)

    monkeypatch.setattr(DemoNetwork, "hide", faulty_for_one)
    ingest(cast.channel, [item(n, SPAM, who=f"@spammer{n}") for n in (1, 2)])
    assert dict(
        Message.objects.filter(network_id__startswith="batch-").values_list("network_id", "hidden")
    ) == {"batch-1": False, "batch-2": True}


def test_praise_naming_staff_in_a_batch_is_collected_once_per_message(cast):
    result = ingest(cast.channel, [item(1, PRAISE, who="@a"), item(2, PRAISE, who="@b")])
    assert sorted(Kudos.objects.values_list("message_id", "staff_name")) == sorted(
        (m.pk, "Sister Aisha Rahman") for m in result.created
    )


def test_a_person_someone_else_already_added_is_reused_not_duplicated(cast):
    Contact.objects.create(
        organisation=cast.organisation,
        network=cast.channel.network,
        network_user_id="@sam",
        handle="@sam",
    )
    ingest(cast.channel, [item(1), item(2, thread=1)])
    assert Contact.objects.filter(network_user_id="@sam").count() == 1
    assert (
        Message.objects.filter(
            network_id__startswith="batch-", conversation__contact__handle="@sam"
        ).count()
        == 2
    )


@pytest.mark.parametrize("size", [1, 7, 450])
def test_a_batch_of_any_size_is_stored_once_each(cast, size):
    items = [item(n, who=f"@person{n % 40}", thread=n // 3) for n in range(size)]
    assert len(ingest(cast.channel, items).created) == size
    assert len(ingest(cast.channel, items).created) == 0
    assert Message.objects.filter(network_id__startswith="batch-").count() == size


def test_without_an_on_call_list_each_alert_of_a_batch_says_so(cast):
    cast.organisation.on_call_emails = ""
    cast.organisation.save()
    ingest(cast.channel, [item(1, CRISIS, who="@a"), item(2, CRISIS, who="@b")])
    alerts = Alert.objects.filter(message__network_id__startswith="batch-")
    assert alerts.count() == 2
    assert all("no on-call list" in a.last_error and a.sends == 0 for a in alerts)


def test_items_stored_one_at_a_time_become_the_same_messages_as_in_a_batch(cast, monkeypatch):
    items = [
        item(1, CRISIS, who="@a"),
        item(2, PRAISE, who="@b", thread=2),
        item(3, "Bore da, ble mae'r maes parcio?", who="@b", thread=2),
    ]
    items[1] = dataclasses.replace(items[1], url="https://example.org/posts/2")
    assert len(ingest(cast.channel, items).created) == 3

    def refused(*args):
        raise DataError("the database refused the batch")

    monkeypatch.setattr("sociable.inbox.ingest._store_batch", refused)
    result = ingest(cast.maternity_channel, items)  # one at a time, after the batch fails
    assert len(result.created) == 3 and result.quarantined == 0
    assert Alert.objects.filter(message__in=result.created).count() == 1

    def stored(channel):
        return {
            m.network_id: (
                m.direction,
                m.kind,
                m.text,
                m.url,
                m.sent_at,
                m.route,
                m.sentiment,
                m.language,
                m.verdict,
                m.conversation.thread_key,
                m.conversation.route,
                m.conversation.priority,
                m.conversation.contact.handle,
            )
            for m in Message.objects.filter(channel=channel, network_id__startswith="batch-")
        }

    in_a_batch, one_at_a_time = stored(cast.channel), stored(cast.maternity_channel)
    assert len(in_a_batch) == 3 and any(m[6] for m in in_a_batch.values())  # sentiment
    assert one_at_a_time == in_a_batch
