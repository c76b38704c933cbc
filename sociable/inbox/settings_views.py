"""The desk's settings pages: Settings → Organisation (staffed hours, response targets, the
out-of-hours reply, alerts) and Settings → Saved replies."""

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import redirect, render

from sociable.accounts.access import Capability, get_visible_or_404, requires
from sociable.audit.log import record
from sociable.inbox.forms import SavedReplyForm
from sociable.inbox.models import SavedReply
from sociable.inbox.settings_forms import OrganisationSettingsForm


@requires(Capability.MANAGE_ORGANISATION)
def organisation_settings(request):
    organisation = request.membership.organisation
    before = {"staffed_hours": organisation.staffed_hours, "nation": organisation.nation}
    form = OrganisationSettingsForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        record(
            organisation,
            request.user,
            "organisation.settings",
            saved,
            before=before,
            after={"staffed_hours": saved.staffed_hours, "nation": saved.nation},
        )
        messages.success(request, "Settings saved.")
        return redirect("settings")
    return render(request, "settings/organisation.html", {"form": form})


@requires(Capability.MANAGE_SAVED_REPLIES)
def saved_reply_list(request):
    replies = SavedReply.objects.filter(organisation=request.membership.organisation)
    return render(request, "settings/saved_replies.html", {"replies": replies})


@requires(Capability.MANAGE_SAVED_REPLIES)
def saved_reply_edit(request, pk: int | None = None):
    organisation = request.membership.organisation
    instance = None
    if pk is not None:
        instance = get_visible_or_404(SavedReply.objects.filter(organisation=organisation), pk=pk)
    form = SavedReplyForm(request.POST or None, instance=instance)
    if request.method == "POST":
        if request.POST.get("delete") and instance is not None:
            instance.delete()
            messages.success(request, f"Deleted “{instance.title}”.")
            return redirect("saved_replies")
        form.instance.organisation = organisation
        if form.is_valid():
            try:
                with transaction.atomic():
                    form.save()
            except IntegrityError:
                form.add_error("title", "You already have a saved reply with this title.")
            else:
                messages.success(request, "Saved reply saved.")
                return redirect("saved_replies")
    return render(request, "settings/saved_reply_form.html", {"form": form, "reply": instance})
