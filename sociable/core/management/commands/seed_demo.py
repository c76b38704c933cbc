import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from sociable.accounts.models import Membership, Organisation, Role, Team
from sociable.channels.models import Channel
from sociable.inbox import saved_replies
from sociable.listening.demo import ensure_demo_searches
from sociable.reports import demo as demo_reports

ORGANISATION = "Northshire Hospitals NHS Foundation Trust"
TEAMS = [("Communications", True), ("Maternity", False), ("Community Services", False)]
CHANNELS = [
    # stream, handle, display name, team
    ("mastodon", "@NorthshireNHS@mastodon.example", "Northshire NHS on Mastodon", "Communications"),
    ("x", "@NorthshireNHS", "Northshire NHS on X", "Communications"),
    ("bluesky", "northshirenhs.bsky.example", "Northshire NHS on Bluesky", "Communications"),
    ("facebook", "Northshire Hospitals", "Northshire Hospitals Facebook page", "Communications"),
    ("maternity", "@NorthshireMaternity", "Northshire Maternity", "Maternity"),
    ("community", "@GwasanaethauCymunedol", "Gwasanaethau Cymunedol", "Community Services"),
    ("instagram", "@northshirenhs", "Northshire NHS on Instagram", "Communications"),
    ("threads", "@northshirenhs.threads", "Northshire NHS on Threads", "Communications"),
    ("youtube", "Northshire NHS (YouTube)", "Northshire NHS on YouTube", "Communications"),
    (
        "google_business",
        "Northshire General Hospital",
        "Northshire General Hospital on Google",
        "Communications",
    ),
]
USERS = [
    # username, first, last, role, teams
    ("officer", "Priya", "Shah", Role.OFFICER, ["Communications"]),
    ("admin", "Gareth", "Williams", Role.ADMIN, ["Communications"]),
    ("contributor", "Ffion", "Jones", Role.CONTRIBUTOR, ["Maternity"]),
    ("viewer", "Tom", "Baker", Role.VIEWER, []),
]


class Command(BaseCommand):
    help = "Create (or keep) the demo organisation, teams, demo accounts and users."

    def add_arguments(self, parser):
        parser.add_argument(
            "--pace",
            type=float,
            default=4.0,
            help="Demo messages per minute per account (default: 4).",
        )

    def handle(self, *args, pace, **options):
        password = self._password()
        with transaction.atomic():
            organisation, created = Organisation.objects.get_or_create(
                slug="northshire-demo",
                defaults={
                    "name": ORGANISATION,
                    "pals_phone": "01632 960000",
                    "pals_email": "pals@northshire.example",
                    "on_call_emails": "oncall@northshire.example",
                    "hospital_number_patterns": r"NSH\d{6}",
                },
            )
            saved_replies.ensure_defaults(organisation)
            teams = {}
            for name, is_comms in TEAMS:
                teams[name], _ = Team.objects.get_or_create(
                    organisation=organisation, name=name, defaults={"is_comms": is_comms}
                )
            for stream, handle, display, team in CHANNELS:
                Channel.objects.get_or_create(
                    organisation=organisation,
                    network="demo",
                    handle=handle,
                    defaults={
                        "display_name": display,
                        "team": teams[team],
                        "options": {"stream": stream, "pace_per_minute": pace},
                        "poll_interval_seconds": 15,
                    },
                )
            User = get_user_model()
            for username, first, last, role, team_names in USERS:
                user, made = User.objects.get_or_create(
                    username=f"demo-{username}",
                    defaults={
                        "first_name": first,
                        "last_name": last,
                        "email": f"{username}@northshire.example",
                    },
                )
                if made or not user.check_password(password):
                    user.set_password(password)
                    user.save()
                membership, _ = Membership.objects.get_or_create(
                    user=user, organisation=organisation, defaults={"role": role}
                )
                membership.teams.add(*[teams[t] for t in team_names])
            ensure_demo_searches(organisation)
            demo_reports.seed(organisation)  # posts with metrics, outcomes, a strategy
        verb = "Created" if created else "Kept"
        self.stdout.write(f"{verb} the demo organisation: {organisation.name}")
        self.stdout.write(
            self.style.SUCCESS(
                f"\n  Log in at {settings.SITE_URL}/ as  demo-officer  with password  "
                f"{password}\n  (also demo-admin, demo-contributor, demo-viewer: same password)\n"
            )
        )

    def _password(self) -> str:
        """One password for the demo users, made on first run and kept in the data folder."""
        path = settings.DATA_DIR / "demo-password.txt"
        if path.exists():
            return path.read_text().strip()
        path.parent.mkdir(parents=True, exist_ok=True)
        password = "-".join(secrets.token_urlsafe(4) for _ in range(3))
        path.write_text(password + "\n")
        path.chmod(0o600)
        return password
