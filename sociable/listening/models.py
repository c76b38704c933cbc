from django.conf import settings
from django.db import models
from django.utils import timezone

from sociable.accounts.models import Organisation
from sociable.channels.models import Channel
from sociable.inbox.models import ROUTES, URGENT_ROUTES
from sociable.listening import signals


class SearchKind(models.TextChoices):
    TOPIC = "topic", "Topic (the organisation, its services, its places)"
    CAMPAIGN = "campaign", "Campaign hashtag (e.g. #HelloMyNameIs)"
    SYMPTOMS = "symptoms", "Symptom watch (weekly signal of rising symptom mentions)"


class SavedSearch(models.Model):
    """What the organisation listens for, on which networks and feeds."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="saved_searches"
    )
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=20, choices=SearchKind.choices, default=SearchKind.TOPIC)
    keywords = models.TextField(blank=True, help_text="Words or phrases: one per line.")
    hashtags = models.TextField(blank=True, help_text="One per line, with or without the #.")
    exclusions = models.TextField(blank=True, help_text="Leave out posts with these: one per line.")
    channels = models.ManyToManyField(Channel, blank=True, related_name="saved_searches")
    feed_urls = models.TextField(blank=True, help_text="RSS or Atom feeds: one address per line.")
    language = models.CharField(max_length=5, blank=True, help_text="Blank: any language.")
    active = models.BooleanField(default=True)
    run_interval_seconds = models.PositiveIntegerField(default=300)
    signal_rises = models.PositiveSmallIntegerField(
        default=3, help_text="Symptom watch: alert after this many weekly rises in a row."
    )
    signal_floor = models.PositiveIntegerField(
        default=5,
        help_text="Symptom watch: and only when the latest week has at least this many mentions.",
    )
    alert_emails = models.TextField(
        blank=True,
        help_text="Who is told about alerts: one address per line. Blank: the "
        "organisation's on-call list.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="saved_search_name"),
        ]

    def __str__(self):
        return self.name


class SearchSource(models.Model):
    """One place a saved search runs (a channel's network search, or a feed), with its cursor.
    Claimed by the scheduler with a conditional UPDATE on next_run_at."""

    search = models.ForeignKey(SavedSearch, on_delete=models.CASCADE, related_name="sources")
    channel = models.ForeignKey(
        Channel, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    feed_url = models.URLField(max_length=500, blank=True)
    cursor = models.JSONField(default=dict, blank=True)
    next_run_at = models.DateTimeField(default=timezone.now, db_index=True)
    last_run_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["search", "channel", "feed_url"], name="search_source_once"
            ),
        ]

    def __str__(self):
        return f"{self.search}: {self.channel or self.feed_url}"


class Mention(models.Model):
    """A public post found by a saved search. Stored once per search and network id."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="mentions"
    )
    search = models.ForeignKey(SavedSearch, on_delete=models.CASCADE, related_name="mentions")
    channel = models.ForeignKey(
        Channel, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    network = models.CharField(max_length=30)
    network_id = models.CharField(max_length=300)
    source = models.CharField(max_length=300, blank=True, help_text="The feed or account.")
    kind = models.CharField(max_length=20, default="mention")
    text = models.TextField()
    url = models.URLField(max_length=500, blank=True)
    author_id = models.CharField(max_length=200, blank=True)
    author_handle = models.CharField(max_length=200, blank=True)
    author_name = models.CharField(max_length=200, blank=True)
    author_followers = models.PositiveIntegerField(null=True, blank=True)
    impressions = models.PositiveIntegerField(null=True, blank=True)
    metrics = models.JSONField(default=dict, blank=True)
    posted_at = models.DateTimeField(db_index=True)
    found_at = models.DateTimeField(auto_now_add=True)
    route = models.CharField(max_length=20, choices=ROUTES, blank=True)
    sentiment = models.CharField(max_length=10, blank=True)
    language = models.CharField(max_length=5, blank=True)
    verdict = models.JSONField(default=dict, blank=True)
    escalated = models.ForeignKey(
        "inbox.Message",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The inbox message an urgent mention was raised as.",
    )

    class Meta:
        ordering = ["-posted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["search", "network", "network_id"], name="mention_once"
            ),
        ]
        indexes = [models.Index(fields=["search", "posted_at"])]

    def __str__(self):
        return f"{self.network} {self.network_id}"

    @property
    def is_urgent(self) -> bool:
        return self.route in URGENT_ROUTES


class AlertKind(models.TextChoices):
    VOLUME = "volume", "Unusual volume"
    SYMPTOMS = "symptoms", "Rising symptom mentions"
    URGENT = "urgent", "Urgent mention"


class ListeningAlert(models.Model):
    """An alert from listening: once per search, kind and period (a day, or a week's Monday)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="listening_alerts"
    )
    search = models.ForeignKey(SavedSearch, on_delete=models.CASCADE, related_name="alerts")
    kind = models.CharField(max_length=20, choices=AlertKind.choices)
    period = models.CharField(max_length=40, help_text="The day, week or mention alerted on.")
    observed = models.PositiveIntegerField(default=0)
    detail = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["search", "kind", "period"], name="listening_alert_once"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.search} ({self.period})"

    def describe(self) -> str:
        """What was observed, in a sentence for the e-mail and the page."""
        detail = self.detail or {}
        if self.kind == AlertKind.VOLUME:
            baseline = detail.get("baseline", {})
            usual, above = baseline.get("median", 0), baseline.get("threshold", 0)
            return (
                f"{self.observed} mentions on {self.period}, against a usual {usual:g} a day "
                f"(alert above {above:g})."
            )
        if self.kind == AlertKind.SYMPTOMS:
            weekly = ", ".join(str(n) for n in detail.get("weekly", []))
            return (
                f"Symptom mentions have risen {detail.get('rises', signals.RISES)} weeks in a "
                f"row: {self.observed} in the week of {self.period} (weekly counts: {weekly})."
            )
        return "A mention that may be a crisis or a safeguarding concern was found in a feed."
