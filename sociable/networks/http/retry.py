"""The one retry policy of outbound requests.

Only reads are retried: an HTTP GET, or a library call the adapter knows to be read-only. A POST
is never repeated here (the publisher decides whether a post may be tried again). A failure is
retried when it is transient: not permanent, not a rate limit (429) and with no Retry-After the
network asked for; the pauses grow exponentially and a retry that would pass the call's deadline
is not started.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from sociable.networks.base import NetworkError
from sociable.networks.http.limits import DEFAULT_RETRIES

T = TypeVar("T")

RETRIED_METHODS = frozenset({"GET"})
DEFAULT_BACKOFF = 0.5


@dataclass(frozen=True)
class RetryPolicy:
    """At most `retries` retries after the first attempt, pausing backoff, 2×backoff, 4×…"""

    retries: int = DEFAULT_RETRIES
    backoff: float = DEFAULT_BACKOFF

    @classmethod
    def from_options(cls, options: Mapping[str, Any] | None) -> RetryPolicy:
        """From an adapter's options: retries (default 2), retry_backoff (seconds)."""
        options = options or {}
        return cls(
            retries=max(0, int(options.get("retries", DEFAULT_RETRIES))),
            backoff=float(options.get("retry_backoff", DEFAULT_BACKOFF)),
        )

    def for_method(self, method: str) -> RetryPolicy:
        """This policy for an HTTP method: unchanged for a GET, no retry for anything else."""
        return self if method.upper() in RETRIED_METHODS else RetryPolicy(0, self.backoff)

    @staticmethod
    def retryable(error: NetworkError) -> bool:
        return not (error.permanent or error.status == 429 or error.retry_after)

    def pause(self, retry: int) -> float:
        """Seconds to wait before retry number `retry` (1 for the first)."""
        return self.backoff * (2 ** (retry - 1))

    def run(self, call: Callable[[], T], *, deadline: float | None = None) -> T:
        """The result of `call`, tried again on transient NetworkErrors; `deadline`
        (time.monotonic()) is when the whole call must end, pauses included."""
        last_error: NetworkError | None = None
        for attempt in range(self.retries + 1):
            if attempt:
                pause = self.pause(attempt)
                if deadline is not None and time.monotonic() + pause >= deadline:
                    break
                time.sleep(pause)
            try:
                return call()
            except NetworkError as exc:
                if not self.retryable(exc):
                    raise
                last_error = exc
        assert last_error is not None
        raise last_error


def retrying(call: Callable[[], T], options: Mapping[str, Any] | None = None) -> T:
    """Run a read-only library call under the retry policy of the adapter's options."""
    return RetryPolicy.from_options(options).run(call)
