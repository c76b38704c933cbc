from django.db.models import Count, Prefetch
from django.shortcuts import redirect, render

from sociable.accounts.access import Capability, landing, public, requires
from sociable.accounts.models import Membership


@requires(Capability.VIEW_SETTINGS)
def settings_page(request):
    organisation = request.membership.organisation
    return render(
        request,
        "settings/settings.html",
        {
            "teams": organisation.teams.prefetch_related(
                Prefetch("members", queryset=Membership.objects.active().select_related("user"))
            ),
            "memberships": organisation.memberships.active()
            .select_related("user")
            .prefetch_related("teams"),
            "channels": organisation.channels.select_related("team").annotate(
                set_aside=Count("quarantined")
            ),
        },
    )


@public
def home(request):
    if not request.user.is_authenticated:
        return redirect("login")
    return redirect(landing(getattr(request, "membership", None)))
