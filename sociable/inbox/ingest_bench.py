"""`sociable bench ingest`: sustained ingest, triage and store into the configured database.

Worker processes (each with its own database connection) feed realistic messages, made from the
demo corpus with unique ids, through the real `ingest()` path (stored once, triaged, threaded
into conversations, and the on-arrival steps) into one channel of a dedicated, clearly named
bench organisation. The bench's messages, conversations and contacts are removed before and
after a run (the organisation itself stays: audit events, which are append-only, refer to it).

By default the bench organisation is staffed round the clock, so the figure does not depend on
the hour it is run at; `out_of_hours=True` closes it for the run and has every thread started by
a new person, so every conversation gets the out-of-hours auto-reply (the worst case).
"""

from __future__ import annotations

import multiprocessing
import time
import uuid
from datetime import UTC, datetime, timedelta

from django.db import connection, connections

BENCH_SLUG = "sociable-bench"
BENCH_NAME = "Sociable bench (synthetic data, safe to delete)"
BATCH = 200  # items per ingest() call (a network page is 20 to 100; a backlog more)
THREAD_LENGTH = 3  # every third message starts a conversation; the other two join it
PEOPLE = 2000  # distinct people writing (each thread is one person's)


ROUND_THE_CLOCK = {
    "weekly": {str(day): [["00:00", "24:00"]] for day in range(7)},
    "bank_holidays_closed": False,
}


def closed_now() -> dict:
    """Staffed hours under which the desk is closed for the next few days: one day a week,
    three days from today."""
    day = (datetime.now(UTC) + timedelta(days=3)).weekday()
    return {"weekly": {str(day): [["09:00", "17:00"]]}, "bank_holidays_closed": False}


def bench_channel(out_of_hours: bool = False):
    from sociable.accounts.models import Organisation, Team
    from sociable.channels.models import Channel, ChannelStatus

    organisation, _ = Organisation.objects.get_or_create(
        slug=BENCH_SLUG, defaults={"name": BENCH_NAME, "on_call_emails": ""}
    )
    organisation.staffed_hours = closed_now() if out_of_hours else ROUND_THE_CLOCK
    organisation.auto_reply_enabled = True
    organisation.save(update_fields=["staffed_hours", "auto_reply_enabled"])
    team, _ = Team.objects.get_or_create(
        organisation=organisation, name="Bench", defaults={"is_comms": True}
    )
    channel, _ = Channel.objects.get_or_create(
        organisation=organisation,
        network="demo",
        handle="@sociable-bench",
        defaults={
            "team": team,
            "display_name": "Bench account",
            "status": ChannelStatus.DISABLED,  # never polled by a worker
            "options": {"stream": "mastodon"},
        },
    )
    return channel


def clear(channel) -> None:
    from sociable.inbox.models import Alert, AutoReply, Contact, Conversation, Kudos, Message

    Conversation.objects.filter(channel=channel).delete()
    Contact.objects.filter(organisation=channel.organisation).delete()
    if connection.vendor == "postgresql":
        # Reclaim the deleted rows and refresh the planner's statistics, so that a run does not
        # depend on how many runs came before it (nor on autovacuum, which may be off).
        tables = ", ".join(
            connection.ops.quote_name(model._meta.db_table)
            for model in (Message, Conversation, Contact, AutoReply, Alert, Kudos)
        )
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {tables}")


def database_vendor() -> str:
    return connection.vendor  # "sqlite" or "postgresql"


def items_for(run: str, worker: int, start: int, count: int, *, new_people: bool = False):
    """Messages `start` to `start + count` of a worker: threads of THREAD_LENGTH messages, each
    by one person, one of PEOPLE (shared by the workers) or, with `new_people`, a new one."""
    from sociable.networks.base import Author, InboundItem
    from sociable.networks.demo import demo_messages

    corpus = demo_messages()
    now = datetime.now(UTC)
    items = []
    for seq in range(start, start + count):
        message = corpus[(seq * 7 + worker * 13) % len(corpus)]
        thread = seq // THREAD_LENGTH
        person = (thread * 7919 + worker * 104729) % PEOPLE  # one person writes a thread
        author = corpus[person % len(corpus)]["author"]
        handle = (
            f"{author['handle']}-{run}-{worker}-{thread}"
            if new_people
            else f"{author['handle']}-{person}"
        )
        items.append(
            InboundItem(
                network_id=f"bench-{run}-{worker}-{seq}",
                kind=message.get("kind", "mention"),
                text=message["text"],
                author=Author(
                    network_user_id=handle,
                    handle=handle,
                    name=author.get("name", ""),
                    followers=author.get("followers"),
                ),
                created_at=now,
                thread_key=f"bench:{run}:{worker}:{seq // THREAD_LENGTH}",
            )
        )
    return items


def warm_up(channel) -> None:
    """Load, once and before the workers fork, what a long-running worker has loaded anyway:
    the network adapters, the URL map, the triage models and the channel's staffed hours."""
    from django.urls import reverse

    from sociable.inbox import clocks
    from sociable.inbox.triaging import triage_message
    from sociable.networks import registry

    registry.available()
    reverse("conversation", args=[1])
    triage_message("Warming up: where is the maternity unit?", channel.organisation)
    clocks.schedule_for(channel.organisation)


def _work(
    worker: int,
    run: str,
    channel_id: int,
    start_at: float,
    seconds: float,
    batch: int,
    new_people: bool,
    results,
):
    import django

    django.setup()
    connections.close_all()  # a connection of this process's own
    from sociable.channels.models import Channel
    from sociable.inbox.ingest import ingest

    channel = Channel.objects.select_related("organisation", "team").get(pk=channel_id)
    stored = duplicates = seq = 0
    while time.time() < start_at:
        time.sleep(0.001)
    deadline = start_at + seconds
    while time.time() < deadline:
        result = ingest(channel, items_for(run, worker, seq, batch, new_people=new_people))
        stored += len(result.created)
        duplicates += result.duplicates
        seq += batch
    results.put((worker, stored, duplicates, time.time()))
    connections.close_all()


def run(
    seconds: float,
    workers: int,
    keep: bool = False,
    *,
    batch: int = BATCH,
    out_of_hours: bool = False,
) -> dict:
    channel = bench_channel(out_of_hours)
    clear(channel)
    warm_up(channel)
    run_id = uuid.uuid4().hex[:8]
    connections.close_all()  # never share a connection with the children
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    start_at = time.time() + 1.0  # every worker starts together, after setting up
    processes = [
        context.Process(
            target=_work,
            args=(n, run_id, channel.pk, start_at, seconds, batch, out_of_hours, results),
        )
        for n in range(workers)
    ]
    for process in processes:
        process.start()
    finished = [results.get() for _ in processes]
    for process in processes:
        process.join()
    if any(process.exitcode for process in processes):
        raise RuntimeError("A bench worker failed; see the messages above.")
    elapsed = max(end for *_, end in finished) - start_at
    messages = sum(stored for _, stored, _, _ in finished)
    from sociable.inbox.models import Message

    stored_once = Message.objects.filter(channel_id=channel.pk, direction="in").count()
    if stored_once != messages:
        raise RuntimeError(f"{messages} messages reported but {stored_once} stored.")
    auto_replies = Message.objects.filter(channel_id=channel.pk, automatic=True).count()
    if not keep:
        clear(channel)
    return {
        "seconds": seconds,
        "messages": messages,
        "messages_per_s": round(messages / elapsed, 1),
        "database": database_vendor(),
        "workers": workers,
        "batch": batch,
        "hours": "out of hours" if out_of_hours else "staffed",
        "auto_replies": auto_replies,
    }
