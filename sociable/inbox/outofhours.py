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


def maybe_auto_reply(message) -> object | None:
    """Send the out-of-hours reply to this message's author if it is due. Returns the reply."""
    from sociable.inbox.replies import send_automatic

    conversation = message.conversation
    organisation = conversation.organisation
    if (not organisation.auto_reply_enabled or message.route in SKIP_ROUTES
            or message.kind in SKIP_KINDS):
        return None
    schedule = clocks.schedule_for(organisation)
    period = hours.closed_period_key(schedule, message.sent_at)
    if period is None:
        return None
    try:
        with transaction.atomic():
            marker = AutoReply.objects.create(contact=conversation.contact, period_key=period)
    except IntegrityError:
        return None  # this contact already had the auto-reply in this closed period
    reply = send_automatic(conversation, message, text_for(organisation, message.sent_at))
    AutoReply.objects.filter(pk=marker.pk).update(message=reply)
    return reply
