"""What the public pages say, worked out from the organisation's settings: its staffed hours
and bank holidays, response targets, signposting, PALS contact and moderation policy."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta

from sociable.inbox import clocks
from sociable.lib import hours
from sociable.networks.base import NetworkError
from sociable.networks.registry import adapter_class
from sociable.triage import Route, signposting

NATION_NAMES = {
    "england-and-wales": "England and Wales",
    "scotland": "Scotland",
    "northern-ireland": "Northern Ireland",
}
# Routes whose reply times the public page promises, in the words the public would use.
PROMISED = [
    (Route.QUERY, "Questions about our services"),
    (Route.COMPLAINT, "Concerns and complaints (we will help you take them to PALS)"),
    (Route.MISINFORMATION, "Correcting wrong information about our services"),
    (Route.CLINICAL, "Health questions (we signpost, we cannot advise)"),
    (Route.PRAISE, "Thanks and compliments"),
]


def spoken_time(t: time, *, end: bool = False) -> str:
    if t == time(0):
        return "midnight"
    if t == time(12):
        return "midday"
    hour = t.hour % 12 or 12
    suffix = "am" if t.hour < 12 else "pm"
    return f"{hour}:{t.minute:02d}{suffix}" if t.minute else f"{hour}{suffix}"


def duration(minutes: int) -> str:
    hrs, mins = divmod(minutes, 60)
    parts = []
    if hrs:
        parts.append(f"{hrs} hour{'s' if hrs != 1 else ''}")
    if mins:
        parts.append(f"{mins} minute{'s' if mins != 1 else ''}")
    return " ".join(parts) or "0 minutes"


def weekly_lines(schedule: hours.Schedule) -> list[str]:
    """e.g. ["Monday to Friday: 9am to 5pm", "Saturday: 10am to 1pm"]; consecutive days with
    the same hours are grouped."""
    groups: list[tuple[list[int], tuple]] = []
    for day in range(7):
        spans = tuple(schedule.weekly[day])
        if not spans:
            continue
        if groups and groups[-1][1] == spans and groups[-1][0][-1] == day - 1:
            groups[-1][0].append(day)
        else:
            groups.append(([day], spans))
    lines = []
    for days, spans in groups:
        names = (
            hours.DAY_NAMES[days[0]]
            if len(days) == 1
            else (f"{hours.DAY_NAMES[days[0]]} to {hours.DAY_NAMES[days[-1]]}")
        )
        times = " and ".join(f"{spoken_time(a)} to {spoken_time(b, end=True)}" for a, b in spans)
        lines.append(f"{names}: {times}")
    return lines


@dataclass(frozen=True)
class Promise:
    what: str
    within: str


def how_we_use(organisation, today: date) -> dict:
    schedule = clocks.schedule_for(organisation)
    upcoming = []
    if schedule.bank_holidays_closed:
        for year in (today.year, today.year + 1):
            for day, name in hours.bank_holidays(schedule.nation, year).items():
                if today <= day <= today + timedelta(days=365):
                    upcoming.append((day, name))
    closed = sorted(d for d in schedule.closed_dates if today <= d <= today + timedelta(days=365))
    promises = []
    for route, what in PROMISED:
        minutes = clocks.target(organisation, route, "first_response")
        if minutes:
            promises.append(Promise(what, duration(minutes)))
    strategy = getattr(organisation, "strategy", None) if _has_strategy(organisation) else None
    return {
        "weekly": weekly_lines(schedule),
        "bank_holidays_closed": schedule.bank_holidays_closed,
        "nation": NATION_NAMES.get(schedule.nation, schedule.nation),
        "bank_holidays": upcoming[:12],
        "closed_dates": closed,
        "promises": promises,
        "crisis": signposting.CRISIS,
        "urgent": signposting.URGENT,
        "clinical": signposting.CLINICAL,
        "pals_phone": organisation.pals_phone,
        "pals_email": organisation.pals_email,
        "policy_notes": strategy.policy_notes if strategy else "",
    }


def _has_strategy(organisation) -> bool:
    from sociable.strategy.models import Strategy

    return Strategy.objects.filter(organisation=organisation).exists()


@dataclass(frozen=True)
class Account:
    network: str
    name: str
    handle: str
    team: str


def accounts(organisation) -> list[Account]:
    """The organisation's official accounts, except disabled ones."""
    found = []
    for channel in organisation.channels.exclude(status="disabled").select_related("team"):
        try:
            network = adapter_class(channel.network).label or channel.network
        except NetworkError:
            network = channel.network
        found.append(
            Account(
                network, channel.display_name or channel.handle, channel.handle, channel.team.name
            )
        )
    return sorted(found, key=lambda a: (a.network, a.name))
