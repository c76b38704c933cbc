"""The adapter for a connected account: the one place that builds it from the channel."""

from django.db import transaction

from sociable.core.crypto import CredentialsUnreadable
from sociable.networks.base import NetworkError
from sociable.networks.registry import adapter_class, adapter_for


def adapter_of(channel):
    try:
        credentials = channel.credentials
    except CredentialsUnreadable as error:
        raise NetworkError(str(error), reconnect=True) from error
    options = dict(channel.options or {})
    kind = adapter_class(channel.network)
    if kind.daily_quota_units and channel.pk:
        options["spend"] = _quota_ledger(channel.pk, kind.quota_day)
    return adapter_for(channel.network, credentials, options)


def _quota_ledger(channel_pk: int, day_of):
    """Count a network's quota units on the channel (options["quota"]: the day and the units
    used), one row lock per call so that several workers add up rather than overwrite."""
    from sociable.channels.models import Channel

    def spend(units: int) -> None:
        with transaction.atomic():
            row = Channel.objects.select_for_update().filter(pk=channel_pk).first()
            if row is None:
                return
            day = day_of()
            quota = dict((row.options or {}).get("quota") or {})
            used = int(quota.get("used") or 0) if quota.get("day") == day else 0
            options = {**(row.options or {}), "quota": {"day": day, "used": used + units}}
            Channel.objects.filter(pk=channel_pk).update(options=options)

    return spend
