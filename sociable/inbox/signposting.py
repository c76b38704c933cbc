"""The desk's side of signposting: the page footer's context and an urgent conversation's kind.

The wording itself, and every helpline number, is written once in the triage library
(``sociable.triage.signposting``); templates, saved replies, the alert e-mail, the out-of-hours
reply and the public pages take it from there.
"""

from __future__ import annotations

from sociable.triage.signposting import FOOTER, kind_of


def template_context(request) -> dict:
    """Context processor: the footer's signposting on every page."""
    return {"signposting_footer": FOOTER}


def conversation_kind(conversation) -> str:
    """The kind of an urgent conversation, from its latest inbound message on that route."""
    message = (
        conversation.messages.filter(direction="in", route=conversation.route)
        .order_by("-sent_at", "-id")
        .first()
    )
    return kind_of(conversation.route, message.verdict if message else None)
