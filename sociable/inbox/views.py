import hashlib
import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.contrib import messages as flash
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import require_POST

from sociable.accounts.access import (
    Capability,
    can,
    can_change_status,
    can_delete_reply,
    can_reply,
    get_visible_or_404,
    may_override_guard,
    requires,
    visible_contacts,
    visible_conversations,
)
from sociable.audit.models import AuditEvent
from sociable.core import bounds
from sociable.inbox import (
    actions,
    alerts,
    clocks,
    kudos,
    listing,
    moderation,
    presence,
    replies,
    saved_replies,
)
from sociable.inbox import rows as desk_rows
from sociable.inbox.forms import (
    BulkForm,
    InboxFilterForm,
    ModerateForm,
    NoteForm,
    ReplyForm,
    RouteForm,
    StatusForm,
    TagForm,
    colleagues_and_teams,
    tag_names,
)
from sociable.inbox.models import (
    ROUTES,
    Alert,
    ConversationStatus,
    Kudos,
    Message,
    RouteCorrection,
)
from sociable.inbox.signposting import conversation_kind
from sociable.lib import spreadsheets
from sociable.triage import signposting

LIST_POLL_SECONDS = 3
CONVERSATION_POLL_SECONDS = 2


@dataclass
class DeskList:
    """What the list pane shows: the pinned urgent conversations, one page of the rest, and the
    open conversations counted per route and per status."""

    urgent: list
    rows: list
    next_cursor: str = ""
    previous_cursor: str = ""
    route_counts: list = field(default_factory=list)  # (route, label, count)
    status_counts: list = field(default_factory=list)  # (status, label, count)


def _listing(membership, filters: InboxFilterForm) -> DeskList:
    """The conversation list for the filters, read through inbox/listing.py (indexed orders,
    cursor pages, full-text search), each row worked out once (inbox/rows.py)."""
    found = listing.filtered(membership, QueryDict(filters.query()))
    tag = filters.chosen.get("tag")
    if tag:
        found.conversations = found.conversations.filter(tags__name=tag)
        if found.unsearched is not None:
            found.unsearched = found.unsearched.filter(tags__name=tag)
    cursor = filters.cursor()
    pinned, page = listing.screen(
        found, after=cursor.get("after", ""), before=cursor.get("before", "")
    )
    urgent, rows = desk_rows.rows([pinned, page.object_list], membership.user, filters.query())
    counts = listing.counts(membership)
    return DeskList(
        urgent=urgent,
        rows=rows,
        next_cursor=page.next_cursor,
        previous_cursor=page.previous_cursor,
        route_counts=[
            (r, label, counts["routes"][r]) for r, label in ROUTES if counts["routes"].get(r)
        ],
        status_counts=[
            (st, label, counts["statuses"].get(st, 0))
            for st, label in ConversationStatus.choices
            if st != ConversationStatus.CLOSED
        ],
    )


_CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def _digest(text: str) -> str:
    """A short fingerprint of rendered HTML (its CSRF tokens left out: they differ each time)."""
    return hashlib.sha256(_CSRF_FIELD.sub("", text).encode()).hexdigest()[:16]


def _list_context(request, filters: InboxFilterForm) -> dict:
    """The list pane: its rendered rows and a digest of them, so that the page's poll is
    answered "nothing changed" (204) when nothing did."""
    membership = request.membership
    desk_list = _listing(membership, filters)
    query = filters.query()
    context = {
        "listing": desk_list,
        "query": query,
        "previous_query": filters.query(before=desk_list.previous_cursor),
        "next_query": filters.query(after=desk_list.next_cursor),
        "may_triage": can(membership, Capability.TRIAGE),
        "pinned_text": signposting.INBOX_BANNER,
    }
    rows = render_to_string("inbox/_list.html", context, request=request)
    digest = _digest(rows)
    context.update(
        {
            "list_rows": rows,
            "list_digest": digest,
            "list_poll": f"{reverse('inbox_list')}?{filters.query(**filters.cursor())}",
            "poll_seconds": LIST_POLL_SECONDS,
        }
    )
    return context


def _desk_context(request, filters: InboxFilterForm) -> dict:
    membership = request.membership
    return {
        **_list_context(request, filters),
        "filters": filters,
        "chosen": filters.chosen,
        "filtering": filters.narrowing,
        "bulk_form": BulkForm(None, membership),
        "desk": True,
        "width_container": "nhsuk-width-container-fluid",
    }


@requires(Capability.VIEW_INBOX)
def inbox(request):
    filters = InboxFilterForm(request.GET, request.membership)
    response = render(request, "inbox/inbox.html", _desk_context(request, filters))
    response["HX-Push-Url"] = _inbox_url(filters.query())
    patch_vary_headers(response, ["HX-Request"])
    return response


@requires(Capability.VIEW_INBOX)
def inbox_list(request):
    """The list pane alone, for the page's poll: 204 when it has not changed since `seen`."""
    filters = InboxFilterForm(request.GET, request.membership)
    context = _list_context(request, filters)
    if request.GET.get("seen") == context["list_digest"]:
        return HttpResponse(status=204)
    response = render(request, "inbox/_list_live.html", context)
    patch_cache_control(response, no_store=True)
    return response


@requires(Capability.TRIAGE)
@require_POST
def bulk(request):
    membership = request.membership
    form = BulkForm(request.POST, membership)
    back = redirect(_inbox_url(request.POST.get("query", "")))
    if not form.is_valid():
        for error in form.errors.values():
            flash.error(request, error[0])
        return back
    chosen = list(visible_conversations(membership).filter(pk__in=form.ids))
    if not chosen:
        flash.error(request, "Choose at least one conversation.")
        return back
    action = form.cleaned_data["action"]
    try:
        for convo in chosen:
            if action == "assign_me":
                actions.assign(convo, membership, user_id=membership.user_id)
            elif action.startswith("person:"):
                actions.assign(convo, membership, user_id=bounds.id_or_none(action[7:]))
            elif action.startswith("team:"):
                actions.assign(
                    convo,
                    membership,
                    team_id=bounds.id_or_none(action[5:]),
                    user_id=convo.assignee_id,
                )
            else:
                actions.set_status(convo, membership, action)
    except ValueError as error:
        flash.error(request, str(error))
        return back
    flash.success(request, f"Updated {len(chosen)} conversation{pluralize(len(chosen))}.")
    return back


def _inbox_url(query: str) -> str:
    """The inbox with the list's filters (re-encoded: only the keys and values sent)."""
    query = QueryDict(query[:2000]).urlencode()
    return reverse("inbox") + (f"?{query}" if query else "")


def _conversation_url(pk: int, filters: InboxFilterForm | None) -> str:
    query = filters.query() if filters is not None else ""
    return reverse("conversation", args=[pk]) + (f"?{query}" if query else "")


def _back(request, pk):
    """After an action in the conversation: back to it, with the list's filters."""
    return redirect(_conversation_url(pk, InboxFilterForm(request.GET, request.membership)))


def _conversation_or_404(request, pk):
    return get_visible_or_404(
        visible_conversations(request.membership).select_related(
            "contact", "channel", "assignee", "team", "organisation"
        ),
        pk=pk,
    )


def _pane_request(request) -> bool:
    """An htmx request for the panes alone (not a history restore, which needs the page)."""
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def _messages_context(request, convo) -> dict:
    membership = request.membership
    return {
        "conversation": convo,
        "messages_list": [
            _with_controls(m, membership)
            for m in convo.messages.select_related("author", "channel")
        ],
        "may_reply": can_reply(membership, convo.channel),
        "may_triage": can(membership, Capability.TRIAGE),
        "routes": ROUTES,
    }


def _with_controls(message, membership):
    message.may_delete = can_delete_reply(membership, message)
    return message


def _summary_context(request, convo, list_query: str) -> dict:
    """The details that change while the conversation is open: status, assignment, tags, and
    the controls that change them (kept in step with what they show)."""
    membership = request.membership
    people, teams = colleagues_and_teams(membership)
    return {
        "conversation": convo,
        "sla_state": clocks.state(convo, timezone.now()),
        "tags": list(convo.tags.all()),
        "may_reply": can_reply(membership, convo.channel),
        "may_change_status": can_change_status(membership, convo.channel),
        "may_triage": can(membership, Capability.TRIAGE),
        "people": people,
        "teams": teams,
        "statuses": ConversationStatus.choices,
        "list_query": list_query,
    }


def _presence_context(request, convo) -> dict:
    return {"replying": presence.others_replying([convo.pk], request.user).get(convo.pk, [])}


def _live_contexts(request, convo, list_query: str) -> dict:
    """What the parts of the open conversation that change while it is on screen show."""
    return {
        "messages": _messages_context(request, convo),
        "summary": _summary_context(request, convo, list_query),
        "presence": _presence_context(request, convo),
    }


def _live_context(request, convo, list_query: str, contexts: dict | None = None) -> dict:
    """The parts of the open conversation that change while it is on screen, rendered, with a
    digest of each: the poll sends back only those that changed. `contexts` are those parts'
    contexts when the page has worked them out already."""
    contexts = contexts or _live_contexts(request, convo, list_query)
    parts = {
        key: render_to_string(f"inbox/_{key}.html", contexts[key], request=request)
        for key in ("messages", "summary", "presence")
    }
    digests = {key: _digest(text) for key, text in parts.items()}
    poll = (
        reverse("conversation_live", args=[convo.pk])
        + "?"
        + "&".join(
            filter(
                None,
                [
                    list_query,
                    urlencode(
                        {
                            "m": digests["messages"],
                            "s": digests["summary"],
                            "p": digests["presence"],
                        }
                    ),
                ],
            )
        )
    )
    return {
        "live_parts": parts,
        "live_digests": digests,
        "live_poll": poll,
        "conversation_poll_seconds": CONVERSATION_POLL_SECONDS,
    }


def _next_after(request, convo, filters) -> int | None:
    """The conversation after this one in the list as filtered (for "Send and next")."""
    desk_list = _listing(request.membership, filters)
    order = [row["pk"] for row in [*desk_list.urgent, *desk_list.rows]]
    if convo.pk in order:
        following = order[order.index(convo.pk) + 1 :]
        return following[0] if following else None
    return next((pk for pk in order if pk != convo.pk), None)


@requires(Capability.VIEW_INBOX)
def conversation(request, pk: int, reply_form=None, blocked=None):
    """The open conversation and its details: the whole desk (the list beside it), or the two
    panes alone when the list asks for them (htmx); a person can open it in a new tab."""
    membership = request.membership
    convo = _conversation_or_404(request, pk)
    filters = InboxFilterForm(request.GET, membership)
    list_query = filters.query()
    live = _live_contexts(request, convo, list_query)
    # The kind of an urgent conversation, from its messages as read for the page.
    thread = live["messages"]["messages_list"]
    kind = conversation_kind(convo, thread) if convo.is_urgent else ""
    suggested, all_replies = saved_replies.suggestions(convo, kind)
    rendered = {r.pk: saved_replies.render(r.body, convo) for r in all_replies}
    for r in all_replies:
        r.rendered = rendered[r.pk]
    for r in suggested:
        r.rendered = rendered.get(r.pk) or saved_replies.render(r.body, convo)
    if reply_form is None:
        chosen = next((r for r in all_replies if str(r.pk) == request.GET.get("use", "")), None)
        reply_form = ReplyForm(initial={"text": chosen.rendered if chosen else ""})
    if not may_override_guard(membership):
        reply_form.fields.pop("override_reason", None)
    context = {
        **live["messages"],
        **live["summary"],
        **live["presence"],
        **_live_context(request, convo, list_query, live),
        "list_query": list_query,
        "inbox_url": _inbox_url(list_query),
        "urgent_label": signposting.LABELS.get(kind, ""),
        "urgent_banner": signposting.banner(kind) if kind else "",
        "urgent_kind": kind,
        "notes": convo.notes.select_related("author"),
        "alerts": convo.alerts.select_related("acknowledged_by"),
        "reply_form": reply_form,
        "blocked": blocked,
        "note_form": NoteForm(prefix="note"),
        "tag_form": TagForm(),
        "known_tags": tag_names(membership),
        "suggested": suggested,
        "saved_replies": all_replies,
        "contact_history": visible_conversations(membership)
        .filter(contact=convo.contact)
        .exclude(pk=convo.pk)
        .select_related("channel")
        .order_by("-last_message_at")[:10],
        "history": AuditEvent.objects.filter(
            organisation=convo.organisation,
            object_type="inbox.conversation",
            object_id=str(convo.pk),
        )[:30],
        "open_conversation": convo,
    }
    if _pane_request(request):
        response = render(request, "inbox/_panes.html", context)
    else:
        context.update(_desk_context(request, filters))
        response = render(request, "inbox/conversation.html", context)
    response["HX-Push-Url"] = _conversation_url(pk, filters)
    patch_vary_headers(response, ["HX-Request"])
    return response


@requires(Capability.VIEW_INBOX)
def conversation_live(request, pk: int):
    """The open conversation's poll: a fresh poller, and, out of band, whichever of the
    messages, the summary and "… is replying" changed since the digests it was given."""
    convo = _conversation_or_404(request, pk)
    live = _live_context(request, convo, InboxFilterForm(request.GET, request.membership).query())
    changed = {
        key: text
        for key, text in live["live_parts"].items()
        if request.GET.get(key[0]) != live["live_digests"][key]
    }
    response = render(
        request, "inbox/_live.html", {**live, "changed": changed, "conversation": convo}
    )
    patch_cache_control(response, no_store=True)
    return response


@requires(Capability.VIEW_INBOX)
@require_POST
def replying(request, pk: int):
    """The page says its person is typing a reply: mark it for a few seconds."""
    convo = _conversation_or_404(request, pk)
    if not can_reply(request.membership, convo.channel):
        raise PermissionDenied("Your role cannot reply on this account.")
    presence.mark(convo, request.user)
    return HttpResponse(status=204)


@requires(Capability.VIEW_INBOX)
@require_POST
def reply(request, pk: int):
    """Send a reply; then, as the button said, close the conversation or open the next one in
    the list.
    A reply assigns the conversation to its author when nobody had it."""
    convo = _conversation_or_404(request, pk)
    membership = request.membership
    form = ReplyForm(request.POST)
    if not may_override_guard(membership):
        form.fields.pop("override_reason")
    if not form.is_valid():
        return conversation(request, pk, reply_form=form)
    then = request.POST.get("then", "")
    filters = InboxFilterForm(request.GET, membership)
    following = _next_after(request, convo, filters) if then == "next" else None
    try:
        message = replies.compose(
            convo,
            form.cleaned_data["text"],
            membership=membership,
            override_reason=form.cleaned_data.get("override_reason", ""),
        )
    except replies.ReplyBlocked as blocked:
        form.add_error(
            "text",
            "This reply contains patient-identifiable information: remove it, "
            "or ask an admin to send it with a reason.",
        )
        return conversation(request, pk, reply_form=form, blocked=blocked.findings)
    presence.clear(convo, request.user)
    actions.claim_on_reply(convo, membership)
    message.refresh_from_db()
    if message.delivery == "awaiting_approval":
        flash.success(request, "Your reply is waiting for a comms officer's approval.")
    elif message.delivery == "sent":
        flash.success(request, "Reply sent.")
    else:
        flash.error(request, f"The reply was saved but not sent: {message.delivery_detail}")
        return _back(request, pk)
    if then == "close":
        convo.refresh_from_db()
        actions.set_status(convo, membership, ConversationStatus.CLOSED)
        flash.success(request, "Conversation closed.")
    if then == "next":
        if following is None:
            flash.success(request, "That was the last conversation in the list.")
            return redirect(_inbox_url(filters.query()))
        return redirect(_conversation_url(following, filters))
    return _back(request, pk)


def _message_or_404(request, message_id):
    return get_visible_or_404(
        Message.objects.filter(
            conversation__in=visible_conversations(request.membership)
        ).select_related("conversation", "channel"),
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
        flash.success(
            request,
            {"approve": "Reply approved.", "reject": "Reply rejected.", "retry": "Tried again."}[
                decision
            ],
        )
    return _back(request, message.conversation_id)


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
    return _back(request, message.conversation_id)


@requires(Capability.TRIAGE)
@require_POST
def assign(request, pk: int):
    convo = _conversation_or_404(request, pk)
    value = request.POST.get("assignee", "")
    try:
        if value.startswith("team:"):
            actions.assign(
                convo,
                request.membership,
                team_id=bounds.id_or_none(value[5:]) or 0,
                user_id=convo.assignee_id,
            )
        else:
            actions.assign(convo, request.membership, user_id=bounds.id_or_none(value))
    except ValueError as error:
        flash.error(request, str(error))
    else:
        flash.success(request, "Assignment saved.")
    return _back(request, pk)


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
    return _back(request, pk)


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
    return _back(request, pk)


@requires(Capability.TRIAGE)
@require_POST
def tags(request, pk: int):
    """Add a tag to the conversation (`name`), or take one off (`remove`: its id)."""
    convo = _conversation_or_404(request, pk)
    if "remove" in request.POST:
        actions.untag(convo, request.membership, bounds.id_or_none(request.POST["remove"]) or 0)
        flash.success(request, "Tag removed.")
        return _back(request, pk)
    form = TagForm(request.POST)
    if form.is_valid():
        actions.tag(convo, request.membership, form.cleaned_data["name"])
        flash.success(request, f"Tagged “{form.cleaned_data['name']}”.")
    else:
        flash.error(request, form.errors["name"][0])
    return _back(request, pk)


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
    return _back(request, message.conversation_id)


@requires(Capability.TRIAGE)
@require_POST
def moderate(request, message_id: int):
    message = _message_or_404(request, message_id)
    form = ModerateForm(request.POST)
    if not form.is_valid():
        flash.error(request, "Give a reason: it is kept in the audit log.")
        return _back(request, message.conversation_id)
    action, reason = form.cleaned_data["action"], form.cleaned_data["reason"]
    try:
        if action == "delete":
            moderation.delete(message, request.user, reason)
        else:
            moderation.hide(message, request.user, reason, hidden=(action == "hide"))
    except moderation.ModerationFailed as error:
        flash.error(request, f"Nothing was changed: {error}")
    else:
        flash.success(
            request,
            {"hide": "Hidden.", "unhide": "Visible again.", "delete": "Deleted from the network."}[
                action
            ],
        )
    return _back(request, message.conversation_id)


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
    return _back(request, alert.conversation_id)


@requires(Capability.VIEW_INBOX)
def contact(request, pk: int):
    person = get_visible_or_404(visible_contacts(request.membership), pk=pk)
    history = (
        visible_conversations(request.membership)
        .filter(contact=person)
        .select_related("channel")
        .order_by("-last_message_at")
    )
    return render(request, "inbox/contact.html", {"contact": person, "history": history})


def _kudos(request):
    found = Kudos.objects.filter(organisation=request.membership.organisation).select_related(
        "team", "message__channel", "message__conversation__contact"
    )
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
    return render(
        request,
        "inbox/kudos.html",
        {
            "kudos": found,
            "by_person": sorted(by_person.items(), key=lambda i: -len(i[1])),
            "teams": request.membership.organisation.teams.all(),
            "chosen_team": request.GET.get("team", ""),
            "printable": request.GET.get("print"),
        },
    )


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
    rows += [
        [c.message.text, c.to_route, c.from_route, c.message.language, c.at.isoformat()]
        for c in corrections
    ]
    response = HttpResponse(spreadsheets.as_csv(rows), content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="route-corrections.csv"'
    return response
