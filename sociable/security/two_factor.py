"""Two-factor authentication: TOTP (an authenticator app) and single-use recovery codes.

Admins (of any organisation) and the server's superusers must use a second factor; every other
member may. A session counts as verified once the member has entered a code in it.
"""

import base64
import hashlib
import hmac
import secrets
import time

import pyotp
import qrcode
import qrcode.image.svg
from django.core import signing
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import salted_hmac

from sociable.accounts import access
from sociable.security.models import RecoveryCode, SecondFactor

ISSUER = "Sociable"
RECOVERY_CODE_COUNT = 10
SESSION_KEY = "security.second_factor_user"
STEP_SECONDS = 30
DRIFT_STEPS = 1  # accept the previous and the next 30-second code too (clock drift)


def required_for(user) -> bool:
    """Whether this person may not use the desk without a second factor."""
    return bool(user.is_superuser) or access.admin_anywhere(user)


def enrolled(user) -> bool:
    return SecondFactor.objects.filter(user=user, confirmed_at__isnull=False).exists()


def is_verified(request) -> bool:
    return request.session.get(SESSION_KEY) == str(request.user.pk)


def mark_verified(request) -> None:
    # A new session key, so a session id seen before the second step is worth nothing after it.
    request.session.cycle_key()
    request.session[SESSION_KEY] = str(request.user.pk)


# Enrolment ---------------------------------------------------------------------------------
#
# Someone who must use a second factor and has none yet could otherwise be taken over with the
# password alone: whoever signs in first enrols their own app. So they enrol only after opening
# a link sent to the e-mail address on their account (valid for an hour, for this person and
# this password); the link unlocks enrolment in the session that opens it.

ENROL_LINK_SALT = "sociable.security.enrol-link"
ENROL_LINK_SECONDS = 60 * 60
ENROL_UNLOCKED_KEY = "security.enrol_unlocked"


def needs_enrol_link(user) -> bool:
    return required_for(user) and not enrolled(user)


def enrol_link_token(user) -> str:
    return signing.dumps({"u": user.pk, "p": _password_mark(user)}, salt=ENROL_LINK_SALT)


def open_enrol_link(request, token: str) -> bool:
    """Unlock enrolment in this session if `token` is a live link for the signed-in person."""
    try:
        data = signing.loads(token, salt=ENROL_LINK_SALT, max_age=ENROL_LINK_SECONDS)
    except signing.BadSignature:
        return False
    user = request.user
    if data.get("u") != user.pk or data.get("p") != _password_mark(user):
        return False
    request.session[ENROL_UNLOCKED_KEY] = str(user.pk)
    return True


def enrolment_unlocked(request) -> bool:
    if not needs_enrol_link(request.user):
        return True
    return request.session.get(ENROL_UNLOCKED_KEY) == str(request.user.pk)


def _password_mark(user) -> str:
    # A new password makes links sent before it worthless.
    return salted_hmac(ENROL_LINK_SALT, user.password).hexdigest()[:16]


def pending(user) -> SecondFactor:
    """The unconfirmed authenticator for this person (made with a fresh secret if need be)."""
    factor = SecondFactor.objects.filter(user=user).first()
    if factor is None:
        factor = SecondFactor(user=user)
        factor.secret = pyotp.random_base32()
        factor.save()
    return factor


def provisioning_uri(user, factor: SecondFactor) -> str:
    return pyotp.TOTP(factor.secret).provisioning_uri(name=user.get_username(), issuer_name=ISSUER)


def qr_image(text: str) -> str:
    """A QR code of `text` as a data: URI (an SVG made here: no request leaves the server)."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    return "data:image/svg+xml;base64," + base64.b64encode(image.to_string()).decode()


def confirm(user, code: str) -> list[str] | None:
    """Confirm enrolment with a first code from the app; returns new recovery codes, or None
    when the code is wrong."""
    factor = SecondFactor.objects.filter(user=user, confirmed_at__isnull=True).first()
    if factor is None or not _accept_totp(factor, code):
        return None
    SecondFactor.objects.filter(pk=factor.pk).update(confirmed_at=timezone.now())
    return new_recovery_codes(user)


def disable(user) -> None:
    with transaction.atomic():
        SecondFactor.objects.filter(user=user).delete()
        RecoveryCode.objects.filter(user=user).delete()


# Verification ------------------------------------------------------------------------------


def verify(user, code: str) -> str | None:
    """Check a code from the app, or a recovery code. Returns "app" or "recovery_code" for
    the kind that matched (each is accepted once), or None."""
    factor = SecondFactor.objects.filter(user=user, confirmed_at__isnull=False).first()
    if factor is None:
        return None
    cleaned = _clean(code)
    if cleaned.isdigit() and len(cleaned) == 6:
        return "app" if _accept_totp(factor, cleaned) else None
    return "recovery_code" if _use_recovery_code(user, cleaned) else None


def _accept_totp(factor: SecondFactor, code: str) -> bool:
    code = _clean(code)
    if not (code.isdigit() and len(code) == 6):
        return False
    totp = pyotp.TOTP(factor.secret)
    now_step = int(time.time()) // STEP_SECONDS
    for step in range(now_step - DRIFT_STEPS, now_step + DRIFT_STEPS + 1):
        if hmac.compare_digest(totp.at(step * STEP_SECONDS), code):
            # Claim the step: a code (or an older one) already used is refused.
            claimed = (
                SecondFactor.objects.filter(pk=factor.pk)
                .filter(Q(last_step__isnull=True) | Q(last_step__lt=step))
                .update(last_step=step)
            )
            return claimed == 1
    return False


# Recovery codes ----------------------------------------------------------------------------


def new_recovery_codes(user) -> list[str]:
    """Replace this person's recovery codes; the plain codes are shown once and not kept."""
    codes = [_format(secrets.token_hex(5)) for _ in range(RECOVERY_CODE_COUNT)]
    with transaction.atomic():
        RecoveryCode.objects.filter(user=user).delete()
        RecoveryCode.objects.bulk_create(
            RecoveryCode(user=user, code_hash=_hash(code)) for code in codes
        )
    return codes


def recovery_codes_left(user) -> int:
    return RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()


def _use_recovery_code(user, code: str) -> bool:
    if len(code) != 10:
        return False
    return (
        RecoveryCode.objects.filter(user=user, code_hash=_hash(code), used_at__isnull=True).update(
            used_at=timezone.now()
        )
        == 1
    )


def _format(code: str) -> str:
    return f"{code[:5]}-{code[5:]}"


def _clean(code: str) -> str:
    return "".join(ch for ch in (code or "").lower() if ch.isalnum())


def _hash(code: str) -> str:
    # Recovery codes are 40 random bits each, tried under the login throttle: a plain digest
    # keeps them unreadable at rest without a slow hash per attempt.
    return hashlib.sha256(_clean(code).encode()).hexdigest()


def rotate_secrets(rotate) -> int:
    """Re-encrypt every authenticator secret with `rotate` (core.crypto.rotate)."""
    count = 0
    for factor in SecondFactor.objects.only("pk", "secret_encrypted").iterator():
        SecondFactor.objects.filter(pk=factor.pk).update(
            secret_encrypted=rotate(factor.secret_encrypted)
        )
        count += 1
    return count
