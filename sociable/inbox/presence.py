"""Who is writing a reply right now: a short-lived mark per person and conversation, refreshed
while they type (the page sends it at most every few seconds) and gone when it lapses or the
reply is sent. Kept in the database so that every web process sees the same marks."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from sociable.inbox.models import Replying

LASTS = timedelta(seconds=12)  # the page refreshes the mark every 4 s while typing goes on


def mark(conversation, user) -> None:
    Replying.objects.update_or_create(
        conversation=conversation, user=user, defaults={"until": timezone.now() + LASTS}
    )


def clear(conversation, user) -> None:
    Replying.objects.filter(conversation=conversation, user=user).delete()


def others_replying(conversation_ids, user) -> dict[int, list[str]]:
    """The names of the people, other than `user`, replying to each of the conversations."""
    marks = (
        Replying.objects.filter(conversation_id__in=conversation_ids, until__gt=timezone.now())
        .exclude(user=user)
        .select_related("user")
        .order_by("until")
    )
    found: dict[int, list[str]] = {}
    for m in marks:
        found.setdefault(m.conversation_id, []).append(
            m.user.get_full_name() or m.user.get_username()
        )
    return found
