from datetime import UTC, datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from sociable.inbox.ingest import ingest
from sociable.inbox.models import Conversation, Direction, Message
from sociable.networks.base import Author, InboundItem


def item(network_id, text="Where is the maternity unit car park?", thread="t-1"):
    return InboundItem(
        network_id=network_id,
        kind="mention",
        text=text,
        author=Author(network_user_id="u-1", handle="@mum2be", name="Sam"),
        created_at=datetime(2026, 3, 2, 10, 0, tzinfo=UTC),
        thread_key=thread,
    )


def test_reingesting_the_same_items_never_duplicates_them(cast):
    first = ingest(cast.channel, [item("n-1"), item("n-2")])
    again = ingest(cast.channel, [item("n-1"), item("n-2"), item("n-3")])
    assert len(first.created) == 2
    assert len(again.created) == 1 and again.duplicates == 2
    assert Message.objects.filter(channel=cast.channel, network_id__startswith="n-").count() == 3


def test_the_database_refuses_a_second_copy_of_a_network_message(cast):
    existing = cast.conversation.messages.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Message.objects.create(
            conversation=cast.conversation,
            channel=cast.channel,
            direction=Direction.INBOUND,
            network_id=existing.network_id,
            text="copy",
            sent_at=timezone.now(),
        )


def test_the_same_network_id_on_another_channel_is_a_different_message(cast):
    ingest(cast.channel, [item("shared-id")])
    ingest(cast.maternity_channel, [item("shared-id")])
    assert Message.objects.filter(network_id="shared-id").count() == 2


def test_messages_in_one_thread_share_a_conversation_and_are_triaged(cast):
    ingest(cast.channel, [item("a", thread="same"), item("b", "Thank you so much!", "same")])
    conversation = Conversation.objects.get(channel=cast.channel, thread_key="same")
    assert conversation.messages.count() == 2
    assert all(m.verdict.get("route") for m in conversation.messages.all())
    assert conversation.contact.handle == "@mum2be"
