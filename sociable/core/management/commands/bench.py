"""`sociable bench ingest --seconds S [--workers N] [--batch B] [--out-of-hours]`,
`sociable bench alerts`, `sociable bench inbox --messages N [--search WORD]` and
`sociable bench publish --posts N --crashes K [--workers W] [--latency S]`
(sociable/publishing/bench.py).

(`sociable bench triage` runs without Django: sociable/cli.py sends it to the triage library.)
"""

import json

from django.core.management.base import BaseCommand, CommandError

BENCHES = ("ingest", "alerts", "inbox", "publish")


class Command(BaseCommand):
    help = (
        "Measure the product: `bench ingest --seconds S [--workers N]` (sustained ingest, "
        "triage and store into the configured database) or `bench alerts` (false-alarm and "
        "detection rates of the listening alerts on simulated series), `bench inbox "
        "--messages N [--search WORD] [--database-url URL]` (the officer's inbox at N "
        "messages, in a database of the bench's own) or `bench publish --posts N --crashes "
        "K [--workers W] [--latency S]` (N posts due at once through W workers, K of them "
        "killed, against a local recording network, in a throwaway database). Each prints "
        "one JSON object."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "bench", help="ingest, alerts, inbox, publish (or triage, without Django)"
        )
        parser.add_argument("--seconds", type=float, default=10.0)
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument(
            "--batch", type=int, default=None, help="ingest: items per ingest() call (default 200)"
        )
        parser.add_argument(
            "--out-of-hours",
            action="store_true",
            help="ingest: the bench organisation closed, every thread by a new "
            "person, so every conversation gets the out-of-hours reply "
            "(by default it is staffed round the clock)",
        )
        parser.add_argument(
            "--keep", action="store_true", help="ingest: leave the bench's messages in the database"
        )
        parser.add_argument(
            "--messages", type=int, default=None, help="inbox: messages to load (default 1,000,000)"
        )
        parser.add_argument(
            "--search", default=None, help="inbox: the word searched for (default: parking)"
        )
        parser.add_argument(
            "--rounds",
            type=int,
            default=None,
            help="inbox: timed rounds of every request (default 30)",
        )
        parser.add_argument(
            "--database-url",
            default=None,
            help="inbox, publish: a PostgreSQL server on which to create (and "
            "afterwards drop) a database of the bench's own; by default a "
            "new SQLite file in a temporary directory",
        )
        parser.add_argument("--posts", type=int, default=2000, help="publish: posts due at once")
        parser.add_argument(
            "--crashes",
            type=int,
            default=20,
            help="publish: workers killed (SIGKILL) and started again",
        )
        parser.add_argument(
            "--latency",
            type=float,
            default=0.3,
            help="publish: the network's round trip in seconds",
        )
        parser.add_argument(
            "--threads",
            type=int,
            default=None,
            help="publish: tasks each worker runs at once (default: the worker's own)",
        )

    def handle(
        self,
        *args,
        bench,
        seconds,
        workers,
        batch,
        out_of_hours,
        keep,
        posts,
        crashes,
        latency,
        threads,
        **options,
    ):
        if bench == "inbox":
            result = self._inbox(**options)
        elif bench == "ingest":
            from sociable.inbox import ingest_bench

            batch = ingest_bench.BATCH if batch is None else batch
            if seconds <= 0 or workers < 1 or batch < 1:
                raise CommandError(
                    "--seconds must be above 0, and --workers and --batch at least 1."
                )
            result = ingest_bench.run(
                seconds, workers, keep=keep, batch=batch, out_of_hours=out_of_hours
            )
        elif bench == "alerts":
            from sociable.listening import evaluation

            result = evaluation.report()
        elif bench == "publish":
            from sociable.publishing import bench as publish_bench

            if posts < 1 or crashes < 0 or workers < 1 or latency < 0 or crashes >= max(posts, 2):
                raise CommandError(
                    "--posts and --workers must be at least 1, --crashes at least "
                    "0 and fewer than the posts, --latency not negative."
                )
            try:
                result = publish_bench.run(
                    posts,
                    crashes,
                    workers,
                    latency,
                    threads=threads,
                    database_url=options.get("database_url"),
                )
            except ValueError as refused:
                raise CommandError(str(refused)) from None
        else:
            raise CommandError(
                f"Unknown bench {bench!r}: choose ingest, alerts, inbox, publish or triage."
            )
        self.stdout.write(json.dumps(result))

    def _inbox(self, *, messages, search, rounds, database_url, **options) -> dict:
        import os

        from sociable.inbox import bench as inbox_bench

        messages = inbox_bench.DEFAULT_MESSAGES if messages is None else messages
        rounds = inbox_bench.DEFAULT_ROUNDS if rounds is None else rounds
        search = inbox_bench.DEFAULT_SEARCH if search is None else search
        if messages < inbox_bench.PER_CONVERSATION or rounds < 1 or not search.strip():
            raise CommandError(
                "--messages must be at least 3, --rounds at least 1 and --search a word."
            )
        try:
            if os.environ.get(inbox_bench.CHILD_ENV):  # the child, on the bench's own database
                return inbox_bench.run(messages, search, rounds)
            return inbox_bench.run_isolated(messages, search, rounds, database_url)
        except inbox_bench.BenchRefused as refused:
            raise CommandError(str(refused)) from None
