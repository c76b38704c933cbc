"""`sociable bench inbox --messages N [--search WORD]`: the officer's inbox at N messages.

The bench never touches the desk's own data. `prepare_database()` makes a database of its own (a
fresh SQLite file in a temporary directory, or a throwaway database on the PostgreSQL server of
`--database-url`), and the command runs the bench in a child process configured for that
database only, which removes it afterwards. The child (`run()`) refuses a database that already
holds an organisation.

In that database it migrates, then loads N messages in the shape of a real inbox with bulk SQL
(COPY on PostgreSQL, executemany on SQLite; the triggers and indexes of the migrations are in
place, so the search index is filled as at ingest): three messages per conversation (inbound,
reply, inbound; three inbound while nobody has answered), a few percent of conversations open
(mostly the recent ones), assignments among five officers, acknowledged alerts on crisis and
safeguarding conversations and a few unacknowledged, texts from the demo corpus with varied
details. Then it refreshes the planner's statistics as a worker does on start
(sociable.core.database) and times the inbox's requests through Django's test client, signed in
as an officer, interleaved round by round, after one untimed round.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import subprocess  # nosec B404 (the bench runs itself with a database of its own)
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

CHILD_ENV = "SOCIABLE_INBOX_BENCH_DATABASE"  # set only for the child, to the database it may use
DEFAULT_MESSAGES = 1_000_000
DEFAULT_SEARCH = "parking"
DEFAULT_ROUNDS = 30
PER_CONVERSATION = 3
OFFICERS = 5
CHANNELS = ("mastodon", "bluesky", "facebook")
SPAN = timedelta(days=730)  # the conversations of two years
DETAILS = [
    "",
    "",
    "",
    " Ward 7.",
    " Ward 12.",
    " Outpatients B.",
    " Cardiff site.",
    " Llandough.",
    " Friday clinic.",
    " Since Monday.",
    " (second time asking)",
    " Main entrance.",
    " Children's unit.",
    " Day surgery.",
    " Eye clinic.",
]
REPLIES = [
    "Thanks for getting in touch. Could you send us a direct message with more details?",
    "Sorry to hear this. Our patient advice team can help: call PALS on 01234 567890.",
    "Thank you so much for your kind words, we'll pass them on to the team.",
    "Diolch am gysylltu. We've passed this on to the ward manager.",
]
BATCH = 5000


class BenchRefused(Exception):
    pass


# The parent: a database of the bench's own, then the child.


def prepare_database(database_url: str | None) -> tuple[str, Callable[[], None]]:
    """A DATABASE_URL for a new, empty database, and how to remove it afterwards."""
    if not database_url:
        directory = tempfile.mkdtemp(prefix="sociable-bench-inbox-")
        path = Path(directory) / "bench.sqlite3"

        def remove():
            for name in os.listdir(directory):
                os.remove(Path(directory) / name)
            os.rmdir(directory)

        return f"sqlite:///{path}", remove
    import psycopg
    from psycopg import sql

    parts = urlsplit(database_url)
    if parts.scheme not in {"postgres", "postgresql"}:
        raise BenchRefused(
            "--database-url: give a PostgreSQL server (postgres://user@host:port/database)."
        )
    name = f"sociable_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(database_url, autocommit=True) as server:
        server.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))

    def remove():
        with psycopg.connect(database_url, autocommit=True) as server:
            server.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )

    return urlunsplit(parts._replace(path=f"/{name}")), remove


def run_isolated(messages: int, search: str, rounds: int, database_url: str | None) -> dict:
    """Run the bench in a child process on a database of its own; returns its result."""
    url, remove = prepare_database(database_url)
    try:
        env = {**os.environ, "DATABASE_URL": url, CHILD_ENV: url}
        done = subprocess.run(  # noqa: S603  # nosec B603 (this interpreter and module)
            [
                sys.executable,
                "-m",
                "sociable.cli",
                "bench",
                "inbox",
                "--messages",
                str(messages),
                "--search",
                search,
                "--rounds",
                str(rounds),
            ],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode:
            raise RuntimeError(f"The inbox bench failed:\n{done.stderr[-4000:]}")
        return json.loads(done.stdout.strip().splitlines()[-1])
    finally:
        remove()


# The child: load, then time.


def _setting_database_is(url: str) -> bool:
    import dj_database_url
    from django.conf import settings

    expected = dj_database_url.parse(url)
    actual = settings.DATABASES["default"]
    return (expected["ENGINE"], expected["NAME"]) == (actual["ENGINE"], str(actual["NAME"]))


def run(messages: int, search: str = DEFAULT_SEARCH, rounds: int = DEFAULT_ROUNDS) -> dict:
    from django.core.management import call_command

    from sociable.accounts.models import Organisation

    if not _setting_database_is(os.environ.get(CHILD_ENV, "")):
        raise BenchRefused("The inbox bench runs only on a database of its own.")
    call_command("migrate", interactive=False, verbosity=0)
    if Organisation.objects.exists():
        raise BenchRefused("The bench's database already holds an organisation.")
    started = time.monotonic()
    cast = load(messages)
    loaded = time.monotonic() - started
    from sociable.core import database

    database.optimise()
    timings = measure(cast, search, rounds)
    worst = max(t["p95_ms"] for t in timings.values())
    from django.db import connection

    return {
        "messages": messages,
        "database": connection.vendor,
        "conversations": cast["conversations"],
        "open": cast["open"],
        "search": search,
        "rounds": rounds,
        "load_s": round(loaded, 1),
        "requests": timings,
        "p95_ms": worst,
        "load": list(os.getloadavg()),
    }


def _copy(model, rows: list[tuple]) -> None:
    """Insert rows (values of the model's concrete fields, in order) with bulk SQL."""
    from django.db import connection

    meta = model._meta
    quote = connection.ops.quote_name
    columns = [field.column for field in meta.concrete_fields]
    names = ", ".join(quote(column) for column in columns)
    table = quote(meta.db_table)
    if connection.vendor == "postgresql":
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
        return
    # Moments as Django stores them on SQLite (UTC, no offset); every moment here is in UTC.
    rows = [
        tuple(
            v.isoformat(" ").removesuffix("+00:00") if isinstance(v, datetime) else v for v in row
        )
        for row in rows
    ]
    marks = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} ({names}) VALUES ({marks})",  # noqa: S608  # nosec B608 (quoted names, values are parameters)
            rows,
        )


def _fast_load() -> None:
    """SQLite: a big page cache while loading (the bench's throwaway file needs no durability
    until the load is done, but it is committed as usual)."""
    from django.db import connection

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size=-400000")  # 400 MB
            cursor.execute("PRAGMA synchronous=OFF")


def _reset_sequences(models) -> None:
    from django.core.management.color import no_style
    from django.db import connection

    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)


def load(messages: int) -> dict:
    """The bench organisation with `messages` messages (rounded down to whole conversations)."""
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from sociable.accounts.models import Membership, Organisation, Role, Team
    from sociable.channels.models import Channel, ChannelStatus
    from sociable.inbox.ingest_bench import ROUND_THE_CLOCK
    from sociable.inbox.models import (
        ROUTE_PRIORITY,
        URGENT_ROUTES,
        Alert,
        Contact,
        Conversation,
        ConversationStatus,
        Message,
    )
    from sociable.networks.demo import demo_messages

    rng = random.Random(20261203)  # noqa: S311  # nosec B311 (synthetic data, not secrets)
    corpus = demo_messages()
    organisation = Organisation.objects.create(
        slug="sociable-bench-inbox",
        name="Inbox bench (synthetic data)",
        staffed_hours=ROUND_THE_CLOCK,
        on_call_emails="",
    )
    team = Team.objects.create(organisation=organisation, name="Comms", is_comms=True)
    channels = [
        Channel.objects.create(
            organisation=organisation,
            team=team,
            network=network,
            handle=f"@bench-{network}",
            status=ChannelStatus.DISABLED,
        )
        for network in CHANNELS
    ]
    users = []
    for n in range(OFFICERS):
        user = get_user_model().objects.create_user(
            f"bench-officer-{n}", f"officer{n}@bench.invalid"
        )
        Membership.objects.create(user=user, organisation=organisation, role=Role.OFFICER)
        users.append(user)
    now = timezone.now()
    total = max(1, messages // PER_CONVERSATION)
    people = max(len(CHANNELS), total // 3)
    contacts = []
    for n in range(people):
        author = corpus[n % len(corpus)]["author"]
        contacts.append(
            (
                n + 1,
                organisation.pk,
                CHANNELS[n % len(CHANNELS)],
                f"person-{n}",
                f"{author['handle']}{n}",
                author.get("name", ""),
                author.get("followers"),
                now,
            )
        )
    step = SPAN / total
    statuses = (
        ConversationStatus.NEW,
        ConversationStatus.NEW,
        ConversationStatus.IN_PROGRESS,
        ConversationStatus.WAITING,
    )
    conversations, messages_rows, alerts = [], [], []
    message_id = 0
    open_count = 0
    recent = total - max(1, total // 20)  # the newest 5% of conversations
    _fast_load()
    with transaction.atomic():
        _copy(Contact, contacts)
        for n in range(total):
            original = corpus[(n * 7) % len(corpus)]
            route = original["route"]
            last = now - step * (total - n)
            is_open = rng.random() < (0.6 if n >= recent else 0.005)
            status = rng.choice(statuses) if is_open else ConversationStatus.CLOSED
            open_count += is_open
            answered = status != ConversationStatus.NEW
            assignee = (
                users[rng.randrange(OFFICERS)].pk
                if (answered and rng.random() < 0.8) or rng.random() < 0.1
                else None
            )
            channel_index = n % len(CHANNELS)
            person = rng.randrange(people // len(CHANNELS)) * len(CHANNELS) + channel_index
            first = last - timedelta(hours=2)
            due = None if answered else last + timedelta(minutes=rng.randrange(-240, 480))
            conversations.append(
                (
                    n + 1,
                    organisation.pk,
                    channels[channel_index].pk,
                    person + 1,
                    f"bench:{n}",
                    status,
                    route,
                    ROUTE_PRIORITY[route],
                    assignee,
                    None,
                    last,
                    first,
                    None if answered else first,
                    due,
                    first + timedelta(minutes=20) if answered else None,
                    None,
                    last if status == ConversationStatus.CLOSED else None,
                )
            )
            directions = ("in", "in", "in") if not answered else ("in", "out", "in")
            for k, direction in enumerate(directions):
                message_id += 1
                at = first + (last - first) * k / 2
                if direction == "in":
                    source = original if k == 0 else corpus[(n * 13 + k) % len(corpus)]
                    text = source["text"] + DETAILS[(n + k) % len(DETAILS)]
                    kind, msg_route = source.get("kind", "mention"), route
                else:
                    text, kind, msg_route = REPLIES[n % len(REPLIES)], "reply", ""
                messages_rows.append(
                    (
                        message_id,
                        n + 1,
                        channels[channel_index].pk,
                        direction,
                        f"bench-{n}-{k}",
                        kind,
                        text,
                        "",
                        at,
                        at,
                        assignee if direction == "out" else None,
                        "sent" if direction == "out" else "",
                        "",
                        None,
                        False,
                        False,
                        False,
                        False,
                        "",
                        msg_route,
                        "" if direction == "out" else "neutral",
                        original.get("language", "en"),
                        "{}",
                    )
                )
                if k == 0 and route in URGENT_ROUTES:
                    waiting = is_open and rng.random() < 0.2
                    alerts.append(
                        (
                            len(alerts) + 1,
                            organisation.pk,
                            n + 1,
                            message_id,
                            route,
                            at,
                            1,
                            at,
                            at,
                            "",
                            None if waiting else users[0].pk,
                            None if waiting else at,
                        )
                    )
            if len(messages_rows) >= BATCH:
                _copy(Conversation, conversations)
                _copy(Message, messages_rows)
                conversations, messages_rows = [], []
        _copy(Conversation, conversations)
        _copy(Message, messages_rows)
        _copy(Alert, alerts)
    _reset_sequences([Contact, Conversation, Message, Alert])
    if _vendor() == "postgresql":
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # as autovacuum would after a load
    return {
        "organisation": organisation,
        "officer": users[0],
        "conversations": total,
        "open": open_count,
    }


def _vendor() -> str:
    from django.db import connection

    return connection.vendor


def _deep_cursor(membership, params: dict, pages: int) -> tuple[str, int]:
    """The cursor of page `pages` of a list (or of its last page) and that page's number."""
    from sociable.inbox import listing

    found = listing.filtered(membership, params)
    leave_out = [c.pk for c in listing.urgent(found)]
    cursor, number = "", 1
    while number < pages:
        page = listing.page(found, after=cursor, leave_out=leave_out)
        if not page.next_cursor:
            break
        cursor, number = page.next_cursor, number + 1
    return cursor, number


def _percentiles(taken: list[float]) -> dict:
    taken = sorted(taken)
    return {
        "p50_ms": round(statistics.median(taken), 1),
        "p95_ms": round(taken[max(0, -(-len(taken) * 95 // 100) - 1)], 1),
    }


def measure(cast: dict, search: str, rounds: int) -> dict:
    """p50 and p95 of each request, whole (`p50_ms`, `p95_ms`: what the officer waits for), of
    the time spent in the database during it (`sql`) and of the processor time the desk's
    process used for it (`cpu`: what the request costs on an idle core, whatever else the
    machine is doing; on SQLite it includes the database's work)."""
    from django.db import connection
    from django.test import Client, override_settings

    from sociable.accounts.models import Membership
    from sociable.inbox.models import Conversation, ConversationStatus

    officer = cast["officer"]
    membership = Membership.objects.get(user=officer)
    client = Client()
    client.force_login(officer)
    deep_open, open_page = _deep_cursor(membership, {}, 50)
    deep_all, all_page = _deep_cursor(membership, {"status": "all"}, 50)
    conversations = list(
        Conversation.objects.exclude(status=ConversationStatus.CLOSED).values_list("pk", flat=True)[
            : rounds + 1
        ]
    ) or [1]
    requests = {
        "default": lambda r: ("/inbox/", {}),
        "route_crisis": lambda r: ("/inbox/", {"route": "crisis"}),
        "status_waiting": lambda r: ("/inbox/", {"status": "waiting"}),
        "status_closed": lambda r: ("/inbox/", {"status": "closed"}),
        "assignee_me": lambda r: ("/inbox/", {"assignee": "me"}),
        "search_open": lambda r: ("/inbox/", {"q": search}),
        "search_all": lambda r: ("/inbox/", {"q": search, "status": "all"}),
        "page_50": lambda r: ("/inbox/", {"after": deep_open} if deep_open else {}),
        "page_50_all": lambda r: ("/inbox/", {"status": "all", "after": deep_all}),
        "conversation": lambda r: (f"/inbox/{conversations[r % len(conversations)]}/", {}),
    }
    times: dict[str, list[float]] = {name: [] for name in requests}
    answers: dict[str, set[int]] = {name: set() for name in requests}
    from django.conf import settings

    # The test client's host; static files by name (a desk serves them from its collected
    # manifest, which a bench has no need to build).
    plain_static = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    in_database: dict[str, list[float]] = {name: [] for name in requests}
    on_processor: dict[str, list[float]] = {name: [] for name in requests}
    spent = [0.0]

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent[0] += time.perf_counter() - started

    with (
        override_settings(ALLOWED_HOSTS=["testserver"], STORAGES=plain_static),
        connection.execute_wrapper(timed),
    ):
        for round_ in range(rounds + 1):  # the first round warms up, untimed
            for name, request in requests.items():
                path, params = request(round_)
                spent[0] = 0.0
                started, processor = time.perf_counter(), time.process_time()
                response = client.get(path, params)
                took = (time.perf_counter() - started) * 1000
                used = (time.process_time() - processor) * 1000
                answers[name].add(response.status_code)
                if round_:
                    times[name].append(took)
                    in_database[name].append(spent[0] * 1000)
                    on_processor[name].append(used)
    result = {}
    for name, taken in times.items():
        result[name] = {
            **_percentiles(taken),
            "status": sorted(answers[name]),
            "sql": _percentiles(in_database[name]),
            "cpu": _percentiles(on_processor[name]),
        }
    result["page_50"]["page"] = open_page
    result["page_50_all"]["page"] = all_page
    return result
