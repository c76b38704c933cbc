"""`{{ code|plain }}`: a stored code (an event, a route, a status, a field name) in words, for
pages that show stored records as they are kept (subject access)."""

from django import template

from sociable.audit.words import WORDS, in_words

register = template.Library()

FIELDS = {
    "network": "Network",
    "network_user_id": "Their account number on the network",
    "handle": "Handle",
    "name": "Name",
    "followers": "Followers",
    "created_at": "First seen",
}


def _known() -> dict[str, str]:
    from sociable.inbox.models import ROUTES, ConversationStatus

    return {**dict(ROUTES), **dict(ConversationStatus.choices), **FIELDS, **WORDS}


@register.filter
def plain(code) -> str:
    code = "" if code is None else str(code)
    return _known().get(code) or in_words(code)
