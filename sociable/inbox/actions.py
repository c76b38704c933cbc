"""What staff do to conversations: assign, change status, note, correct the route. Audited."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from sociable.accounts import access
from sociable.accounts.models import Team
from sociable.audit.log import record
from sociable.inbox import clocks
from sociable.inbox.models import (
    ROUTE_PRIORITY,
    URGENT_ROUTES,
    ConversationStatus,
    Note,
    RouteCorrection,
    Tag,
)


def _require(membership, capability):
    if not access.can(membership, capability):
        raise PermissionDenied(f"Your role does not allow this ({capability}).")


def assign(conversation, membership, *, user_id=None, team_id=None) -> None:
    _require(membership, access.Capability.TRIAGE)
    organisation = membership.organisation
    assignee = team = None
    if user_id:
        assignee = access.colleagues(organisation).filter(pk=user_id).first()
        if assignee is None:
            raise ValueError("That person is not in your organisation.")
    if team_id:
        team = Team.objects.filter(pk=team_id, organisation=organisation).first()
        if team is None:
            raise ValueError("That team is not in your organisation.")
    before = {"assignee": conversation.assignee_id, "team": conversation.team_id}
    conversation.assignee = assignee
    if team is not None:
        conversation.team = team
    if conversation.status == ConversationStatus.NEW and assignee is not None:
        conversation.status = ConversationStatus.IN_PROGRESS
    conversation.save(update_fields=["assignee", "team", "status"])
    record(
        organisation,
        membership.user,
        "conversation.assigned",
        conversation,
        before=before,
        after={"assignee": conversation.assignee_id, "team": conversation.team_id},
    )


def set_status(conversation, membership, status: str) -> None:
    if status not in ConversationStatus.values:
        raise ValueError(f"Unknown status {status!r}.")
    if not access.can_change_status(membership, conversation.channel):
        raise PermissionDenied("Your role cannot change this conversation.")
    before = {"status": conversation.status}
    now = timezone.now()
    if status == ConversationStatus.CLOSED and conversation.status != status:
        clocks.on_close(conversation, now)
    elif conversation.status == ConversationStatus.CLOSED and status != ConversationStatus.CLOSED:
        clocks.on_reopen(conversation)
    conversation.status = status
    conversation.save()
    record(
        membership.organisation,
        membership.user,
        "conversation.status",
        conversation,
        before=before,
        after={"status": status},
    )


def add_note(conversation, membership, text: str) -> Note:
    _require(membership, access.Capability.VIEW_INBOX)
    text = (text or "").strip()
    if not text:
        raise ValueError("Write the note first.")
    note = Note.objects.create(conversation=conversation, author=membership.user, text=text)
    record(
        membership.organisation,
        membership.user,
        "conversation.noted",
        conversation,
        after={"note": note.pk},
    )
    return note


def correct_route(message, membership, route: str) -> RouteCorrection | None:
    _require(membership, access.Capability.TRIAGE)
    if route not in ROUTE_PRIORITY:
        raise ValueError(f"Unknown route {route!r}.")
    if route == message.route:
        return None
    correction = RouteCorrection.objects.create(
        message=message, from_route=message.route or "chat", to_route=route, by=membership.user
    )
    message.route = route
    message.save(update_fields=["route"])
    conversation = message.conversation
    before = {"route": conversation.route}
    routes = set(conversation.messages.exclude(route="").values_list("route", flat=True))
    conversation.route = min(routes, key=ROUTE_PRIORITY.__getitem__) if routes else route
    conversation.priority = ROUTE_PRIORITY[conversation.route]
    clocks.on_route_change(conversation)
    conversation.save()
    record(
        membership.organisation,
        membership.user,
        "message.rerouted",
        message,
        before={"route": correction.from_route, **before},
        after={"route": route, "conversation_route": conversation.route},
    )
    if route in URGENT_ROUTES:
        from sociable.inbox.alerts import raise_alert

        raise_alert(message)
    return correction


def claim_on_reply(conversation, membership) -> bool:
    """A reply assigns the conversation to its author when nobody had it (a conditional UPDATE:
    someone assigned a moment earlier keeps it). True when this reply claimed it."""
    claimed = (
        type(conversation)
        .objects.filter(pk=conversation.pk, assignee__isnull=True)
        .update(assignee=membership.user)
    )
    if claimed:
        conversation.assignee = membership.user
        record(
            membership.organisation,
            membership.user,
            "conversation.assigned",
            conversation,
            before={"assignee": None},
            after={"assignee": membership.user_id, "reason": "replied"},
        )
    return bool(claimed)


def tag(conversation, membership, name: str) -> Tag:
    _require(membership, access.Capability.TRIAGE)
    name = " ".join((name or "").split()).lower()[:40]
    if not name:
        raise ValueError("Write the tag first.")
    found, _ = Tag.objects.get_or_create(organisation=membership.organisation, name=name)
    conversation.tags.add(found)
    record(
        membership.organisation,
        membership.user,
        "conversation.tagged",
        conversation,
        after={"tag": name},
    )
    return found


def untag(conversation, membership, tag_id: int) -> None:
    _require(membership, access.Capability.TRIAGE)
    found = conversation.tags.filter(pk=tag_id).first()
    if found is None:
        return
    conversation.tags.remove(found)
    record(
        membership.organisation,
        membership.user,
        "conversation.untagged",
        conversation,
        before={"tag": found.name},
    )
