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


def conversation_kind(conversation, messages: list | None = None) -> str:
    """The kind of an urgent conversation, from its latest inbound message on that route.
    `messages`: the conversation's messages when they have been read already, in their order
    (oldest first): the kind is found among them, with no query."""
    if messages is None:
        message = (
            conversation.messages.filter(direction="in", route=conversation.route)
            .order_by("-sent_at", "-id")
            .first()
        )
    else:
        message = next(
            (
                m
                for m in reversed(messages)
                if m.direction == "in" and m.route == conversation.route
            ),
            None,
        )
    return kind_of(conversation.route, message.verdict if message else None)
