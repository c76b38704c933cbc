from django.conf import settings
from django.db import models

from sociable.accounts.models import Organisation


class AppendOnly(Exception):
    """The audit log is append-only: events are never changed or deleted in the application."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnly("Audit events cannot be changed.")

    def delete(self):
        raise AppendOnly("Audit events cannot be deleted.")


class AuditEvent(models.Model):
    """Who did what, when, to which object, with the state before and after."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="audit_events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField(max_length=200, help_text="Kept if the user is removed.")
    verb = models.CharField(max_length=80, db_index=True)
    object_type = models.CharField(max_length=80)
    object_id = models.CharField(max_length=64)
    object_label = models.CharField(max_length=300, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["organisation", "object_type", "object_id"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.verb} {self.object_label}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnly("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("Audit events cannot be deleted.")

    @property
    def what(self) -> str:
        from sociable.audit.words import describe

        return describe(self.verb)

    @property
    def who(self) -> str:
        from sociable.audit.words import who

        return who(self.actor_label)

    @property
    def about(self) -> str:
        """The object in words: its label, or its kind and number when it has none."""
        from sociable.audit.words import noun

        if self.object_label:
            return self.object_label
        kind = noun(self.object_type)
        return f"{kind} {self.object_id}".strip() if kind else ""

    @property
    def kind(self) -> str:
        from sociable.audit.words import noun

        return noun(self.object_type)
