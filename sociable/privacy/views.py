"""Data protection pages (admins): retention rules, finding a person, their subject-access
export and erasure. Every action is recorded in the audit log."""

import json

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render

from sociable.accounts.access import Capability, get_visible_or_404, requires
from sociable.audit.log import record
from sociable.audit.models import AuditEvent
from sociable.inbox.models import Contact
from sociable.lib.spreadsheets import as_csv
from sociable.privacy import retention, subject_access
from sociable.privacy.forms import EraseForm, FindPersonForm, RetentionPolicyForm


def _contact(request, pk):
    return get_visible_or_404(
        Contact.objects.filter(organisation=request.membership.organisation), pk=pk
    )


@requires(Capability.MANAGE_PERSONAL_DATA)
def retention_rules(request):
    organisation = request.membership.organisation
    policy = retention.policy_for(organisation)
    before = policy.as_dict()
    form = RetentionPolicyForm(request.POST or None, instance=policy)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        record(
            organisation,
            request.user,
            "privacy.retention_changed",
            saved,
            before=before,
            after=saved.as_dict(),
        )
        messages.success(request, "Retention rules saved. They are applied once a day.")
        return redirect("retention_rules")
    last_run = AuditEvent.objects.filter(
        organisation=organisation, verb="privacy.retention_applied"
    ).first()
    return render(
        request,
        "privacy/retention.html",
        {
            "form": form,
            "last_run": last_run,
            "task_result_days": settings.TASK_RESULT_RETENTION_DAYS,
        },
    )


@requires(Capability.MANAGE_PERSONAL_DATA)
def people(request):
    form = FindPersonForm(request.GET or None)
    found = None
    if form.is_valid():
        found = subject_access.find(request.membership.organisation, form.cleaned_data["q"])
    return render(request, "privacy/people.html", {"form": form, "found": found})


@requires(Capability.MANAGE_PERSONAL_DATA)
def subject_access_page(request, pk):
    contact = _contact(request, pk)
    held = subject_access.gather(contact)
    subject_access.record_export(contact, request.user, "page")
    return render(request, "privacy/subject_access.html", {"contact": contact, "held": held})


@requires(Capability.MANAGE_PERSONAL_DATA)
def subject_access_json(request, pk):
    contact = _contact(request, pk)
    held = subject_access.gather(contact)
    subject_access.record_export(contact, request.user, "json")
    response = HttpResponse(
        json.dumps(held, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="subject-access-{contact.pk}.json"'
    return response


@requires(Capability.MANAGE_PERSONAL_DATA)
def subject_access_csv(request, pk):
    contact = _contact(request, pk)
    held = subject_access.gather(contact)
    subject_access.record_export(contact, request.user, "csv")
    response = HttpResponse(as_csv(subject_access.rows(held)), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="subject-access-{contact.pk}.csv"'
    return response


@requires(Capability.MANAGE_PERSONAL_DATA)
def erase(request, pk):
    contact = _contact(request, pk)
    form = EraseForm(request.POST or None, contact=contact)
    if request.method == "POST" and form.is_valid():
        counts = subject_access.erase(contact, request.user)
        messages.success(
            request,
            f"Erased: {counts['conversations']} conversation(s), "
            f"{counts['inbound_messages'] + counts['outbound_messages']} "
            f"message(s), {counts['notes']} note(s).",
        )
        return redirect("privacy_people")
    return render(request, "privacy/erase.html", {"contact": contact, "form": form})
