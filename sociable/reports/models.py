"""Reports: outcomes officers record, monthly report subscriptions, and metrics reads."""

from django.conf import settings
from django.db import models

from sociable.accounts.models import Organisation
from sociable.publishing.models import Post, PostTarget


class Stage(models.TextChoices):
    """The AMEC stages that follow engagement: measured by outcomes people record."""

    PREFERENCE = "preference", "Preference"
    IMPACT = "impact", "Impact"
    ADVOCACY = "advocacy", "Advocacy"


class Outcome(models.Model):
    """Something that happened because of the organisation's social media, counted by an
    officer: e.g. "flu jab bookings via the link: 140" (impact)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="outcomes"
    )
    date = models.DateField(help_text="When it happened (or the end of the counting period).")
    stage = models.CharField(max_length=20, choices=Stage.choices)
    description = models.CharField(
        max_length=300, help_text='What was counted, e.g. "Flu jab bookings via the link".'
    )
    count = models.PositiveIntegerField()
    post = models.ForeignKey(
        Post,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="outcomes",
        help_text="The post it came from, if one.",
    )
    campaign = models.CharField(
        max_length=100, blank=True, help_text="The campaign it came from, e.g. #FluJab."
    )
    source = models.CharField(
        max_length=300,
        blank=True,
        help_text="Where the number comes from, e.g. the booking system's report.",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]

    def __str__(self):
        return f"{self.description}: {self.count}"


class ReportSubscription(models.Model):
    """People who receive the monthly report by e-mail (PDF attached), with its filters."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="report_subscriptions"
    )
    name = models.CharField(max_length=120, help_text='e.g. "Board summary".')
    emails = models.TextField(help_text="One e-mail address per line.")
    filters = models.JSONField(
        default=dict, blank=True, help_text="channel, team, campaign, objective (ids or text)."
    )
    active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def email_list(self) -> list[str]:
        return [
            line.strip() for line in self.emails.replace(",", "\n").splitlines() if line.strip()
        ]


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Waiting to be sent"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"


class ReportDelivery(models.Model):
    """One monthly report for one subscription: the unique row is what makes it once a month."""

    subscription = models.ForeignKey(
        ReportSubscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    month = models.DateField(help_text="The first day of the month reported on.")
    status = models.CharField(
        max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(fields=["subscription", "month"], name="report_once_a_month"),
        ]

    def __str__(self):
        return f"{self.subscription} for {self.month:%B %Y}"


class MetricsRead(models.Model):
    """The outcome of the last metrics read of a published post (when it last worked, and why
    it last failed). PostTarget.metrics_updated_at is when it was last tried."""

    target = models.OneToOneField(PostTarget, on_delete=models.CASCADE, related_name="metrics_read")
    succeeded_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)

    def __str__(self):
        return f"Metrics of {self.target_id}"


class LocationRating(models.Model):
    """One day's reading of a Google Business Profile location's rating, for the rating over
    time. The unique row is what makes it once a day; a read that failed leaves the rating
    unknown (a gap in the chart), never zero."""

    channel = models.ForeignKey(
        "channels.Channel", on_delete=models.CASCADE, related_name="location_ratings"
    )
    day = models.DateField()
    average_rating_x100 = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The average star rating × 100 (e.g. 430 is 4.3)."
    )
    reviews = models.PositiveIntegerField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["channel_id", "day"]
        constraints = [
            models.UniqueConstraint(fields=["channel", "day"], name="location_rating_once_a_day"),
        ]

    def __str__(self):
        return f"Rating of {self.channel_id} on {self.day}"

    @property
    def rating(self) -> float | None:
        return None if self.average_rating_x100 is None else self.average_rating_x100 / 100
