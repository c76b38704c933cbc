from django.contrib import messages as flash
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from sociable.accounts.access import (
    Capability,
    can,
    can_change_status,
    can_delete_reply,
    can_reply,
    colleagues,
    get_visible_or_404,
    may_override_guard,
    requires,
    visible_channels,
    visible_contacts,
    visible_conversations,
)
from sociable.audit.models import AuditEvent
from sociable.core import bounds, spreadsheets
from sociable.inbox import (
    actions,
    alerts,
    clocks,
    kudos,
    listing,
    moderation,
    replies,
    saved_replies,
    signposting,
)
from sociable.inbox.forms import ModerateForm, NoteForm, ReplyForm, RouteForm, StatusForm
from sociable.inbox.listing import SENTIMENTS
from sociable.inbox.models import (
    ROUTES,
    Alert,
    ConversationStatus,
    Kudos,
    Message,
    RouteCorrection,
)


@requires(Capability.VIEW_INBOX)
def inbox(request):
    membership = request.membership
    found = listing.filtered(membership, request.GET)
    urgent, page = listing.screen(found, after=request.GET.get("after", ""),
                                  before=request.GET.get("before", ""))
    now = timezone.now()
    for convo in [*urgent, *page.object_list]:
        convo.sla_state = clocks.state(convo, now)
    channels = visible_channels(membership)
    query = request.GET.copy()
    for key in ("page", "after", "before"):
        query.pop(key, None)
    chosen = found.chosen
    filtering = any(v for k, v in chosen.items() if not (k == "status" and v == "open"))
    return render(request, "inbox/inbox.html", {
        "urgent": urgent, "page": page, "chosen": chosen, "query": query.urlencode(),
        "filtering": filtering, "counts": listing.counts(membership),
        "routes": ROUTES, "sentiments": SENTIMENTS, "statuses": ConversationStatus.choices,
        "channels": channels, "networks": sorted({c.network for c in channels}),
        "teams": membership.organisation.teams.all(),
        "people": colleagues(membership.organisation),
        "may_triage": can(membership, Capability.TRIAGE),
        "urgent_banner": signposting.INBOX_BANNER,
    })


@requires(Capability.TRIAGE)
@require_POST
def bulk(request):
    membership = request.membership
    ids = [i for i in map(bounds.id_or_none, request.POST.getlist("ids")[:500]) if i is not None]
    chosen = list(visible_conversations(membership).filter(pk__in=ids))
    action = request.POST.get("action", "")
    if not chosen:
        flash.error(request, "Choose at least one conversation.")
        return redirect("inbox")
    for convo in chosen:
        if action == "assign_me":
            actions.assign(convo, membership, user_id=membership.user_id)
        elif action in ConversationStatus.values:
            actions.set_status(convo, membership, action)
        else:
            flash.error(request, "Choose what to do with them.")
            return redirect("inbox")
    flash.success(request, f"Updated {len(chosen)} conversation(s).")
    return redirect("inbox")


def _conversation_or_404(request, pk):
    return get_visible_or_404(
        visible_conversations(request.membership).select_related(
            "contact", "channel", "assignee", "team", "organisation"),
        pk=pk,
    )


@requires(Capability.VIEW_INBOX)
def conversation(request, pk: int, reply_form=None, blocked=None):
    membership = request.membership
    convo = _conversation_or_404(request, pk)
    suggested, all_replies = saved_replies.suggestions(convo)
    if reply_form is None:
        initial = ""
        use = request.GET.get("use", "")
        chosen = next((r for r in all_replies if str(r.pk) == use), None)
        if chosen is not None:
            initial = saved_replies.render(chosen.body, convo)
        reply_form = ReplyForm(initial={"text": initial})
    if not may_override_guard(membership):
        reply_form.fields.pop("override_reason", None)
    kind = signposting.conversation_kind(convo) if convo.is_urgent else ""
    return render(request, "inbox/conversation.html", {
        "conversation": convo,
        "urgent_label": signposting.LABELS.get(kind, ""),
        "urgent_banner": signposting.banner(kind) if kind else "",
        "urgent_kind": kind,
        "messages_list": [
            _with_controls(m, membership) for m in
            convo.messages.select_related("author", "channel").prefetch_related("corrections")],
        "may_change_status": can_change_status(membership, convo.channel),
        "notes": convo.notes.select_related("author"),
        "alerts": convo.alerts.select_related("acknowledged_by"),
        "sla_state": clocks.state(convo, timezone.now()),
        "reply_form": reply_form, "blocked": blocked,
        "note_form": NoteForm(prefix="note"),
        "suggested": suggested, "saved_replies": all_replies,
        "may_reply": can_reply(membership, convo.channel),
        "may_triage": can(membership, Capability.TRIAGE),
        "people": colleagues(convo.organisation),
        "teams": convo.organisation.teams.all(),
        "routes": ROUTES, "statuses": ConversationStatus.choices,
        "history": AuditEvent.objects.filter(
            organisation=convo.organisation, object_type="inbox.conversation",
            object_id=str(convo.pk))[:30],
    })


def _with_controls(message, membership):
    message.may_delete = can_delete_reply(membership, message)
    return message


@requires(Capability.VIEW_INBOX)
@require_POST
def reply(request, pk: int):
    convo = _conversation_or_404(request, pk)
    form = ReplyForm(request.POST)
    if not may_override_guard(request.membership):
        form.fields.pop("override_reason")
    if not form.is_valid():
        return conversation(request, pk, reply_form=form)
    try:
        message = replies.compose(convo, form.cleaned_data["text"], membership=request.membership,
                                  override_reason=form.cleaned_data.get("override_reason", ""))
    except replies.ReplyBlocked as blocked:
        form.add_error("text", "This reply contains patient-identifiable information: remove it, "
                               "or ask an admin to send it with a reason.")
        return conversation(request, pk, reply_form=form, blocked=blocked.findings)
    message.refresh_from_db()
    if message.delivery == "awaiting_approval":
        flash.success(request, "Your reply is waiting for a comms officer's approval.")
    elif message.delivery == "sent":
        flash.success(request, "Reply sent.")
    else:
        flash.error(request, f"The reply was saved but not sent: {message.delivery_detail}")
    return redirect("conversation", pk=pk)


def _message_or_404(request, message_id):
    return get_visible_or_404(
        Message.objects.filter(conversation__in=visible_conversations(request.membership))
        .select_related("conversation", "channel"),
        pk=message_id,
    )


@requires(Capability.TRIAGE)
@require_POST
def reply_decision(request, message_id: int, decision: str):
    message = _message_or_404(request, message_id)
    try:
        if decision == "approve":
            replies.approve(message, request.membership)
        elif decision == "reject":
            replies.reject(message, request.membership, request.POST.get("reason", ""))
        else:
            replies.retry(message, request.membership)
    except ValueError as error:
        flash.error(request, str(error))
    else:
        flash.success(request, {"approve": "Reply approved.", "reject": "Reply rejected.",
                                "retry": "Tried again."}[decision])
    return redirect("conversation", pk=message.conversation_id)


@requires(Capability.VIEW_INBOX)
@require_POST
def delete_reply(request, message_id: int):
    """Delete a sent reply on its network; the conversation keeps it, marked deleted."""
    message = _message_or_404(request, message_id)
    try:
        replies.delete_sent(message, request.membership)
    except replies.DeleteFailed as error:
        flash.error(request, f"Not deleted: {error}")
    else:
        flash.success(request, "Reply deleted from the network. The conversation keeps a record.")
    return redirect("conversation", pk=message.conversation_id)


@requires(Capability.TRIAGE)
@require_POST
def assign(request, pk: int):
    convo = _conversation_or_404(request, pk)
    value = request.POST.get("assignee", "")
    try:
        if value.startswith("team:"):
            actions.assign(convo, request.membership, team_id=bounds.id_or_none(value[5:]) or 0,
                           user_id=convo.assignee_id)
        else:
            actions.assign(convo, request.membership, user_id=bounds.id_or_none(value))
    except ValueError as error:
        flash.error(request, str(error))
    else:
        flash.success(request, "Assignment saved.")
    return redirect("conversation", pk=pk)


@requires(Capability.VIEW_INBOX)
@require_POST
def status(request, pk: int):
    convo = _conversation_or_404(request, pk)
    form = StatusForm(request.POST)
    if form.is_valid():
        actions.set_status(convo, request.membership, form.cleaned_data["status"])
        flash.success(request, f"Status: {convo.get_status_display()}.")
    else:
        flash.error(request, "Choose a status.")
    return redirect("conversation", pk=pk)


@requires(Capability.VIEW_INBOX)
@require_POST
def note(request, pk: int):
    convo = _conversation_or_404(request, pk)
    form = NoteForm(request.POST, prefix="note")
    if form.is_valid():
        actions.add_note(convo, request.membership, form.cleaned_data["text"])
        flash.success(request, "Note added.")
    else:
        flash.error(request, "Write the note first.")
    return redirect("conversation", pk=pk)


@requires(Capability.TRIAGE)
@require_POST
def route(request, message_id: int):
    message = _message_or_404(request, message_id)
    form = RouteForm(request.POST)
    if form.is_valid():
        actions.correct_route(message, request.membership, form.cleaned_data["route"])
        flash.success(request, "Route corrected. Thank you: it helps improve triage.")
    else:
        flash.error(request, "Choose a route.")
    return redirect("conversation", pk=message.conversation_id)


@requires(Capability.TRIAGE)
@require_POST
def moderate(request, message_id: int):
    message = _message_or_404(request, message_id)
    form = ModerateForm(request.POST)
    if not form.is_valid():
        flash.error(request, "Give a reason: it is kept in the audit log.")
        return redirect("conversation", pk=message.conversation_id)
    action, reason = form.cleaned_data["action"], form.cleaned_data["reason"]
    try:
        if action == "delete":
            moderation.delete(message, request.user, reason)
        else:
            moderation.hide(message, request.user, reason, hidden=(action == "hide"))
    except moderation.ModerationFailed as error:
        flash.error(request, f"Nothing was changed: {error}")
    else:
        flash.success(request, {"hide": "Hidden.", "unhide": "Visible again.",
                                "delete": "Deleted from the network."}[action])
    return redirect("conversation", pk=message.conversation_id)


@requires(Capability.TRIAGE)
@require_POST
def acknowledge(request, alert_id: int):
    alert = get_visible_or_404(
        Alert.objects.filter(conversation__in=visible_conversations(request.membership)),
        pk=alert_id,
    )
    if alerts.acknowledge(alert, request.user):
        flash.success(request, "Alert acknowledged: the on-call list will not be reminded.")
    else:
        flash.success(request, "Someone had already acknowledged this alert.")
    return redirect("conversation", pk=alert.conversation_id)


@requires(Capability.VIEW_INBOX)
def contact(request, pk: int):
    person = get_visible_or_404(visible_contacts(request.membership), pk=pk)
    history = visible_conversations(request.membership).filter(contact=person).select_related(
        "channel").order_by("-last_message_at")
    return render(request, "inbox/contact.html", {"contact": person, "history": history})


def _kudos(request):
    found = Kudos.objects.filter(organisation=request.membership.organisation).select_related(
        "team", "message__channel", "message__conversation__contact")
    team = bounds.id_or_none(request.GET.get("team"))
    if team is not None:
        found = found.filter(team_id=team)
    return found


@requires(Capability.VIEW_REPORTS)
def kudos_page(request):
    found = _kudos(request)
    by_person = {}
    for k in found:
        by_person.setdefault(k.staff_name, []).append(k)
    return render(request, "inbox/kudos.html", {
        "kudos": found, "by_person": sorted(by_person.items(), key=lambda i: -len(i[1])),
        "teams": request.membership.organisation.teams.all(),
        "chosen_team": request.GET.get("team", ""), "printable": request.GET.get("print"),
    })


@requires(Capability.VIEW_REPORTS)
def kudos_csv(request):
    response = HttpResponse(kudos.as_csv(_kudos(request)), content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="kudos.csv"'
    return response


@requires(Capability.TRIAGE)
def corrections_csv(request):
    """Messages whose route a person corrected: labelled data to improve triage."""
    rows = [["text", "route", "triage_route", "language", "corrected_at"]]
    corrections = RouteCorrection.objects.filter(
        message__channel__organisation=request.membership.organisation
    ).select_related("message")
    rows += [[c.message.text, c.to_route, c.from_route, c.message.language, c.at.isoformat()]
             for c in corrections]
    response = HttpResponse(spreadsheets.as_csv(rows), content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="route-corrections.csv"'
    return response
