"""Storing what networks deliver: once, triaged on arrival, threaded into conversations."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from sociable.inbox import alerts, clocks, kudos, moderation, outofhours
from sociable.inbox.models import (
    ROUTE_PRIORITY,
    Contact,
    Conversation,
    ConversationStatus,
    Direction,
    Message,
)
from sociable.inbox.triaging import triage_message
from sociable.networks.base import InboundItem

log = logging.getLogger(__name__)


@dataclass
class IngestResult:
    created: list[Message]
    duplicates: int = 0


def ingest(channel, items: list[InboundItem]) -> IngestResult:
    result = IngestResult(created=[])
    for item in items:
        message = ingest_one(channel, item)
        if message is None:
            result.duplicates += 1
        else:
            result.created.append(message)
    return result


def ingest_one(channel, item: InboundItem) -> Message | None:
    """Store one item, or return None if this channel already has it."""
    if Message.objects.filter(channel=channel, network_id=item.network_id).exists():
        return None
    verdict = triage_message(item.text, channel.organisation)
    try:
        with transaction.atomic():
            contact, _ = Contact.objects.get_or_create(
                organisation=channel.organisation,
                network=channel.network,
                network_user_id=item.author.network_user_id,
                defaults={
                    "handle": item.author.handle,
                    "name": item.author.name,
                    "followers": item.author.followers,
                },
            )
            conversation, created = Conversation.objects.select_for_update().get_or_create(
                channel=channel,
                thread_key=item.thread_key,
                defaults={
                    "organisation": channel.organisation,
                    "contact": contact,
                    "team": channel.team,
                    "route": verdict["route"],
                    "priority": ROUTE_PRIORITY[verdict["route"]],
                    "last_message_at": item.created_at,
                },
            )
            message = Message.objects.create(
                conversation=conversation,
                channel=channel,
                direction=Direction.INBOUND,
                network_id=item.network_id,
                kind=item.kind,
                text=item.text,
                url=item.url,
                sent_at=item.created_at,
                route=verdict["route"],
                sentiment=verdict.get("sentiment", ""),
                language=verdict.get("language", ""),
                verdict=verdict,
            )
            if not created:
                _take_in(conversation, message)
            clocks.on_inbound(conversation, message)
            conversation.save()
    except IntegrityError:
        # Another worker stored the same item between our check and our insert.
        if Message.objects.filter(channel=channel, network_id=item.network_id).exists():
            return None
        raise
    on_arrival(message)
    return message


def on_arrival(message: Message) -> None:
    """What happens once a message is safely stored. Each step stands alone: a failure in one
    (a network that cannot hide, an SMTP server that is down) never loses the message."""
    steps = (alerts.raise_alert, moderation.apply_rules, outofhours.maybe_auto_reply,
             kudos.collect)
    for step in steps:
        try:
            step(message)
        except Exception:
            log.exception("%s failed for message %s", step.__qualname__, message.pk)


def _take_in(conversation: Conversation, message: Message) -> None:
    """A new message in an existing conversation: reopen it, and keep its most urgent route."""
    if conversation.status == ConversationStatus.CLOSED:
        conversation.status = ConversationStatus.NEW
        conversation.route = message.route
        clocks.on_reopen(conversation)
    elif ROUTE_PRIORITY[message.route] < conversation.priority:
        conversation.route = message.route
    conversation.priority = ROUTE_PRIORITY[conversation.route]
    conversation.last_message_at = max(conversation.last_message_at, message.sent_at)
