"""Hiding, unhiding and deleting comments on the network, with a reason; rules on arrival."""

from __future__ import annotations

import logging

from django.db import connection

from sociable.audit.log import record
from sociable.channels.adapters import adapter_of
from sociable.inbox import events
from sociable.lib import bulk
from sociable.networks.base import NetworkError

log = logging.getLogger(__name__)
PUBLIC_KINDS = frozenset({"mention", "comment", "reply", "review"})


class ModerationFailed(Exception):
    """The network refused or could not be reached; nothing was changed in the desk."""


def hide(message, user, reason: str, hidden: bool = True) -> None:
    _require_reason(reason)
    try:
        adapter_of(message.channel).hide(message.network_id, hidden)
    except NetworkError as error:
        raise ModerationFailed(str(error)) from error
    before = {"hidden": message.hidden}
    message.hidden = hidden
    message.held_for_review = False
    message.moderation_reason = reason
    message.save(update_fields=["hidden", "held_for_review", "moderation_reason"])
    record(
        message.channel.organisation,
        user,
        "message.hidden" if hidden else "message.unhidden",
        message,
        before=before,
        after={"hidden": hidden, "reason": reason},
    )


def delete(message, user, reason: str) -> None:
    _require_reason(reason)
    try:
        adapter_of(message.channel).delete(message.network_id)
    except NetworkError as error:
        raise ModerationFailed(str(error)) from error
    message.deleted = True
    message.held_for_review = False
    message.moderation_reason = reason
    message.save(update_fields=["deleted", "held_for_review", "moderation_reason"])
    record(message.channel.organisation, user, "message.deleted", message, after={"reason": reason})


def applies(message) -> bool:
    """Whether the rules on arrival would act on this message (no database needed)."""
    return _decision(message) is not None


def _decision(message) -> tuple[str, bool] | None:
    if message.kind not in PUBLIC_KINDS:
        return None
    verdict = message.verdict or {}
    exposes_nhs_number = any("NHS" in p.get("type", "") for p in verdict.get("pii", []))
    if exposes_nhs_number:
        reason, hold = "Exposes an NHS number: hidden to protect the person", False
    elif message.route == "spam":
        reason, hold = "Spam", False
    elif message.route == "abuse":
        reason, hold = "Abusive: hidden and held for review", True
    else:
        return None
    return reason, hold


def apply_rules_to(messages) -> dict[int, str]:
    """Rules on arrival: hide public comments that expose an NHS number, or spam; hold abuse.

    Returns what was done, by message id. A network that cannot hide leaves the message
    visible and says so on the message, for a person to act on. The messages and their audit
    events are written in bulk."""
    done: dict[int, str] = {}
    acted = []
    adapters: dict[int, object] = {}  # one per account, not one per message
    for message in messages:
        decision = _decision(message)
        if decision is None:
            continue
        reason, hold = decision
        try:
            adapter = adapters.get(message.channel_id)
            if adapter is None:
                adapter = adapters[message.channel_id] = adapter_of(message.channel)
            adapter.hide(message.network_id, True)
            message.hidden = True
        except NetworkError as error:
            reason = f"{reason} — could not hide on the network: {error}"
        except Exception:  # an adapter's own fault: this message is left for a person
            log.exception("Rules on arrival failed for message %s", message.pk)
            continue
        message.held_for_review = hold
        message.moderation_reason = reason[:300]
        done[message.pk] = reason
        acted.append(message)
    if acted:
        bulk.update_each(connection, acted, ["hidden", "held_for_review", "moderation_reason"])
        for organisation, group in events.by_organisation(acted):
            events.record_system(
                organisation,
                "message.auto_moderated",
                [
                    (
                        m,
                        {
                            "hidden": m.hidden,
                            "held": m.held_for_review,
                            "reason": m.moderation_reason,
                        },
                    )
                    for m in group
                ],
            )
    return done


def _require_reason(reason: str) -> None:
    if not reason or not reason.strip():
        raise ValueError("Give a reason: it is kept in the audit log.")
