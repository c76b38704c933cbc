"""Throttling of log-ins, second-factor codes and password-reset requests.

After too many attempts for one key (a username, an e-mail address) or from one client address
within a window, further attempts are refused (429) until the window has passed.

- Usernames and e-mail addresses are normalised as Django's log-in form normalises usernames
  (Unicode NFKC) and then case-folded, so a look-alike spelling (full-width letters, capitals,
  spaces) counts against the same key as the name it logs in as.
- Counts are rows of `security.Attempt` in the database: every web process, on every machine,
  counts the same attempts, and a restart forgets none. Only digests of the keys are stored.

django-axes was considered: it keeps one failure limit for every parameter (we need a higher
limit per client address, because a whole trust may share one), and it does not count
password-reset requests or second-factor codes, which must share the same store anyway.
"""

from __future__ import annotations

import hashlib
import time
import unicodedata

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from sociable.security.models import Attempt

# scope: (setting with the limit, setting with the window in seconds)
SCOPES = {
    "username": ("LOGIN_THROTTLE_PER_USERNAME", "LOGIN_THROTTLE_WINDOW_SECONDS"),
    "address": ("LOGIN_THROTTLE_PER_ADDRESS", "LOGIN_THROTTLE_WINDOW_SECONDS"),
    "reset-email": ("PASSWORD_RESET_THROTTLE_PER_EMAIL", "PASSWORD_RESET_THROTTLE_WINDOW_SECONDS"),
    "reset-address": (
        "PASSWORD_RESET_THROTTLE_PER_ADDRESS",
        "PASSWORD_RESET_THROTTLE_WINDOW_SECONDS",
    ),
    "enrol-link": ("ENROL_LINK_THROTTLE", "PASSWORD_RESET_THROTTLE_WINDOW_SECONDS"),
}


def normalise(value: str) -> str:
    """The form of a username or address that is counted: NFKC, case-folded, trimmed."""
    return unicodedata.normalize("NFKC", value or "").casefold().strip()


def digest(value: str) -> str:
    return hashlib.sha256(normalise(value).encode()).hexdigest()


def _limit(scope: str) -> tuple[int, int]:
    limit_name, window_name = SCOPES[scope]
    return getattr(settings, limit_name), getattr(settings, window_name)


def wait_for(checks: dict[str, str]) -> int:
    """Seconds until another attempt is allowed for every (scope: value) pair (0: now)."""
    now = time.time()
    wait = 0
    for scope, value in checks.items():
        limit, window = _limit(scope)
        recent = list(
            Attempt.objects.filter(scope=scope, key=digest(value), at__gt=now - window)
            .order_by("-at")
            .values_list("at", flat=True)[:limit]
        )
        if len(recent) >= limit:
            wait = max(wait, int(recent[-1] + window - now) + 1)
    return wait


def count(checks: dict[str, str]) -> None:
    """Count one attempt against each (scope: value) pair; forget ones past their window."""
    now = time.time()
    for scope, value in checks.items():
        _, window = _limit(scope)
        key = digest(value)
        Attempt.objects.filter(scope=scope, key=key, at__lte=now - window).delete()
        Attempt.objects.create(scope=scope, key=key, at=now)


def clear(scope: str, value: str) -> None:
    Attempt.objects.filter(scope=scope, key=digest(value)).delete()


def forget_old(now: float | None = None) -> int:
    """Delete attempts older than the longest window (run daily with retention)."""
    now = time.time() if now is None else now
    longest = max(_limit(scope)[1] for scope in SCOPES)
    deleted, _ = Attempt.objects.filter(at__lte=now - longest).delete()
    return deleted


# Log-in ------------------------------------------------------------------------------------


def blocked_for(username: str, address: str) -> int:
    """Seconds until another log-in attempt is allowed (0: allowed now)."""
    return wait_for({"username": username or "", "address": address})


def failed(username: str, address: str) -> None:
    count({"username": username or "", "address": address})


def succeeded(username: str) -> None:
    clear("username", username or "")


def client_address(request) -> str:
    """The address the request came from. Behind a reverse proxy, the proxy must pass the
    client's address in REMOTE_ADDR (e.g. gunicorn --forwarded-allow-ips with the proxy's)."""
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _username_of(credentials: dict) -> str:
    from django.contrib.auth import get_user_model

    return str((credentials or {}).get(get_user_model().USERNAME_FIELD) or "")


@receiver(user_login_failed)
def _count_failure(sender, credentials, request=None, **kwargs):
    """Every failed log-in through Django's authenticate() counts: the desk's log-in page and
    the admin's alike (both check `blocked_for` before trying the password)."""
    if request is not None:
        failed(_username_of(credentials), client_address(request))


@receiver(user_logged_in)
def _clear_on_success(sender, request, user, **kwargs):
    succeeded(user.get_username())
