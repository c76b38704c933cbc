import uuid

from django.conf import settings
from django.db import models

from sociable.accounts.models import Organisation, Team
from sociable.channels.models import Channel


class PostStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Awaiting approval"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"


class Language(models.TextChoices):
    ENGLISH = "en", "English"
    WELSH = "cy", "Welsh"
    BILINGUAL = "both", "Welsh and English"


class LinkTracking(models.TextChoices):
    OWN = "own", "Links to our own websites"
    ALL = "all", "All links"
    NONE = "none", "No links"


class VideoPrivacy(models.TextChoices):
    PUBLIC = "public", "Public: anyone can find and watch it"
    UNLISTED = "unlisted", "Unlisted: only people with the link"
    PRIVATE = "private", "Private: only the account"


class Post(models.Model):
    """One message for one or more accounts, with its variants, media and approval."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="posts")
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="posts"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="posts"
    )
    text = models.TextField(help_text="The post in English (or the only language).")
    text_cy = models.TextField(blank=True, help_text="The post in Welsh, where needed.")
    thread = models.JSONField(
        default=list, blank=True, help_text="Further parts, each published as a reply."
    )
    link = models.URLField(max_length=500, blank=True)
    campaign = models.CharField(
        max_length=100, blank=True, help_text="A campaign or hashtag to report on, e.g. #NursesDay."
    )
    link_tracking = models.CharField(
        max_length=4,
        choices=LinkTracking.choices,
        default=LinkTracking.OWN,
        help_text="Which links get campaign tracking (utm_source, utm_medium, utm_campaign).",
    )
    status = models.CharField(max_length=20, choices=PostStatus.choices, default=PostStatus.DRAFT)
    scheduled_at = models.DateTimeField(null=True, blank=True, db_index=True)
    review_comment = models.TextField(blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    guard_override_reason = models.CharField(max_length=300, blank=True)
    missed_notified_at = models.DateTimeField(
        null=True, blank=True, help_text="When the author was told it missed its time."
    )
    # Only for YouTube: the video's title, who can see it, when YouTube itself makes it public
    # (it stays private until then) and a caption file (WebVTT or SubRip) as its caption track.
    youtube_title = models.CharField(max_length=100, blank=True)
    youtube_privacy = models.CharField(max_length=10, choices=VideoPrivacy.choices, blank=True)
    youtube_publish_at = models.DateTimeField(null=True, blank=True)
    youtube_captions = models.FileField(upload_to="captions/%Y/%m/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.text[:60]

    def texts(self) -> list[str]:
        """Every text that could be published, for the confidentiality guard."""
        return [t for t in (self.text, self.text_cy, *self.thread) if t]


class PostMedia(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="media")
    file = models.FileField(upload_to="posts/%Y/%m/")
    content_type = models.CharField(max_length=100)
    alt_text = models.CharField(max_length=1000)
    has_captions = models.BooleanField(
        default=False, help_text="For video: it carries captions (burned in or a caption file)."
    )

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.alt_text[:60]

    @property
    def is_video(self) -> bool:
        return self.content_type.startswith("video/")


class TargetStatus(models.TextChoices):
    DRAFT = "draft", "Not scheduled"
    SCHEDULED = "scheduled", "Scheduled"
    PUBLISHING = "publishing", "Publishing"
    PUBLISHED = "published", "Published"
    FAILED = "failed", "Failed"
    HELD = "held", "Held for a person"
    DELETED = "deleted", "Deleted from the network"


class PostTarget(models.Model):
    """One post on one channel, with its own variant and its publishing state."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="targets")
    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="post_targets")
    text = models.TextField(blank=True, help_text="This network's variant; blank uses the post.")
    language = models.CharField(max_length=4, choices=Language.choices, default=Language.ENGLISH)
    status = models.CharField(
        max_length=20, choices=TargetStatus.choices, default=TargetStatus.DRAFT, db_index=True
    )
    next_attempt_at = models.DateTimeField(null=True, blank=True, db_index=True)
    enqueued_at = models.DateTimeField(
        null=True, blank=True, help_text="When a publishing task was last queued for it."
    )
    idempotency_key = models.UUIDField(default=uuid.uuid4, editable=False)
    claimed_at = models.DateTimeField(null=True, blank=True)
    claimed_by = models.CharField(
        max_length=64,
        blank=True,
        help_text="The worker that claimed it (its heartbeat tells whether it is still alive).",
    )
    sending_since = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When a request for the first part not yet confirmed "
        "was first about to be sent (empty: no such request has left the desk).",
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    network_post_id = models.CharField(max_length=200, blank=True)
    thread_ids = models.JSONField(default=list, blank=True, help_text="Ids of published parts.")
    url = models.URLField(max_length=500, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(
        null=True, blank=True, help_text="When it was taken down from the network (kept here)."
    )
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Metrics, refreshed from the network after publishing.
    impressions = models.PositiveIntegerField(null=True, blank=True)
    reach = models.PositiveIntegerField(null=True, blank=True)
    reactions = models.PositiveIntegerField(null=True, blank=True)
    comments = models.PositiveIntegerField(null=True, blank=True)
    shares = models.PositiveIntegerField(null=True, blank=True)
    clicks = models.PositiveIntegerField(null=True, blank=True)
    metrics_updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "channel"], name="one_target_per_channel"),
        ]
        indexes = [
            # Best time to post (publishing/timing.py): an account's posts of the last year.
            models.Index(
                fields=["channel", "published_at"],
                condition=models.Q(status="published"),
                name="post_target_published",
            ),
        ]

    def __str__(self):
        return f"{self.post} → {self.channel}"

    def parts(self) -> list[str]:
        """What this target publishes: its variant (or the post in its language) with the post's
        link, then the thread's further parts; links tagged for the campaign (links.py)."""
        from sociable.publishing import links

        post = self.post
        if self.text:
            first = self.text
        elif self.language == Language.WELSH and post.text_cy:
            first = post.text_cy
        elif self.language == Language.BILINGUAL and post.text_cy:
            first = f"{post.text_cy}\n\n{post.text}"  # Welsh first, as the Welsh standards ask
        else:
            first = post.text
        if post.link and post.link not in first:
            first = f"{first}\n\n{post.link}" if first else post.link
        return [
            links.tag_for(post, self.channel.network, part)
            for part in (first, *[part for part in post.thread if part])
        ]

    def draft_fields(self, index: int, media: tuple) -> dict:
        """What a Draft of part `index` carries besides its text: the media on the first part,
        and on YouTube the video's title, privacy, publishing time and caption track."""
        if index:
            return {"media": ()}
        post = self.post
        if self.channel.rules.name != "youtube":
            return {"media": media}
        if post.youtube_captions:
            from sociable.networks.base import Media
            from sociable.publishing.media import caption_type

            with post.youtube_captions.open("rb") as handle:
                data = handle.read()
            media = (
                *media,
                Media(
                    filename=post.youtube_captions.name.rsplit("/", 1)[-1],
                    content_type=caption_type(post.youtube_captions.name),
                    data=data,
                    alt_text="Captions",
                ),
            )
        return {
            "media": media,
            "title": post.youtube_title,
            "privacy": post.youtube_privacy,
            "publish_at": post.youtube_publish_at,
        }

    @property
    def engagements(self) -> int | None:
        counts = [
            c for c in (self.reactions, self.comments, self.shares, self.clicks) if c is not None
        ]
        return sum(counts) if counts else None


class PublishingPause(models.Model):
    """While a pause is not lifted, nothing the organisation scheduled is published (a major
    incident, an election period): due posts wait. Each pause is kept, with who and why."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="publishing_pauses"
    )
    reason = models.CharField(max_length=300)
    paused_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    paused_at = models.DateTimeField(auto_now_add=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    lifted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-paused_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                condition=models.Q(lifted_at=None),
                name="one_pause_at_a_time",
            ),
        ]

    def __str__(self):
        return f"Publishing paused: {self.reason}"[:60]


class ContentSource(models.Model):
    """An RSS or Atom feed whose items are offered as ideas for posts."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="content_sources"
    )
    name = models.CharField(max_length=120)
    url = models.URLField(max_length=500)
    kind = models.CharField(
        max_length=20, default="own", choices=[("own", "Our news"), ("partner", "A partner")]
    )
    cursor = models.JSONField(default=dict, blank=True)
    last_checked_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "url"], name="content_source_once"),
        ]

    def __str__(self):
        return self.name


class ContentSuggestion(models.Model):
    source = models.ForeignKey(ContentSource, on_delete=models.CASCADE, related_name="suggestions")
    network_id = models.CharField(max_length=300)
    title = models.CharField(max_length=300)
    link = models.URLField(max_length=500, blank=True)
    published_at = models.DateTimeField()
    used = models.BooleanField(default=False)

    class Meta:
        ordering = ["-published_at"]
        constraints = [
            models.UniqueConstraint(fields=["source", "network_id"], name="suggestion_once"),
        ]

    def __str__(self):
        return self.title


class OrganisationAwarenessDay(models.Model):
    """An awareness day on the organisation's calendar: the shipped list, editable."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="awareness_days"
    )
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, default="day")
    rule = models.CharField(max_length=200, blank=True, help_text="The rule in words.")
    rule_machine = models.CharField(max_length=100)
    organiser = models.CharField(max_length=200, blank=True)
    source = models.CharField(max_length=500, blank=True)
    shown = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="awareness_day_once"),
        ]

    def __str__(self):
        return self.name


class AwarenessDateConfirmation(models.Model):
    """The confirmed dates of a variable awareness day in one year (set by an admin)."""

    day = models.ForeignKey(
        OrganisationAwarenessDay, on_delete=models.CASCADE, related_name="confirmations"
    )
    year = models.PositiveSmallIntegerField()
    start = models.DateField()
    end = models.DateField()
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "year"], name="awareness_confirmed_once"),
        ]

    def __str__(self):
        return f"{self.day} {self.year}"
