from django.db import models
from django.utils import timezone

from sociable.accounts.models import Organisation, Team
from sociable.core import crypto


class ChannelStatus(models.TextChoices):
    CONNECTED = "connected", "Connected"
    NEEDS_RECONNECT = "needs_reconnect", "Needs reconnecting"
    DISABLED = "disabled", "Disconnected"


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
    # Keeping the token alive (channels/tokens.py). token_expires_at: when the access token
    # stops working (None: it does not expire); refresh_expires_at: when the refresh token does.
    token_expires_at = models.DateTimeField(null=True, blank=True)
    refresh_expires_at = models.DateTimeField(null=True, blank=True)
    # When the scheduler should refresh the token next; claimed with a conditional UPDATE.
    refresh_due_at = models.DateTimeField(null=True, blank=True, db_index=True)
    last_success_at = models.DateTimeField(
        null=True, blank=True, help_text="The last time a call to the network worked."
    )
    connected_at = models.DateTimeField(null=True, blank=True)
    # E-mails to admins, each sent once: "needs reconnecting", and "expires in 7 days".
    reconnect_notified_at = models.DateTimeField(null=True, blank=True)
    expiry_reminded_at = models.DateTimeField(null=True, blank=True)

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
    def rules(self):
        """The network whose posting rules apply to this account (networks/base.py rules()):
        the composer, the calendar and listening read them here."""
        from sociable.networks.registry import adapter_class

        return adapter_class(self.network).rules(dict(self.options or {}))

    @property
    def kind_label(self) -> str:
        """The name of the network whose rules apply ("Instagram" for a demo account of that
        kind), for pages (a template would call `rules`, a class, rather than read it)."""
        return self.rules.label or self.network

    @property
    def counts_each_post(self) -> bool:
        """Whether the network counts each post's results (networks/base.py post_metrics)."""
        return self.rules.post_metrics

    @property
    def network_label(self) -> str:
        from sociable.networks.base import NetworkError
        from sociable.networks.registry import adapter_class

        try:
            return adapter_class(self.network).label or self.network
        except NetworkError:
            return self.network

    @property
    def hard_expiry(self):
        """When the connection ends unless a person reconnects it (None: it does not)."""
        if self.refresh_due_at is None:
            return self.token_expires_at
        return self.refresh_expires_at

    @property
    def credentials(self) -> dict:
        return crypto.decrypt(self.credentials_encrypted)

    @credentials.setter
    def credentials(self, value: dict) -> None:
        self.credentials_encrypted = crypto.encrypt(value or {})


class DeveloperApp(models.Model):
    """An organisation's own developer app on a network (client id and secret), set by an admin.
    The secret is encrypted at rest; the operator may set one for the server instead
    (SOCIABLE_<NETWORK>_CLIENT_ID / _CLIENT_SECRET)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="developer_apps"
    )
    network = models.CharField(max_length=30)
    client_id = models.CharField(max_length=300)
    secret_encrypted = models.TextField(blank=True, editable=False)
    extra = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "network"], name="one_app_per_network"),
        ]

    def __str__(self):
        return f"{self.network} app of {self.organisation}"

    @property
    def client_secret(self) -> str:
        return crypto.decrypt(self.secret_encrypted).get("secret", "")

    @client_secret.setter
    def client_secret(self, value: str) -> None:
        self.secret_encrypted = crypto.encrypt({"secret": value or ""})


class MastodonApp(models.Model):
    """The desk's app registered on a Mastodon server (POST /api/v1/apps), kept per instance and
    redirect address so each server is asked once."""

    instance = models.CharField(max_length=300)
    redirect_uri = models.CharField(max_length=500)
    client_id = models.CharField(max_length=300)
    secret_encrypted = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["instance", "redirect_uri"], name="one_app_per_mastodon_instance"
            ),
        ]

    def __str__(self):
        return self.instance

    @property
    def client_secret(self) -> str:
        return crypto.decrypt(self.secret_encrypted).get("secret", "")

    @client_secret.setter
    def client_secret(self, value: str) -> None:
        self.secret_encrypted = crypto.encrypt({"secret": value or ""})
