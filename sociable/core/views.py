from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render

from sociable.accounts.access import Capability, public, requires

NOT_BUILT = {
    "listening": ("Listening", "Saved searches, trends and alerts come in a later release."),
    "reports": ("Reports", "AMEC reports, response times and exports come in a later release."),
}


def _not_built(request, key):
    title, coming = NOT_BUILT[key]
    return render(request, "desk/not_built.html", {"page_title": title, "coming": coming})


@requires(Capability.VIEW_LISTENING)
def listening(request):
    return _not_built(request, "listening")


@requires(Capability.VIEW_REPORTS)
def reports(request):
    return _not_built(request, "reports")


@public
def health(request):
    """Liveness and database readiness, for load balancers and `make run`."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return JsonResponse({"status": "ok"})
    except Exception:
        return JsonResponse({"status": "database unavailable"}, status=503)
