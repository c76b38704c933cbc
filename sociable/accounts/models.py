from django.conf import settings
from django.db import models
from django.utils.text import slugify

from sociable.triage import signposting


class Nation(models.TextChoices):
    ENGLAND = "england", "England"
    WALES = "wales", "Wales"
    SCOTLAND = "scotland", "Scotland"
    NORTHERN_IRELAND = "northern_ireland", "Northern Ireland"


def default_staffed_hours() -> dict:
    return {"weekly": {str(day): [["09:00", "17:00"]] for day in range(5)}}


class Organisation(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    contributors_may_reply = models.BooleanField(
        default=False,
        help_text="Contributors may reply on their own team's accounts.",
    )
    contributor_replies_need_approval = models.BooleanField(
        default=True,
        help_text="A contributor's reply waits for a comms officer's approval before it is sent.",
    )
    # Staffed hours: when the accounts are monitored (see lib/hours.py for the format).
    nation = models.CharField(
        max_length=20,
        choices=Nation.choices,
        default=Nation.ENGLAND,
        help_text="Whose bank holidays the team takes off.",
    )
    staffed_hours = models.JSONField(default=default_staffed_hours)
    sla_targets = models.JSONField(
        default=dict,
        blank=True,
        help_text="Per route: minutes of staffed time to first response and to resolution.",
    )
    # Out of hours.
    auto_reply_enabled = models.BooleanField(default=True)
    auto_reply_text = models.TextField(
        blank=True,
        default=signposting.default_out_of_hours_reply,
        help_text="{back} is replaced by when the team is back. Urgent signposting is always "
        "added if the text leaves it out.",
    )
    # Contacts used in saved replies and kept out of confidentiality findings.
    pals_phone = models.CharField("PALS phone", max_length=40, blank=True)
    pals_email = models.EmailField("PALS e-mail", blank=True)
    hospital_number_patterns = models.TextField(
        blank=True,
        help_text="One regular expression per line, e.g. RTX\\d{6}.",
    )
    own_websites = models.TextField(
        blank=True,
        help_text="Your own websites, one a line (e.g. northshire.nhs.uk): links to "
        "them (and their subdomains) get campaign tracking in posts.",
    )
    # Crisis and safeguarding alerts.
    on_call_emails = models.TextField(
        blank=True, help_text="Who is alerted at any hour: one e-mail address per line."
    )
    alert_include_text = models.BooleanField(
        default=False,
        help_text="Put the message text in alert e-mails (off keeps personal data out of "
        "mailboxes: the e-mail carries a link only).",
    )
    alert_resend_minutes = models.PositiveIntegerField(
        default=15, help_text="Re-send an unacknowledged alert after this many minutes."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:80]
        super().save(*args, **kwargs)

    @property
    def on_call_list(self) -> list[str]:
        return [
            line.strip()
            for line in self.on_call_emails.replace(",", "\n").splitlines()
            if line.strip()
        ]

    @property
    def own_domains(self) -> list[str]:
        """The hosts of own_websites, lower case, without scheme, path or "www."."""
        found = []
        for line in self.own_websites.replace(",", "\n").splitlines():
            host = line.strip().lower().split("://")[-1].split("/")[0].split(":")[0]
            host = host.removeprefix("www.")
            if host and host not in found:
                found.append(host)
        return found

    @property
    def public_contacts(self) -> list[str]:
        return [c for c in (self.pals_phone, self.pals_email) if c]


class Team(models.Model):
    """The communications team, or a service team it supports (e.g. Maternity)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(max_length=120)
    is_comms = models.BooleanField(default=False, help_text="The organisation's comms team.")

    class Meta:
        ordering = ["-is_comms", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="team_name_unique"),
        ]

    def __str__(self):
        return self.name


class Role(models.TextChoices):
    ADMIN = "admin", "Admin"
    OFFICER = "officer", "Comms officer"
    CONTRIBUTOR = "contributor", "Contributor"
    VIEWER = "viewer", "Viewer"


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(deactivated_at__isnull=True)


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.VIEWER)
    teams = models.ManyToManyField(Team, blank=True, related_name="members")
    created_at = models.DateTimeField(auto_now_add=True)
    deactivated_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Set when an admin deactivates the member: they can no longer use the desk.",
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["organisation", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_org"),
        ]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} at {self.organisation}"


class Invitation(models.Model):
    """An admin's invitation to a colleague: a single-use link, sent by e-mail, that expires.
    Only a SHA-256 hash of the link's token is stored (the token is in the e-mail only)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField("E-mail address")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.VIEWER)
    teams = models.ManyToManyField(Team, blank=True, related_name="invitations")
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(help_text="When the newest link was sent.")
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "email"],
                name="one_open_invitation_per_address",
                condition=models.Q(accepted_at__isnull=True, revoked_at__isnull=True),
            ),
        ]

    def __str__(self):
        return f"Invitation for {self.email} to {self.organisation}"

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None
