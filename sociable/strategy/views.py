"""The one-page strategy, its edit forms and KPI dashboard, and the public pages."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from sociable.accounts.access import Capability, can, get_visible_or_404, public, requires
from sociable.accounts.models import Organisation
from sociable.audit.log import record
from sociable.reports import periods
from sociable.strategy import kpis
from sociable.strategy import public as public_pages
from sociable.strategy.forms import AudienceForm, ObjectiveForm, StrategyForm
from sociable.strategy.models import QUADRANTS, Audience, Objective, Strategy

# Everyone in the organisation may read the strategy; those who publish for it plan it.
VIEW = Capability.VIEW_REPORTS
EDIT = Capability.PUBLISH


def _strategy(organisation) -> Strategy:
    return Strategy.objects.get_or_create(organisation=organisation)[0]


def _matrix(audiences):
    """The power/interest grid as rows (high power first) of (key, label, audiences)."""
    cells = {key: [] for key, _ in QUADRANTS.values()}
    for audience in audiences:
        cells[audience.quadrant].append(audience)
    return [
        [
            (key, label, cells[key])
            for key, label in (QUADRANTS[("high", "low")], QUADRANTS[("high", "high")])
        ],
        [
            (key, label, cells[key])
            for key, label in (QUADRANTS[("low", "low")], QUADRANTS[("low", "high")])
        ],
    ]


@requires(VIEW)
def strategy_page(request):
    organisation = request.membership.organisation
    objectives = Objective.objects.filter(organisation=organisation).prefetch_related("channels")
    audiences = Audience.objects.filter(organisation=organisation).prefetch_related("channels")
    return render(
        request,
        "strategy/strategy.html",
        {
            "strategy": _strategy(organisation),
            "objectives": objectives,
            "kpi_labels": {k.key: k.label for k in kpis.KPIS.values()},
            "matrix": _matrix(audiences),
            "audiences": audiences,
            "may_edit": can(request.membership, EDIT),
        },
    )


@requires(VIEW)
def strategy_dashboard(request):
    organisation = request.membership.organisation
    today = periods.today()
    statuses = [
        kpis.evaluate(o, today) for o in Objective.objects.filter(organisation=organisation)
    ]
    return render(
        request,
        "strategy/dashboard.html",
        {"statuses": statuses, "today": today, "may_edit": can(request.membership, EDIT)},
    )


@requires(EDIT)
def strategy_edit(request):
    organisation = request.membership.organisation
    strategy = _strategy(organisation)
    form = StrategyForm(request.POST or None, instance=strategy)
    if request.method == "POST" and form.is_valid():
        strategy = form.save(commit=False)
        strategy.updated_by = request.user
        strategy.save()
        record(
            organisation,
            request.user,
            "strategy.saved",
            strategy,
            after={"purpose": strategy.purpose, "pillars": strategy.pillars},
        )
        messages.success(request, "Strategy saved.")
        return redirect("strategy")
    return render(
        request,
        "strategy/edit.html",
        {"form": form, "heading": "Purpose, content pillars and policy"},
    )


def _edit(request, model, form_class, pk, noun, verb):
    organisation = request.membership.organisation
    instance = None
    if pk is not None:
        instance = get_visible_or_404(model.objects.filter(organisation=organisation), pk=pk)
    form = form_class(organisation, request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        saved.organisation = organisation
        saved.save()
        form.save_m2m()
        record(organisation, request.user, verb, saved)
        messages.success(request, f"{noun.capitalize()} saved.")
        return redirect("strategy")
    heading = f"Change {noun} “{instance}”" if instance else f"Add {noun}"
    return render(request, "strategy/edit.html", {"form": form, "heading": heading})


def _delete(request, model, pk, noun, verb):
    organisation = request.membership.organisation
    found = get_visible_or_404(model.objects.filter(organisation=organisation), pk=pk)
    record(organisation, request.user, verb, found)
    found.delete()
    messages.success(request, f"{noun.capitalize()} deleted.")
    return redirect("strategy")


@requires(EDIT)
def objective_edit(request, pk=None):
    return _edit(request, Objective, ObjectiveForm, pk, "an objective", "objective.saved")


@requires(EDIT)
@require_POST
def objective_delete(request, pk):
    return _delete(request, Objective, pk, "objective", "objective.deleted")


@requires(EDIT)
def audience_edit(request, pk=None):
    return _edit(request, Audience, AudienceForm, pk, "an audience", "audience.saved")


@requires(EDIT)
@require_POST
def audience_delete(request, pk):
    return _delete(request, Audience, pk, "audience", "audience.deleted")


@public
def how_we_use_social_media(request, org_slug):
    organisation = get_object_or_404(Organisation, slug=org_slug)
    return render(
        request,
        "strategy/public_how_we_use.html",
        {
            "organisation": organisation,
            "public_organisation": organisation,
            **public_pages.how_we_use(organisation, periods.today()),
        },
    )


@public
def find_us_online(request, org_slug):
    organisation = get_object_or_404(Organisation, slug=org_slug)
    return render(
        request,
        "strategy/public_find_us.html",
        {
            "organisation": organisation,
            "public_organisation": organisation,
            "accounts": public_pages.accounts(organisation),
        },
    )
