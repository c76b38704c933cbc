"""What a member's API requests may read: always starting from the organisation-scoped
querysets of sociable.accounts.access, so nobody sees another organisation's data."""

from django.db.models import Prefetch

from sociable.accounts import access
from sociable.inbox import listing
from sociable.inbox.models import ConversationStatus, Message
from sociable.publishing.models import PostTarget


def conversations(membership, *, route=None, status="open", assignee=None, channel=None):
    found = access.visible_conversations(membership).select_related(
        "channel", "contact", "assignee", "team"
    )
    if route:
        found = found.filter(route=route)
    if status == "open":
        found = found.exclude(status=ConversationStatus.CLOSED)
    elif status:
        found = found.filter(status=status)
    if assignee == "me":
        found = found.filter(assignee=membership.user)
    elif assignee == "none":
        found = found.filter(assignee__isnull=True)
    elif assignee:
        found = found.filter(assignee_id=int(assignee))
    if channel:
        found = found.filter(channel_id=channel)
    return found.order_by(*listing.ordering("queue"))  # the inbox's order, read from its indexes


def conversation_detail(membership):
    return (
        access.visible_conversations(membership)
        .select_related("channel", "contact", "assignee", "team")
        .prefetch_related(Prefetch("messages", Message.objects.select_related("author")))
    )


def posts(membership, *, status=None):
    """The organisation's posts; a contributor sees their own only."""
    found = (
        access.api_posts(membership)
        .select_related("author", "reviewed_by")
        .prefetch_related(Prefetch("targets", PostTarget.objects.select_related("channel")))
    )
    if status:
        found = found.filter(status=status)
    return found.order_by("-created_at", "-id")


def channels(membership):
    return access.visible_channels(membership).select_related("team").order_by("network", "handle")


def searches(membership):
    from sociable.listening.models import SavedSearch

    return (
        SavedSearch.objects.filter(organisation=membership.organisation)
        .prefetch_related("channels")
        .order_by("name", "id")
    )
