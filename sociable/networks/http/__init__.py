"""All outbound HTTP of the network adapters goes through this package.

It gives every adapter the same behaviour:

- a deadline on every request as a whole and a maximum body size (the body is streamed and
  reading stops at the limit): both end in a NetworkError (guard);
- an SSRF guard at the socket: every address a host name resolves to is checked once and the
  connection is made to the address that was checked; redirects are followed by httpx (GET
  only) and every hop goes through the same guarded transport (guard);
- bounded retries with backoff for reads only, decided in one place (retry);
- redaction of tokens and keys in log records and in error messages (redaction);
- one mapping from HTTP status to NetworkError (errors).

httpx-based adapters use HttpClient (client). Adapters built on requests-based libraries
(Mastodon.py, tweepy) get a guarded requests.Session from requests_session() (session); atproto
gets guarded_transport().
"""

from collections.abc import Mapping
from typing import Any

from sociable.networks.http.client import HttpClient, log
from sociable.networks.http.errors import (
    connection_error,
    error_detail,
    error_for_status,
    malformed_error,
    retry_after_from,
    timeout_error,
    too_large_error,
)
from sociable.networks.http.guard import (
    ALLOW_PRIVATE_ENV,
    GuardedTransport,
    PinnedBackend,
    _allowed_private_hosts,
    _is_public,
    checked_addresses,
    guard_url,
    guarded_transport,
)
from sociable.networks.http.limits import (
    DEFAULT_DEADLINE,
    DEFAULT_RETRIES,
    DEFAULT_TIMEOUT,
    MAX_BODY_BYTES,
    MAX_REDIRECTS,
    USER_AGENT,
)
from sociable.networks.http.redaction import (
    REDACTED,
    RedactingFilter,
    install_log_redaction,
    redact,
    remember_secrets,
)
from sociable.networks.http.retry import RetryPolicy, retrying
from sociable.networks.http.session import requests_session


def client_for(
    network: str, base_url: str, options: Mapping[str, Any], **kwargs: Any
) -> HttpClient:
    """An HttpClient configured from an adapter's options (timeout, deadline, max_bytes,
    retries, retry_backoff); what they leave out is this package's default, read when called."""
    policy = RetryPolicy.from_options(options)
    return HttpClient(
        network=network,
        base_url=base_url,
        timeout=float(options.get("timeout", DEFAULT_TIMEOUT)),
        deadline=float(options.get("deadline", DEFAULT_DEADLINE)),
        max_bytes=int(options.get("max_bytes", MAX_BODY_BYTES)),
        retries=policy.retries,
        backoff=policy.backoff,
        **kwargs,
    )


__all__ = [
    "ALLOW_PRIVATE_ENV",
    "DEFAULT_DEADLINE",
    "DEFAULT_RETRIES",
    "DEFAULT_TIMEOUT",
    "MAX_BODY_BYTES",
    "MAX_REDIRECTS",
    "REDACTED",
    "USER_AGENT",
    "GuardedTransport",
    "HttpClient",
    "PinnedBackend",
    "RedactingFilter",
    "RetryPolicy",
    "_allowed_private_hosts",
    "_is_public",
    "checked_addresses",
    "client_for",
    "connection_error",
    "error_detail",
    "error_for_status",
    "guard_url",
    "guarded_transport",
    "install_log_redaction",
    "log",
    "malformed_error",
    "redact",
    "remember_secrets",
    "requests_session",
    "retry_after_from",
    "retrying",
    "timeout_error",
    "too_large_error",
]
