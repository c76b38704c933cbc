"""Saved searches: which accounts can search, and keeping each search's sources in step."""

from __future__ import annotations

from django.db import transaction

from sociable.audit.log import record
from sociable.channels.models import Channel, ChannelStatus
from sociable.listening import matching, signals
from sociable.listening.models import SavedSearch, SearchKind, SearchSource
from sociable.networks.base import NetworkError
from sociable.networks.registry import adapter_class


def can_search(network: str) -> bool:
    try:
        return "search" in adapter_class(network).supports
    except NetworkError:
        return False


def searchable_channels(organisation):
    """The organisation's accounts whose network offers search (RSS feeds are added by address)."""
    ids = [c.pk for c in _accounts(organisation) if _searches(c)]
    return Channel.objects.filter(pk__in=ids)


def unsearched_networks(organisation) -> list[str]:
    """The networks of the organisation's accounts that listening does not cover (they offer
    apps no public search), by name, for the page to say so."""
    return sorted(
        {
            c.rules.label
            for c in _accounts(organisation)
            if not _searches(c) and c.rules.name != "rss"
        }
    )  # feeds: added by address


def _accounts(organisation):
    return Channel.objects.filter(organisation=organisation).exclude(status=ChannelStatus.DISABLED)


def _searches(channel) -> bool:
    try:
        return "search" in channel.rules.supports
    except NetworkError:
        return False


def terms_of(search: SavedSearch) -> tuple[list[str], list[str], list[str]]:
    keywords = matching.lines(search.keywords)
    if search.kind == SearchKind.SYMPTOMS and not keywords and not search.hashtags.strip():
        keywords = list(signals.SYMPTOM_TERMS)
    return keywords, matching.lines(search.hashtags), matching.lines(search.exclusions)


def save(search: SavedSearch, channels, user) -> SavedSearch:
    """Save a search and its sources: one per chosen account and per feed address."""
    creating = search.pk is None
    with transaction.atomic():
        if creating:
            search.created_by = user
        search.save()
        search.channels.set(channels)
        sync_sources(search)
    record(
        search.organisation,
        user,
        "listening.search_created" if creating else "listening.search_changed",
        search,
        after={
            "name": search.name,
            "kind": search.kind,
            "active": search.active,
            "channels": [c.pk for c in channels],
            "feeds": matching.lines(search.feed_urls),
        },
    )
    return search


def sync_sources(search: SavedSearch) -> None:
    """Add sources for new accounts and feeds, remove the ones no longer chosen (their cursors
    go with them; mentions already found stay)."""
    wanted_channels = set(search.channels.values_list("id", flat=True))
    wanted_feeds = set(matching.lines(search.feed_urls))
    for source in list(search.sources.all()):
        keep = (
            source.channel_id in wanted_channels
            if source.channel_id
            else source.feed_url in wanted_feeds
        )
        if not keep:
            source.delete()
        elif source.channel_id:
            wanted_channels.discard(source.channel_id)
        else:
            wanted_feeds.discard(source.feed_url)
    for channel_id in wanted_channels:
        SearchSource.objects.get_or_create(search=search, channel_id=channel_id, feed_url="")
    for url in wanted_feeds:
        SearchSource.objects.get_or_create(search=search, channel=None, feed_url=url)


def delete(search: SavedSearch, user) -> None:
    record(
        search.organisation, user, "listening.search_deleted", search, before={"name": search.name}
    )
    search.delete()
