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


class Post(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="posts")
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="posts"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="posts"
    )
    text = models.TextField()
    status = models.CharField(max_length=20, choices=PostStatus.choices, default=PostStatus.DRAFT)
    scheduled_at = models.DateTimeField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.text[:60]


class TargetStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    PUBLISHING = "publishing", "Publishing"
    PUBLISHED = "published", "Published"
    FAILED = "failed", "Failed"
    HELD = "held", "Held"


class PostTarget(models.Model):
    """One post on one channel, with its own text variant and publishing state."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="targets")
    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="post_targets")
    text = models.TextField(blank=True, help_text="This network's variant; blank uses the post.")
    status = models.CharField(
        max_length=20, choices=TargetStatus.choices, default=TargetStatus.SCHEDULED
    )
    network_post_id = models.CharField(max_length=200, blank=True)
    url = models.URLField(max_length=500, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "channel"], name="one_target_per_channel"),
        ]

    def __str__(self):
        return f"{self.post} → {self.channel}"
