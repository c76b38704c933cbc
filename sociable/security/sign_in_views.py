"""The public pages for signing in and out and resetting a password (throttled, see views.py),
each marked public for the access rules."""

from django.contrib.auth import views as auth_views

from sociable.accounts.access import public
from sociable.security.views import ThrottledLoginView, ThrottledPasswordResetView
from sociable.security.views import admin_login as _admin_login


def _public_view(view_class, **kwargs):
    view = view_class.as_view(**kwargs)
    view.access_rule = "public"
    return view


login = _public_view(ThrottledLoginView, redirect_authenticated_user=True)
logout = _public_view(auth_views.LogoutView)
password_reset = _public_view(ThrottledPasswordResetView)
password_reset_done = _public_view(auth_views.PasswordResetDoneView)
password_reset_confirm = _public_view(auth_views.PasswordResetConfirmView)
password_reset_complete = _public_view(auth_views.PasswordResetCompleteView)


@public
def admin_login(request):
    return _admin_login(request)
