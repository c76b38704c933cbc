"""`sociable rotate-credentials` re-encrypts every account's credentials, every authenticator
secret and every webhook secret under the newest key, so the old key can be dropped."""

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command

from sociable.api.models import WebhookEndpoint
from sociable.channels.models import Channel
from sociable.security import two_factor
from sociable.security.models import SecondFactor

OLD, NEW = Fernet.generate_key().decode(), Fernet.generate_key().decode()


def test_after_rotating_everything_reads_with_the_new_key_alone(cast, settings, capsys):
    settings.CREDENTIAL_KEYS = [OLD]
    for n, channel in enumerate([cast.channel, cast.maternity_channel, cast.other_channel]):
        channel.credentials = {"access_token": f"token-{n}"}
        channel.save()
    secret = two_factor.pending(cast.admin).secret
    endpoint = WebhookEndpoint(
        organisation=cast.organisation, url="https://hooks.example.org/", events=["alert.raised"]
    )
    endpoint.secret = "whsec_signing-secret"
    endpoint.save()
    settings.CREDENTIAL_KEYS = [NEW, OLD]
    call_command("rotate-credentials")
    out = capsys.readouterr().out
    assert "3 account(s), 1 authenticator secret(s) and 1 webhook secret(s)" in out
    settings.CREDENTIAL_KEYS = [NEW]
    tokens = [c.credentials["access_token"] for c in Channel.objects.order_by("pk")]
    assert tokens == ["token-0", "token-1", "token-2"]
    assert SecondFactor.objects.get(user=cast.admin).secret == secret
    assert WebhookEndpoint.objects.get(pk=endpoint.pk).secret == "whsec_signing-secret"


def test_without_the_old_key_nothing_is_changed_and_the_operator_is_told(cast, settings):
    settings.CREDENTIAL_KEYS = [OLD]
    cast.channel.credentials = {"access_token": "abc"}
    cast.channel.save()
    stored = Channel.objects.get(pk=cast.channel.pk).credentials_encrypted
    settings.CREDENTIAL_KEYS = [NEW]
    with pytest.raises(CommandError, match="cannot be read"):
        call_command("rotate-credentials")
    assert Channel.objects.get(pk=cast.channel.pk).credentials_encrypted == stored
