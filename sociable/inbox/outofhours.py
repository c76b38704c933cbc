"""Out of hours: say honestly that nobody is watching, when the team is back, and where to get
urgent help. At most once per contact per closed period (the database enforces it)."""

from __future__ import annotations

import logging
import uuid

from django.db import connection
from django.utils import timezone

from sociable.channels.adapters import adapter_of
from sociable.inbox import clocks, events
from sociable.inbox.models import AutoReply, Direction, Message
from sociable.lib import bulk, hours
from sociable.networks.base import Draft, NetworkError
from sociable.triage import Route, signposting

log = logging.getLogger(__name__)
SKIP_ROUTES = frozenset({Route.SPAM, Route.ABUSE})
# Not auto-replied to: a Care Opinion story (a response there is public and answers the story,
# so a person writes it) and a public post raised from listening (it was not addressed to us).
SKIP_KINDS = frozenset({"review", "listening", "article"})


def text_for(organisation, at) -> str:
    back = hours.describe_return(clocks.schedule_for(organisation), at)
    text = organisation.auto_reply_text.replace("{back}", back.rstrip("."))
    return signposting.ensure_urgent(text)


def may_apply(message) -> bool:
    """Whether this message could be auto-replied to at all (no database needed)."""
    return (
        message.channel.organisation.auto_reply_enabled
        and message.route not in SKIP_ROUTES
        and message.kind not in SKIP_KINDS
    )


def auto_reply_to(messages) -> list[Message]:
    """The out-of-hours reply to the author of each message that is due one: arrived out of
    hours, from a contact not yet replied to in that closed period (the first of theirs in the
    batch). The markers are claimed with one insert that skips those already held, so of two
    workers only one replies; the replies are recorded before they are sent (intent first),
    and their outcomes and audit events are written in bulk. Returns the replies."""
    due = _due(messages)
    if not due:
        return []
    claimed = _claim(list(due))
    chosen = [(due[pair], marker) for pair, marker in claimed.items()]
    if not chosen:
        return []
    chosen.sort(key=lambda pair: pair[0].pk)
    now = timezone.now()
    replies = Message.objects.bulk_create(
        [
            Message(
                conversation=message.conversation,
                channel=message.channel,
                direction=Direction.OUTBOUND,
                network_id=f"pending:{uuid.uuid4().hex}",
                kind="reply",
                text=text_for(message.channel.organisation, message.sent_at),
                sent_at=now,
                author=None,
                delivery="sending",
                automatic=True,
                in_reply_to=message,
            )
            for message, _ in chosen
        ]
    )
    bulk.update_each(
        connection,
        [
            AutoReply(pk=marker, message_id=reply.pk)
            for (_, marker), reply in zip(chosen, replies, strict=True)
        ],
        ["message"],
    )
    adapters: dict[int, object] = {}  # one per account, not one per reply
    for reply in replies:
        _send(reply, adapters)
    bulk.update_each(connection, replies, ["delivery", "delivery_detail", "network_id", "url"])
    sent = [reply for reply in replies if reply.delivery == "sent"]
    for organisation, group in events.by_organisation(sent):
        events.record_system(
            organisation,
            "reply.auto_sent",
            [(reply.conversation, {"message": reply.pk}) for reply in group],
        )
    return replies


def _due(messages) -> dict[tuple[int, str], Message]:
    """(contact, closed period) -> the first message of the batch that may be due a reply."""
    due: dict[tuple[int, str], Message] = {}
    for message in messages:
        if may_apply(message):
            schedule = clocks.schedule_for(message.channel.organisation)
            period = hours.closed_period_key(schedule, message.sent_at)
            if period is not None:
                due.setdefault((message.conversation.contact_id, period), message)
    return due


def _claim(pairs: list[tuple[int, str]]) -> dict[tuple[int, str], int]:
    """Insert the markers not yet held; returns those this call inserted, with their ids. The
    unique constraint decides: a marker another worker inserted first is skipped."""
    now = timezone.now()
    inserted = bulk.insert_new(
        connection,
        AutoReply,
        ["contact", "period_key", "at"],
        [(contact, period, now) for contact, period in pairs],
        unique=["contact", "period_key"],
    )
    return {(contact, period): marker for marker, contact, period in inserted}


def _send(reply: Message, adapters: dict) -> None:
    """Send one recorded auto-reply through the channel's adapter; note the outcome on it."""
    draft = Draft(
        text=reply.text,
        in_reply_to=reply.in_reply_to.network_id,
        idempotency_key=f"sociable-reply-{reply.pk}",
    )
    try:
        adapter = adapters.get(reply.channel_id)
        if adapter is None:
            adapter = adapters[reply.channel_id] = adapter_of(reply.channel)
        published = adapter.reply(draft)
    except NetworkError as error:
        reply.delivery, reply.delivery_detail = "failed", str(error)[:500]
        return
    except Exception as error:  # an adapter's own fault: this reply fails, the others go
        log.exception("The auto-reply %s could not be sent", reply.pk)
        reply.delivery, reply.delivery_detail = "failed", str(error)[:500]
        return
    reply.delivery, reply.network_id, reply.url = "sent", published.network_id, published.url or ""
