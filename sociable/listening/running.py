"""Running saved searches: claim due sources, ask the network, store each mention once, triaged.

A source (one search on one account or feed) is claimed with a conditional UPDATE on its
next_run_at, so two workers never run the same one. Its cursor moves only after what it found
is stored: a crash re-asks, never loses. A crisis or safeguarding mention is raised in the inbox
(where the on-call list is alerted and someone can reply); one found in a feed, which cannot be
replied to, is alerted from listening.
"""

from __future__ import annotations

import dataclasses
import logging
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from sociable.channels.adapters import adapter_of
from sociable.channels.models import ChannelStatus
from sociable.inbox import untrusted
from sociable.inbox.ingest import OUTAGE, ingest_one, set_aside
from sociable.inbox.models import URGENT_ROUTES, Message
from sociable.inbox.triaging import triage_message
from sociable.listening import alerting, matching, searches
from sociable.listening.models import Mention, SearchSource
from sociable.networks.base import InboundItem, NetworkError
from sociable.networks.registry import adapter_for

log = logging.getLogger(__name__)
MAX_BACKOFF = timedelta(hours=1)
ESCALATED_KIND = "listening"  # an inbox message raised from a mention (never auto-replied to)


def claim_due_sources(now=None, limit: int = 50) -> list[int]:
    now = now or timezone.now()
    candidates = (
        SearchSource.objects.filter(search__active=True, next_run_at__lte=now)
        .filter(Q(channel__isnull=True) | Q(channel__status=ChannelStatus.CONNECTED))
        .values_list("id", "next_run_at", "search__run_interval_seconds")[:limit]
    )
    claimed = []
    for source_id, due_at, interval in candidates:
        updated = SearchSource.objects.filter(id=source_id, next_run_at=due_at).update(
            next_run_at=now + timedelta(seconds=max(30, interval))
        )
        if updated:
            claimed.append(source_id)
    return claimed


def run_source(source: SearchSource, now=None) -> list[Mention]:
    """Run one search on one source; returns the new mentions."""
    now = now or timezone.now()
    search = source.search
    keywords, hashtags, exclusions = searches.terms_of(search)
    items: list[InboundItem] = []
    cursor = dict(source.cursor or {})
    error: NetworkError | None = None
    try:
        if source.channel_id:
            adapter = adapter_of(source.channel)
            for query in matching.network_queries(keywords, hashtags):
                batch = adapter.search(query, cursor.get(query, {}))
                items.extend(batch.items)
                cursor[query] = batch.cursor
        else:
            batch = adapter_for("rss", {}, {"feed_url": source.feed_url}).fetch_inbound(cursor)
            items.extend(batch.items)
            cursor = batch.cursor
    except NetworkError as failure:
        error = failure  # keep what earlier queries found; their cursors move, the rest stay
    matcher = matching.Matcher(keywords, hashtags, exclusions)
    created = store(source, [i for i in _cleaned(source, items) if matcher.matches(i.text)])
    update = {"cursor": cursor, "last_run_at": now, "last_error": ""}
    if error is not None:
        update["last_error"] = str(error)[:500]
        if error.retry_after:
            update["next_run_at"] = now + min(timedelta(seconds=error.retry_after), MAX_BACKOFF)
        log.warning("Listening %s: %s", source, error)
    SearchSource.objects.filter(pk=source.pk).update(**update)
    if created:
        alerting.check(search, now)
    return created


def _cleaned(source: SearchSource, items: list[InboundItem]) -> list[InboundItem]:
    """The items normalised for storage (text whole, for triage); one that cannot be is set
    aside, never blocking the others or the cursor."""
    cleaned = []
    for item in items:
        try:
            cleaned.append(untrusted.clean_item(item))
        except Exception as error:  # noqa: BLE001 (anything a network sends)
            _set_aside(source, item, error)
    return cleaned


def _set_aside(source: SearchSource, item, error: BaseException) -> None:
    reason = (
        str(error)
        if isinstance(error, untrusted.Unfit)
        else (f"It could not be stored: {untrusted.clean_line(str(error), 300)}")
    )
    set_aside(
        item,
        reason,
        organisation_id=source.search.organisation_id,
        channel=source.channel if source.channel_id else None,
        network=source.channel.network if source.channel_id else "rss",
        source=f"Saved search {source.search}: {source.channel or source.feed_url}",
    )


def store(source: SearchSource, items: list[InboundItem]) -> list[Mention]:
    """Store the items not yet stored for this search, triaged; escalate urgent ones."""
    search = source.search
    organisation = search.organisation
    network = source.channel.network if source.channel_id else "rss"
    unique = {item.network_id: item for item in items}
    known = set(
        Mention.objects.filter(
            search=search, network=network, network_id__in=list(unique)
        ).values_list("network_id", flat=True)
    )
    created = []
    for network_id, item in unique.items():
        if network_id in known:
            continue
        verdict = triage_message(item.text, organisation)
        language = verdict.get("language", "")
        if search.language and language and language != search.language:
            continue
        mention = Mention(
            organisation=organisation,
            search=search,
            channel=source.channel,
            network=network,
            network_id=network_id[:300],
            source=str(source.channel)
            if source.channel_id
            else str((item.extra or {}).get("source") or source.feed_url)[:300],
            kind=item.kind,
            text=untrusted.for_storage(item.text),
            url=item.url[:500],
            author_id=item.author.network_user_id[:200],
            author_handle=item.author.handle[:200],
            author_name=item.author.name[:200],
            author_followers=item.author.followers,
            impressions=_impressions(item.metrics),
            metrics=dict(item.metrics or {}),
            posted_at=item.created_at,
            route=verdict.get("route", "query"),
            sentiment=verdict.get("sentiment", ""),
            language=language,
            verdict=verdict,
        )
        try:
            with transaction.atomic():
                mention.save()
        except IntegrityError:
            continue  # another source of the same search stored it first
        except OUTAGE:
            raise
        except Exception as error:  # noqa: BLE001 (one mention the database refuses)
            _set_aside(source, item, error)
            continue
        created.append(mention)
        if mention.route in URGENT_ROUTES:
            _escalate(mention, item, source)
    return created


def _impressions(metrics: dict) -> int | None:
    for key in ("impressions", "impression", "views", "view"):
        value = (metrics or {}).get(key)
        if isinstance(value, int) and value >= 0:
            return value
    return None


def _escalate(mention: Mention, item: InboundItem, source: SearchSource) -> None:
    """Put an urgent mention in front of people at once. Never loses the mention if it fails."""
    try:
        existing = Message.objects.filter(
            channel__organisation=mention.organisation,
            channel__network=mention.network,
            network_id=mention.network_id,
        ).first()
        if existing is not None:
            message = existing  # already in the inbox (e.g. it was addressed to an account)
        elif source.channel_id:
            message = ingest_one(source.channel, dataclasses.replace(item, kind=ESCALATED_KIND))
        else:
            alerting.raise_urgent(mention)
            return
        if message is not None:
            Mention.objects.filter(pk=mention.pk).update(escalated=message)
            mention.escalated = message
    except Exception:
        log.exception("Could not escalate urgent mention %s", mention.pk)
