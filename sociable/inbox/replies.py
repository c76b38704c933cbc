"""Replying through the channel's adapter: the confidentiality guard, approval, delivery.

A reply is recorded before it is sent (intent first), so a crash or a network failure never
loses what was written; a reply whose outcome is unknown is not re-sent without a person.
"""

from __future__ import annotations

import uuid

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from sociable.accounts import access
from sociable.audit.log import record
from sociable.channels.adapters import adapter_of
from sociable.inbox import clocks
from sociable.inbox.models import ConversationStatus, Direction, Message
from sociable.inbox.triaging import check_outgoing
from sociable.networks.base import Draft, NetworkError


class ReplyBlocked(Exception):
    """The confidentiality guard found patient-identifiable information."""

    def __init__(self, findings: list[dict]):
        super().__init__("This reply contains patient-identifiable information.")
        self.findings = findings


def compose(conversation, text: str, *, membership, override_reason: str = "") -> Message:
    """Record a reply and send it, or hold it for approval. Raises ReplyBlocked / ValueError."""
    text = (text or "").strip()
    if not text:
        raise ValueError("Write a reply first.")
    if not access.can_reply(membership, conversation.channel):
        raise PermissionDenied("Your role cannot reply on this account.")
    check = check_outgoing(text, conversation.organisation)
    overridden = False
    if check["block"]:
        if not (override_reason.strip() and access.may_override_guard(membership)):
            raise ReplyBlocked(check["findings"])
        overridden = True
    needs_approval = access.reply_needs_approval(membership)
    message = _record(
        conversation,
        text,
        author=membership.user,
        delivery="awaiting_approval" if needs_approval else "sending",
    )
    record(
        conversation.organisation,
        membership.user,
        "reply.written",
        conversation,
        after={"message": message.pk, "needs_approval": needs_approval},
    )
    if overridden:
        record(
            conversation.organisation,
            membership.user,
            "reply.guard_overridden",
            conversation,
            after={
                "message": message.pk,
                "reason": override_reason.strip(),
                "findings": [f["type"] for f in check["findings"]],
            },
        )
    if not needs_approval:
        deliver(message, user=membership.user)
    return message


def approve(message: Message, membership) -> None:
    if not access.can(membership, access.Capability.TRIAGE):
        raise PermissionDenied("Only comms officers and admins approve replies.")
    if message.author_id == membership.user_id:
        raise PermissionDenied("Nobody approves their own reply.")
    claimed = Message.objects.filter(pk=message.pk, delivery="awaiting_approval").update(
        delivery="sending"
    )
    if not claimed:
        raise ValueError("This reply is no longer awaiting approval.")
    message.refresh_from_db()
    record(
        message.channel.organisation,
        membership.user,
        "reply.approved",
        message.conversation,
        after={"message": message.pk},
    )
    deliver(message, user=membership.user)


def reject(message: Message, membership, reason: str) -> None:
    if not access.can(membership, access.Capability.TRIAGE):
        raise PermissionDenied("Only comms officers and admins reject replies.")
    updated = Message.objects.filter(pk=message.pk, delivery="awaiting_approval").update(
        delivery="rejected", delivery_detail=(reason or "")[:500]
    )
    if not updated:
        raise ValueError("This reply is no longer awaiting approval.")
    record(
        message.channel.organisation,
        membership.user,
        "reply.rejected",
        message.conversation,
        after={"message": message.pk, "reason": reason},
    )


def retry(message: Message, membership) -> None:
    if not access.can_reply(membership, message.channel):
        raise PermissionDenied("Your role cannot reply on this account.")
    claimed = Message.objects.filter(pk=message.pk, delivery="failed").update(delivery="sending")
    if not claimed:
        raise ValueError("Only a failed reply can be tried again.")
    message.refresh_from_db()
    deliver(message, user=membership.user)


class DeleteFailed(Exception):
    """The network did not delete the reply; it is still there and still marked sent."""


def delete_sent(message: Message, membership) -> None:
    """Delete a sent reply on its network. The message is kept in the conversation, marked
    deleted, and the deletion audited. Claimed with a conditional UPDATE, so two people
    deleting at once send one request."""
    if not access.can_delete_reply(membership, message):
        raise PermissionDenied("You cannot delete this reply.")
    if not Message.objects.filter(pk=message.pk, delivery="sent", deleted=False).update(
        deleted=True
    ):
        raise DeleteFailed("It has already been deleted.")
    try:
        adapter = adapter_of(message.channel)
        if "delete" not in adapter.supports:
            raise NetworkError(
                f"{adapter.label or adapter.name} does not let us delete replies: "
                "delete it on the network itself.",
                permanent=True,
            )
        adapter.delete(message.network_id)
    except NetworkError as error:
        Message.objects.filter(pk=message.pk).update(deleted=False)
        raise DeleteFailed(str(error)) from error
    message.deleted = True
    record(
        message.channel.organisation,
        membership.user,
        "reply.deleted",
        message.conversation,
        after={"message": message.pk, "network_id": message.network_id},
    )


def deliver(message: Message, *, user=None) -> bool:
    """Send a recorded reply through the adapter. True when the network accepted it."""
    conversation = message.conversation
    target = message.in_reply_to
    draft = Draft(
        text=message.text,
        in_reply_to=target.network_id if target else "",
        idempotency_key=f"sociable-reply-{message.pk}",
    )
    try:
        adapter = adapter_of(message.channel)
        published = adapter.reply(draft) if draft.in_reply_to else adapter.publish(draft)
    except NetworkError as error:
        detail = str(error)
        if not error.permanent and error.status is None:
            detail += " The network may have received it: check before trying again."
        Message.objects.filter(pk=message.pk).update(
            delivery="failed", delivery_detail=detail[:500]
        )
        record(
            conversation.organisation,
            user,
            "reply.failed",
            conversation,
            after={"message": message.pk, "error": str(error)[:300]},
        )
        return False
    now = timezone.now()
    with transaction.atomic():
        Message.objects.filter(pk=message.pk).update(
            delivery="sent",
            delivery_detail="",
            network_id=published.network_id,
            url=published.url or "",
            sent_at=published.published_at or now,
        )
        convo = type(conversation).objects.select_for_update().get(pk=conversation.pk)
        clocks.on_reply(convo, now)
        if convo.status in (ConversationStatus.NEW, ConversationStatus.IN_PROGRESS):
            convo.status = ConversationStatus.WAITING
        convo.save(
            update_fields=["first_responded_at", "waiting_since", "first_response_due_at", "status"]
        )
    record(
        conversation.organisation,
        user,
        "reply.sent",
        conversation,
        after={
            "message": message.pk,
            "network_id": published.network_id,
            "automatic": message.automatic,
        },
    )
    return True


def _record(conversation, text, *, author, delivery, automatic=False, in_reply_to=None):
    if in_reply_to is None:
        in_reply_to = conversation.messages.filter(direction=Direction.INBOUND).last()
    return Message.objects.create(
        conversation=conversation,
        channel=conversation.channel,
        direction=Direction.OUTBOUND,
        network_id=f"pending:{uuid.uuid4().hex}",
        kind="reply",
        text=text,
        sent_at=timezone.now(),
        author=author,
        delivery=delivery,
        automatic=automatic,
        in_reply_to=in_reply_to,
    )
