"""The inbox list at any size: filters to a queryset, pages by cursor, counts and search.

Every list is read in the order of an index (inbox/models.py `Conversation.Meta.indexes`), so a
page costs the same at a thousand conversations as at a million:

- the queue (most urgent route first, then soonest due, then most recent) for open, per-status,
  per-route and per-assignee lists; a search is listed newest conversation first (`order=
  relevance`: the best matches among its RELEVANCE_POOL newest first);
- pages by keyset: a page asks for the rows after (or before) the last row it showed, never for
  an OFFSET, and one row more than it shows tells whether there is a next page (no COUNT);
- the cursor is signed and short (a tampered or foreign cursor is the first page);
- the urgent banner is two indexed queries (open crisis and safeguarding conversations, in the
  banner's order from a partial index; conversations with an unacknowledged alert), merged;
- the counts of open conversations are one pass over the open conversations' index;
- search goes through a full-text index of every message: SQLite FTS5 (`inbox_message_fts`, a
  contentless table whose row ids carry the conversation's id, kept in step by triggers on every
  insert, edit and deletion, erasure included), PostgreSQL `tsvector` GIN indexes in the English
  and the simple (language-neutral, Welsh-friendly) configurations. Words match by prefix
  ("park" finds "parking"). People match by any part of their handle or name, as before,
  through a trigram index (FTS5's trigram tokenizer, `inbox_contact_fts`; pg_trgm GIN indexes
  on PostgreSQL). A search reads window after window of conversation ids, newest first, and
  stops when it has a page: a common word costs one window, not every message that holds it.

Where NULL due times sort is the database's own (last on PostgreSQL, first on SQLite), as it was
before; the keyset comparison follows the database so that the index still gives the order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.core import signing
from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.expressions import RawSQL
from django.utils import timezone

from sociable.accounts.access import visible_conversations
from sociable.core import bounds
from sociable.inbox import clocks
from sociable.inbox.models import (
    ROUTES,
    URGENT_ROUTES,
    Alert,
    Conversation,
    ConversationStatus,
    Direction,
    Message,
)

SENTIMENTS = [("negative", "Negative"), ("neutral", "Neutral"), ("positive", "Positive")]
PAGE_SIZE = 50
URGENT_LIMIT = 50
CURSOR_LIMIT = 300  # characters: anything longer is not one of ours
SEARCH_WORDS = 8  # words of a search used (the rest narrow nothing a person would notice)

# (field, descending) from the first key to the last; the primary key ends each so a position
# is one row. They match the indexes of Conversation.Meta.
ORDERS = {
    "queue": (
        ("priority", False),
        ("first_response_due_at", False),
        ("last_message_at", True),
        ("id", True),
    ),
    "recent": (("id", True),),  # a search: the newest conversation first
}
RELEVANCE = "relevance"  # a search, best matches first (cursors carry a place in the ranking)
SEARCH_WINDOW = 4096  # conversation ids a search looks through first; each next window 8 times
RELEVANCE_POOL = 150  # the newest matches a relevance order ranks (three pages)
URGENT_CANDIDATES = 1000
NULLABLE = {"first_response_due_at"}
_SALT = "sociable.inbox.listing.cursor"


@dataclass
class Listing:
    """The filtered conversations of a member (unordered), what was chosen, and their order."""

    conversations: QuerySet
    chosen: dict
    order: str = "queue"
    # A search: the conversations before it was applied, its text and whose it is.
    unsearched: QuerySet | None = None
    text: str = ""
    organisation_id: int | None = None


@dataclass
class Page:
    object_list: list = field(default_factory=list)
    next_cursor: str = ""
    previous_cursor: str = ""

    @property
    def has_next(self) -> bool:
        return bool(self.next_cursor)

    @property
    def has_previous(self) -> bool:
        return bool(self.previous_cursor)

    @property
    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous


def search_words(text: str) -> list[str]:
    """The words of a search, lower-cased; only letters, digits and underscores, so they are
    safe inside either database's full-text query syntax."""
    return [word.lower() for word in re.findall(r"\w+", text)][:SEARCH_WORDS]


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _ts_query(text: str) -> str:
    return " & ".join(f"{word}:*" for word in search_words(text))


def _fts_query(text: str) -> str:
    return " ".join(f'"{word}"*' for word in search_words(text))


def _matching_conversations(
    organisation_id: int,
    text: str,
    lo: int = 0,
    hi: int = 2**31 - 1,
    among: list[int] | None = None,
) -> RawSQL:
    """SQL for the ids, from `lo` up to (not including) `hi`, of the conversations found by a
    search: those with a message holding every word of it (by prefix), and those of people
    whose handle or name holds it. Each part is read from an index: words from the full-text
    index of messages, people from a trigram index (FTS5's trigram tokenizer on SQLite,
    pg_trgm on PostgreSQL) for searches of three characters or more. The range keeps a search
    to the part of the index it needs (on SQLite the full-text index's row ids start with the
    conversation's id; on PostgreSQL the range and the words are two indexes ANDed). `among`:
    only these conversations (on PostgreSQL read as they are, not as the range they span)."""
    words = search_words(text)
    parts: list[str] = []
    params: list = []
    if connection.vendor == "postgresql":
        if among is None:
            messages = "conversation_id >= %s AND conversation_id < %s"
            conversations, where_params = "id >= %s AND id < %s", [lo, hi]
        else:
            messages, conversations, where_params = (
                "conversation_id = ANY(%s)",
                "id = ANY(%s)",
                [among],
            )
        if words:
            parts.append(
                f"SELECT conversation_id FROM inbox_message WHERE {messages} AND ("  # noqa: S608  # nosec B608 (fixed SQL, values are parameters)
                "to_tsvector('english', text) @@ to_tsquery('english', %s) OR "
                "to_tsvector('simple', text) @@ to_tsquery('simple', %s))"
            )
            params += [*where_params, _ts_query(text), _ts_query(text)]
        parts.append(
            f"SELECT id FROM inbox_conversation WHERE {conversations} AND contact_id IN "  # noqa: S608  # nosec B608 (fixed SQL, values are parameters)
            "(SELECT id FROM inbox_contact WHERE organisation_id = %s AND "
            "(UPPER(handle::text) LIKE UPPER(%s) OR UPPER(name::text) LIKE UPPER(%s)))"
        )
        params += [*where_params, organisation_id, _like(text), _like(text)]
    else:
        if words:
            parts.append(
                "SELECT rowid >> 32 FROM inbox_message_fts "  # the conversation's id
                "WHERE inbox_message_fts MATCH %s AND rowid >= %s AND rowid < %s"
            )
            params += [_fts_query(text), lo << 32, hi << 32]
        if len(text) >= 3:  # the trigram index finds any part of three characters or more
            parts.append(
                "SELECT id FROM inbox_conversation WHERE id >= %s AND id < %s AND "
                "contact_id IN (SELECT rowid FROM inbox_contact_fts "
                "WHERE inbox_contact_fts MATCH %s)"
            )
            params += [lo, hi, '"' + text.replace('"', '""') + '"']
        else:
            parts.append(
                "SELECT id FROM inbox_conversation WHERE id >= %s AND id < %s AND contact_id IN "
                "(SELECT id FROM inbox_contact WHERE organisation_id = %s AND "
                "(handle LIKE %s ESCAPE '\\' OR name LIKE %s ESCAPE '\\'))"
            )
            params += [lo, hi, organisation_id, _like(text), _like(text)]
    return RawSQL(" UNION ".join(parts), params)  # noqa: S611  # nosec B611 (fixed SQL, values are parameters)


def filtered(membership, params) -> Listing:
    """The member's conversations filtered by the inbox's query string. Unknown values are
    ignored, not errors; a date outside 2000-2100 is a 400 (bounds.query_day)."""
    g = params
    chosen: dict = {}
    conversations = visible_conversations(membership)
    account = bounds.id_or_none(g.get("account"))
    if account is not None:
        conversations = conversations.filter(channel_id=account)
        chosen["account"] = g["account"]
    network = bounds.query_text(g, "network", 30)
    if network:
        conversations = conversations.filter(channel__network=network)
        chosen["network"] = network
    if g.get("route") in dict(ROUTES):
        conversations = conversations.filter(route=g["route"])
        chosen["route"] = g["route"]
    if g.get("sentiment") in dict(SENTIMENTS):
        latest = Message.objects.filter(conversation=OuterRef("pk"), direction=Direction.INBOUND)
        conversations = conversations.annotate(
            _sentiment=Subquery(latest.order_by("-sent_at").values("sentiment")[:1])
        ).filter(_sentiment=g["sentiment"])
        chosen["sentiment"] = g["sentiment"]
    status = g.get("status", "open")
    if status == "open":
        conversations = conversations.exclude(status=ConversationStatus.CLOSED)
    elif status in ConversationStatus.values:
        conversations = conversations.filter(status=status)
    chosen["status"] = status
    assignee = g.get("assignee", "")
    if assignee == "me":
        conversations = conversations.filter(assignee=membership.user)
    elif assignee == "none":
        conversations = conversations.filter(assignee__isnull=True)
    elif bounds.id_or_none(assignee) is not None:
        conversations = conversations.filter(assignee_id=bounds.id_or_none(assignee))
    chosen["assignee"] = assignee
    team = bounds.id_or_none(g.get("team"))
    if team is not None:
        conversations = conversations.filter(team_id=team)
        chosen["team"] = g["team"]
    now = timezone.now()
    if g.get("sla") == "breached":
        conversations = conversations.filter(first_response_due_at__lte=now)
    elif g.get("sla") == "due":
        conversations = conversations.filter(
            first_response_due_at__gt=now, first_response_due_at__lte=now + clocks.DUE_SOON
        )
    chosen["sla"] = g.get("sla", "")
    for key, lookup in (("since", "last_message_at__gte"), ("until", "last_message_at__lt")):
        day = bounds.query_day(g, key, ignore_unreadable=True)
        if day is None:
            continue
        moment = timezone.make_aware(datetime.combine(day, time()))
        if key == "until":
            moment += timedelta(days=1)
        conversations = conversations.filter(**{lookup: moment})
        chosen[key] = g[key]
    q = bounds.query_text(g, "q")
    if not q:
        return Listing(conversations, chosen)
    chosen["q"] = q
    order = "recent"
    if g.get("order") == RELEVANCE:
        order = chosen["order"] = RELEVANCE
    search = _matching_conversations(membership.organisation_id, q)
    return Listing(
        conversations.filter(pk__in=search),
        chosen,
        order,
        conversations,
        q,
        membership.organisation_id,
    )


# The columns a row of the list shows (inbox/rows.py) and its place in the list's orders: read
# only these (a row has no use for the rest, and each column read costs a conversion).
ROW_FIELDS = (
    "id",
    "route",
    "status",
    "priority",
    "first_response_due_at",
    "last_message_at",
    "contact__name",
    "contact__handle",
    "channel__display_name",
    "channel__handle",
    "assignee__first_name",
    "assignee__last_name",
    "assignee__username",
)


def with_row_details(conversations: QuerySet) -> QuerySet:
    """What a row of the list shows: the latest inbound text and whether an alert is open."""
    latest = Message.objects.filter(conversation=OuterRef("pk"), direction=Direction.INBOUND)
    rows = conversations.select_related("contact", "channel", "assignee").only(*ROW_FIELDS)
    return rows.annotate(
        latest_text=Subquery(latest.order_by("-sent_at").values("text")[:1]),
        open_alert=Exists(
            Alert.objects.filter(conversation=OuterRef("pk"), acknowledged_at__isnull=True)
        ),
    )


def _urgent_queries(
    listing: Listing, limit: int = URGENT_LIMIT, fields: tuple = ("pk",)
) -> tuple[QuerySet, QuerySet]:
    ordering = ("priority", "-last_message_at", "-id")
    flat = len(fields) == 1
    open_urgent = (
        listing.conversations.filter(route__in=sorted(URGENT_ROUTES))
        .exclude(status=ConversationStatus.CLOSED)
        .order_by(*ordering)
        .values_list(*fields, flat=flat)[:limit]
    )
    unacknowledged = Alert.objects.filter(acknowledged_at__isnull=True).values("conversation_id")
    alerted = (
        listing.conversations.filter(pk__in=unacknowledged)
        .order_by(*ordering)
        .values_list(*fields, flat=flat)[:limit]
    )
    return open_urgent, alerted


def _urgent_ids(listing: Listing, limit: int = URGENT_LIMIT) -> list[int]:
    """The urgent banner's conversations in its order (the most urgent and most recent first):
    two indexed queries, each reading its rows' place in that order with them, merged."""
    places = {
        pk: (priority, -last_message_at.timestamp(), -pk)
        for query in _urgent_queries(listing, limit, ("pk", "priority", "last_message_at"))
        for pk, priority, last_message_at in query
    }
    return sorted(places, key=places.__getitem__)[:limit]


def _details(ids: list[int]) -> dict:
    """What the rows of these conversations show, by primary key (they were found among the
    member's conversations already): one query."""
    return with_row_details(Conversation.objects.all()).in_bulk(ids) if ids else {}


def urgent(listing: Listing, limit: int = URGENT_LIMIT) -> list:
    """Conversations to pin above the list: open crisis and safeguarding ones, and any with an
    unacknowledged alert, the most urgent and most recent first. Two indexed queries."""
    ids = _urgent_ids(listing, limit)
    details = _details(ids)
    return [details[pk] for pk in ids if pk in details]


def encode_cursor(values: list, order: str) -> str:
    plain = [v.isoformat() if isinstance(v, datetime) else v for v in values]
    return signing.dumps({"o": order, "k": plain}, salt=_SALT, compress=True)


def decode_cursor(cursor: str, order: str) -> list | None:
    """The key a cursor points at, or None for anything that is not a cursor of this order."""
    if not cursor or len(cursor) > CURSOR_LIMIT:
        return None
    try:
        data = signing.loads(cursor, salt=_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("o") != order:
        return None
    values = data.get("k")
    keys = ORDERS[order]
    if not isinstance(values, list) or len(values) != len(keys):
        return None
    try:
        return [_value(name, value) for (name, _), value in zip(keys, values, strict=True)]
    except (TypeError, ValueError):
        return None


def _value(name: str, value):
    if value is None and name in NULLABLE:
        return None
    if name.endswith("_at"):
        moment = datetime.fromisoformat(value)
        if moment.tzinfo is None:
            raise ValueError("A cursor's moment has a time zone.")
        return moment
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError("A cursor's number is a whole number.")
    return value


_NEVER = Q(pk__in=[])


def _strictly(name: str, value, greater: bool) -> Q:
    """Rows strictly after `value` on one key, in the database's own place for NULL."""
    nulls_large = connection.vendor == "postgresql"
    if value is None:
        return Q(**{f"{name}__isnull": False}) if greater != nulls_large else _NEVER
    beyond = Q(**{f"{name}__gt" if greater else f"{name}__lt": value})
    if name in NULLABLE and greater == nulls_large:
        beyond |= Q(**{f"{name}__isnull": True})
    return beyond


def _beyond(order: str, values: list, backwards: bool) -> Q:
    """Rows after the position `values` in `order` (before it, `backwards`): the keyset
    condition, led by a plain range on the first key so that the index scan starts there."""
    keys = ORDERS[order]
    condition = None
    for (name, descending), value in reversed(list(zip(keys, values, strict=True))):
        greater = descending == backwards
        step = _strictly(name, value, greater)
        if condition is not None:
            same = Q(**{f"{name}__isnull": True}) if value is None else Q(**{name: value})
            step |= same & condition
        condition = step
    (first, descending), start = keys[0], values[0]
    return Q(**{f"{first}__gte" if descending == backwards else f"{first}__lte": start}) & condition


def ordering(order: str, backwards: bool = False) -> list[str]:
    return [("-" if descending != backwards else "") + name for name, descending in ORDERS[order]]


@dataclass
class _Keys:
    """A page's rows as read from the list's index (their keys in its order, one more than the
    page shows), before their details."""

    found: list
    order: str
    from_cursor: bool
    backwards: bool

    @property
    def ids(self) -> list[int]:
        return [row[-1] for row in self.found]

    def page(self, details: dict, size: int) -> Page:
        shown = [details[pk] for pk in self.ids if pk in details]
        return _as_page(shown, size, self.order, self.from_cursor, self.backwards)


def _page_keys(listing: Listing, after: str, before: str, size: int, leave_out) -> _Keys:
    order = listing.order
    rows = (
        listing.conversations.exclude(pk__in=list(leave_out))
        if leave_out
        else listing.conversations
    )
    backwards = False
    position = decode_cursor(after, order)
    if position is None:
        position = decode_cursor(before, order)
        backwards = position is not None
    if position is not None:
        rows = rows.filter(_beyond(order, position, backwards))
    keys = [name for name, _ in ORDERS[order]]
    found = list(rows.order_by(*ordering(order, backwards)).values_list(*keys)[: size + 1])
    return _Keys(found, order, position is not None, backwards)


def page(
    listing: Listing, *, after: str = "", before: str = "", size: int = PAGE_SIZE, leave_out=()
) -> Page:
    """One page of the listing: the first, the one after cursor `after` or the one before
    cursor `before`. `leave_out`: primary keys shown elsewhere (the urgent banner)."""
    keys = _page_keys(listing, after, before, size, leave_out)
    return keys.page(_details(keys.ids), size)


def _as_page(rows: list, size: int, order: str, from_cursor: bool, backwards: bool) -> Page:
    """A page of `rows` (up to size + 1 of them, in the order read: reversed when reading
    backwards), with the cursors of the pages either side."""
    more = len(rows) > size
    rows = rows[:size]
    if backwards:
        rows.reverse()
    result = Page(rows)
    if rows:
        first, last = _position(rows[0], order), _position(rows[-1], order)
        if backwards:
            result.previous_cursor = encode_cursor(first, order) if more else ""
            result.next_cursor = encode_cursor(last, order)
        else:
            result.next_cursor = encode_cursor(last, order) if more else ""
            result.previous_cursor = encode_cursor(first, order) if from_cursor else ""
    return result


def _position(convo, order: str) -> list:
    return [convo.pk if name == "id" else getattr(convo, name) for name, _ in ORDERS[order]]


def counts(membership) -> dict:
    """Open conversations per route and per status: one pass over the open conversations'
    partial index by route (in the index's order, so grouped without a sort), each route's
    statuses counted on the way."""
    statuses = [s for s in ConversationStatus.values if s != ConversationStatus.CLOSED]
    grouped = (
        visible_conversations(membership)
        .exclude(status=ConversationStatus.CLOSED)
        .values("route")
        .annotate(**{f"n_{status}": Count("id", filter=Q(status=status)) for status in statuses})
    )
    by_route: dict[str, int] = {}
    by_status: dict[str, int] = {}
    for row in grouped.order_by():
        for status in statuses:
            if row[f"n_{status}"]:
                by_route[row["route"]] = by_route.get(row["route"], 0) + row[f"n_{status}"]
                by_status[status] = by_status.get(status, 0) + row[f"n_{status}"]
    return {"routes": by_route, "statuses": by_status, "open": sum(by_route.values())}


def screen(
    listing: Listing, *, after: str = "", before: str = "", size: int = PAGE_SIZE
) -> tuple[list, Page]:
    """The urgent banner and one page of the listing, as the inbox shows them."""
    if not listing.text:
        pinned_ids = _urgent_ids(listing)
        keys = _page_keys(listing, after, before, size, pinned_ids)
        details = _details([*pinned_ids, *keys.ids])  # the banner's and the page's: one query
        return [details[pk] for pk in pinned_ids if pk in details], keys.page(details, size)
    pinned_ids = _urgent_matches(listing)
    if listing.order == RELEVANCE:
        return _ranked_screen(listing, pinned_ids, after, before, size)
    order = "recent"
    backwards = False
    position = decode_cursor(after, order)
    if position is None:
        position = decode_cursor(before, order)
        backwards = position is not None
    found = _newest_matches(
        listing, size + 1, position[0] if position else None, backwards, leave_out=pinned_ids
    )
    details = with_row_details(Conversation.objects.all()).in_bulk([*pinned_ids, *found])
    pinned = [details[pk] for pk in pinned_ids if pk in details]
    listed = [details[pk] for pk in found if pk in details]
    return pinned, _as_page(listed, size, order, position is not None, backwards)


class _bitmap_scans:
    """On PostgreSQL, a search reads its words' GIN indexes as bitmaps ANDed with the range of
    conversations it looks through (its planner, underrating the cost of working out a text's
    words, would otherwise read every message in the range in order and work out each one's)."""

    def __enter__(self):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET enable_indexscan = off")

    def __exit__(self, *exc):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("RESET enable_indexscan")


def _ids(found: QuerySet) -> list[int]:
    with _bitmap_scans():
        return list(found.values_list("id", flat=True))


def _window(listing: Listing, lo: int, hi: int, among: list[int] | None = None) -> QuerySet:
    """The listing's conversations found by its search among ids lo to hi (not included)."""
    return listing.unsearched.filter(
        pk__gte=lo,
        pk__lt=hi,
        pk__in=_matching_conversations(listing.organisation_id, listing.text, lo, hi, among),
    )


def _newest_matches(
    listing: Listing, count: int, position: int | None = None, backwards: bool = False, leave_out=()
) -> list[int]:
    """Up to `count` ids of conversations the search finds, the newest first, after the
    conversation `position` (before it, oldest first, `backwards`). The search looks through
    the newest SEARCH_WINDOW conversations first, then windows eight times wider each time,
    and stops as soon as it has enough: a common word reads one window, a rare one a few."""
    newest = Conversation.objects.order_by("-id").values_list("id", flat=True).first()
    if newest is None:
        return []
    first, last = 0, newest + 1
    found: list[int] = []
    width = SEARCH_WINDOW
    if backwards:
        lo = position + 1
        while lo < last and len(found) < count:
            hi = min(last, lo + width)
            found += _ids(
                _window(listing, lo, hi)
                .exclude(pk__in=list(leave_out))
                .order_by("id")[: count - len(found)]
            )
            lo, width = hi, width * 8
    else:
        hi = last if position is None else position
        while hi > first and len(found) < count:
            lo = max(first, hi - width)
            found += _ids(
                _window(listing, lo, hi)
                .exclude(pk__in=list(leave_out))
                .order_by("-id")[: count - len(found)]
            )
            hi, width = lo, width * 8
    return found


def _urgent_matches(listing: Listing) -> list[int]:
    """The urgent banner of a search: the open crisis and safeguarding conversations and those
    with an unacknowledged alert (each read from its index), those the search finds."""
    candidates = [
        pk
        for query in _urgent_queries(Listing(listing.unsearched, listing.chosen), URGENT_CANDIDATES)
        for pk in query
    ]
    if not candidates:
        return []
    found = _window(listing, min(candidates), max(candidates) + 1, candidates).filter(
        pk__in=candidates
    )
    return _ids(found.order_by("priority", "-last_message_at", "-id")[:URGENT_LIMIT])


def _scores(listing: Listing, ids: list[int]) -> dict[int, float]:
    """How well each conversation's best message matches the search, lower is better: SQLite's
    bm25, PostgreSQL's ts_rank (negated) in both configurations. People found by name score 0."""
    if not ids or not search_words(listing.text):
        return {}
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT conversation_id, -MAX(ts_rank(to_tsvector('english', text), "
                "to_tsquery('english', %s)) + ts_rank(to_tsvector('simple', text), "
                "to_tsquery('simple', %s))) FROM inbox_message WHERE conversation_id = ANY(%s) "
                "GROUP BY conversation_id",
                [_ts_query(listing.text), _ts_query(listing.text), ids],
            )
        else:
            cursor.execute(
                "SELECT conversation, MIN(score) FROM (SELECT rowid >> 32 AS conversation, "
                "rank AS score FROM inbox_message_fts WHERE inbox_message_fts MATCH %s "
                "AND rowid >= %s AND rowid < %s) GROUP BY conversation",
                [_fts_query(listing.text), min(ids) << 32, (max(ids) + 1) << 32],
            )
        return {pk: score for pk, score in cursor.fetchall()}


def _ranked_screen(
    listing: Listing, pinned_ids: list[int], after: str, before: str, size: int
) -> tuple[list, Page]:
    """A search in order of relevance: the RELEVANCE_POOL newest conversations it finds, the
    best matches first (then the newest). A cursor is a place in that ranking."""
    pool = _newest_matches(listing, RELEVANCE_POOL, leave_out=pinned_ids)
    scores = _scores(listing, pool)
    ranked = sorted(pool, key=lambda pk: (scores.get(pk, 0.0), -pk))
    start = _place(after)
    if start is None:
        start = _place(before)
        start = 0 if start is None else max(0, start - size)
    shown = ranked[start : start + size]
    details = with_row_details(Conversation.objects.all()).in_bulk([*pinned_ids, *shown])
    result = Page([details[pk] for pk in shown if pk in details])
    if start + size < len(ranked):
        result.next_cursor = encode_cursor([start + size], RELEVANCE)
    if start:
        result.previous_cursor = encode_cursor([start], RELEVANCE)
    return [details[pk] for pk in pinned_ids if pk in details], result


def _place(cursor: str) -> int | None:
    if not cursor or len(cursor) > CURSOR_LIMIT:
        return None
    try:
        data = signing.loads(cursor, salt=_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("o") != RELEVANCE:
        return None
    values = data.get("k")
    if (
        not isinstance(values, list)
        or len(values) != 1
        or isinstance(values[0], bool)
        or not isinstance(values[0], int)
        or not 0 <= values[0] <= RELEVANCE_POOL
    ):
        return None
    return values[0]
