"""Recording audit events: the one function services call."""

from sociable.audit.models import AuditEvent


def record(organisation, actor, verb: str, obj=None, *, before=None, after=None,
           object_type: str | None = None, object_id=None, label: str | None = None):
    """Append an event. `actor` is a user, or None for the system (e.g. the worker)."""
    return AuditEvent.objects.create(
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
