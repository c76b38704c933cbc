"""Keeping connected accounts' tokens alive, and telling admins when a person must act.

- A token that expires and can be refreshed gets a `refresh_due_at` a little before its expiry
  (a fifth of its life ahead, between 5 minutes and a day: 24 minutes for X's two-hour tokens, a
  day for LinkedIn's 60-day ones). The scheduler claims due rows with a conditional UPDATE that
  also pushes `refresh_due_at` forward, so only one worker refreshes a token (X rotates refresh
  tokens: a second refresh with the same one would be refused), and a lost task is tried again.
- A refresh the network refuses marks the account *needs reconnecting*; a transient failure is
  tried again later. A refresh response without a refresh token keeps the stored one.
- Admins are e-mailed once when an account needs reconnecting (whatever found it: refresh,
  polling or publishing), and once seven days before a token that cannot be refreshed expires.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from sociable.channels.models import Channel, ChannelStatus
from sociable.core import crypto
from sociable.networks.base import NetworkError

log = logging.getLogger(__name__)

RETRY_AFTER = timedelta(minutes=10)  # a claimed refresh not finished by then is tried again
REMIND_BEFORE = timedelta(days=7)
MIN_AHEAD, MAX_AHEAD = timedelta(minutes=5), timedelta(days=1)


def _refreshable(channel: Channel) -> bool:
    try:
        return bool(channel.credentials.get("refresh_token"))
    except crypto.CredentialsUnreadable:
        return False


def set_expiry(channel: Channel, token_set, now=None) -> None:
    """Set the channel's expiry fields from a new token set (on the instance; caller saves)."""
    now = now or timezone.now()
    expires_at = getattr(token_set, "expires_at", None)
    channel.token_expires_at = expires_at
    refresh_expires_at = getattr(token_set, "refresh_expires_at", None)
    if refresh_expires_at is not None or not _refreshable(channel):
        channel.refresh_expires_at = refresh_expires_at
    channel.refresh_due_at = None
    if expires_at is not None and _refreshable(channel):
        ahead = min(max((expires_at - now) / 5, MIN_AHEAD), MAX_AHEAD)
        channel.refresh_due_at = expires_at - ahead


def claim_due_refreshes(now=None, limit: int = 50) -> list[int]:
    """Claim channels whose token is due a refresh. One conditional UPDATE per row."""
    now = now or timezone.now()
    claimed = []
    candidates = Channel.objects.filter(
        status=ChannelStatus.CONNECTED, refresh_due_at__lte=now
    ).values_list("id", "refresh_due_at")[:limit]
    for channel_id, due_at in candidates:
        if Channel.objects.filter(
            id=channel_id, refresh_due_at=due_at, status=ChannelStatus.CONNECTED
        ).update(refresh_due_at=now + RETRY_AFTER):
            claimed.append(channel_id)
    return claimed


def refresh(channel_id: int, now=None) -> str:
    """Refresh one claimed channel's token. Returns "refreshed", "refused", "later" or ""."""
    from sociable.audit.log import record
    from sociable.channels.connect import ConnectError, flow_for, merge_credentials

    now = now or timezone.now()
    channel = (
        Channel.objects.select_related("organisation")
        .filter(pk=channel_id, status=ChannelStatus.CONNECTED)
        .first()
    )
    if channel is None:
        return ""
    try:
        stored = channel.credentials
        refresh_token = stored.get("refresh_token", "")
        if not refresh_token:
            raise NetworkError("There is no refresh token.", reconnect=True)
        flow = flow_for(channel.organisation, channel.network, options=channel.options)
        fresh = flow.refresh(refresh_token)
    except (NetworkError, ConnectError, crypto.CredentialsUnreadable) as error:
        if isinstance(error, NetworkError) and not error.reconnect and not error.permanent:
            log.warning("%s: refreshing its token failed for now (%s)", channel, error)
            return "later"
        detail = f"{channel.network_label} refused to renew the connection: {error}"
        Channel.objects.filter(pk=channel.pk, status=ChannelStatus.CONNECTED).update(
            status=ChannelStatus.NEEDS_RECONNECT, status_detail=detail[:500], refresh_due_at=None
        )
        record(
            channel.organisation,
            None,
            "account.refresh_refused",
            channel,
            after={"error": str(error)[:300]},
        )
        log.warning("%s needs reconnecting: its token refresh was refused (%s)", channel, error)
        return "refused"
    key = "bearer_token" if channel.network == "x" else "access_token"
    channel.credentials = merge_credentials(
        stored, {key: fresh.access_token, "refresh_token": fresh.refresh_token}
    )
    set_expiry(channel, fresh, now)
    Channel.objects.filter(pk=channel.pk).update(
        credentials_encrypted=channel.credentials_encrypted,
        token_expires_at=channel.token_expires_at,
        refresh_expires_at=channel.refresh_expires_at,
        refresh_due_at=channel.refresh_due_at,
        last_success_at=now,
    )
    record(
        channel.organisation,
        None,
        "account.token_refreshed",
        channel,
        after={
            "expires_at": channel.token_expires_at.isoformat() if channel.token_expires_at else None
        },
    )
    return "refreshed"


SUCCESS_EVERY = timedelta(minutes=1)


def record_success(channel_id: int, now=None) -> None:
    """A call to the network with this account worked (polling, publishing). Recorded at most
    once a minute: a burst of posts on one account does not write its row for every post."""
    now = now or timezone.now()
    Channel.objects.filter(
        Q(last_success_at__isnull=True) | Q(last_success_at__lt=now - SUCCESS_EVERY), pk=channel_id
    ).update(last_success_at=now)


# Telling admins -----------------------------------------------------------------------------


def _admin_emails(organisation) -> list[str]:
    from sociable.accounts.access import active_admins

    return sorted(
        {
            m.user.email
            for m in active_admins(organisation).filter(user__is_active=True).select_related("user")
            if m.user.email
        }
    )


def _tell_admins(channel: Channel, subject: str, body: str) -> bool:
    recipients = _admin_emails(channel.organisation)
    if not recipients:
        return False
    link = settings.SITE_URL + reverse("accounts")
    try:
        send_mail(
            f"[Sociable] {subject}", f"{body}\n\nSettings → Accounts: {link}\n", None, recipients
        )
    except Exception:
        log.exception("Could not e-mail the admins about %s", channel)
        return False
    return True


def expire_unrefreshable(now=None) -> int:
    """A token that cannot be refreshed and has expired: the account needs reconnecting."""
    now = now or timezone.now()
    return Channel.objects.filter(
        status=ChannelStatus.CONNECTED, refresh_due_at__isnull=True, token_expires_at__lte=now
    ).update(
        status=ChannelStatus.NEEDS_RECONNECT,
        status_detail="The connection has expired: the network asks for it to be renewed.",
    )


def notify_needs_reconnect(now=None) -> int:
    """E-mail the admins once about each account that needs reconnecting."""
    now = now or timezone.now()
    told = 0
    waiting = Channel.objects.filter(
        status=ChannelStatus.NEEDS_RECONNECT, reconnect_notified_at__isnull=True
    ).select_related("organisation")
    for channel in waiting:
        if not Channel.objects.filter(
            pk=channel.pk, reconnect_notified_at__isnull=True, status=ChannelStatus.NEEDS_RECONNECT
        ).update(reconnect_notified_at=now):
            continue
        body = (
            f"The account {channel} needs reconnecting: {channel.network_label} no longer "
            "accepts its connection. Posts to it are held, not lost, until an admin "
            "reconnects it from Settings → Accounts; reconnecting puts them back on the "
            "schedule."
        )
        if channel.status_detail:
            body += f"\n\nWhat the network said: {channel.status_detail}"
        if _tell_admins(channel, f"{channel} needs reconnecting", body):
            told += 1
    return told


def remind_expiring(now=None) -> int:
    """E-mail the admins once, seven days before a connection that cannot be renewed expires."""
    now = now or timezone.now()
    horizon = now + REMIND_BEFORE
    expiring = Channel.objects.filter(
        Q(refresh_due_at__isnull=True, token_expires_at__lte=horizon)
        | Q(refresh_expires_at__lte=horizon),
        status=ChannelStatus.CONNECTED,
        expiry_reminded_at__isnull=True,
    ).select_related("organisation")
    told = 0
    for channel in expiring:
        if not Channel.objects.filter(pk=channel.pk, expiry_reminded_at__isnull=True).update(
            expiry_reminded_at=now
        ):
            continue
        ends = channel.hard_expiry
        when = timezone.localtime(ends).strftime("%A %-d %B %Y at %H:%M") if ends else "soon"
        body = (
            f"The connection to {channel} ends on {when}, and {channel.network_label} does "
            "not let Sociable renew it by itself. Before then, an admin should press "
            "Reconnect on Settings → Accounts and sign in again; it takes a minute. "
            "If it lapses, posts to it are held until it is reconnected."
        )
        if _tell_admins(channel, f"Reconnect {channel} within 7 days", body):
            told += 1
    return told
