from django.contrib import messages as flash
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from sociable.accounts.access import Capability, can, get_visible_or_404, requires
from sociable.listening import alerting, searches, stats
from sociable.listening.forms import SavedSearchForm
from sociable.listening.models import ListeningAlert, Mention, SavedSearch, SearchSource

PERIODS = (7, 30, 90)


def _count(queryset):
    """COUNT(*) of a queryset correlated on its `search`, as a subquery (0 when none)."""
    counted = queryset.order_by().values("search").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted[:1]), 0)


def _searches(request):
    return SavedSearch.objects.filter(organisation=request.membership.organisation)


@requires(Capability.VIEW_LISTENING)
def listening(request):
    organisation = request.membership.organisation
    week_ago = timezone.now() - timezone.timedelta(days=7)
    # One query for every search's counts (each a subquery on an index), however many there are.
    week = Mention.objects.filter(search=OuterRef("pk"), posted_at__gte=week_ago)
    sources = SearchSource.objects.filter(search=OuterRef("pk"))
    found = (
        _searches(request)
        .prefetch_related("channels")
        .annotate(
            week_count=_count(week),
            sources_count=_count(sources),
            errors_count=_count(sources.exclude(last_error="")),
        )
    )
    rows = [
        {
            "search": search,
            "week": search.week_count,
            "sources": search.sources_count,
            "errors": search.errors_count,
        }
        for search in found
    ]
    return render(
        request,
        "listening/listening.html",
        {
            "rows": rows,
            "alerts": alerting.open_alerts(organisation),
            "can_manage": can(request.membership, Capability.MANAGE_LISTENING),
        },
    )


@requires(Capability.VIEW_LISTENING)
def search_dashboard(request, pk: int):
    search = get_visible_or_404(_searches(request), pk=pk)
    try:
        days = int(request.GET.get("days", 30))
    except ValueError:
        days = 30
    days = days if days in PERIODS else 30
    board = stats.dashboard(search, days=days)
    return render(
        request,
        "listening/search.html",
        {
            "search": search,
            "board": board,
            "charts": stats.charts(board),
            "days": days,
            "periods": PERIODS,
            "alerts": alerting.open_alerts(search.organisation).filter(search=search),
            "sources": search.sources.select_related("channel"),
            "can_manage": can(request.membership, Capability.MANAGE_LISTENING),
        },
    )


@requires(Capability.MANAGE_LISTENING)
def search_edit(request, pk: int | None = None):
    organisation = request.membership.organisation
    search = (
        get_visible_or_404(_searches(request), pk=pk)
        if pk
        else SavedSearch(organisation=organisation)
    )
    form = SavedSearchForm(
        request.POST or None,
        instance=search,
        organisation=organisation,
        channels=searches.searchable_channels(organisation),
    )
    if request.method == "POST" and form.is_valid():
        saved = searches.save(form.save(commit=False), form.cleaned_data["channels"], request.user)
        flash.success(
            request,
            f"Saved the search \u201c{saved.name}\u201d. It runs every few "
            "minutes; the first results appear shortly.",
        )
        return redirect("listening_search", pk=saved.pk)
    return render(request, "listening/search_form.html", {"form": form, "search": search})


@requires(Capability.MANAGE_LISTENING)
@require_POST
def search_run(request, pk: int):
    search = get_visible_or_404(_searches(request), pk=pk)
    SearchSource.objects.filter(search=search).update(next_run_at=timezone.now())
    flash.success(request, "The search will run within a minute.")
    return redirect("listening_search", pk=search.pk)


@requires(Capability.MANAGE_LISTENING)
@require_POST
def alert_acknowledge(request, alert_id: int):
    alert = get_visible_or_404(
        ListeningAlert.objects.filter(organisation=request.membership.organisation),
        pk=alert_id,
    )
    if alerting.acknowledge(alert, request.user):
        flash.success(request, "Alert acknowledged.")
    else:
        flash.success(request, "Someone had already acknowledged this alert.")
    return redirect(
        request.POST.get("next")
        if request.POST.get("next", "").startswith("/listening/")
        else "listening"
    )
