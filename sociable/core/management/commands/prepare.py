"""`sociable prepare`: what `sociable run` does before it starts the desk (and what a deployment
runs before starting its processes): refuse unsafe production settings, migrate, collect static
files, and create the demo organisation if asked."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from sociable.core.startup import assert_safe_to_serve


class Command(BaseCommand):
    help = "Refuse unsafe settings, migrate, collect static files (and seed the demo if asked)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--demo",
            action="store_true",
            help="Create the demo organisation and its demo accounts too.",
        )

    def handle(self, *args, demo, **options):
        assert_safe_to_serve()
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Database is up to date.")
        if not settings.DEBUG:
            call_command("collectstatic", interactive=False, verbosity=0)
        if demo:
            call_command("seed_demo", stdout=self.stdout)
