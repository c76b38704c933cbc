from django.db import models
from django.utils import timezone

from sociable.accounts.models import Organisation, Team
from sociable.channels import crypto


class ChannelStatus(models.TextChoices):
    CONNECTED = "connected", "Connected"
    NEEDS_RECONNECT = "needs_reconnect", "Needs reconnecting"
    DISABLED = "disabled", "Disabled"


class Channel(models.Model):
    """A connected account on a network (e.g. the trust's Mastodon account)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="channels"
    )
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="channels", help_text="The owning team."
    )
    network = models.CharField(max_length=30)
    handle = models.CharField(max_length=200)
    display_name = models.CharField(max_length=200, blank=True)
    status = models.CharField(
        max_length=20, choices=ChannelStatus.choices, default=ChannelStatus.CONNECTED
    )
    status_detail = models.CharField(max_length=500, blank=True)
    credentials_encrypted = models.TextField(blank=True, editable=False)
    options = models.JSONField(default=dict, blank=True)
    # Polling state, claimed by the scheduler with a conditional UPDATE.
    poll_interval_seconds = models.PositiveIntegerField(default=60)
    next_poll_at = models.DateTimeField(default=timezone.now, db_index=True)
    cursor = models.JSONField(default=dict, blank=True)
    last_polled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation", "network", "handle"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "network", "handle"], name="channel_unique_handle"
            ),
        ]

    def __str__(self):
        return f"{self.display_name or self.handle} ({self.network})"

    @property
    def credentials(self) -> dict:
        return crypto.decrypt(self.credentials_encrypted)

    @credentials.setter
    def credentials(self, value: dict) -> None:
        self.credentials_encrypted = crypto.encrypt(value or {})
