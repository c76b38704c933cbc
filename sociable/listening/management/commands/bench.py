"""`sociable bench ingest --seconds S [--workers N] [--batch B] [--out-of-hours]` and
`sociable bench alerts`.

(`sociable bench triage` runs without Django: sociable/cli.py sends it to the triage library.)
"""

import json

from django.core.management.base import BaseCommand, CommandError

BENCHES = ("ingest", "alerts")


class Command(BaseCommand):
    help = ("Measure the product: `bench ingest --seconds S [--workers N]` (sustained ingest, "
            "triage and store into the configured database) or `bench alerts` (false-alarm and "
            "detection rates of the listening alerts on simulated series). Each prints one "
            "JSON object.")

    def add_arguments(self, parser):
        parser.add_argument("bench", help="ingest, alerts (or triage, without Django)")
        parser.add_argument("--seconds", type=float, default=10.0)
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--batch", type=int, default=None,
                            help="ingest: items per ingest() call (default 200)")
        parser.add_argument("--out-of-hours", action="store_true",
                            help="ingest: the bench organisation closed, every thread by a new "
                                 "person, so every conversation gets the out-of-hours reply "
                                 "(by default it is staffed round the clock)")
        parser.add_argument("--keep", action="store_true",
                            help="ingest: leave the bench's messages in the database")

    def handle(self, *args, bench, seconds, workers, batch, out_of_hours, keep, **options):
        if bench == "ingest":
            from sociable.listening import bench as ingest_bench

            batch = ingest_bench.BATCH if batch is None else batch
            if seconds <= 0 or workers < 1 or batch < 1:
                raise CommandError("--seconds must be above 0, and --workers and --batch at "
                                   "least 1.")
            result = ingest_bench.run(seconds, workers, keep=keep, batch=batch,
                                      out_of_hours=out_of_hours)
        elif bench == "alerts":
            from sociable.listening import evaluation

            result = evaluation.report()
        else:
            raise CommandError(f"Unknown bench {bench!r}: choose ingest, alerts or triage.")
        self.stdout.write(json.dumps(result))
