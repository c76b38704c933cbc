"""Retention: each organisation's rules, applied once a day.

The scheduler claims each organisation's run for the day with a conditional UPDATE (two workers
never both run it); the run deletes what is older than the rules allow and records the counts
in the audit log. The audit log is append-only everywhere else: `_expire_audit_events` is the
one path that removes audit rows, and only rows older than the organisation's audit rule.
"""

import calendar
import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from sociable.accounts.models import Organisation
from sociable.audit.log import record
from sociable.audit.models import AuditEvent
from sociable.inbox.models import Contact, Conversation, Direction, Message, QuarantinedItem
from sociable.privacy.models import RetentionPolicy

log = logging.getLogger(__name__)


def policy_for(organisation) -> RetentionPolicy:
    policy, _ = RetentionPolicy.objects.get_or_create(organisation=organisation)
    return policy


def months_before(moment: datetime, months: int) -> datetime:
    year, month0 = divmod(moment.year * 12 + moment.month - 1 - months, 12)
    day = min(moment.day, calendar.monthrange(year, month0 + 1)[1])
    return moment.replace(year=year, month=month0 + 1, day=day)


def claim_due(today=None) -> list[int]:
    """Claim today's run for every organisation not yet run today; returns their ids."""
    today = today or timezone.localdate()
    RetentionPolicy.objects.bulk_create(
        [
            RetentionPolicy(organisation=o)
            for o in Organisation.objects.filter(retention_policy__isnull=True)
        ],
        ignore_conflicts=True,
    )
    claimed = []
    due = RetentionPolicy.objects.filter(Q(last_run_on__isnull=True) | Q(last_run_on__lt=today))
    for pk, organisation_id, seen in due.values_list("pk", "organisation_id", "last_run_on"):
        if RetentionPolicy.objects.filter(pk=pk, last_run_on=seen).update(last_run_on=today):
            claimed.append(organisation_id)
    return claimed


def apply(organisation, now: datetime | None = None) -> dict[str, int]:
    """Delete what this organisation's rules say is too old; returns what was deleted."""
    from sociable.listening.models import Mention

    now = now or timezone.now()
    policy = policy_for(organisation)
    inbound_cut = months_before(now, policy.inbound_months)
    outbound_cut = months_before(now, policy.outbound_months)
    messages = Message.objects.filter(conversation__organisation=organisation)
    with transaction.atomic():
        counts = {
            "inbound_messages": _deleted(
                messages.filter(direction=Direction.INBOUND, sent_at__lt=inbound_cut), Message
            ),
            "outbound_messages": _deleted(
                messages.filter(direction=Direction.OUTBOUND, sent_at__lt=outbound_cut), Message
            ),
            # A conversation whose every message has gone goes too (with its notes), then a
            # contact with no conversation left.
            "conversations": _deleted(
                Conversation.objects.filter(
                    organisation=organisation,
                    messages__isnull=True,
                    last_message_at__lt=min(inbound_cut, outbound_cut),
                ),
                Conversation,
            ),
            "contacts": _deleted(
                Contact.objects.filter(
                    organisation=organisation,
                    conversations__isnull=True,
                    created_at__lt=min(inbound_cut, outbound_cut),
                ),
                Contact,
            ),
            # What a network sent that could not be stored is kept no longer than messages.
            "set_aside_items": _deleted(
                QuarantinedItem.objects.filter(
                    organisation=organisation, received_at__lt=inbound_cut
                ),
                QuarantinedItem,
            ),
            "mentions": _deleted(
                Mention.objects.filter(
                    organisation=organisation,
                    posted_at__lt=months_before(now, policy.mentions_months),
                ),
                Mention,
            ),
            "audit_events": _expire_audit_events(
                organisation, months_before(now, 12 * policy.audit_years)
            ),
        }
        record(
            organisation,
            None,
            "privacy.retention_applied",
            policy,
            label="Retention rules applied",
            after={**counts, "rules": policy.as_dict()},
        )
    return counts


def expire_task_results(now: datetime | None = None) -> int:
    """Delete finished background-task results older than TASK_RESULT_RETENTION_DAYS."""
    from django_tasks_db.models import DBTaskResult

    cut = (now or timezone.now()) - timedelta(days=settings.TASK_RESULT_RETENTION_DAYS)
    finished = DBTaskResult.objects.finished().filter(finished_at__lt=cut)
    return finished.delete()[0]


def run(organisation_id: int) -> dict[str, int]:
    """One claimed daily run (the task the scheduler enqueues)."""
    organisation = Organisation.objects.get(pk=organisation_id)
    counts = apply(organisation)
    counts["task_results"] = expire_task_results()
    from sociable.security import throttle

    counts["throttle_attempts"] = throttle.forget_old()
    log.info("retention applied for organisation %s: %s", organisation_id, counts)
    return counts


def _deleted(queryset, model) -> int:
    return queryset.delete()[1].get(model._meta.label, 0)


def _expire_audit_events(organisation, cut: datetime) -> int:
    # AuditEvent's queryset refuses delete() so that nothing else can remove audit rows; the
    # retention rule is the one exception, applied here with a plain DELETE of old rows only,
    # and itself recorded (privacy.retention_applied) with the count it removed.
    old = AuditEvent.objects.filter(organisation=organisation, at__lt=cut)
    return old._raw_delete(old.db)
