"""Encryption of credentials and secrets at rest with this server's keys: `CREDENTIAL_KEYS`
(newest first, for rotation), or else a key derived from `SECRET_KEY`. The encryption itself is
`sociable.lib.crypto`; this module only reads the settings."""

from cryptography.fernet import MultiFernet
from django.conf import settings

from sociable.lib import crypto
from sociable.lib.crypto import CredentialsUnreadable

__all__ = ["CredentialsUnreadable", "decrypt", "encrypt", "rotate"]


def _keyring() -> MultiFernet:
    return crypto.keyring(settings.CREDENTIAL_KEYS, settings.SECRET_KEY)


def encrypt(data: dict) -> str:
    return crypto.encrypt(_keyring(), data)


def decrypt(token: str) -> dict:
    return crypto.decrypt(_keyring(), token)


def rotate(token: str) -> str:
    """Re-encrypt a token under the newest key."""
    return crypto.rotate(_keyring(), token)
