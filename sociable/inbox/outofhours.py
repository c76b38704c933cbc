"""Out of hours: say honestly that nobody is watching, when the team is back, and where to get
urgent help. At most once per contact per closed period (the database enforces it)."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from sociable.inbox import clocks, hours, signposting
from sociable.inbox.models import AutoReply

SKIP_ROUTES = frozenset({"spam", "abuse"})
# Not auto-replied to: a Care Opinion story (a response there is public and answers the story,
# so a person writes it) and a public post raised from listening (it was not addressed to us).
SKIP_KINDS = frozenset({"review", "listening", "article"})


def text_for(organisation, at) -> str:
    back = hours.describe_return(clocks.schedule_for(organisation), at)
    text = organisation.auto_reply_text.replace("{back}", back.rstrip("."))
    return signposting.ensure_urgent(text)


def may_apply(message) -> bool:
    """Whether this message could be auto-replied to at all (no database needed)."""
    return (message.channel.organisation.auto_reply_enabled
            and message.route not in SKIP_ROUTES and message.kind not in SKIP_KINDS)


def candidates(messages) -> set[int]:
    """The messages of a batch that may be due an auto-reply: arrived out of hours, from a
    contact not yet replied to in that closed period, first of theirs in the batch. One query."""
    periods = {}
    for message in messages:
        if may_apply(message):
            schedule = clocks.schedule_for(message.channel.organisation)
            period = hours.closed_period_key(schedule, message.sent_at)
            if period is not None:
                periods[message.pk] = (message.conversation.contact_id, period)
    if not periods:
        return set()
    done = set(AutoReply.objects.filter(
        contact_id__in={contact for contact, _ in periods.values()},
        period_key__in={period for _, period in periods.values()},
    ).values_list("contact_id", "period_key"))
    chosen = set()
    for message_id, pair in periods.items():
        if pair not in done:
            done.add(pair)
            chosen.add(message_id)
    return chosen


def maybe_auto_reply(message) -> object | None:
    """Send the out-of-hours reply to this message's author if it is due. Returns the reply."""
    from sociable.inbox.replies import send_automatic

    if not may_apply(message):
        return None
    conversation = message.conversation
    organisation = conversation.organisation
    schedule = clocks.schedule_for(organisation)
    period = hours.closed_period_key(schedule, message.sent_at)
    if period is None:
        return None
    if AutoReply.objects.filter(contact_id=conversation.contact_id, period_key=period).exists():
        return None  # already replied to in this period (the insert below settles races)
    try:
        with transaction.atomic():
            marker = AutoReply.objects.create(contact=conversation.contact, period_key=period)
    except IntegrityError:
        return None  # this contact already had the auto-reply in this closed period
    reply = send_automatic(conversation, message, text_for(organisation, message.sent_at))
    AutoReply.objects.filter(pk=marker.pk).update(message=reply)
    return reply
