from django.conf import settings
from django.db import models
from django.utils import timezone

from sociable.accounts.models import Organisation, Team
from sociable.channels.models import Channel

ROUTES = [
    ("crisis", "Crisis"),
    ("safeguarding", "Safeguarding"),
    ("clinical", "Clinical question"),
    ("personal_data", "Personal data exposed"),
    ("abuse", "Abuse"),
    ("spam", "Spam"),
    ("complaint", "Complaint"),
    ("misinformation", "Misinformation"),
    ("query", "Query"),
    ("praise", "Praise"),
    ("chat", "Chat"),
]
ROUTE_PRIORITY = {route: rank for rank, (route, _) in enumerate(ROUTES)}
URGENT_ROUTES = ("crisis", "safeguarding")


class Contact(models.Model):
    """A person on a network, as seen by one organisation."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="contacts"
    )
    network = models.CharField(max_length=30)
    network_user_id = models.CharField(max_length=200)
    handle = models.CharField(max_length=200)
    name = models.CharField(max_length=200, blank=True)
    followers = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["handle"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "network", "network_user_id"], name="contact_unique"
            ),
        ]

    def __str__(self):
        return self.name or self.handle


class ConversationStatus(models.TextChoices):
    NEW = "new", "New"
    IN_PROGRESS = "in_progress", "In progress"
    WAITING = "waiting", "Waiting"
    CLOSED = "closed", "Closed"


class Conversation(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="conversations"
    )
    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="conversations")
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="conversations")
    thread_key = models.CharField(max_length=300, help_text="The network's thread identity.")
    status = models.CharField(
        max_length=20, choices=ConversationStatus.choices, default=ConversationStatus.NEW
    )
    route = models.CharField(max_length=20, choices=ROUTES, default="chat", db_index=True)
    priority = models.PositiveSmallIntegerField(default=ROUTE_PRIORITY["chat"], db_index=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="assigned_conversations",
    )
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="conversations"
    )
    last_message_at = models.DateTimeField(default=timezone.now, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["priority", "-last_message_at"]
        constraints = [
            models.UniqueConstraint(fields=["channel", "thread_key"], name="conversation_thread"),
        ]

    def __str__(self):
        return f"{self.contact} on {self.channel}"

    @property
    def is_urgent(self) -> bool:
        return self.route in URGENT_ROUTES


class Direction(models.TextChoices):
    INBOUND = "in", "Inbound"
    OUTBOUND = "out", "Outbound"


class Message(models.Model):
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="messages")
    direction = models.CharField(max_length=3, choices=Direction.choices)
    network_id = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, default="mention")
    text = models.TextField()
    url = models.URLField(max_length=500, blank=True)
    sent_at = models.DateTimeField()
    received_at = models.DateTimeField(auto_now_add=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", help_text="The staff member who wrote an outbound message.",
    )
    # Triage, filled on arrival (inbound only).
    route = models.CharField(max_length=20, choices=ROUTES, blank=True, db_index=True)
    sentiment = models.CharField(max_length=10, blank=True)
    language = models.CharField(max_length=5, blank=True)
    verdict = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["sent_at", "id"]
        constraints = [
            # Re-ingesting the same network item never duplicates it.
            models.UniqueConstraint(fields=["channel", "network_id"], name="message_once"),
        ]

    def __str__(self):
        return f"{self.get_direction_display()} {self.network_id}"
