"""Login throttling: after too many failed attempts for one username, or from one address,
within a window, further attempts are refused (429) until the window has passed.

Counts live in Django's cache (Redis in a multi-machine deployment, so every web process sees
the same counts; the local-memory default suits the single-machine mode).
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache


def clock() -> float:
    """The clock (tests move it)."""
    return time.time()


def _key(kind: str, value: str) -> str:
    digest = hashlib.sha256(value.strip().lower().encode()).hexdigest()[:32]
    return f"security:failures:{kind}:{digest}"


def _limits() -> dict[str, int]:
    return {
        "username": settings.LOGIN_THROTTLE_PER_USERNAME,
        "address": settings.LOGIN_THROTTLE_PER_ADDRESS,
    }


def _keys(username: str, address: str) -> dict[str, str]:
    return {"username": _key("username", username or ""), "address": _key("address", address)}


def _recent(key: str, now: float) -> list[float]:
    window = settings.LOGIN_THROTTLE_WINDOW_SECONDS
    return [at for at in cache.get(key, []) if at > now - window]


def blocked_for(username: str, address: str) -> int:
    """Seconds until another attempt is allowed (0: allowed now)."""
    now = clock()
    window = settings.LOGIN_THROTTLE_WINDOW_SECONDS
    wait = 0
    for kind, key in _keys(username, address).items():
        failures = _recent(key, now)
        if len(failures) >= _limits()[kind]:
            wait = max(wait, int(failures[-_limits()[kind]] + window - now) + 1)
    return wait


def failed(username: str, address: str) -> None:
    now = clock()
    for key in _keys(username, address).values():
        cache.set(key, [*_recent(key, now), now], timeout=settings.LOGIN_THROTTLE_WINDOW_SECONDS)


def succeeded(username: str) -> None:
    cache.delete(_key("username", username or ""))


def client_address(request) -> str:
    """The address the request came from. Behind a reverse proxy, the proxy must pass the
    client's address in REMOTE_ADDR (e.g. gunicorn --forwarded-allow-ips with the proxy's)."""
    return request.META.get("REMOTE_ADDR", "") or "unknown"
