"""Crisis and safeguarding alerts: e-mail the on-call list at any hour until someone acknowledges.

By default the e-mail carries a link, not the message, to keep personal data out of mailboxes.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.dispatch import Signal
from django.urls import reverse
from django.utils import timezone

from sociable.audit.log import record
from sociable.inbox import events
from sociable.inbox.models import URGENT_ROUTES, Alert
from sociable.triage import signposting

log = logging.getLogger(__name__)


# Sent once for each new alert, with alert=<Alert>.
alert_raised = Signal()


def raise_alert(message) -> Alert | None:
    """Alert the on-call list about an urgent message (once per message)."""
    if message.route not in URGENT_ROUTES:
        return None
    conversation = message.conversation
    alert, created = Alert.objects.get_or_create(
        message=message,
        defaults={
            "organisation": conversation.organisation,
            "conversation": conversation,
            "route": message.route,
        },
    )
    if created:
        record(
            conversation.organisation,
            None,
            "alert.raised",
            conversation,
            after={"route": message.route, "message": message.pk},
        )
        alert_raised.send(sender=Alert, alert=alert)
        send(alert)
    return alert


def raise_alerts(messages) -> list[Alert]:
    """Alert the on-call list about each urgent message of a newly stored batch: the alerts
    and their audit events written in bulk, then each alert announced and sent at once."""
    urgent = [message for message in messages if message.route in URGENT_ROUTES]
    if not urgent:
        return []
    try:
        with transaction.atomic():
            alerts = Alert.objects.bulk_create(
                [
                    Alert(
                        organisation=m.conversation.organisation,
                        conversation=m.conversation,
                        message=m,
                        route=m.route,
                    )
                    for m in urgent
                ]
            )
    except IntegrityError:  # one was raised meanwhile (a route correction): one at a time
        return [alert for message in urgent if (alert := raise_alert(message)) is not None]
    for organisation, group in events.by_organisation(urgent):
        events.record_system(
            organisation,
            "alert.raised",
            [(m.conversation, {"route": m.route, "message": m.pk}) for m in group],
        )
    for alert in alerts:
        alert_raised.send(sender=Alert, alert=alert)
    unsendable = [alert for alert in alerts if not alert.organisation.on_call_list]
    _nobody_to_send_to(unsendable, timezone.now())
    for alert in alerts:
        if alert.organisation.on_call_list:
            send(alert)
    return alerts


def send(alert: Alert) -> bool:
    organisation = alert.organisation
    recipients = organisation.on_call_list
    now = timezone.now()
    if not recipients:
        _nobody_to_send_to([alert], now)
        return False
    link = settings.SITE_URL + reverse("conversation", args=[alert.conversation_id])
    kind = signposting.kind_of(alert.route, alert.message.verdict)
    label = signposting.LABELS.get(kind, alert.route)
    lines = [
        f"A message to {alert.conversation.channel} needs attention now ({label}).",
        signposting.ALERT_LINES.get(kind, ""),
        "",
        f"Open it: {link}",
        "",
        "Acknowledge the alert on that page so the on-call list stops being reminded.",
    ]
    if organisation.alert_include_text:
        lines[1:1] = ["", f"It says: {alert.message.text}"]
    try:
        send_mail(
            subject=f"[Sociable] {label}: a message needs attention now",
            message="\n".join(lines),
            from_email=None,
            recipient_list=recipients,
        )
    except Exception as error:  # SMTP down: keep the alert, try again at the next interval
        Alert.objects.filter(pk=alert.pk).update(last_error=str(error)[:300], last_sent_at=now)
        log.exception("Alert %s could not be e-mailed", alert.pk)
        return False
    Alert.objects.filter(pk=alert.pk).update(sends=F("sends") + 1, last_sent_at=now, last_error="")
    Alert.objects.filter(pk=alert.pk, first_sent_at__isnull=True).update(first_sent_at=now)
    record(
        organisation,
        None,
        "alert.sent",
        alert.conversation,
        after={"alert": alert.pk, "recipients": len(recipients)},
    )
    return True


def _nobody_to_send_to(alerts: list[Alert], now) -> None:
    """Alerts of an organisation without an on-call list: say so on each (one update)."""
    if not alerts:
        return
    Alert.objects.filter(pk__in=[alert.pk for alert in alerts]).update(
        last_error="there is no on-call list. Add addresses in Settings", last_sent_at=now
    )
    for alert in alerts:
        log.error("Alert %s for %s: no on-call list to send to", alert.pk, alert.organisation)


def acknowledge(alert: Alert, user) -> bool:
    """Record who acknowledged the alert; False if someone already had."""
    now = timezone.now()
    updated = Alert.objects.filter(pk=alert.pk, acknowledged_at__isnull=True).update(
        acknowledged_by=user, acknowledged_at=now
    )
    if updated:
        record(
            alert.organisation,
            user,
            "alert.acknowledged",
            alert.conversation,
            after={"alert": alert.pk},
        )
    return bool(updated)


def resend_due(now=None) -> int:
    """Re-send unacknowledged alerts whose interval has passed. Claimed row by row."""
    now = now or timezone.now()
    resent = 0
    pending = Alert.objects.filter(acknowledged_at__isnull=True).select_related(
        "organisation", "conversation__channel", "message"
    )
    for alert in pending:
        interval = timedelta(minutes=max(1, alert.organisation.alert_resend_minutes))
        if alert.last_sent_at and now - alert.last_sent_at < interval:
            continue
        claimed = Alert.objects.filter(
            Q(last_sent_at=alert.last_sent_at) | Q(last_sent_at__isnull=True),
            pk=alert.pk,
            acknowledged_at__isnull=True,
        ).update(last_sent_at=now)
        if claimed and send(alert):
            resent += 1
    return resent


def open_alerts(organisation):
    return Alert.objects.filter(organisation=organisation, acknowledged_at__isnull=True)
