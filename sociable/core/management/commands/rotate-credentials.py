"""`sociable rotate-credentials`: re-encrypt every stored secret under the newest key.

To rotate: put a new key first in SOCIABLE_CREDENTIAL_KEYS (keeping the old one after it),
run this command, then drop the old key. Channel credentials, developer apps' client secrets,
authenticator-app secrets and webhook secrets are encrypted with these keys; all are re-encrypted.
"""

from cryptography.fernet import InvalidToken
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from sociable.channels.models import Channel, DeveloperApp, MastodonApp
from sociable.core import crypto


class Command(BaseCommand):
    help = "Re-encrypt network credentials, authenticator and webhook secrets under the newest key."

    def handle(self, *args, **options):
        from sociable.api.webhooks import rotate_secrets as rotate_webhook_secrets
        from sociable.security.two_factor import rotate_secrets

        try:
            with transaction.atomic():
                channels = 0
                for channel in Channel.objects.only("pk", "credentials_encrypted").iterator():
                    if channel.credentials_encrypted:
                        Channel.objects.filter(pk=channel.pk).update(
                            credentials_encrypted=crypto.rotate(channel.credentials_encrypted)
                        )
                        channels += 1
                for model in (DeveloperApp, MastodonApp):  # developer apps' client secrets
                    for app in model.objects.only("pk", "secret_encrypted").iterator():
                        if app.secret_encrypted:
                            model.objects.filter(pk=app.pk).update(
                                secret_encrypted=crypto.rotate(app.secret_encrypted)
                            )
                secrets = rotate_secrets(crypto.rotate)
                webhooks = rotate_webhook_secrets(crypto.rotate)
        except InvalidToken:
            raise CommandError(
                "Some credentials cannot be read with the configured keys: keep every key "
                "still in use in SOCIABLE_CREDENTIAL_KEYS (newest first) and run this again. "
                "Nothing was changed."
            ) from None
        self.stdout.write(
            f"Re-encrypted the credentials of {channels} account(s), "
            f"{secrets} authenticator secret(s) and {webhooks} webhook secret(s) "
            "under the newest key."
        )
