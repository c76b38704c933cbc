from django.conf import settings
from django.db import models
from django.utils import timezone

from sociable.accounts.models import Organisation, Team
from sociable.channels.models import Channel
from sociable.triage.verdict import PRIORITY as ROUTE_PRIORITY
from sociable.triage.verdict import URGENT_ROUTES, Route

# The routes are named in the triage library (triage/verdict.py); these are their choices.
ROUTES = [(route.value, route.label) for route in Route]
# Not urgent, but handled with care (their tag is orange in the list).
WITH_CARE = frozenset({Route.CLINICAL, Route.PERSONAL_DATA, Route.COMPLAINT})


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


_ORG = ["organisation"]
_QUEUE = ["priority", "first_response_due_at", "-last_message_at", "-id"]
_OPEN = ~models.Q(status=ConversationStatus.CLOSED)


class Tag(models.Model):
    """A word the team puts on conversations to find them again (e.g. "parking", "press")."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="tags")
    name = models.CharField(max_length=40)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="tag_name_once"),
        ]

    def __str__(self):
        return self.name


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
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_conversations",
    )
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="conversations"
    )
    last_message_at = models.DateTimeField(default=timezone.now, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Clocks (staffed time; crisis and safeguarding count every minute): see inbox/clocks.py.
    waiting_since = models.DateTimeField(
        null=True, blank=True, help_text="The oldest inbound message not yet answered."
    )
    first_response_due_at = models.DateTimeField(null=True, blank=True, db_index=True)
    first_responded_at = models.DateTimeField(null=True, blank=True)
    resolution_due_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    tags = models.ManyToManyField(Tag, blank=True, related_name="conversations")

    class Meta:
        ordering = ["priority", "first_response_due_at", "-last_message_at"]
        constraints = [
            models.UniqueConstraint(fields=["channel", "thread_key"], name="conversation_thread"),
        ]
        # One index per list of the inbox, in the list's order (inbox/listing.py ORDERS), so a
        # page is read from the index, never sorted; open conversations (a few percent of all)
        # have partial indexes of their own.
        indexes = [
            models.Index(fields=[*_ORG, *_QUEUE], condition=_OPEN, name="conversation_open"),
            models.Index(
                fields=[*_ORG, "route", *_QUEUE, "status", "channel"],
                condition=_OPEN,
                name="conversation_open_route",
            ),  # and counts, from the index alone
            models.Index(
                fields=[*_ORG, "assignee", *_QUEUE],
                condition=_OPEN,
                name="conversation_open_assignee",
            ),
            models.Index(fields=[*_ORG, "status", *_QUEUE], name="conversation_status"),
            models.Index(fields=[*_ORG, *_QUEUE], name="conversation_queue"),
            models.Index(fields=[*_ORG, "-last_message_at", "-id"], name="conversation_recent"),
            # The urgent banner, in its order (inbox/listing.py urgent()).
            models.Index(
                fields=[*_ORG, "priority", "-last_message_at", "-id", "channel"],
                condition=_OPEN
                & models.Q(route__in=tuple(sorted(str(route) for route in URGENT_ROUTES))),
                name="conversation_open_urgent",
            ),
        ]

    def __str__(self):
        return f"{self.contact} on {self.channel}"

    @property
    def is_urgent(self) -> bool:
        return self.route in URGENT_ROUTES

    @property
    def needs_care(self) -> bool:
        return self.route in WITH_CARE


class Note(models.Model):
    """An internal note on a conversation: seen inside the organisation, never sent."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"Note on conversation {self.conversation_id}"


class Replying(models.Model):
    """A short-lived mark that someone is writing a reply: refreshed while they type, shown to
    colleagues who open the same conversation, gone when it lapses or the reply is sent."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="replying"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    until = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["conversation", "user"], name="replying_once"),
        ]

    def __str__(self):
        return f"{self.user_id} replying to {self.conversation_id}"


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
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The staff member who wrote an outbound message.",
    )
    # Outbound replies: their life from draft to sent.
    delivery = models.CharField(
        max_length=20,
        blank=True,
        choices=[
            ("awaiting_approval", "Awaiting approval"),
            ("sending", "Sending"),
            ("sent", "Sent"),
            ("failed", "Failed"),
            ("rejected", "Rejected"),
        ],
    )
    delivery_detail = models.CharField(max_length=500, blank=True)
    in_reply_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replies"
    )
    automatic = models.BooleanField(default=False, help_text="Sent by the desk (auto-reply).")
    # Moderation of inbound comments.
    hidden = models.BooleanField(default=False)
    deleted = models.BooleanField(default=False)
    held_for_review = models.BooleanField(default=False)
    moderation_reason = models.CharField(max_length=300, blank=True)
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

    @property
    def reasons_in_words(self) -> list[str]:
        """Why triage chose the route, in plain words (no model scores)."""
        from sociable.triage.explain import explain_all

        return explain_all((self.verdict or {}).get("reasons"))


class RouteCorrection(models.Model):
    """A person's correction of the triage route: labelled data to improve triage."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="corrections")
    from_route = models.CharField(max_length=20, choices=ROUTES)
    to_route = models.CharField(max_length=20, choices=ROUTES)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self):
        return f"{self.from_route} → {self.to_route}"


class SavedReply(models.Model):
    """The team's FAQ library. Variables: {first_name}, {pals_phone}, {pals_email},
    {signposting}, {crisis_signposting}, {organisation}."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="saved_replies"
    )
    title = models.CharField(max_length=120)
    body = models.TextField()
    routes = models.JSONField(default=list, blank=True, help_text="Routes it is suggested for.")
    language = models.CharField(max_length=5, default="en")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "title"], name="saved_reply_title"),
        ]

    def __str__(self):
        return self.title

    @property
    def language_name(self) -> str:
        from sociable.inbox.saved_replies import LANGUAGES

        return dict(LANGUAGES).get(self.language, self.language)

    @property
    def route_names(self) -> list[str]:
        from sociable.inbox.saved_replies import SUGGEST_FOR

        return [dict(SUGGEST_FOR).get(r, r) for r in self.routes or []]


class AutoReply(models.Model):
    """One out-of-hours auto-reply per contact per closed period (the database enforces it)."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="auto_replies")
    period_key = models.CharField(max_length=64)
    message = models.ForeignKey(Message, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["contact", "period_key"], name="auto_reply_once"),
        ]

    def __str__(self):
        return f"Auto-reply to {self.contact_id} for {self.period_key}"


class Alert(models.Model):
    """A crisis or safeguarding alert to the on-call list, until someone acknowledges it."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="alerts")
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="alerts")
    message = models.OneToOneField(Message, on_delete=models.CASCADE, related_name="alert")
    route = models.CharField(max_length=20, choices=ROUTES)
    created_at = models.DateTimeField(auto_now_add=True)
    sends = models.PositiveSmallIntegerField(default=0)
    first_sent_at = models.DateTimeField(null=True, blank=True)
    last_sent_at = models.DateTimeField(null=True, blank=True, db_index=True)
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
        indexes = [
            # The urgent banner: conversations with an alert nobody has acknowledged yet.
            models.Index(
                fields=["conversation"],
                condition=models.Q(acknowledged_at__isnull=True),
                name="alert_unacknowledged",
            ),
        ]

    def __str__(self):
        return f"{self.get_route_display()} alert {self.pk}"


class Kudos(models.Model):
    """Praise that names a member of staff, collected to share with them."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="kudos")
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="kudos")
    staff_name = models.CharField(max_length=200)
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="kudos"
    )
    at = models.DateTimeField()

    class Meta:
        ordering = ["-at"]
        constraints = [
            models.UniqueConstraint(fields=["message", "staff_name"], name="kudos_once"),
        ]

    def __str__(self):
        return self.staff_name


class QuarantinedItem(models.Model):
    """Something a network delivered that could not be stored as a message or mention, set
    aside with the reason so that it never blocks the rest of its batch (or the account's
    polling) and someone can look into it."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="quarantined_items"
    )
    channel = models.ForeignKey(
        Channel, null=True, blank=True, on_delete=models.CASCADE, related_name="quarantined"
    )
    source = models.CharField(
        max_length=300, blank=True, help_text="Where it came from, e.g. a saved search's feed."
    )
    network = models.CharField(max_length=30)
    network_id = models.CharField(max_length=200, blank=True)
    reason = models.CharField(max_length=500)
    item = models.TextField(help_text="What the network sent, escaped to plain ASCII.")
    received_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-received_at"]

    def __str__(self):
        return f"Set aside from {self.network}: {self.network_id or 'no identity'}"
