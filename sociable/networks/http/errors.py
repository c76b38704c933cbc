"""One mapping from an HTTP answer (or its absence) to NetworkError.

401 (and 403 meaning "not authorised") ask for the account to be reconnected, 429 carries
retry_after from Retry-After or the rate-limit reset headers, 5xx and timeouts are transient,
other 4xx are permanent, and a body that is not the JSON that was promised is transient with a
message that says so.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from sociable.networks.base import NetworkError
from sociable.networks.http.redaction import redact


def retry_after_from(headers: Mapping[str, str] | None, now: float | None = None) -> float | None:
    """Seconds to wait, from Retry-After or the rate-limit reset headers networks send."""
    if not headers:
        return None
    lower = {k.lower(): v for k, v in headers.items()}
    now = time.time() if now is None else now
    value = lower.get("retry-after")
    if value:
        value = value.strip()
        if re.fullmatch(r"\d+(\.\d+)?", value):
            return max(0.0, float(value))
        try:
            when = parsedate_to_datetime(value)
            return max(0.0, when.timestamp() - now)
        except (TypeError, ValueError):
            pass
    for name in ("x-rate-limit-reset", "x-ratelimit-reset", "ratelimit-reset"):
        value = lower.get(name)
        if not value:
            continue
        value = value.strip()
        if re.fullmatch(r"\d+(\.\d+)?", value):
            number = float(value)
            # An epoch timestamp (X, Bluesky), or seconds from now (IETF draft RateLimit).
            return max(0.0, number - now) if number > 1_000_000_000 else number
        try:
            when = datetime.fromisoformat(value.replace("Z", "+00:00"))
            if when.tzinfo is None:
                when = when.replace(tzinfo=UTC)
            return max(0.0, when.timestamp() - now)
        except ValueError:
            continue
    return None


def error_for_status(
    status: int,
    *,
    network: str,
    detail: str = "",
    headers: Mapping[str, str] | None = None,
    forbidden_means_reconnect: bool = True,
    secrets: Iterable[str] = (),
) -> NetworkError:
    """The NetworkError that an HTTP error status means."""
    detail = redact(detail, secrets).strip()
    if len(detail) > 300:
        detail = detail[:300] + "…"
    suffix = f": {detail}" if detail else "."
    if status == 401 or (status == 403 and forbidden_means_reconnect):
        return NetworkError(
            f"{network} no longer accepts this account's credentials (HTTP {status}){suffix}",
            reconnect=True,
            status=status,
        )
    if status == 429:
        return NetworkError(
            f"{network} is rate limiting this account (HTTP 429){suffix}",
            retry_after=retry_after_from(headers),
            status=status,
        )
    if status in (408, 425) or status >= 500:
        return NetworkError(
            f"{network} had a temporary problem (HTTP {status}){suffix}",
            retry_after=retry_after_from(headers),
            status=status,
        )
    return NetworkError(
        f"{network} refused the request (HTTP {status}){suffix}", permanent=True, status=status
    )


def timeout_error(network: str) -> NetworkError:
    return NetworkError(f"{network} did not answer in time; it can be tried again later.")


def connection_error(network: str, exc: BaseException, secrets: Iterable[str] = ()) -> NetworkError:
    return NetworkError(f"{network} could not be reached: {redact(type(exc).__name__, secrets)}.")


def malformed_error(network: str) -> NetworkError:
    return NetworkError(
        f"{network} sent a response that is not the JSON its API promises; "
        "it is probably a temporary fault and can be tried again."
    )


def error_detail(body: bytes | str) -> str:
    """A short human description from a JSON error body, if there is one."""
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    try:
        data = json.loads(text)
    except ValueError:
        return ""
    return _describe(data)[:300]


def _describe(data: Any) -> str:
    if isinstance(data, str):
        return data
    if isinstance(data, list) and data:
        return _describe(data[0])
    if isinstance(data, dict):
        for key in ("error_description", "message", "detail", "title", "error", "errors"):
            if key in data and data[key]:
                return _describe(data[key])
    return ""


def too_large_error(network: str, limit: int) -> NetworkError:
    return NetworkError(
        f"{network} sent an answer larger than {limit // (1024 * 1024)} MB; it was not read.",
        permanent=True,
    )
