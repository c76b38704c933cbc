"""Subject access and erasure for one contact (a person on a network, as the organisation
sees them): everything held about them, and deleting it on request."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from sociable.audit.log import record
from sociable.audit.models import AuditEvent
from sociable.inbox.models import Contact, Kudos, Message, Note

PERSONAL_FIELDS = ("network", "network_user_id", "handle", "name", "followers", "created_at")


def find(organisation, query: str):
    """Contacts of this organisation whose handle, name or network user id matches."""
    return (
        Contact.objects.filter(organisation=organisation)
        .filter(Q(handle__icontains=query) | Q(name__icontains=query) | Q(network_user_id=query))
        .order_by("handle")[:50]
    )


def _mentions(contact):
    from sociable.listening.models import Mention

    by_id = Q(author_id=contact.network_user_id) if contact.network_user_id else Q(pk__in=[])
    return (
        Mention.objects.filter(organisation=contact.organisation, network=contact.network)
        .filter(by_id | Q(author_handle__iexact=contact.handle))
        .select_related("search")
    )


def _audit_events(contact, conversation_ids, message_ids):
    return (
        AuditEvent.objects.filter(organisation=contact.organisation)
        .filter(
            Q(object_type="inbox.contact", object_id=str(contact.pk))
            | Q(object_type="inbox.conversation", object_id__in=[str(i) for i in conversation_ids])
            | Q(object_type="inbox.message", object_id__in=[str(i) for i in message_ids])
        )
        .order_by("at", "id")
    )


def _when(moment):
    return moment.isoformat() if moment else None


def gather(contact) -> dict:
    """Everything held about `contact`, as plain data (the JSON export)."""
    conversations = list(contact.conversations.select_related("channel").order_by("created_at"))
    messages = Message.objects.filter(conversation__contact=contact).select_related("author")
    message_ids = list(messages.values_list("id", flat=True))
    held = {
        "generated_at": _when(timezone.now()),
        "organisation": contact.organisation.name,
        "person": {
            field: (
                _when(getattr(contact, field)) if field == "created_at" else getattr(contact, field)
            )
            for field in PERSONAL_FIELDS
        },
        "conversations": [],
        "kudos": [
            {"staff_named": k.staff_name, "at": _when(k.at), "message": k.message_id}
            for k in Kudos.objects.filter(message__conversation__contact=contact)
        ],
        "mentions": [
            {
                "network": m.network,
                "posted_at": _when(m.posted_at),
                "text": m.text,
                "url": m.url,
                "handle": m.author_handle,
                "name": m.author_name,
                "search": m.search.name,
            }
            for m in _mentions(contact)
        ],
        "audit_events": [
            {
                "at": _when(e.at),
                "by": e.actor_label,
                "what": e.verb,
                "object": f"{e.object_type} {e.object_id}",
                "label": e.object_label,
            }
            for e in _audit_events(contact, [c.pk for c in conversations], message_ids)
        ],
    }
    for conversation in conversations:
        held["conversations"].append(
            {
                "id": conversation.pk,
                "account": str(conversation.channel),
                "started": _when(conversation.created_at),
                "status": conversation.get_status_display(),
                "route": conversation.get_route_display(),
                "messages": [
                    {
                        "id": m.pk,
                        "direction": m.get_direction_display(),
                        "sent_at": _when(m.sent_at),
                        "text": m.text,
                        "url": m.url,
                        "kind": m.kind,
                        "route": m.get_route_display() if m.route else "",
                        "written_by": (m.author.get_full_name() or m.author.get_username())
                        if m.author
                        else ("the desk (automatic)" if m.automatic else ""),
                        "hidden": m.hidden,
                        "deleted": m.deleted,
                    }
                    for m in messages
                    if m.conversation_id == conversation.pk
                ],
                "notes": [
                    {
                        "at": _when(n.created_at),
                        "text": n.text,
                        "by": n.author.get_username() if n.author else "",
                    }
                    for n in Note.objects.filter(conversation=conversation).select_related("author")
                ],
            }
        )
    return held


def rows(held: dict):
    """The export as rows for a CSV: one per message, note, kudos, mention or audit event."""
    yield ["kind", "when", "where", "direction or author", "text"]
    person = held["person"]
    yield [
        "person",
        person["created_at"],
        person["network"],
        f"{person['handle']} {person['name']}".strip(),
        person["network_user_id"],
    ]
    for conversation in held["conversations"]:
        for m in conversation["messages"]:
            yield ["message", m["sent_at"], conversation["account"], m["direction"], m["text"]]
        for n in conversation["notes"]:
            yield ["note", n["at"], conversation["account"], n["by"], n["text"]]
    for k in held["kudos"]:
        yield ["kudos", k["at"], "", "", k["staff_named"]]
    for m in held["mentions"]:
        yield ["mention", m["posted_at"], m["network"], m["handle"], m["text"]]
    for e in held["audit_events"]:
        yield ["audit event", e["at"], e["object"], e["by"], f"{e['what']} {e['label']}"]


def erase(contact, actor) -> dict[str, int]:
    """Delete the person's details and everything they wrote or was written about them.
    The audit log keeps that an erasure happened and how much went, never the content."""
    organisation = contact.organisation
    conversations = contact.conversations.all()
    counts = {
        "conversations": conversations.count(),
        "inbound_messages": Message.objects.filter(
            conversation__contact=contact, direction="in"
        ).count(),
        "outbound_messages": Message.objects.filter(
            conversation__contact=contact, direction="out"
        ).count(),
        "notes": Note.objects.filter(conversation__contact=contact).count(),
        "kudos": Kudos.objects.filter(message__conversation__contact=contact).count(),
    }
    with transaction.atomic():
        mentions = _mentions(contact)
        counts["mentions"] = mentions.count()
        mentions.delete()
        contact_id = contact.pk
        contact.delete()  # cascades: conversations, messages, notes, kudos, alerts, auto-replies
        record(
            organisation,
            actor,
            "privacy.contact_erased",
            None,
            object_type="inbox.contact",
            object_id=contact_id,
            label=f"Contact {contact_id} (erased)",
            after=counts,
        )
    return counts


def record_export(contact, actor, kind: str) -> None:
    record(
        contact.organisation,
        actor,
        "privacy.subject_access_exported",
        contact,
        label=f"Contact {contact.pk}",
        after={"format": kind},
    )
