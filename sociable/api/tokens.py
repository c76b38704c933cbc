"""Personal API tokens: created by a member for themselves, shown once, stored as a hash.

A token reads `sociable_<prefix>_<secret>`: the prefix finds the row, the SHA-256 of the whole
token is compared in constant time. Revoked, expired, or whose user has left the organisation
or been deactivated in it: refused.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from sociable.accounts.models import Membership
from sociable.api.models import ApiToken
from sociable.api.scopes import Scope, allowed_scopes
from sociable.audit.log import record

TOKEN_START = "sociable_"  # noqa: S105 (the start every token shares, not a secret)  # nosec B105
LAST_USED_PRECISION = timedelta(minutes=1)  # last_used_at is written at most once a minute


class TokenRefused(Exception):
    """The presented token is not (or no longer) valid."""


@dataclass
class Issued:
    token: ApiToken
    plaintext: str  # shown to the member once, never stored


def _hash(plaintext: str) -> str:
    return hashlib.sha256(plaintext.encode()).hexdigest()


def issue(membership, name: str, scopes, expires_at=None) -> Issued:
    """Create a token for the member, with scopes their role can use. Raises ValueError."""
    name = (name or "").strip()
    if not name:
        raise ValueError("Name the token, so you know later what uses it.")
    chosen = sorted({str(s) for s in scopes})
    unknown = [s for s in chosen if s not in Scope.__members__.values()]
    if unknown:
        raise ValueError(f"Unknown scope: {', '.join(unknown)}.")
    if not chosen:
        raise ValueError("Choose at least one scope.")
    beyond = [s for s in chosen if s not in allowed_scopes(membership)]
    if beyond:
        raise ValueError(f"Your role cannot use: {', '.join(beyond)}.")
    if expires_at is not None and expires_at <= timezone.now():
        raise ValueError("Choose an expiry date in the future.")
    prefix = secrets.token_hex(6)
    plaintext = f"{TOKEN_START}{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        user=membership.user,
        organisation=membership.organisation,
        name=name[:100],
        scopes=chosen,
        prefix=prefix,
        secret_hash=_hash(plaintext),
        expires_at=expires_at,
    )
    record(
        membership.organisation,
        membership.user,
        "api_token.created",
        token,
        after={"scopes": chosen, "expires_at": expires_at.isoformat() if expires_at else None},
    )
    return Issued(token, plaintext)


def revoke(token: ApiToken, user) -> bool:
    """Revoke one of the user's own tokens; False if it was already revoked."""
    revoked = ApiToken.objects.filter(pk=token.pk, user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    if revoked:
        record(token.organisation, user, "api_token.revoked", token)
    return bool(revoked)


def authenticate(plaintext: str, now=None) -> tuple[ApiToken, Membership]:
    """The token and its user's current membership, or TokenRefused."""
    now = now or timezone.now()
    prefix, _, secret = plaintext.removeprefix(TOKEN_START).partition("_")
    if not plaintext.startswith(TOKEN_START) or not prefix or not secret:
        raise TokenRefused("That is not a Sociable API token.")
    token = ApiToken.objects.select_related("user", "organisation").filter(prefix=prefix).first()
    if token is None or not hmac.compare_digest(token.secret_hash, _hash(plaintext)):
        raise TokenRefused("Invalid token.")
    if token.revoked_at is not None:
        raise TokenRefused("This token has been revoked.")
    if token.expires_at is not None and token.expires_at <= now:
        raise TokenRefused("This token has expired.")
    if not token.user.is_active:
        raise TokenRefused("This token's user is no longer active.")
    membership = (
        Membership.objects.select_related("organisation", "user")
        .filter(user=token.user, organisation=token.organisation)
        .first()
    )
    if membership is not None and membership.deactivated_at is not None:
        raise TokenRefused("This token's user has been deactivated in the organisation.")
    if membership is None:
        raise TokenRefused("This token's user is no longer a member of the organisation.")
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token, membership


def tokens_of(membership):
    return ApiToken.objects.filter(user=membership.user, organisation=membership.organisation)
