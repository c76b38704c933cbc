from django.conf import settings
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.utils.crypto import constant_time_compare
from django.views import defaults
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from sociable.accounts.access import public
from sociable.core import observability


@public
def health(request):
    """Liveness: the process answers and reaches its database."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return JsonResponse({"status": "ok"})
    except Exception:
        return JsonResponse({"status": "database unavailable"}, status=503)


@public
def ready(request):
    """Readiness: database, migrations, cache and (with Redis) the task queue; workers counted."""
    ok, checks = observability.readiness()
    return JsonResponse(
        {"status": "ready" if ok else "not ready", **checks}, status=200 if ok else 503
    )


@public
def metrics(request):
    """Prometheus metrics. Needs METRICS_TOKEN as a bearer token; off when it is unset."""
    token = settings.METRICS_TOKEN
    if not token:
        return HttpResponse(
            "Set METRICS_TOKEN to enable metrics.\n", status=403, content_type="text/plain"
        )
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if not constant_time_compare(given, token):
        return HttpResponse(
            "A valid bearer token is needed.\n", status=401, content_type="text/plain"
        )
    return HttpResponse(generate_latest(observability.registry()), content_type=CONTENT_TYPE_LATEST)


def _api(request) -> bool:
    return request.path.startswith("/api/") and not request.path.startswith("/api/manage/")


def not_found(request, exception=None):
    """404: the API answers JSON in its one error shape, the desk its page."""
    if _api(request):
        return JsonResponse({"detail": "Not found, or not yours to see."}, status=404)
    return defaults.page_not_found(request, exception)


def bad_request(request, exception=None):
    if _api(request):
        return JsonResponse({"detail": "The request is not valid."}, status=400)
    return defaults.bad_request(request, exception)
