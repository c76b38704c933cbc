"""Listening alerts: unusual volume, rising symptom mentions, urgent mentions found in feeds.

The rules are pure computations in signals.py; this module counts mentions, records each alert
once (per search, kind and period: the database enforces it), e-mails it to the search's alert
list or the organisation's on-call list, and re-tries e-mails that could not be sent.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils import timezone

from sociable.audit.log import record
from sociable.listening import matching, signals
from sociable.listening.models import AlertKind, ListeningAlert, Mention, SearchKind

log = logging.getLogger(__name__)
RETRY_EVERY = timedelta(minutes=5)


def daily_counts(search, first, last) -> dict:
    """Mentions per local day (Europe/London by default) between two dates inclusive."""
    rows = (
        Mention.objects.filter(search=search)
        .annotate(day=TruncDate("posted_at", tzinfo=timezone.get_current_timezone()))
        .filter(day__gte=first, day__lte=last)
        .values("day")
        .annotate(n=Count("id"))
    )
    return {row["day"]: row["n"] for row in rows}


def check(search, now=None) -> list[ListeningAlert]:
    """Raise whatever alerts the search's counts call for now."""
    now = now or timezone.now()
    raised = [check_volume(search, now)]
    if search.kind == SearchKind.SYMPTOMS:
        raised.append(check_symptoms(search, now))
    return [alert for alert in raised if alert is not None]


def check_volume(search, now=None) -> ListeningAlert | None:
    """Today's mentions so far against the previous 28 days (robust baseline)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    if (today - timezone.localdate(search.created_at)).days < signals.MIN_HISTORY_DAYS:
        return None  # too new to know what usual looks like
    first = today - timedelta(days=signals.BASELINE_DAYS)
    counts = daily_counts(search, first, today)
    history = signals.daily_series(counts, first, today - timedelta(days=1))
    baseline = signals.unusual_volume(history, counts.get(today, 0))
    if baseline is None:
        return None
    return _raise(
        search,
        AlertKind.VOLUME,
        today.isoformat(),
        counts.get(today, 0),
        {
            "baseline": baseline.to_dict(),
            "rule": f"more than median + {signals.K:g} "
            f"x robust spread of the previous {signals.BASELINE_DAYS} days, and at "
            f"least {signals.MIN_COUNT}",
        },
    )


def check_symptoms(search, now=None) -> ListeningAlert | None:
    """Weekly symptom mentions over the last completed weeks: a run of rises above a floor."""
    now = now or timezone.now()
    last_week = signals.week_start(timezone.localdate(now)) - timedelta(weeks=1)
    first_week = last_week - timedelta(weeks=7)
    counts = daily_counts(search, first_week, last_week + timedelta(days=6))
    weekly = signals.weekly_series(counts, first_week, last_week)
    rises, floor = search.signal_rises or signals.RISES, search.signal_floor
    if not signals.symptom_signal(weekly, rises, floor):
        return None
    return _raise(
        search,
        AlertKind.SYMPTOMS,
        last_week.isoformat(),
        weekly[-1],
        {"weekly": weekly, "weeks_from": first_week.isoformat(), "rises": rises, "floor": floor},
    )


def raise_urgent(mention) -> ListeningAlert | None:
    """A crisis or safeguarding mention that cannot go to the inbox (found in a feed)."""
    return _raise(
        mention.search,
        AlertKind.URGENT,
        f"mention-{mention.pk}",
        1,
        {"mention": mention.pk, "route": mention.route, "url": mention.url},
    )


def _raise(search, kind, period: str, observed: int, detail: dict) -> ListeningAlert | None:
    try:
        with transaction.atomic():
            alert = ListeningAlert.objects.create(
                organisation=search.organisation,
                search=search,
                kind=kind,
                period=period,
                observed=observed,
                detail=detail,
            )
    except IntegrityError:
        return None  # already raised for this period
    record(
        search.organisation,
        None,
        "listening.alert_raised",
        search,
        after={"alert": alert.pk, "kind": kind, "period": period, "observed": observed},
    )
    send(alert)
    return alert


def recipients_for(search) -> list[str]:
    return matching.lines(search.alert_emails) or search.organisation.on_call_list


def send(alert: ListeningAlert) -> bool:
    search = alert.search
    recipients = recipients_for(search)
    now = timezone.now()
    if not recipients:
        ListeningAlert.objects.filter(pk=alert.pk).update(
            last_attempt_at=now,
            last_error="there is nobody to tell: add an on-call list in Settings, or alert "
            "addresses on the search",
        )
        return False
    link = settings.SITE_URL + reverse("listening_search", args=[search.pk])
    label = alert.get_kind_display()
    body = "\n".join(
        [
            f"Listening alert for the saved search \u201c{search.name}\u201d: {label.lower()}.",
            "",
            alert.describe(),
            "",
            f"See the search: {link}",
        ]
    )
    try:
        send_mail(
            subject=f"[Sociable] Listening: {label.lower()} for \u201c{search.name}\u201d",
            message=body,
            from_email=None,
            recipient_list=recipients,
        )
    except Exception as error:  # SMTP down: try again later (resend_unsent)
        ListeningAlert.objects.filter(pk=alert.pk).update(
            last_attempt_at=now, last_error=str(error)[:300]
        )
        log.exception("Listening alert %s could not be e-mailed", alert.pk)
        return False
    ListeningAlert.objects.filter(pk=alert.pk).update(
        emailed_at=now, last_attempt_at=now, last_error=""
    )
    return True


def resend_unsent(now=None) -> int:
    """E-mail alerts that could not be sent before. Claimed row by row."""
    now = now or timezone.now()
    sent = 0
    pending = ListeningAlert.objects.filter(
        emailed_at__isnull=True, acknowledged_at__isnull=True
    ).filter(Q(last_attempt_at__isnull=True) | Q(last_attempt_at__lte=now - RETRY_EVERY))
    for alert in pending.select_related("search__organisation")[:50]:
        claimed = ListeningAlert.objects.filter(
            pk=alert.pk, emailed_at__isnull=True, last_attempt_at=alert.last_attempt_at
        ).update(last_attempt_at=now)
        if claimed and send(alert):
            sent += 1
    return sent


def acknowledge(alert: ListeningAlert, user) -> bool:
    updated = ListeningAlert.objects.filter(pk=alert.pk, acknowledged_at__isnull=True).update(
        acknowledged_by=user, acknowledged_at=timezone.now()
    )
    if updated:
        record(
            alert.organisation,
            user,
            "listening.alert_acknowledged",
            alert.search,
            after={"alert": alert.pk},
        )
    return bool(updated)


def open_alerts(organisation):
    return ListeningAlert.objects.filter(
        organisation=organisation, acknowledged_at__isnull=True
    ).select_related("search")
