"""The monthly report by e-mail: on the 1st of each month, last month's report as a PDF.

The PDF is attached rather than linked: the people a report goes to (a board, directors,
service leads) often have no desk account, the report holds only aggregate figures and public
posts (no messages from the public, no names of patients), and an attachment can be filed.

Once a month per subscription is enforced by the database: one ReportDelivery row per
subscription and month (unique), created by whichever worker gets there first, then claimed
with a conditional UPDATE before it is sent. A failed send is tried again later, a few times.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import F
from django.utils import timezone

from sociable.audit.log import record
from sociable.reports.build import build
from sociable.reports.models import DeliveryStatus, ReportDelivery, ReportSubscription
from sociable.reports.periods import Period, month_of, previous_month
from sociable.reports.scope import Scope

log = logging.getLogger(__name__)

SEND_UNTIL_DAY = 7  # a worker that was down on the 1st still sends in the first week
RETRY_AFTER = timedelta(minutes=30)
MAX_ATTEMPTS = 4


def schedule(now=None) -> int:
    """Make this month's delivery rows (for last month's report); returns how many are new."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    if today.day > SEND_UNTIL_DAY:
        return 0
    month = previous_month(today).start
    subscriptions = ReportSubscription.objects.filter(active=True).values_list("id", flat=True)
    rows = [
        ReportDelivery(subscription_id=pk, month=month, next_attempt_at=now) for pk in subscriptions
    ]
    before = ReportDelivery.objects.filter(month=month).count()
    ReportDelivery.objects.bulk_create(rows, ignore_conflicts=True)
    return ReportDelivery.objects.filter(month=month).count() - before


def claim_due(now=None, limit: int = 20) -> list[int]:
    """Claim deliveries due to be sent: a conditional UPDATE each, so one worker sends it."""
    now = now or timezone.now()
    claimed = []
    due = ReportDelivery.objects.filter(
        status=DeliveryStatus.PENDING,
        next_attempt_at__lte=now,
        attempts__lt=MAX_ATTEMPTS,
    ).values_list("id", "next_attempt_at")[:limit]
    for delivery_id, seen in due:
        if ReportDelivery.objects.filter(
            pk=delivery_id,
            status=DeliveryStatus.PENDING,
            next_attempt_at=seen,
        ).update(next_attempt_at=now + RETRY_AFTER, attempts=F("attempts") + 1):
            claimed.append(delivery_id)
    return claimed


def due(now=None) -> list[int]:
    schedule(now)
    return claim_due(now)


def scope_for(subscription: ReportSubscription, period: Period) -> Scope:
    """The report a subscription asked for; filters naming things that are gone are dropped."""
    from sociable.strategy.models import Objective

    organisation = subscription.organisation
    filters = subscription.filters or {}
    channel = organisation.channels.filter(pk=filters.get("channel") or 0).first()
    team = organisation.teams.filter(pk=filters.get("team") or 0).first()
    objective = Objective.objects.filter(
        organisation=organisation, pk=filters.get("objective") or 0
    ).first()
    return Scope(
        organisation,
        period,
        channel=channel,
        team=team,
        campaign=str(filters.get("campaign") or "")[:100],
        objective=objective,
    )


def send(delivery_id: int, now=None) -> str:
    """Send one claimed delivery; returns its status afterwards."""
    now = now or timezone.now()
    delivery = ReportDelivery.objects.select_related("subscription__organisation").get(
        pk=delivery_id
    )
    if delivery.status != DeliveryStatus.PENDING:
        return delivery.status
    subscription = delivery.subscription
    recipients = subscription.email_list
    try:
        if not recipients:
            raise ValueError("the subscription has no e-mail addresses")
        month = month_of(delivery.month)
        report = build(scope_for(subscription, month), now)
        message = EmailMessage(
            subject=f"[Sociable] {report.title}",
            body=_body(report, subscription),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=recipients,
        )
        from sociable.reports import pdf  # fpdf is heavy: imported by the task that sends

        message.attach(
            f"social-media-report-{delivery.month:%Y-%m}.pdf", pdf.render(report), "application/pdf"
        )
        message.send()
    except Exception as error:  # SMTP down or bad data: keep the row, try again later
        log.exception("Monthly report %s could not be sent", delivery_id)
        failed = delivery.attempts >= MAX_ATTEMPTS
        ReportDelivery.objects.filter(pk=delivery_id).update(
            last_error=str(error)[:300],
            status=DeliveryStatus.FAILED if failed else DeliveryStatus.PENDING,
        )
        return DeliveryStatus.FAILED if failed else DeliveryStatus.PENDING
    ReportDelivery.objects.filter(pk=delivery_id).update(
        status=DeliveryStatus.SENT, sent_at=now, last_error=""
    )
    record(
        subscription.organisation,
        None,
        "report.emailed",
        subscription,
        after={"month": delivery.month.isoformat(), "recipients": len(recipients)},
    )
    return DeliveryStatus.SENT


def _body(report, subscription) -> str:
    e, g = report.exposure, report.engagement
    lines = [
        f"{report.title}",
        "",
        *report.scope.describe(),
        "",
        f"Posts published: {e.posts}",
        f"Reach: {'unknown' if e.reach is None else f'{e.reach:,}'} "
        f"({e.posts_with_reach} of {e.posts} posts report reach)",
        f"Engagements: {g.engagements:,}",
        f"Engagement rate: {g.on_reach if g.on_reach else 'unknown (no post reports reach)'}",
        f"Inbound messages: {report.inbound_total:,}",
        f"Kudos: {report.kudos:,}",
        "",
        "The full report is attached as a PDF. Every rate states its base.",
        "",
        f'You receive this because you are on the list "{subscription.name}" of '
        f"{subscription.organisation.name}. To stop it, ask the communications team.",
        f"{settings.SITE_URL}/reports/",
    ]
    return "\n".join(lines)
