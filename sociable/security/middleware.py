"""Admins cannot use the desk until they have enrolled an authenticator app and entered a
code in this session; members who chose to enrol must enter a code too."""

from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse

from sociable.accounts.access import PUBLIC, access_rule_of
from sociable.security import two_factor

# Pages a signed-in person may reach before the second step (the steps themselves).
SECOND_STEP_PAGES = {"two_factor_enrol", "two_factor_verify"}


def _exempt(request) -> bool:
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return True  # a 404 page reveals nothing
    return match.url_name in SECOND_STEP_PAGES or access_rule_of(match.func) == PUBLIC


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not two_factor.is_verified(request) and not _exempt(request):
            if two_factor.enrolled(user):
                return _to("two_factor_verify", request)
            if two_factor.required_for(user):
                return _to("two_factor_enrol", request)
        return self.get_response(request)


def _to(url_name: str, request):
    target = reverse(url_name)
    if request.method == "GET":
        target += "?" + urlencode({"next": request.get_full_path()})
    return redirect(target)
