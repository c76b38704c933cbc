"""Audit events for the on-arrival steps of a batch: the system's events, one insert per
organisation and step (`sociable.audit.log.record_many`)."""

from __future__ import annotations

from collections.abc import Iterable

from sociable.audit.log import record_many


def record_system(organisation, verb: str, entries: Iterable[tuple[object, dict | None]]) -> None:
    """Append one event by the system per (object, after) entry."""
    record_many(organisation, None, verb, entries)


def by_organisation(messages) -> list[tuple[object, list]]:
    """The messages grouped by their account's organisation, in order of first appearance."""
    groups: dict[int, tuple[object, list]] = {}
    for message in messages:
        organisation = message.channel.organisation
        groups.setdefault(organisation.pk, (organisation, []))[1].append(message)
    return list(groups.values())
