from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from sociable.accounts.models import Organisation


def _months(default: int, what: str):
    return models.PositiveSmallIntegerField(
        default=default,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=f"Delete {what} older than this many months (1 to 120).",
    )


class RetentionPolicy(models.Model):
    """How long an organisation keeps each kind of data. Applied once a day by the worker."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="retention_policy"
    )
    inbound_months = _months(24, "messages people sent to your accounts")
    outbound_months = _months(24, "replies your team sent")
    mentions_months = _months(24, "listening mentions")
    audit_years = models.PositiveSmallIntegerField(
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text="Delete audit log entries older than this many years (1 to 30).",
    )
    last_run_on = models.DateField(
        null=True, blank=True, help_text="The day the rules were last applied (claimed once)."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "retention policies"

    def __str__(self):
        return f"Retention rules of {self.organisation}"

    def as_dict(self) -> dict:
        return {
            "inbound_months": self.inbound_months,
            "outbound_months": self.outbound_months,
            "mentions_months": self.mentions_months,
            "audit_years": self.audit_years,
        }
