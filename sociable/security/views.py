"""Log in (throttled), then the second step: enrol an authenticator app, verify a code,
manage recovery codes."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.mail import send_mail
from django.shortcuts import redirect, render, resolve_url
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_POST

from sociable.accounts.access import signed_in
from sociable.audit.log import record
from sociable.security import throttle, two_factor
from sociable.security.forms import AppCodeForm, CodeForm

TOO_MANY = (
    "Too many failed attempts. For your security, please wait {minutes} before trying "
    "again, or reset your password if you have forgotten it."
)
NEXT_KEY = "security.enrol_next"
RESET_TOO_MANY = (
    "Several reset links have been asked for already. Please check your e-mail, "
    "including junk mail, or wait {minutes} before asking again."
)


def _minutes(seconds: int) -> str:
    minutes = max(1, (seconds + 59) // 60)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def _refused(form, wait: int):
    """`form` (unbound: nothing in the attempt is checked) carrying only the refusal."""
    form.errors  # noqa: B018 (an unbound form's errors start empty)
    form.cleaned_data = {}
    form.add_error(None, TOO_MANY.format(minutes=_minutes(wait)))
    return form


class ThrottledLoginView(auth_views.LoginView):
    """Django's log-in page, refusing further attempts (429) after too many failures."""

    def post(self, request, *args, **kwargs):
        wait = throttle.blocked_for(
            request.POST.get("username", ""), throttle.client_address(request)
        )
        if wait:
            form = _refused(self.get_form_class()(request=request), wait)
            response = self.render_to_response(self.get_context_data(form=form), status=429)
            response.headers["Retry-After"] = str(wait)
            return response
        return super().post(request, *args, **kwargs)

    # Failures and successes are counted by signals from authenticate() (throttle.py), so the
    # admin's log-in page counts into the same store.


def admin_login(request, extra_context=None):
    """The Django admin's log-in page, under the same throttle as the desk's."""
    from django.contrib import admin

    if request.method == "POST":
        wait = throttle.blocked_for(
            request.POST.get("username", ""), throttle.client_address(request)
        )
        if wait:
            return _too_many(request, wait)
    return admin.site.login(request, extra_context)


def _too_many(request, wait: int):
    response = render(
        request,
        "security/too_many.html",
        {"message": TOO_MANY.format(minutes=_minutes(wait))},
        status=429,
    )
    response.headers["Retry-After"] = str(wait)
    return response


class ThrottledPasswordResetView(auth_views.PasswordResetView):
    """Django's password-reset page, sending at most a few e-mails per address and per client
    within a window: further requests are refused (429) whether or not the address is known."""

    def post(self, request, *args, **kwargs):
        checks = {
            "reset-email": request.POST.get("email", "")[:254],
            "reset-address": throttle.client_address(request),
        }
        wait = throttle.wait_for(checks)
        if wait:
            form = self.get_form_class()()
            form.errors  # noqa: B018 (an unbound form's errors start empty)
            form.cleaned_data = {}
            form.add_error(None, RESET_TOO_MANY.format(minutes=_minutes(wait)))
            response = self.render_to_response(self.get_context_data(form=form), status=429)
            response.headers["Retry-After"] = str(wait)
            return response
        throttle.count(checks)
        return super().post(request, *args, **kwargs)


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _audit(request, verb: str) -> None:
    membership = request.membership
    if membership:
        record(
            membership.organisation,
            request.user,
            verb,
            request.user,
            label=request.user.get_username(),
        )


@signed_in
def overview(request):
    user = request.user
    return render(
        request,
        "security/two_factor.html",
        {
            "enrolled": two_factor.enrolled(user),
            "required": two_factor.required_for(user),
            "codes_left": two_factor.recovery_codes_left(user),
        },
    )


@signed_in
def enrol(request):
    user = request.user
    if two_factor.enrolled(user):
        return redirect("two_factor")
    if request.GET.get("link"):
        if two_factor.open_enrol_link(request, request.GET["link"][:500]):
            _audit(request, "security.enrol_link_opened")
        else:
            messages.error(
                request,
                "That link has expired or is not for this account. Ask for a new one below.",
            )
        target = reverse("two_factor_enrol")
        after = request.session.get(NEXT_KEY)
        return redirect(f"{target}?{urlencode({'next': after})}" if after else target)
    if not two_factor.enrolment_unlocked(request):
        return _enrol_by_email(request)
    factor = two_factor.pending(user)
    form = AppCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = two_factor.confirm(user, form.cleaned_data["code"])
        if codes is not None:
            two_factor.mark_verified(request)
            _audit(request, "security.two_factor_enrolled")
            return render(
                request, "security/recovery_codes.html", {"codes": codes, "next": _next(request)}
            )
        form.add_error(
            "code",
            "That code did not match. Check the app shows Sociable and enter the newest code.",
        )
    uri = two_factor.provisioning_uri(user, factor)
    return render(
        request,
        "security/enrol.html",
        {
            "form": form,
            "secret": factor.secret,
            "qr_image": two_factor.qr_image(uri),
            "required": two_factor.required_for(user),
            "next": _next(request),
        },
    )


def _enrol_by_email(request):
    """Admins set up two-step verification only after opening a link sent to their e-mail
    address: a password alone must not be enough to attach someone else's app."""
    user = request.user
    status, sent = 200, False
    if request.GET.get("next") or request.POST.get("next") or NEXT_KEY not in request.session:
        request.session[NEXT_KEY] = _next(request)  # where to go once enrolled
    if request.method == "POST" and user.email:
        checks = {"enrol-link": str(user.pk)}
        wait = throttle.wait_for(checks)
        if wait:
            messages.error(
                request,
                "Several links have been sent already. Please check your "
                f"e-mail, or wait {_minutes(wait)} before asking again.",
            )
            status = 429
        else:
            throttle.count(checks)
            link = f"{settings.SITE_URL}{reverse('two_factor_enrol')}?" + urlencode(
                {"link": two_factor.enrol_link_token(user)}
            )
            send_mail(
                "[Sociable] Set up two-step verification",
                render_to_string(
                    "security/enrol_link_email.txt",
                    {"user": user, "link": link, "minutes": two_factor.ENROL_LINK_SECONDS // 60},
                ),
                None,
                [user.email],
            )
            _audit(request, "security.enrol_link_sent")
            sent = True
    return render(
        request,
        "security/enrol_by_email.html",
        {
            "email": _masked(user.email),
            "has_email": bool(user.email),
            "sent": sent,
            "next": request.session[NEXT_KEY],
        },
        status=status,
    )


def _masked(address: str) -> str:
    local, _, domain = (address or "").partition("@")
    return f"{local[:1]}•••@{domain}" if domain else ""


@signed_in
def verify(request):
    user = request.user
    if not two_factor.enrolled(user):
        return redirect("two_factor_enrol")
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        key, address = f"second-factor:{user.pk}", throttle.client_address(request)
        wait = throttle.blocked_for(key, address)
        if wait:
            form = _refused(CodeForm(), wait)
            status = 429
        elif form.is_valid():
            kind = two_factor.verify(user, form.cleaned_data["code"])
            if kind:
                throttle.succeeded(key)
                two_factor.mark_verified(request)
                if kind == "recovery_code":
                    _audit(request, "security.recovery_code_used")
                    left = two_factor.recovery_codes_left(user)
                    messages.warning(
                        request,
                        f"You used a recovery code: {left} left. "
                        "Make new ones in Two-step verification.",
                    )
                return redirect(_next(request))
            throttle.failed(key, address)
            form.add_error(
                "code",
                "That code is not right, or was already used. Enter the "
                "newest code from your app, or an unused recovery code.",
            )
    return render(
        request, "security/verify.html", {"form": form, "next": _next(request)}, status=status
    )


@signed_in
@require_POST
def recovery_codes(request):
    if not two_factor.enrolled(request.user):
        return redirect("two_factor")
    codes = two_factor.new_recovery_codes(request.user)
    _audit(request, "security.recovery_codes_replaced")
    return render(
        request,
        "security/recovery_codes.html",
        {"codes": codes, "next": resolve_url(settings.LOGIN_REDIRECT_URL)},
    )


@signed_in
@require_POST
def disable(request):
    if two_factor.required_for(request.user):
        messages.error(request, "Admins must keep two-step verification on.")
        return redirect("two_factor")
    two_factor.disable(request.user)
    _audit(request, "security.two_factor_disabled")
    messages.success(request, "Two-step verification is off.")
    return redirect("two_factor")
