from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render

from sociable.accounts.access import Capability, public, requires
from sociable.channels.models import Channel


@requires(Capability.VIEW_SETTINGS)
def settings_page(request):
    organisation = request.membership.organisation
    return render(request, "settings/settings.html", {
        "teams": organisation.teams.prefetch_related("members__user"),
        "memberships": organisation.memberships.select_related("user").prefetch_related("teams"),
        "channels": Channel.objects.filter(organisation=organisation).select_related("team"),
    })


@public
def home(request):
    return redirect("inbox" if request.user.is_authenticated else "login")


def _public_view(view_class, **kwargs):
    view = view_class.as_view(**kwargs)
    view.access_rule = "public"
    return view


login = _public_view(auth_views.LoginView, redirect_authenticated_user=True)
logout = _public_view(auth_views.LogoutView)
password_reset = _public_view(auth_views.PasswordResetView)
password_reset_done = _public_view(auth_views.PasswordResetDoneView)
password_reset_confirm = _public_view(auth_views.PasswordResetConfirmView)
password_reset_complete = _public_view(auth_views.PasswordResetCompleteView)
