"""Session lifetime: an idle timeout (SESSION_COOKIE_AGE, renewed on every request) and an
absolute maximum (SESSION_ABSOLUTE_AGE) after which a new log-in is needed however busy
the session has been."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.dispatch import receiver

STARTED_KEY = "security.started_at"


@receiver(user_logged_in)
def _remember_start(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[STARTED_KEY] = int(time.time())


def expired(request) -> bool:
    started = request.session.get(STARTED_KEY)
    if started is None:
        request.session[STARTED_KEY] = int(time.time())
        return False
    return time.time() - started > settings.SESSION_ABSOLUTE_AGE


class AbsoluteSessionAgeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and expired(request):
            logout(request)
            messages.info(
                request,
                "You were logged out because your session reached its "
                "maximum length. Please log in again.",
            )
            return redirect_to_login(request.get_full_path())
        return self.get_response(request)
