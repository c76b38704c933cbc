"""`sociable`: the product's command. Wraps Django's management commands and adds the product's.

Triage commands run without Django (they are a pure library's); everything else is a Django
management command (`sociable help` lists them all).
"""

import os
import sys

TRIAGE_COMMANDS = {"triage", "check-draft", "train", "eval"}
TRIAGE_BENCHES = {"triage"}

PRODUCT_HELP = """\
Sociable, the social media desk for health and care.

Product commands:
  sociable run [--demo]          migrate, then serve the desk and run the worker (Ctrl-C stops)
  sociable prepare [--demo]      refuse unsafe settings, migrate, collect static files
  sociable worker                the background worker (scheduler loop and task queue)
  sociable seed_demo             create or refresh the demo organisation, accounts and users
  sociable triage TEXT           triage one message (JSON); --jsonl FILE|- for many
  sociable check-draft TEXT      check a draft for patient-identifiable information
  sociable train triage --data DIR   retrain the triage models from the corpora
  sociable train risk --data DIR     retrain only the crisis and safeguarding risk models
  sociable eval triage --data DIR    evaluate triage on validation splits and own cases
  sociable bench triage          triage throughput beside VADER
  sociable bench ingest          ingest + triage + store throughput (--seconds, --workers)
  sociable bench alerts          false-alarm and detection rates of listening alerts
  sociable bench inbox           the officer's inbox timed at --messages N (default 1,000,000)
                                 in a database of its own (--search WORD, --database-url URL)
  sociable bench publish         posts due at once through killed workers (--posts, --crashes)
  sociable rq-worker             run tasks from Redis (when TASKS_BACKEND=redis)
  sociable rotate-credentials    re-encrypt account credentials under the newest key

Django's management commands (migrate, createsuperuser, check, ...) work too: `sociable help`
lists them.
"""


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in {"-h", "--help"}:
        print(PRODUCT_HELP)
        sys.exit(0 if argv else 2)
    if argv[0] == "run":  # supervised from a small process that never loads Django
        from sociable.core.supervisor import main as run_main

        sys.exit(run_main(argv[1:]))
    is_triage_bench = argv[0] == "bench" and argv[1:2] and argv[1] in TRIAGE_BENCHES
    if argv[0] in TRIAGE_COMMANDS or is_triage_bench:
        from sociable.triage.cli import main as triage_main

        sys.exit(triage_main(argv))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sociable.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["sociable", *argv])


if __name__ == "__main__":
    main()
