from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.db.models import Count, Prefetch
from django.shortcuts import redirect, render

from sociable.accounts.access import Capability, landing, public, requires
from sociable.accounts.models import Membership
from sociable.channels.models import Channel
from sociable.security.views import ThrottledLoginView, ThrottledPasswordResetView
from sociable.security.views import admin_login as _admin_login


@requires(Capability.VIEW_SETTINGS)
def settings_page(request):
    organisation = request.membership.organisation
    return render(request, "settings/settings.html", {
        "teams": organisation.teams.prefetch_related(Prefetch(
            "members", queryset=Membership.objects.active().select_related("user"))),
        "memberships": organisation.memberships.active().select_related("user")
        .prefetch_related("teams"),
        "channels": Channel.objects.filter(organisation=organisation).select_related("team")
        .annotate(set_aside=Count("quarantined")),
    })


@public
def home(request):
    if not request.user.is_authenticated:
        return redirect("login")
    return redirect(landing(getattr(request, "membership", None)))


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


@requires(Capability.MANAGE_ORGANISATION)
def organisation_settings(request):
    from sociable.accounts.forms import OrganisationSettingsForm
    from sociable.audit.log import record

    organisation = request.membership.organisation
    before = {"staffed_hours": organisation.staffed_hours, "nation": organisation.nation}
    form = OrganisationSettingsForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        record(organisation, request.user, "organisation.settings", saved, before=before,
               after={"staffed_hours": saved.staffed_hours, "nation": saved.nation})
        messages.success(request, "Settings saved.")
        return redirect("settings")
    return render(request, "settings/organisation.html", {"form": form})
