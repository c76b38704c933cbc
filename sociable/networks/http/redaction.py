"""Redaction of tokens, keys and passwords in log records and in error messages.

Every log record of the network libraries is redacted as it is made (install_log_redaction, run
when the package is imported), whatever handler it reaches.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from typing import Any

REDACTED = "[redacted]"
_known_secrets: set[str] = set()
_MAX_KNOWN_SECRETS = 10_000

_SECRET_PATTERNS = [
    # Authorization header schemes
    re.compile(r"(?i)\b(Bearer|OAuth|Basic|SUBSCRIPTION_KEY|DPoP)\s+[A-Za-z0-9._~+/=\-]+"),
    # query-string and form parameters
    re.compile(
        r"(?i)\b(access_token|refresh_token|client_secret|oauth_token|oauth_signature|"
        r"oauth_consumer_key|password|app_password|api_key|subscription_key|appsecret_proof)"
        r"=[^&\s'\"]+"
    ),
    # JSON fields
    re.compile(
        r"(?i)(\"|')(accessJwt|refreshJwt|access_token|refresh_token|password|client_secret)"
        r"(\"|')\s*:\s*(\"|')[^\"']*(\"|')"
    ),
]


def remember_secrets(values: Iterable[str]) -> None:
    """Make these values (tokens, keys, passwords) disappear from every redacted text."""
    for value in values:
        if isinstance(value, str) and len(value) >= 6 and len(_known_secrets) < _MAX_KNOWN_SECRETS:
            _known_secrets.add(value)


def redact(text: Any, secrets: Iterable[str] = ()) -> str:
    """The text with known secrets and anything that looks like a credential replaced."""
    result = str(text)
    for secret in sorted({*_known_secrets, *(s for s in secrets if s)}, key=len, reverse=True):
        if len(secret) >= 4 and secret in result:
            result = result.replace(secret, REDACTED)
    for pattern in _SECRET_PATTERNS:
        result = pattern.sub(_redacted_match, result)
    return result


def _redacted_match(match: re.Match) -> str:
    text = match.group(0)
    for separator in ("=", ":", " "):
        if separator in text:
            head = text.split(separator, 1)[0]
            return f"{head}{separator}{REDACTED}" if separator != ":" else f"{head}: {REDACTED!r}"
    return REDACTED


class RedactingFilter(logging.Filter):
    """Rewrites log records so that no token, key or password reaches a log handler."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: keep the raw text, redacted
            message = str(record.msg)
        cleaned = redact(message)
        if cleaned != message or record.args:
            record.msg = cleaned
            record.args = ()
        return True


# Libraries that log request headers, URLs or OAuth parameters at debug level.
_REDACTED_LOGGERS = (
    "sociable",
    "httpx",
    "httpcore",
    "tweepy",
    "requests",
    "requests_oauthlib",
    "oauthlib",
    "urllib3",
    "mastodon",
    "atproto",
    "atproto_client",
    "atproto_core",
    "feedparser",
)
_filter = RedactingFilter()
_installed = False


def install_log_redaction() -> None:
    """Redact every log record of the network libraries as it is made, whatever its handler."""
    global _installed
    if _installed:
        return
    previous = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        if record.name.startswith(_REDACTED_LOGGERS):
            _filter.filter(record)
        return record

    logging.setLogRecordFactory(factory)
    _installed = True


install_log_redaction()
