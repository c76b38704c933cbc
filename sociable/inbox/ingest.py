"""Storing what networks deliver: once, triaged on arrival, threaded into conversations."""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass

from django.db import IntegrityError, InterfaceError, OperationalError, connection, transaction
from django.utils import timezone

from sociable.inbox import alerts, clocks, kudos, moderation, outofhours, untrusted
from sociable.inbox.models import (
    ROUTE_PRIORITY,
    URGENT_ROUTES,
    Contact,
    Conversation,
    ConversationStatus,
    Direction,
    Message,
    QuarantinedItem,
)
from sociable.inbox.triaging import triage_message
from sociable.lib import bulk
from sociable.networks.base import InboundItem

log = logging.getLogger(__name__)
CONVERSATION_STATE = [
    "status",
    "route",
    "priority",
    "last_message_at",
    "waiting_since",
    "first_response_due_at",
    "resolution_due_at",
    "closed_at",
]


# The database is unreachable: nothing can be stored, so nothing is set aside and the caller
# (polling) keeps its cursor. Any other failure belongs to one item.
OUTAGE = (OperationalError, InterfaceError)


@dataclass
class IngestResult:
    created: list[Message]
    duplicates: int = 0
    quarantined: int = 0


def ingest(channel, items: list[InboundItem]) -> IngestResult:
    """Store a batch of any size: new items in one transaction (contacts, conversations and
    messages in bulk), then the on-arrival steps in one more. If another worker stores some of
    the same items or threads meanwhile, the batch is stored one item at a time instead, each
    once.

    Whatever a network sends is normalised first (sociable.inbox.untrusted) and triaged whole;
    an item that still cannot be stored is set aside as a QuarantinedItem with the reason, and
    the rest of the batch (a crisis message in it above all) is stored and acted on. Only a
    database outage raises."""
    result = IngestResult(created=[])
    unique: dict[str, InboundItem] = {}
    for raw in items:
        try:
            item = untrusted.clean_item(raw)
        except Exception as error:  # noqa: BLE001 (anything a network sends is set aside)
            result.quarantined += quarantine(channel, raw, _reason(error))
            continue
        if item.network_id in unique:
            result.duplicates += 1
        else:
            unique[item.network_id] = item
    known = set(
        Message.objects.filter(channel=channel, network_id__in=list(unique)).values_list(
            "network_id", flat=True
        )
    )
    fresh = [item for network_id, item in unique.items() if network_id not in known]
    result.duplicates += len(unique) - len(fresh)
    if not fresh:
        return result
    verdicts = [_triaged(item, channel.organisation) for item in fresh]
    fresh = [dataclasses.replace(item, text=untrusted.for_storage(item.text)) for item in fresh]
    try:
        with transaction.atomic():
            created = _store_batch(channel, fresh, verdicts)
    except OUTAGE:
        raise
    except Exception as error:  # noqa: BLE001 (a duplicate, or one item the database refuses)
        if not isinstance(error, IntegrityError):
            log.warning(
                "%s: storing a batch of %d failed (%s); storing one at a time",
                channel,
                len(fresh),
                _reason(error),
            )
        created = []
        for item, verdict in zip(fresh, verdicts, strict=True):
            try:
                message = _store_one(channel, item, verdict)
            except OUTAGE:
                raise
            except Exception as error:  # noqa: BLE001
                result.quarantined += quarantine(channel, item, _reason(error))
                continue
            if message is None:
                result.duplicates += 1
            else:
                created.append(message)
    on_arrival_batch(created)
    result.created.extend(created)
    return result


def _triaged(item: InboundItem, organisation) -> dict:
    """The verdict; if triage itself fails the message is still stored, for a person to read."""
    try:
        return triage_message(item.text, organisation)
    except Exception:
        log.exception("Triage failed for %s; stored for a person to read", item.network_id)
        return {"route": "query", "reasons": ["Could not be triaged automatically: read it."]}


def _reason(error: BaseException) -> str:
    if isinstance(error, untrusted.Unfit):
        return str(error)
    detail = untrusted.clean_line(str(error), 300)
    return f"It could not be stored: {detail}" if detail else "It could not be stored."


def quarantine(channel, item, reason: str) -> int:
    """Set aside an item of a connected account that cannot be stored."""
    return set_aside(
        item,
        reason,
        organisation_id=channel.organisation_id,
        channel=channel,
        network=channel.network,
    )


def set_aside(
    item, reason: str, *, organisation_id: int, channel=None, network: str = "", source: str = ""
) -> int:
    """Keep an item that cannot be stored, with the reason, for someone to look into. Returns
    how many were kept: 1, or 0 if even that failed (logged; the batch goes on)."""
    try:
        network_id = untrusted.clean_id(getattr(item, "network_id", ""), 200)
    except Exception:  # noqa: BLE001 (an identity that is not even text)
        network_id = ""
    try:
        with transaction.atomic():
            QuarantinedItem.objects.create(
                organisation_id=organisation_id,
                channel=channel,
                source=untrusted.clean_line(source, 300),
                network=network[:30],
                network_id=network_id,
                reason=untrusted.clean_line(reason, 500),
                item=untrusted.describe(item),
            )
    except OUTAGE:
        raise
    except Exception:
        log.exception("Could not set aside item %r from %s", network_id, channel or source)
        return 0
    log.warning("%s: set aside item %r: %s", channel or source, network_id, reason)
    return 1


def _store_batch(channel, items: list[InboundItem], verdicts: list[dict]) -> list[Message]:
    """Contacts, conversations and messages for new items, in bulk. Runs in a transaction."""
    organisation = channel.organisation
    user_ids = {item.author.network_user_id for item in items}
    contacts = _contacts(channel, user_ids)
    missing: dict[str, Contact] = {}
    for item in items:
        uid = item.author.network_user_id
        if uid not in contacts and uid not in missing:
            missing[uid] = Contact(
                organisation=organisation,
                network=channel.network,
                network_user_id=uid,
                handle=item.author.handle,
                name=item.author.name,
                followers=item.author.followers,
            )
    if missing:
        # A person another worker adds meanwhile is skipped here and read back below; sorted,
        # so that two workers adding the same people lock them in the same order.
        Contact.objects.bulk_create(
            [missing[uid] for uid in sorted(missing)], ignore_conflicts=True
        )
        contacts.update(_contacts(channel, set(missing)))
    keys = {item.thread_key for item in items}
    conversations = {
        c.thread_key: c
        for c in Conversation.objects.select_for_update()
        .filter(channel=channel, thread_key__in=keys)
        .order_by("pk")
    }
    for conversation in conversations.values():  # what the on-arrival steps read, loaded
        conversation.organisation, conversation.channel = organisation, channel
    new_conversations: dict[str, Conversation] = {}
    messages = []
    for item, verdict in zip(items, verdicts, strict=True):
        message = _inbound(channel, item, verdict)
        conversation = conversations.get(item.thread_key) or new_conversations.get(item.thread_key)
        if conversation is None:
            conversation = Conversation(
                organisation=organisation,
                channel=channel,
                contact=contacts[item.author.network_user_id],
                team=channel.team,
                thread_key=item.thread_key,
                route=verdict["route"],
                priority=ROUTE_PRIORITY[verdict["route"]],
                last_message_at=item.created_at,
                created_at=timezone.now(),
            )
            new_conversations[item.thread_key] = conversation
        else:
            _take_in(conversation, message)
        clocks.on_inbound(conversation, message)
        message.conversation = conversation
        messages.append(message)
    Conversation.objects.bulk_create(new_conversations.values())
    for message in messages:
        message.conversation = message.conversation  # now saved: sets conversation_id
    Message.objects.bulk_create(messages)
    touched = {
        c.pk: c for c in (m.conversation for m in messages) if c.thread_key not in new_conversations
    }
    bulk.update_each(connection, touched.values(), CONVERSATION_STATE)
    return messages


def _inbound(channel, item: InboundItem, verdict: dict) -> Message:
    """The message an item becomes, with its triage verdict: not yet saved, and not yet in a
    conversation. Storing a batch and storing one item at a time both build it here."""
    return Message(
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


def _contacts(channel, user_ids: set[str]) -> dict[str, Contact]:
    return {
        c.network_user_id: c
        for c in Contact.objects.filter(
            organisation=channel.organisation, network=channel.network, network_user_id__in=user_ids
        )
    }


def ingest_one(channel, item: InboundItem) -> Message | None:
    """Store one item, or return None if this channel already has it."""
    result = ingest(channel, [item])
    return result.created[0] if result.created else None


def _store_one(channel, item: InboundItem, verdict: dict) -> Message | None:
    """Store one triaged item in its own transaction; None if this channel already has it."""
    if Message.objects.filter(channel=channel, network_id=item.network_id).exists():
        return None
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
            message = _inbound(channel, item, verdict)
            message.conversation = conversation
            message.save(force_insert=True)
            conversation.organisation, conversation.channel = channel.organisation, channel
            if not created:
                _take_in(conversation, message)
            clocks.on_inbound(conversation, message)
            conversation.save()
    except IntegrityError:
        # Another worker stored the same item between our check and our insert.
        if Message.objects.filter(channel=channel, network_id=item.network_id).exists():
            return None
        raise
    return message


# The on-arrival steps, in the order they run (alerts first), each for a whole batch, with a
# cheap test (no database) of which messages it can act on.
STEPS = (
    (alerts.raise_alerts, lambda m: m.route in URGENT_ROUTES),
    (moderation.apply_rules_to, moderation.applies),
    (outofhours.auto_reply_to, outofhours.may_apply),
    (kudos.collect_from, kudos.applies),
)


def on_arrival_batch(messages: list[Message]) -> None:
    """What happens once a batch is safely stored, written in one transaction (one commit, not
    several per message); a batch with nothing to act on opens none. Each step runs for all
    the messages it can act on in its own savepoint, so a failure in one step is rolled back
    alone and logged, and never loses a message; within a step, a network that fails for one
    message (cannot hide, cannot reply) fails for that message only."""
    work = [
        (step, chosen)
        for step, applies in STEPS
        if (chosen := [message for message in messages if applies(message)])
    ]
    if not work:
        return
    try:
        with transaction.atomic():
            for step, chosen in work:
                try:
                    with transaction.atomic():
                        step(chosen)
                except Exception:
                    log.exception(
                        "%s failed for messages %s",
                        step.__qualname__,
                        [message.pk for message in chosen],
                    )
    except Exception:  # the database itself failed: the messages are stored; say so loudly
        log.exception("On-arrival steps failed for %d stored messages", len(messages))


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
