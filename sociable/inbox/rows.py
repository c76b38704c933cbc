"""What each row of the inbox list shows, worked out once per row in Python.

A list shows a hundred rows or more (the urgent banner and a page). Each row's words, labels,
times and address are plain values here, so that the row's template only places them: no
lookup of a choice's label, no date formatting, no URL reversed twice, no filter per row in the
template (those were most of a list request's processor time). What the rows show is what the
template worked out before, character for character.
"""

from __future__ import annotations

import unicodedata
from datetime import datetime
from typing import TypedDict

from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.text import Truncator

from sociable.inbox import clocks, presence
from sociable.inbox.models import ROUTES, Conversation, ConversationStatus

EXCERPT = 140  # characters of the latest inbound message
_ROUTE_LABELS = dict(ROUTES)
_STATUS_LABELS = dict(ConversationStatus.choices)


class Row(TypedDict):
    """One row (a dict: the template finds each value by key at once, where it would try a key
    and fail before trying an attribute)."""

    pk: int
    key: str  # the conversation's id, as the page writes it
    route: str
    pinned_look: bool  # urgent, or an alert nobody has acknowledged
    who: str
    handle: str  # shown beside the person's name (empty when the handle is all there is)
    url: str
    at: str  # the latest message's moment, ISO 8601 (the <time> element's datetime)
    at_shown: str
    route_label: str
    route_tag: str  # the tag's colour
    clock: str  # clocks.state(): "breached", "due_soon", "on_track" or ""
    tag_names: list[str]
    excerpt: str
    meta: str  # status · assignee · account
    replying_names: list[str]


def excerpt(text) -> str:
    """The `truncatechars` filter's result (the text, normalised to NFC, shortened to EXCERPT
    characters with an ellipsis), without its work when the text is short enough already."""
    text = str(text)
    normal = unicodedata.normalize("NFC", text)
    if len(normal) <= EXCERPT:
        return normal
    return Truncator(text).chars(EXCERPT)


class _Moments:
    """The `date` filter's "c" and "j M, H:i" of the rows' moments, in the current time zone:
    the zone and each month's name looked up once per list, not once per row."""

    def __init__(self):
        self.zone = timezone.get_current_timezone()
        self.months: dict[int, str] = {}

    def __call__(self, moment: datetime) -> tuple[str, str]:
        if timezone.is_aware(moment):
            moment = moment.astimezone(self.zone)
        month = self.months.get(moment.month)
        if month is None:
            month = self.months[moment.month] = dateformat.format(moment, "M")
        return moment.isoformat(), f"{moment.day} {month}, {moment.hour:02d}:{moment.minute:02d}"


class _Addresses:
    """A conversation's address from its id, with the list's filters: the URL reversed once per
    list (around a stand-in id), not once per row."""

    STAND_IN = 987654321

    def __init__(self, query: str):
        self.before, self.after = reverse("conversation", args=[self.STAND_IN]).split(
            str(self.STAND_IN)
        )
        self.after += f"?{query}" if query else ""

    def __call__(self, pk: int) -> str:
        return f"{self.before}{pk}{self.after}"


def _person(user) -> str:
    return user.get_full_name() or user.username


def _row(convo, now: datetime, moments, addresses, tags: dict, replying: dict) -> Row:
    contact, channel = convo.contact, convo.channel
    at, at_shown = moments(convo.last_message_at)
    meta = [_STATUS_LABELS.get(convo.status, convo.status)]
    if convo.assignee is not None:
        meta.append(_person(convo.assignee))
    meta.append(channel.display_name or channel.handle)
    if convo.is_urgent:
        route_tag = "red"
    elif convo.needs_care:
        route_tag = "orange"
    else:
        route_tag = "grey"
    return Row(
        pk=convo.pk,
        key=str(convo.pk),
        route=convo.route,
        pinned_look=convo.is_urgent or bool(convo.open_alert),
        who=str(contact),
        handle=contact.handle if contact.name else "",
        url=addresses(convo.pk),
        at=at,
        at_shown=at_shown,
        route_label=_ROUTE_LABELS.get(convo.route, convo.route),
        route_tag=route_tag,
        clock=clocks.state(convo, now),
        tag_names=tags.get(convo.pk, []),
        excerpt=excerpt(convo.latest_text),
        meta=" · ".join(meta),
        replying_names=replying.get(convo.pk, []),
    )


def rows(groups: list[list], user, query: str) -> list[list[Row]]:
    """The rows of each group of conversations (read by inbox/listing.py with their row
    details), with their tags and who else is replying (two queries for all the groups)."""
    shown = [convo.pk for group in groups for convo in group]
    tags: dict[int, list[str]] = {}
    for convo_id, name in (
        Conversation.tags.through.objects.filter(conversation_id__in=shown)
        .values_list("conversation_id", "tag__name")
        .order_by("tag__name")
    ):
        tags.setdefault(convo_id, []).append(name)
    replying = presence.others_replying(shown, user)
    now, moments, addresses = timezone.now(), _Moments(), _Addresses(query)
    return [
        [_row(convo, now, moments, addresses, tags, replying) for convo in group]
        for group in groups
    ]
