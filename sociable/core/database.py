"""Keeping the query planner informed, so that it reads each inbox list from its index.

SQLite keeps no statistics until it is told to (`ANALYZE`); without them it may choose a worse
index for a filtered list. A worker refreshes them when it starts and once a day after that
(a whole `ANALYZE`: a few seconds at a million messages; a sampled one, `PRAGMA analysis_limit`,
misjudges how few rows the partial indexes of open conversations hold), and `PRAGMA optimize`
lets SQLite add what it learnt from the queries it has seen. PostgreSQL's
autovacuum analyses tables itself; the daily `ANALYZE` of the inbox's tables covers a server
where it is off.
"""

from __future__ import annotations

import time

from django.db import connection

EVERY_SECONDS = 24 * 3600
INBOX_TABLES = ("inbox_conversation", "inbox_message", "inbox_alert", "inbox_contact")

_next_due = 0.0  # per process: a worker optimises when it starts, then daily


def optimise() -> None:
    """Refresh the planner's statistics now."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("ANALYZE")
            cursor.execute("PRAGMA optimize")
        elif connection.vendor == "postgresql":
            tables = ", ".join(connection.ops.quote_name(table) for table in INBOX_TABLES)
            cursor.execute(f"ANALYZE {tables}")


def optimise_when_due(now: float | None = None) -> bool:
    """The scheduler's step: optimise on this process's first tick, then once a day."""
    global _next_due
    now = time.monotonic() if now is None else now
    if now < _next_due:
        return False
    optimise()
    _next_due = now + EVERY_SECONDS
    return True
