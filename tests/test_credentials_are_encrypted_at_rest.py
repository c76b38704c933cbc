import pytest
from cryptography.fernet import Fernet
from django.db import connection

from sociable.channels.models import Channel
from sociable.core import crypto


def test_tokens_never_appear_in_the_database(cast):
    cast.channel.credentials = {"access_token": "very-secret-token-123"}
    cast.channel.save()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT credentials_encrypted FROM channels_channel WHERE id = %s", [cast.channel.pk]
        )
        stored = cursor.fetchone()[0]
    assert "very-secret-token-123" not in stored
    assert Channel.objects.get(pk=cast.channel.pk).credentials == {
        "access_token": "very-secret-token-123"
    }


def test_keys_rotate_without_losing_credentials(cast, settings):
    old_key, new_key = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.CREDENTIAL_KEYS = [old_key]
    cast.channel.credentials = {"access_token": "abc"}
    cast.channel.save()
    settings.CREDENTIAL_KEYS = [new_key, old_key]
    rotated = crypto.rotate(cast.channel.credentials_encrypted)
    settings.CREDENTIAL_KEYS = [new_key]
    assert crypto.decrypt(rotated) == {"access_token": "abc"}
    with pytest.raises(crypto.CredentialsUnreadable):
        crypto.decrypt(cast.channel.credentials_encrypted)
