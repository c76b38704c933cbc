"""The adapter for a connected account: the one place that builds it from the channel."""

from sociable.channels.crypto import CredentialsUnreadable
from sociable.networks.base import NetworkError
from sociable.networks.registry import adapter_for


def adapter_of(channel):
    try:
        credentials = channel.credentials
    except CredentialsUnreadable as error:
        raise NetworkError(str(error), reconnect=True) from error
    return adapter_for(channel.network, credentials, channel.options)
