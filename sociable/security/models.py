from django.conf import settings
from django.db import models

from sociable.core import crypto


class SecondFactor(models.Model):
    """A member's authenticator app (TOTP, RFC 6238). The secret is encrypted at rest with the
    same keys as network credentials, so `sociable rotate-credentials` re-encrypts it too."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="second_factor"
    )
    secret_encrypted = models.TextField(editable=False)
    confirmed_at = models.DateTimeField(
        null=True, blank=True, help_text="Empty until the member proves the app works."
    )
    last_step = models.BigIntegerField(
        null=True, blank=True, help_text="The newest 30-second step accepted: a code works once."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"Authenticator app of {self.user}"

    @property
    def secret(self) -> str:
        return crypto.decrypt(self.secret_encrypted).get("secret", "")

    @secret.setter
    def secret(self, value: str) -> None:
        self.secret_encrypted = crypto.encrypt({"secret": value})


class RecoveryCode(models.Model):
    """A single-use code for when the authenticator app is lost. Only its hash is kept."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recovery_codes"
    )
    code_hash = models.CharField(max_length=64, db_index=True)
    used_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"Recovery code of {self.user}"


class Attempt(models.Model):
    """One counted attempt (a failed log-in, a wrong code, a password-reset request) against one
    key: a digest of the normalised username, e-mail address or client address. Kept in the
    database so that every web process counts the same attempts and a restart forgets none."""

    scope = models.CharField(max_length=40)
    key = models.CharField(max_length=64)
    at = models.FloatField(help_text="Seconds since the epoch.")

    class Meta:
        indexes = [models.Index(fields=["scope", "key", "at"], name="attempt_scope_key_at")]

    def __str__(self):
        return f"{self.scope} at {self.at:.0f}"
