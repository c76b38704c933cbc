"""The inbox list at any size: filters to a queryset, pages by cursor, counts and search.

Every list is read in the order of an index (inbox/models.py `Conversation.Meta.indexes`), so a
page costs the same at a thousand conversations as at a million:

- the queue (most urgent route first, then soonest due, then most recent) for open, per-status,
  per-route and per-assignee lists; a search is listed most recent first;
- pages by keyset: a page asks for the rows after (or before) the last row it showed, never for
  an OFFSET, and one row more than it shows tells whether there is a next page (no COUNT);
- the cursor is signed and short (a tampered or foreign cursor is the first page);
- the urgent banner is two indexed queries (open crisis and safeguarding conversations;
  conversations with an unacknowledged alert), merged;
- search goes through a full-text index of every message: SQLite FTS5 (`inbox_message_fts`, a
  contentless table whose row ids carry the conversation's id, kept in step by triggers on every
  insert, edit and deletion, erasure included), PostgreSQL `tsvector` GIN indexes in the English
  and the simple (language-neutral, Welsh-friendly) configurations. Words match by prefix
  ("park" finds "parking"). People match by any part of their handle or name, as before,
  through a trigram index (FTS5's trigram tokenizer, `inbox_contact_fts`; pg_trgm GIN indexes
  on PostgreSQL).

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
    "queue": (("priority", False), ("first_response_due_at", False),
              ("last_message_at", True), ("id", True)),
    "recent": (("last_message_at", True), ("id", True)),
}
NULLABLE = {"first_response_due_at"}
_SALT = "sociable.inbox.listing.cursor"


@dataclass
class Listing:
    """The filtered conversations of a member (unordered), what was chosen, and their order."""

    conversations: QuerySet
    chosen: dict
    order: str = "queue"
    # A search: the conversations before it was applied, and the SQL of what it found.
    unsearched: QuerySet | None = None
    search: RawSQL | None = None


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


def _matching_conversations(organisation_id: int, text: str) -> RawSQL:
    """SQL for the ids of the conversations found by a search: those with a message holding
    every word of it (by prefix), and those of people whose handle or name holds it. Each part
    is read from an index: words from the full-text index of messages, people from a trigram
    index (FTS5's trigram tokenizer on SQLite, pg_trgm on PostgreSQL) for searches of three
    characters or more."""
    words = search_words(text)
    parts: list[str] = []
    params: list = []
    if connection.vendor == "postgresql":
        if words:
            query = " & ".join(f"{word}:*" for word in words)
            parts.append("SELECT conversation_id FROM inbox_message WHERE "
                         "to_tsvector('english', text) @@ to_tsquery('english', %s) OR "
                         "to_tsvector('simple', text) @@ to_tsquery('simple', %s)")
            params += [query, query]
        parts.append(
            "SELECT id FROM inbox_conversation WHERE contact_id IN (SELECT id FROM inbox_contact "
            "WHERE organisation_id = %s AND (UPPER(handle::text) LIKE UPPER(%s) "
            "OR UPPER(name::text) LIKE UPPER(%s)))")
        params += [organisation_id, _like(text), _like(text)]
    else:
        if words:
            parts.append("SELECT rowid >> 32 FROM inbox_message_fts "  # the conversation's id
                         "WHERE inbox_message_fts MATCH %s")
            params.append(" ".join(f'"{word}"*' for word in words))
        if len(text) >= 3:  # the trigram index finds any part of three characters or more
            parts.append("SELECT id FROM inbox_conversation WHERE contact_id IN "
                         "(SELECT rowid FROM inbox_contact_fts WHERE inbox_contact_fts MATCH %s)")
            params.append('"' + text.replace('"', '""') + '"')
        else:
            parts.append(
                "SELECT id FROM inbox_conversation WHERE contact_id IN (SELECT id FROM "
                "inbox_contact WHERE organisation_id = %s AND (handle LIKE %s ESCAPE '\\' "
                "OR name LIKE %s ESCAPE '\\'))")
            params += [organisation_id, _like(text), _like(text)]
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
    search = _matching_conversations(membership.organisation_id, q)
    return Listing(conversations.filter(pk__in=search), chosen, "recent", conversations, search)


def with_row_details(conversations: QuerySet) -> QuerySet:
    """What a row of the list shows: the latest inbound text and whether an alert is open."""
    latest = Message.objects.filter(conversation=OuterRef("pk"), direction=Direction.INBOUND)
    return conversations.select_related("contact", "channel", "assignee").annotate(
        latest_text=Subquery(latest.order_by("-sent_at").values("text")[:1]),
        open_alert=Exists(Alert.objects.filter(conversation=OuterRef("pk"),
                                               acknowledged_at__isnull=True)),
    )


def _urgent_queries(listing: Listing, limit: int = URGENT_LIMIT) -> tuple[QuerySet, QuerySet]:
    ordering = ("priority", "-last_message_at", "-id")
    open_urgent = listing.conversations.filter(route__in=URGENT_ROUTES).exclude(
        status=ConversationStatus.CLOSED).order_by(*ordering).values_list("pk", flat=True)[:limit]
    unacknowledged = Alert.objects.filter(acknowledged_at__isnull=True).values("conversation_id")
    alerted = listing.conversations.filter(pk__in=unacknowledged).order_by(
        *ordering).values_list("pk", flat=True)[:limit]
    return open_urgent, alerted


def urgent(listing: Listing, limit: int = URGENT_LIMIT) -> list:
    """Conversations to pin above the list: open crisis and safeguarding ones, and any with an
    unacknowledged alert, the most urgent and most recent first. Two indexed queries."""
    open_urgent, alerted = _urgent_queries(listing, limit)
    found = with_row_details(Conversation.objects.all()).in_bulk({*open_urgent, *alerted})
    rows = sorted(found.values(),
                  key=lambda c: (c.priority, -c.last_message_at.timestamp(), -c.pk))
    return rows[:limit]


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


def page(listing: Listing, *, after: str = "", before: str = "", size: int = PAGE_SIZE,
         leave_out=()) -> Page:
    """One page of the listing: the first, the one after cursor `after` or the one before
    cursor `before`. `leave_out`: primary keys shown elsewhere (the urgent banner)."""
    order = listing.order
    rows = listing.conversations.exclude(pk__in=list(leave_out)) if leave_out else \
        listing.conversations
    backwards = False
    position = decode_cursor(after, order)
    if position is None:
        position = decode_cursor(before, order)
        backwards = position is not None
    if position is not None:
        rows = rows.filter(_beyond(order, position, backwards))
    keys = [name for name, _ in ORDERS[order]]
    found = list(rows.order_by(*ordering(order, backwards)).values_list(*keys)[:size + 1])
    # The rows were found among the member's conversations: their details by primary key only.
    details = with_row_details(Conversation.objects.all()).in_bulk([row[-1] for row in found])
    shown = [details[row[-1]] for row in found if row[-1] in details]
    return _as_page(shown, size, order, position is not None, backwards)


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
    """Open conversations per route and per status: one grouped query over the open index."""
    grouped = visible_conversations(membership).exclude(
        status=ConversationStatus.CLOSED).values("route", "status").annotate(n=Count("id"))
    by_route: dict[str, int] = {}
    by_status: dict[str, int] = {}
    for row in grouped.order_by():
        by_route[row["route"]] = by_route.get(row["route"], 0) + row["n"]
        by_status[row["status"]] = by_status.get(row["status"], 0) + row["n"]
    return {"routes": by_route, "statuses": by_status, "open": sum(by_route.values())}


FOUND = "inbox_found"  # the name a search's result has in screen()'s one query


def screen(listing: Listing, *, after: str = "", before: str = "",
           size: int = PAGE_SIZE) -> tuple[list, Page]:
    """The urgent banner and one page of the listing, as the inbox shows them. A search is
    run once for both, in one query (a common word can find a good part of the inbox)."""
    if listing.search is None:
        pinned = urgent(listing)
        return pinned, page(listing, after=after, before=before, size=size,
                            leave_out=[c.pk for c in pinned])
    named = RawSQL(f"SELECT id FROM {FOUND}", ())  # noqa: S608, S611  # nosec B608 B611 (fixed)
    found = listing.unsearched.filter(pk__in=named)
    once = Listing(found, listing.chosen, listing.order)
    queries = [("u", q) for q in _urgent_queries(once)]
    order = listing.order
    backwards = False
    position = decode_cursor(after, order)
    if position is None:
        position = decode_cursor(before, order)
        backwards = position is not None
    rows = found.filter(_beyond(order, position, backwards)) if position is not None else found
    # Urgent rows are left out of the page afterwards: room for every one of them.
    queries.append(("p", rows.order_by(*ordering(order, backwards)).values_list(
        "pk", flat=True)[:size + 1 + 2 * URGENT_LIMIT]))
    parts, params = [], list(listing.search.params)
    for kind, queryset in queries:
        sql, part_params = queryset.query.sql_with_params()
        parts.append(f"SELECT '{kind}', * FROM ({sql}) AS {kind}_rows")  # noqa: S608  # nosec B608
        params += part_params
    materialised = "MATERIALIZED " if connection.vendor == "postgresql" else ""
    with connection.cursor() as cursor:
        cursor.execute(f"WITH {FOUND}(id) AS {materialised}({listing.search.sql}) "  # noqa: S608  # nosec B608 (fixed SQL, values are parameters)
                       + " UNION ALL ".join(parts), params)
        found_rows = cursor.fetchall()
    details = with_row_details(Conversation.objects.all()).in_bulk(
        {pk for _, pk in found_rows})
    pinned = sorted((details[pk] for kind, pk in found_rows if kind == "u" and pk in details),
                    key=lambda c: (c.priority, -c.last_message_at.timestamp(), -c.pk))
    pinned = list({c.pk: c for c in pinned}.values())[:URGENT_LIMIT]
    left_out = {c.pk for c in pinned}
    listed = [details[pk] for kind, pk in found_rows
              if kind == "p" and pk in details and pk not in left_out]
    listed.sort(key=lambda c: _key_of(c, order), reverse=backwards)
    listed = listed[:size + 1]
    return pinned, _as_page(listed, size, order, position is not None, backwards)


def _key_of(convo, order: str) -> tuple:
    """A sort key giving `order` ascending (recent: newest first)."""
    return tuple(-getattr(convo, name).timestamp() if name.endswith("_at") else -convo.pk
                 for name, _ in ORDERS[order])
