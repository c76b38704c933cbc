"""Recording audit events: the functions services call."""

from collections.abc import Iterable

from sociable.audit.models import AuditEvent


def _event(
    organisation,
    actor,
    verb: str,
    obj=None,
    *,
    before=None,
    after=None,
    object_type: str | None = None,
    object_id=None,
    label: str | None = None,
):
    return AuditEvent(
        organisation=organisation,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=(actor.get_username() if getattr(actor, "pk", None) else "system"),
        verb=verb,
        object_type=object_type or (obj._meta.label_lower if obj is not None else ""),
        object_id=str(object_id if object_id is not None else getattr(obj, "pk", "")),
        object_label=(label if label is not None else str(obj) if obj is not None else "")[:300],
        before=before,
        after=after,
    )


def record(
    organisation,
    actor,
    verb: str,
    obj=None,
    *,
    before=None,
    after=None,
    object_type: str | None = None,
    object_id=None,
    label: str | None = None,
):
    """Append an event. `actor` is a user, or None for the system (e.g. the worker)."""
    event = _event(
        organisation,
        actor,
        verb,
        obj,
        before=before,
        after=after,
        object_type=object_type,
        object_id=object_id,
        label=label,
    )
    event.save(force_insert=True)
    return event


def record_many(organisation, actor, verb: str, entries: Iterable[tuple[object, dict | None]]):
    """Append one event per (object, after) entry, each as `record` writes it, in one insert."""
    return AuditEvent.objects.bulk_create(
        [_event(organisation, actor, verb, obj, after=after) for obj, after in entries]
    )
