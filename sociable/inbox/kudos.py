"""Kudos: praise that names staff, collected per team and person to share with them."""

from sociable.inbox.models import Kudos
from sociable.lib import spreadsheets


def applies(message) -> bool:
    """Whether this message is praise that names staff (no database needed)."""
    return message.route == "praise" and bool((message.verdict or {}).get("staff_named"))


def collect_from(messages) -> list[Kudos]:
    """Kudos for every newly stored message of a batch that praises staff by name, in one
    insert (a name already collected for a message is skipped)."""
    collected = [
        Kudos(
            organisation=message.channel.organisation,
            message=message,
            staff_name=name,
            team=message.channel.team,
            at=message.sent_at,
        )
        for message in messages
        if applies(message)
        for name in _names(message)
    ]
    Kudos.objects.bulk_create(collected, ignore_conflicts=True)
    return collected


def _names(message) -> list[str]:
    names = (message.verdict or {}).get("staff_named") or []
    return list(dict.fromkeys(n.strip()[:200] for n in names if n and n.strip()))


def as_csv(kudos_list) -> str:
    rows = [["date", "staff", "team", "account", "from", "message"]]
    for k in kudos_list:
        rows.append(
            [
                k.at.date().isoformat(),
                k.staff_name,
                k.team.name if k.team else "",
                str(k.message.channel),
                k.message.conversation.contact.handle,
                k.message.text,
            ]
        )
    return spreadsheets.as_csv(rows)
