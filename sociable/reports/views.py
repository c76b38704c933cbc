"""Report pages: the AMEC report with charts, its CSV and PDF exports, outcomes and monthly
report subscriptions. Views authorise, validate, call one service, render."""

from django.contrib import messages
from django.core.exceptions import BadRequest
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from sociable.accounts.access import Capability, can, get_visible_or_404, requires
from sociable.audit.log import record
from sociable.reports import charts, pdf, tables
from sociable.reports.build import build
from sociable.reports.forms import OutcomeForm, ReportFilterForm, SubscriptionForm
from sociable.reports.models import Outcome, ReportSubscription

# Those who may publish for the organisation record its outcomes and choose who gets reports.
MANAGE = Capability.PUBLISH


def _report(request):
    organisation = request.membership.organisation
    form = ReportFilterForm(organisation, request.GET or None)
    return form, build(form.scope())


def _refuse_invalid(form):
    """An export of a period that was asked for but is not valid is a 400, not another period."""
    if form.is_bound and not form.is_valid():
        raise BadRequest("Choose a period between 2000 and 2100.")


@requires(Capability.VIEW_REPORTS)
def report_page(request):
    form, report = _report(request)
    all_tables = tables.all_tables(report)
    rows = report.response_times
    context = {
        "form": form,
        "report": report,
        "tables": all_tables,
        "query": request.GET.urlencode(),
        "reach_chart": charts.line_chart(
            "reach-by-day",
            "Reach of posts by day published",
            "people reached",
            [(d.day, d.reach) for d in report.days],
        ),
        "inbound_chart": charts.line_chart(
            "inbound-by-day",
            "Inbound messages by day",
            "messages",
            [(d.day, d.inbound) for d in report.days],
        ),
        "volume_chart": charts.bar_chart(
            "volume-by-route",
            "Inbound messages by route",
            "messages",
            [(label, count) for _, label, count in report.volume],
        ),
        "response_chart": charts.bar_chart(
            "median-response",
            "Median first-response time by route",
            "staffed minutes",
            [(r.label, round(r.median)) for r in rows if r.median is not None],
            value_text=lambda v: str(tables.minutes(v)),
        ),
        "rating_charts": charts.rating_charts(report.ratings),
        "may_manage": can(request.membership, MANAGE),
    }
    if report.scope.objective is not None:
        from sociable.strategy.kpis import measure

        context["objective_kpi"] = measure(report, report.scope.objective)
    return render(
        request,
        "reports/report.html",
        context,
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


@requires(Capability.VIEW_REPORTS)
def report_csv(request, table):
    if table not in tables.TABLES:
        raise Http404("No such table.")
    form, report = _report(request)
    _refuse_invalid(form)
    response = HttpResponse(tables.TABLES[table](report).as_csv(), content_type="text/csv")
    name = f"{table}-{report.scope.period.start}-to-{report.scope.period.end}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@requires(Capability.VIEW_REPORTS)
def report_pdf(request):
    form, report = _report(request)
    _refuse_invalid(form)
    response = HttpResponse(pdf.render(report), content_type="application/pdf")
    name = slugify(f"social media report {report.scope.period.label}")
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response


@requires(Capability.VIEW_REPORTS)
def outcomes(request):
    found = Outcome.objects.filter(organisation=request.membership.organisation).select_related(
        "post", "recorded_by"
    )[:200]
    return render(
        request,
        "reports/outcomes.html",
        {"outcomes": found, "may_manage": can(request.membership, MANAGE)},
    )


@requires(MANAGE)
def outcome_new(request):
    organisation = request.membership.organisation
    form = OutcomeForm(organisation, request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = form.save(commit=False)
        outcome.organisation, outcome.recorded_by = organisation, request.user
        outcome.save()
        record(
            organisation,
            request.user,
            "outcome.recorded",
            outcome,
            after={"stage": outcome.stage, "count": outcome.count},
        )
        messages.success(request, "Outcome recorded.")
        return redirect("outcomes")
    return render(request, "reports/outcome_form.html", {"form": form})


@requires(MANAGE)
@require_POST
def outcome_delete(request, pk):
    organisation = request.membership.organisation
    outcome = get_visible_or_404(Outcome.objects.filter(organisation=organisation), pk=pk)
    record(
        organisation,
        request.user,
        "outcome.deleted",
        outcome,
        before={"stage": outcome.stage, "count": outcome.count, "description": outcome.description},
    )
    outcome.delete()
    messages.success(request, "Outcome deleted.")
    return redirect("outcomes")


@requires(MANAGE)
def subscriptions(request):
    found = ReportSubscription.objects.filter(
        organisation=request.membership.organisation
    ).prefetch_related("deliveries")
    return render(request, "reports/subscriptions.html", {"subscriptions": found})


@requires(MANAGE)
def subscription_edit(request, pk=None):
    organisation = request.membership.organisation
    instance = None
    if pk is not None:
        instance = get_visible_or_404(
            ReportSubscription.objects.filter(organisation=organisation), pk=pk
        )
    form = SubscriptionForm(organisation, request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        subscription = form.save(commit=False)
        subscription.organisation = organisation
        if instance is None:
            subscription.created_by = request.user
        subscription.save()
        record(
            organisation,
            request.user,
            "report_subscription.saved",
            subscription,
            after={
                "recipients": len(subscription.email_list),
                "filters": subscription.filters,
                "active": subscription.active,
            },
        )
        messages.success(request, "Monthly report saved.")
        return redirect("report_subscriptions")
    return render(request, "reports/subscription_form.html", {"form": form, "editing": instance})


@requires(MANAGE)
@require_POST
def subscription_delete(request, pk):
    organisation = request.membership.organisation
    subscription = get_visible_or_404(
        ReportSubscription.objects.filter(organisation=organisation), pk=pk
    )
    record(organisation, request.user, "report_subscription.deleted", subscription)
    subscription.delete()
    messages.success(request, "Monthly report deleted.")
    return redirect("report_subscriptions")
