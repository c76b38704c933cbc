"""Audit events for the on-arrival steps of a batch: the system's events, written in one insert
(each exactly as `sociable.audit.log.record` writes it)."""

from __future__ import annotations

from collections.abc import Iterable

from sociable.audit.models import AuditEvent


def record_system(organisation, verb: str, entries: Iterable[tuple[object, dict | None]]) -> None:
    """Append one event by the system per (object, after) entry."""
    AuditEvent.objects.bulk_create([
        AuditEvent(
            organisation=organisation, actor=None, actor_label="system", verb=verb,
            object_type=obj._meta.label_lower, object_id=str(obj.pk),
            object_label=str(obj)[:300], before=None, after=after,
        )
        for obj, after in entries
    ])


def by_organisation(messages) -> list[tuple[object, list]]:
    """The messages grouped by their account's organisation, in order of first appearance."""
    groups: dict[int, tuple[object, list]] = {}
    for message in messages:
        organisation = message.channel.organisation
        groups.setdefault(organisation.pk, (organisation, []))[1].append(message)
    return list(groups.values())
