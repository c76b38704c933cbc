"""The one-page strategy: purpose, objectives with KPIs, audiences, content pillars, policy."""

from django.conf import settings
from django.db import models

from sociable.accounts.models import Organisation
from sociable.channels.models import Channel


class Strategy(models.Model):
    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="strategy"
    )
    purpose = models.TextField(
        blank=True, help_text="Why the organisation is on social media, in a sentence or two."
    )
    content_pillars = models.TextField(
        blank=True, help_text="The themes most posts belong to: one per line."
    )
    policy_notes = models.TextField(
        "Anything to add to the public policy",
        blank=True,
        help_text='Shown on the public page "How we use social media", after the standard '
        "sections.",
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    def __str__(self):
        return f"Strategy of {self.organisation}"

    @property
    def pillars(self) -> list[str]:
        return [line.strip() for line in self.content_pillars.splitlines() if line.strip()]


class KpiPeriod(models.TextChoices):
    MONTH = "month", "Each month"
    QUARTER = "quarter", "Each quarter"
    YEAR = "year", "Each year"


class Objective(models.Model):
    """An objective with one KPI bound to a report metric, a target and a period."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="objectives"
    )
    title = models.CharField(max_length=200, help_text='e.g. "More people book flu jabs".')
    kpi = models.CharField("KPI", max_length=40, help_text="The report figure that measures it.")
    target = models.DecimalField(max_digits=12, decimal_places=1)
    period = models.CharField(max_length=10, choices=KpiPeriod.choices, default=KpiPeriod.MONTH)
    campaign = models.CharField(
        max_length=100,
        blank=True,
        help_text="Count only posts and outcomes of this campaign, e.g. #FluJab.",
    )
    channels = models.ManyToManyField(
        Channel,
        blank=True,
        related_name="objectives",
        help_text="Count only these accounts (none chosen: all accounts).",
    )
    order = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self):
        return self.title


class Level(models.TextChoices):
    HIGH = "high", "High"
    LOW = "low", "Low"


QUADRANTS = {
    ("high", "high"): ("manage_closely", "Manage closely"),
    ("high", "low"): ("keep_satisfied", "Keep satisfied"),
    ("low", "high"): ("keep_informed", "Keep informed"),
    ("low", "low"): ("monitor", "Monitor"),
}


class Audience(models.Model):
    """An audience placed on the power/interest matrix, with the accounts where it is found."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="audiences"
    )
    name = models.CharField(max_length=120)
    power = models.CharField(
        max_length=4, choices=Level.choices, help_text="How much it can affect the organisation."
    )
    interest = models.CharField(
        max_length=4,
        choices=Level.choices,
        help_text="How much it cares about what the organisation does.",
    )
    channels = models.ManyToManyField(
        Channel, blank=True, related_name="audiences", help_text="Where it is found."
    )
    elsewhere = models.CharField(
        "Also found",
        max_length=200,
        blank=True,
        help_text="Places without a connected account, e.g. local Facebook groups.",
    )
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="audience_name_once"),
        ]

    def __str__(self):
        return self.name

    @property
    def quadrant(self) -> str:
        return QUADRANTS[(self.power, self.interest)][0]

    @property
    def quadrant_label(self) -> str:
        return QUADRANTS[(self.power, self.interest)][1]
