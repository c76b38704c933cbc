"""Refreshing the metrics of published posts from their networks.

Recent posts are read hourly for two days, then daily until they are 30 days old; after that
their counts stay as last read. The scheduler claims each due post with a conditional UPDATE
on ``metrics_updated_at`` (the time of the last try), so two workers never read the same post
twice, then a task reads it. A failure (the network has no metrics, is down, or refuses) keeps
the counts already stored and records why.

Google Business Profile locations are read once a day for their rating over time: the day's
LocationRating row is the claim (unique per location and day), a task fills it in.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from sociable.channels.adapters import adapter_of
from sociable.channels.models import Channel, ChannelStatus
from sociable.networks.base import NetworkError, Unsupported
from sociable.publishing.models import PostTarget, TargetStatus
from sociable.reports.models import LocationRating, MetricsRead

log = logging.getLogger(__name__)

HOURLY_FOR = timedelta(days=2)
HOURLY = timedelta(hours=1)
DAILY_UNTIL = timedelta(days=30)
DAILY = timedelta(days=1)
FIELDS = ("impressions", "reach", "reactions", "comments", "shares", "clicks")
_LARGEST = 2_147_483_647

# What each network calls its counts, mapped to the desk's six.
NETWORK_KEYS = {
    "impressions": "impressions",
    "views": "impressions",
    "reach": "reach",
    "likes": "reactions",
    "reactions": "reactions",
    "favourites": "reactions",
    "replies": "comments",
    "comments": "comments",
    "shares": "shares",
    "reposts": "shares",
    "reblogs": "shares",
    "retweets": "shares",
    "quotes": "shares",
    "clicks": "clicks",
}


def to_fields(counts: dict) -> dict[str, int]:
    """The desk's metrics from a network's counts; counts the network did not give are left out
    (so they stay unknown rather than becoming zero)."""
    fields: dict[str, int] = {}
    for key, value in (counts or {}).items():
        field = NETWORK_KEYS.get(str(key).lower())
        if field is None or isinstance(value, bool):
            continue
        try:
            number = int(value)
        except (TypeError, ValueError):
            continue
        fields[field] = min(_LARGEST, fields.get(field, 0) + max(0, number))
    return fields


def due(now=None):
    """Published posts whose metrics are due a read."""
    now = now or timezone.now()
    never = Q(metrics_updated_at__isnull=True)
    recent = Q(published_at__gte=now - HOURLY_FOR) & (
        never | Q(metrics_updated_at__lte=now - HOURLY)
    )
    older = Q(published_at__lt=now - HOURLY_FOR, published_at__gte=now - DAILY_UNTIL) & (
        never | Q(metrics_updated_at__lte=now - DAILY)
    )
    return (
        PostTarget.objects.filter(
            status=TargetStatus.PUBLISHED,
            published_at__isnull=False,
            channel__status=ChannelStatus.CONNECTED,
        )
        .exclude(network_post_id="")
        .filter(recent | older)
    )


def claim_due(now=None, limit: int = 100) -> list[int]:
    """Claim the posts due a read: one conditional UPDATE each, so only one worker wins."""
    now = now or timezone.now()
    claimed = []
    candidates = due(now).order_by(F("metrics_updated_at").asc(nulls_first=True), "id")
    for target_id, seen in candidates.values_list("id", "metrics_updated_at")[:limit]:
        if PostTarget.objects.filter(pk=target_id, metrics_updated_at=seen).update(
            metrics_updated_at=now
        ):
            claimed.append(target_id)
    return claimed


def refresh(target_id: int, now=None) -> bool:
    """Read one post's metrics from its network and store them. False if the read failed (the
    counts already stored are kept, and the reason recorded)."""
    now = now or timezone.now()
    target = PostTarget.objects.select_related("channel").filter(pk=target_id).first()
    if target is None or not target.network_post_id:
        return False
    try:
        counts = adapter_of(target.channel).metrics(target.network_post_id)
    except Unsupported as error:
        _record(target, now, error=f"Not reported: {error}")
        return False
    except NetworkError as error:
        log.warning("Metrics of post target %s could not be read: %s", target_id, error)
        _record(target, now, error=str(error))
        return False
    fields = to_fields(counts)
    if fields:
        PostTarget.objects.filter(pk=target_id).update(**fields)
    _record(target, now)
    return True


def _record(target, now, error: str = "") -> None:
    defaults = {"last_error": error[:300]}
    if not error:
        defaults["succeeded_at"] = now
    MetricsRead.objects.update_or_create(target=target, defaults=defaults)


RATED_NETWORKS = ("google_business",)


def claim_due_ratings(now=None, limit: int = 100) -> list[int]:
    """Claim today's rating reading of each connected location not yet read today: creating the
    day's row is the claim, so a location is read once a day however often this runs."""
    day = timezone.localdate(now or timezone.now())
    claimed = []
    locations = (
        Channel.objects.filter(network__in=RATED_NETWORKS, status=ChannelStatus.CONNECTED)
        .exclude(location_ratings__day=day)
        .order_by("id")
    )
    for channel_id in locations.values_list("id", flat=True)[:limit]:
        try:
            with transaction.atomic():
                reading = LocationRating.objects.create(channel_id=channel_id, day=day)
        except IntegrityError:  # another worker claimed it
            continue
        claimed.append(reading.pk)
    return claimed


def read_rating(reading_id: int, now=None) -> bool:
    """Fill in one claimed day's rating from the location's network. False if it could not be
    read: the rating stays unknown for that day (a gap), and the reason is kept."""
    now = now or timezone.now()
    reading = LocationRating.objects.select_related("channel").filter(pk=reading_id).first()
    if reading is None:
        return False
    channel = reading.channel
    try:
        counts = adapter_of(channel).metrics(str(channel.options.get("location") or ""))
    except NetworkError as error:  # Unsupported is a NetworkError too
        log.warning("The rating of account %s could not be read: %s", channel.pk, error)
        LocationRating.objects.filter(pk=reading_id).update(last_error=str(error)[:300])
        return False
    average = counts.get("average_rating_x100")
    reviews = counts.get("reviews")
    LocationRating.objects.filter(pk=reading_id).update(
        average_rating_x100=average if isinstance(average, int) and 0 <= average <= 500 else None,
        reviews=reviews if isinstance(reviews, int) and reviews >= 0 else None,
        read_at=now,
        last_error="",
    )
    return True
