"""The audit log, for admins: filter by who, what, which object and when; page through it;
export what the filters select as CSV (safe to open in a spreadsheet)."""

import json
from datetime import datetime, time, timedelta

from django import forms
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils import timezone

from sociable.accounts.access import Capability, requires
from sociable.audit.log import record
from sociable.audit.models import AuditEvent
from sociable.audit.words import AREAS, NOUNS
from sociable.core import bounds
from sociable.lib.spreadsheets import as_csv

PAGE_SIZE = 50
EXPORT_LIMIT = 100_000


class AuditFilterForm(forms.Form):
    actor = forms.CharField(
        label="Who",
        required=False,
        max_length=200,
        help_text="A username, or system for what Sociable did by itself.",
    )
    verb = forms.ChoiceField(
        label="What",
        required=False,
        choices=[("", "Anything"), *sorted(AREAS.items(), key=lambda area: area[1])],
    )
    object = forms.CharField(
        label="Which item",
        required=False,
        max_length=300,
        help_text="Words from its name, or its kind and number, e.g. Conversation 12",
    )
    since = bounds.BoundedDateField(
        label="From (date)", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = bounds.BoundedDateField(
        label="To (date)", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("since") and cleaned.get("until") and cleaned["since"] > cleaned["until"]:
            self.add_error("until", "The end date must be on or after the start date.")
        return cleaned


def filtered(organisation, data: dict):
    events = AuditEvent.objects.filter(organisation=organisation)
    if data.get("actor"):
        events = events.filter(actor_label__iexact=data["actor"])
    if data.get("verb"):
        events = events.filter(verb__startswith=data["verb"] + ".")
    if data.get("object"):
        words = data["object"].split()
        kinds = _kinds(" ".join(words[:-1]))
        if len(words) >= 2 and kinds:
            events = events.filter(object_type__in=kinds, object_id=words[-1])
        else:
            text = data["object"]
            events = events.filter(Q(object_label__icontains=text) | Q(object_type=text))
    zone = timezone.get_current_timezone()
    if data.get("since"):
        events = events.filter(at__gte=datetime.combine(data["since"], time.min, zone))
    if data.get("until"):
        end = datetime.combine(data["until"] + timedelta(days=1), time.min, zone)
        events = events.filter(at__lt=end)
    return events


def _kinds(name: str) -> list[str]:
    """The object types a person may mean by `name`: a kind in words (Conversation) or a type."""
    name = name.lower()
    return [t for t, noun in NOUNS.items() if name in (t, noun.lower())] or (
        [name] if "." in name else []
    )


def _filters(request):
    form = AuditFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    return form, filtered(request.membership.organisation, data)


@requires(Capability.VIEW_AUDIT)
def audit_log(request):
    form, events = _filters(request)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/log.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


def _json(value) -> str:
    return "" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


@requires(Capability.VIEW_AUDIT)
def audit_csv(request):
    form, events = _filters(request)
    if form.is_bound and not form.is_valid():
        return HttpResponseBadRequest("Choose dates between 2000 and 2100.")
    rows = [
        [
            "at",
            "who",
            "what",
            "kind of item",
            "item number",
            "item",
            "before",
            "after",
            "event code",
        ]
    ]
    rows += [
        [
            e.at.isoformat(),
            e.actor_label,
            e.what,
            e.kind,
            e.object_id,
            e.object_label,
            _json(e.before),
            _json(e.after),
            e.verb,
        ]
        for e in events[:EXPORT_LIMIT]
    ]
    record(
        request.membership.organisation,
        request.user,
        "audit.exported",
        None,
        object_type="audit.auditevent",
        object_id="",
        label="Audit log export",
        after={
            "filters": {
                k: str(v)
                for k, v in (form.cleaned_data.items() if form.is_bound and form.is_valid() else [])
                if v
            },
            "rows": len(rows) - 1,
        },
    )
    response = HttpResponse(as_csv(rows), content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="audit-log.csv"'
    return response
