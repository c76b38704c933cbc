from datetime import datetime, time, timedelta

from django.contrib import messages as flash
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from sociable.accounts import access
from sociable.accounts.access import Capability, can, get_visible_or_404, requires
from sociable.audit.log import record
from sociable.audit.models import AuditEvent
from sociable.core import bounds
from sociable.inbox.models import ConversationStatus
from sociable.publishing import (
    awareness,
    calendar,
    pause,
    posts,
    preview,
    publisher,
    readability,
    timing,
)
from sociable.publishing.forms import (
    AwarenessDayForm,
    CalendarForm,
    ConfirmDatesForm,
    ContentSourceForm,
    MoveForm,
    PostForm,
    ReviewForm,
)
from sociable.publishing.models import (
    AwarenessDateConfirmation,
    ContentSuggestion,
    Post,
    PostMedia,
    PostStatus,
    PostTarget,
    TargetStatus,
)
from sociable.publishing.schedule_forms import PauseForm, RescheduleForm


def _posts(request):
    return access.visible_posts(request.membership)


@requires(Capability.DRAFT_POSTS)
def publish(request):
    membership = request.membership
    found = _posts(request).select_related("author").prefetch_related("targets__channel")
    groups = [
        (
            "Need a person",
            found.filter(targets__status__in=[TargetStatus.FAILED, TargetStatus.HELD]).distinct(),
        ),
        ("Awaiting approval", found.filter(status=PostStatus.SUBMITTED)),
        ("Drafts", found.filter(status__in=[PostStatus.DRAFT, PostStatus.CHANGES_REQUESTED])),
        (
            "Scheduled",
            found.filter(status=PostStatus.APPROVED, targets__status=TargetStatus.SCHEDULED)
            .distinct()
            .order_by("scheduled_at"),
        ),
        ("Published", found.filter(targets__status=TargetStatus.PUBLISHED).distinct()[:30]),
        (
            "Deleted from the networks",
            found.filter(targets__status=TargetStatus.DELETED).distinct()[:10],
        ),
    ]
    inbox = None
    if can(membership, Capability.VIEW_INBOX):
        open_conversations = access.visible_conversations(membership).exclude(
            status=ConversationStatus.CLOSED
        )
        inbox = {
            "open": open_conversations.count(),
            "channels": access.visible_channels(membership),
        }
    return render(
        request,
        "publishing/publish.html",
        {
            "groups": groups,
            "inbox": inbox,
            "may_pause": can(membership, Capability.PAUSE_PUBLISHING),
            "pause_form": PauseForm(),
        },
    )


@requires(Capability.DRAFT_POSTS)
def compose(request, pk: int | None = None):
    membership = request.membership
    post = None
    if pk is not None:
        post = get_visible_or_404(_posts(request), pk=pk)
        posts.require_editor(post, membership)
        if post.targets.filter(status__in=posts.GONE_OUT).exists():
            flash.error(
                request,
                "It has been published on at least one account, so it can no "
                "longer be changed: delete it from the networks instead.",
            )
            return redirect("post_detail", pk=post.pk)
    scheduled = post is not None and post.status == PostStatus.APPROVED
    was = post.status if post is not None else None
    approved = None
    channels = posts.publishable_channels(membership)
    form = PostForm(
        request.POST or None,
        request.FILES or None,
        instance=post,
        channels=channels,
        organisation=membership.organisation,
    )
    action = request.POST.get("action", "save")
    if request.method == "POST" and action != "preview" and form.is_valid():
        try:
            with transaction.atomic():
                if post is not None:
                    fresh = Post.objects.get(pk=post.pk)  # as approved, not as the form left it
                    approved = posts.begin_edit(fresh, membership)
                    form.instance.status = fresh.status
                post = _save_composed(form, membership)
                kept = posts.finish_edit(post, membership, approved)
        except (PermissionDenied, ValueError) as error:
            flash.error(request, f"Nothing was changed: {error}")
            return redirect("post_detail", pk=pk) if pk else redirect("publish")
        if kept:
            when = timezone.localtime(post.scheduled_at).strftime("%A %-d %B at %H:%M")
            flash.success(request, f"Saved. It is still approved and scheduled for {when}.")
            return redirect("post_detail", pk=post.pk)
        if action in ("submit", "schedule"):
            # Someone who publishes and changed a post sent to them schedules their own words.
            return _advance(
                request, post, action, as_editor=was in (PostStatus.SUBMITTED, PostStatus.APPROVED)
            )
        flash.success(
            request,
            "Saved as a draft: it changed after it was approved, so it needs approving again."
            if approved
            else "Draft saved.",
        )
        return redirect("post_detail", pk=post.pk)
    return render(
        request,
        "publishing/compose.html",
        {
            "form": form,
            "post": post,
            "preview": _preview(form, membership),
            "editing_scheduled": scheduled,
            "best_times": [(c, timing.suggestions(c)) for c in channels],
        },
    )


@requires(Capability.DRAFT_POSTS)
@require_POST
def compose_preview(request):
    """The composer's preview and confidentiality warning for what is typed so far (the page
    asks for it a moment after each change); nothing is saved."""
    membership = request.membership
    channels = posts.publishable_channels(membership)
    form = PostForm(request.POST, channels=channels, organisation=membership.organisation)
    return render(
        request, "publishing/_compose_preview.html", {"preview": _preview(form, membership)}
    )


def _preview(form, membership):
    if not form.is_bound:
        if form.instance.pk is None:
            return preview.build(membership.organisation, [], {}, {})
        post = form.instance
        return preview.build(
            membership.organisation,
            [t.channel for t in post.targets.select_related("channel")],
            {
                "text": post.text,
                "text_cy": post.text_cy,
                "link": post.link,
                "campaign": post.campaign,
                "thread": post.thread,
                "link_tracking": post.link_tracking,
                "language": form.fields["language"].initial,
            },
            {t.channel.network: t.text for t in post.targets.select_related("channel") if t.text},
        )
    form.is_valid()  # what validated is previewed; the rest waits for saving
    data = dict(form.cleaned_data)
    data["thread"] = form.thread_parts()
    return preview.build(membership.organisation, form.chosen_channels(), data, form.variants())


def _save_composed(form, membership):
    """Save the composer's post, its accounts and any media (inside the caller's transaction)."""
    post = form.save(commit=False)
    if post.pk is None:
        post.organisation = membership.organisation
        post.author = membership.user
    post.thread = form.thread_parts()
    post.scheduled_at = form.cleaned_data["when"]
    if post.status in (PostStatus.REJECTED, PostStatus.CHANGES_REQUESTED):
        post.status = PostStatus.DRAFT
    post.save()
    language = form.cleaned_data["language"]
    chosen = list(form.cleaned_data["channels"])
    variants = form.variants()
    posts.set_targets(
        post,
        membership,
        chosen,
        {c.id: language for c in chosen},
        {c.id: variants.get(c.network, "") for c in chosen},
    )
    upload = form.cleaned_data.get("media_file")
    if upload is not None:
        PostMedia.objects.create(
            post=post,
            file=upload,
            content_type=upload.content_type,
            alt_text=form.cleaned_data["alt_text"].strip(),
            has_captions=form.cleaned_data["has_captions"],
        )
    record(post.organisation, membership.user, "post.saved", post)
    return post


def _advance(request, post, action, *, as_editor=False):
    membership = request.membership
    try:
        if action == "schedule" and can(membership, Capability.PUBLISH):
            posts.approve(post, membership, as_editor=as_editor)
            flash.success(request, "Scheduled.")
        else:
            posts.submit(post, membership)
            flash.success(request, "Sent for approval. A comms officer will review it.")
    except posts.PostRefused as refused:
        request.session["post_check"] = {
            "problems": refused.check.problems,
            "findings": refused.check.findings,
        }
        flash.error(request, str(refused))
    except PermissionDenied as denied:
        flash.error(request, str(denied))
    return redirect("post_detail", pk=post.pk)


@requires(Capability.DRAFT_POSTS)
def post_detail(request, pk: int):
    post = get_visible_or_404(_posts(request).select_related("author", "reviewed_by"), pk=pk)
    membership = request.membership
    stored = request.session.pop("post_check", None)
    result = posts.check(post)
    targets = list(post.targets.select_related("channel", "deleted_by"))
    may_edit = access.may_edit_post(membership, post)
    gone_out = any(t.status in posts.GONE_OUT for t in targets)
    may_publish = can(membership, Capability.PUBLISH)
    return render(
        request,
        "publishing/post_detail.html",
        {
            "post": post,
            "check": result,
            "refused": stored,
            "targets": targets,
            "may_edit": may_edit and not gone_out,
            "may_change_draft": may_edit and post.status in posts.EDITABLE,
            "may_reschedule": may_edit and not gone_out and post.status == PostStatus.APPROVED,
            "may_cancel": may_edit
            and not gone_out
            and post.status in (PostStatus.APPROVED, PostStatus.SUBMITTED),
            "may_delete": may_edit and not gone_out,
            "may_delete_published": may_publish
            and any(t.status == TargetStatus.PUBLISHED for t in targets),
            "may_review": may_publish and post.author_id != membership.user_id,
            "may_publish": may_publish,
            "may_override_guard": access.may_override_guard(membership),
            "review_form": _review_form(membership),
            "reschedule_form": RescheduleForm(
                initial={"when": timezone.localtime(post.scheduled_at)}
                if post.scheduled_at
                else None
            ),
            "readability": readability.hints(post.text),
            "best_times": [(t.channel, timing.suggestions(t.channel)) for t in targets],
            "history": AuditEvent.objects.filter(
                organisation=post.organisation,
                object_type="publishing.post",
                object_id=str(post.pk),
            )[:30],
        },
    )


def _review_form(membership):
    form = ReviewForm()
    if not access.may_override_guard(membership):
        form.fields.pop("override_reason")
    return form


def _changed(request, post, action):
    """Cancel, reschedule or delete a post not yet published; delete a published one from its
    networks (the record is kept). Returns where to go next."""
    membership = request.membership
    if action == "cancel":
        posts.cancel(post, membership)
        flash.success(request, "Cancelled: it is a draft again and will not be published.")
    elif action == "reschedule":
        form = RescheduleForm(request.POST)
        if not form.is_valid():
            flash.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        else:
            posts.reschedule(post, membership, form.cleaned_data["when"])
            when = timezone.localtime(post.scheduled_at).strftime("%A %-d %B at %H:%M")
            flash.success(request, f"It will go out on {when}.")
    elif action == "delete":
        posts.delete_unpublished(post, membership)
        flash.success(request, "Post deleted.")
        return redirect("publish")
    elif action == "delete_published":
        if not can(membership, Capability.PUBLISH):
            raise PermissionDenied("Only comms officers and admins delete published posts.")
        failed = []
        for target in post.targets.filter(status=TargetStatus.PUBLISHED).select_related(
            "channel", "post__organisation"
        ):
            try:
                publisher.delete_published(target, request.user)
            except publisher.DeleteFailed as error:
                failed.append(f"{target.channel}: {error}")
        if failed:
            flash.error(request, "Not deleted everywhere. " + " ".join(failed))
        else:
            flash.success(request, "Deleted from the networks. The record stays here.")
    return redirect("post_detail", pk=post.pk)


@requires(Capability.DRAFT_POSTS)
@require_POST
def post_action(request, pk: int):
    post = get_visible_or_404(_posts(request), pk=pk)
    action = request.POST.get("action", "")
    membership = request.membership
    form = ReviewForm(request.POST)
    form.is_valid()
    try:
        if action in ("submit", "schedule"):
            return _advance(request, post, action)
        if action in ("cancel", "reschedule", "delete", "delete_published"):
            return _changed(request, post, action)
        if action == "approve":
            posts.approve(
                post, membership, override_reason=form.cleaned_data.get("override_reason", "")
            )
            flash.success(request, "Approved and scheduled.")
        elif action in ("changes", "reject"):
            posts.review(post, membership, action, form.cleaned_data.get("comment", ""))
            flash.success(request, "The author has been told.")
        else:
            flash.error(request, "Choose what to do.")
    except posts.PostRefused as refused:
        request.session["post_check"] = {
            "problems": refused.check.problems,
            "findings": refused.check.findings,
        }
        flash.error(request, str(refused))
    except (PermissionDenied, ValueError) as error:
        flash.error(request, str(error))
    return redirect("post_detail", pk=post.pk)


@requires(Capability.PUBLISH)
@require_POST
def target_action(request, target_id: int):
    target = get_visible_or_404(
        PostTarget.objects.filter(
            post__organisation=request.membership.organisation
        ).select_related("post__organisation", "channel"),
        pk=target_id,
    )
    action = request.POST.get("action")
    if action == "retry" and target.status in (TargetStatus.HELD, TargetStatus.FAILED):
        publisher.retry_by_person(target, request.user)
        flash.success(request, f"{target.channel}: it will be tried again now.")
    elif action == "mark_published" and target.status == TargetStatus.HELD:
        publisher.mark_published_by_person(target, request.user, request.POST.get("url", "")[:500])
        flash.success(request, f"{target.channel}: marked as published.")
    elif action == "delete" and target.status == TargetStatus.PUBLISHED:
        try:
            publisher.delete_published(target, request.user)
        except publisher.DeleteFailed as error:
            flash.error(request, f"{target.channel}: not deleted. {error}")
        else:
            flash.success(
                request, f"{target.channel}: deleted from the network. The record stays here."
            )
    else:
        flash.error(request, "That cannot be done to this account's post now.")
    return redirect("post_detail", pk=target.post_id)


@requires(Capability.PAUSE_PUBLISHING)
@require_POST
def publishing_pause(request):
    """Pause all publishing, or lift the pause (admins)."""
    membership = request.membership
    try:
        if request.POST.get("action") == "lift":
            released = pause.lift(membership)
            flash.success(
                request,
                "Publishing resumed."
                + (
                    f" {released} post{'s' if released != 1 else ''} that fell due while paused "
                    "will go out now."
                    if released
                    else ""
                ),
            )
        else:
            form = PauseForm(request.POST)
            if not form.is_valid():
                raise ValueError(" ".join(e for errs in form.errors.values() for e in errs))
            pause.pause(membership, form.cleaned_data["reason"])
            flash.success(request, "Publishing is paused: nothing goes out until you lift it.")
    except ValueError as error:
        flash.error(request, str(error))
    back = request.POST.get("back", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = ""
    return redirect(back or "publish")


@requires(Capability.VIEW_CALENDAR)
def calendar_page(request):
    membership = request.membership
    organisation = membership.organisation
    form = CalendarForm(request.GET)
    if not form.is_valid():
        return HttpResponseBadRequest("Choose a month or a day between 2000 and 2100.")
    view = form.cleaned_data["view"]
    filters = {"membership": membership}
    if form.cleaned_data["account"]:
        filters["channel"] = form.cleaned_data["account"]
    if form.cleaned_data["team"]:
        filters["team"] = form.cleaned_data["team"]
    if view == "week":
        day = form.cleaned_data["day"] or timezone.localdate()
        monday = day - timedelta(days=day.weekday())
        weeks = calendar.week(organisation, monday, **filters)
        previous, following = monday - timedelta(days=7), monday + timedelta(days=7)
        title = f"Week of {monday:%-d %B %Y}"
        nav = {"previous": f"?view=week&date={previous}", "next": f"?view=week&date={following}"}
    else:
        first = form.cleaned_data["month"] or timezone.localdate().replace(day=1)
        weeks = calendar.month(organisation, first.year, first.month, **filters)
        previous = (first - timedelta(days=1)).replace(day=1)
        following = (first + timedelta(days=32)).replace(day=1)
        title = f"{first:%B %Y}"
        nav = {"previous": f"?date={previous:%Y-%m}", "next": f"?date={following:%Y-%m}"}
    for day in (d for w in weeks for d in w):
        for post in day.posts:
            post.may_move = access.may_edit_post(membership, post)
    suggestions = ContentSuggestion.objects.filter(
        source__organisation=organisation, used=False
    ).select_related("source")[:8]
    return render(
        request,
        "publishing/calendar.html",
        {
            "weeks": weeks,
            "view": view,
            "title": title,
            "nav": nav,
            "today": timezone.localdate(),
            "channels": posts.publishable_channels(membership),
            "teams": access.visible_teams(membership),
            "chosen": request.GET,
            "suggestions": suggestions,
            "may_move": can(membership, Capability.DRAFT_POSTS),
            "may_follow_feeds": can(membership, Capability.PUBLISH),
        },
    )


@requires(Capability.DRAFT_POSTS)
@require_POST
def calendar_move(request):
    """Drag and drop: move a post to another day, keeping its time of day (UK time)."""
    form = MoveForm(request.POST)
    if not form.is_valid():
        message = " ".join(e for errors in form.errors.values() for e in errors)
        if request.headers.get("Accept") == "application/json":
            return JsonResponse({"ok": False, "error": message}, status=400)
        return HttpResponseBadRequest(message)
    post = get_visible_or_404(_posts(request), pk=form.cleaned_data["post"])
    try:
        day = form.cleaned_data["date"]
        current = timezone.localtime(post.scheduled_at) if post.scheduled_at else None
        clock = current.time() if current else time(9, 0)
        posts.reschedule(
            post, request.membership, timezone.make_aware(datetime.combine(day, clock))
        )
    except (ValueError, PermissionDenied) as error:
        message = str(error) or "Choose a day."
        if request.headers.get("Accept") == "application/json":
            return JsonResponse({"ok": False, "error": message}, status=400)
        flash.error(request, message)
    else:
        if request.headers.get("Accept") == "application/json":
            return JsonResponse({"ok": True})
        flash.success(request, "Moved.")
    back = request.POST.get("back", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = "calendar"
    return redirect(back or "calendar")


@requires(Capability.VIEW_CALENDAR)
def awareness_days(request):
    organisation = request.membership.organisation
    calendar.ensure_awareness_days(organisation)
    today = timezone.localdate()
    rows = []
    for day in organisation.awareness_days.prefetch_related("confirmations"):
        lib = awareness.AwarenessDay(
            name=day.name,
            kind=day.kind,
            rule=day.rule,
            rule_machine=day.rule_machine,
            organiser=day.organiser,
            source=day.source,
        )
        if not awareness.listed(lib):
            continue
        shown = awareness.as_shown(lib)
        confirmed = {c.year: c for c in day.confirmations.all()}
        occ = awareness.next_occurrence(
            shown, today, {y: (c.start, c.end) for y, c in confirmed.items()}
        )
        rows.append(
            {
                "day": day,
                "shown": shown,
                "occurrence": occ,
                "year": occ.year if occ else today.year,
                "confirmed": confirmed.get(occ.year) if occ else None,
                "needs_confirmation": awareness.parse_rule(shown.rule_machine).needs_confirmation,
                "source": awareness.source_url(lib),
            }
        )
    rows.sort(key=lambda r: (awareness.sort_date(r["occurrence"]), r["day"].name))
    year = today.year
    return render(
        request,
        "publishing/awareness_days.html",
        {
            "rows": rows,
            "year": year,
            "form": AwarenessDayForm(),
            "may_edit": can(request.membership, Capability.MANAGE_ORGANISATION),
        },
    )


@requires(Capability.MANAGE_ORGANISATION)
@require_POST
def awareness_day_action(request, pk: int | None = None):
    organisation = request.membership.organisation
    if pk is None:
        form = AwarenessDayForm(request.POST)
        form.instance.organisation = organisation
        if form.is_valid():
            try:
                with transaction.atomic():
                    form.save()
            except IntegrityError:
                flash.error(request, "You already have an awareness day with that name.")
            else:
                flash.success(request, f"Added {form.instance.name}.")
        else:
            flash.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return redirect("awareness_days")
    day = get_visible_or_404(organisation.awareness_days.all(), pk=pk)
    action = request.POST.get("action")
    if action in ("show", "hide"):
        day.shown = action == "show"
        day.save(update_fields=["shown"])
        flash.success(request, f"{day.name}: {'shown' if day.shown else 'hidden'}.")
    elif action == "confirm":
        form = ConfirmDatesForm(request.POST)
        if form.is_valid():
            AwarenessDateConfirmation.objects.update_or_create(
                day=day,
                year=form.cleaned_data["year"],
                defaults={
                    "start": form.cleaned_data["start"],
                    "end": form.cleaned_data["end"],
                    "confirmed_by": request.user,
                },
            )
            record(
                organisation,
                request.user,
                "awareness.confirmed",
                day,
                after={k: str(v) for k, v in form.cleaned_data.items()},
            )
            flash.success(request, f"{day.name}: dates confirmed.")
        else:
            flash.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("awareness_days")


@requires(Capability.PUBLISH)
def content_sources(request):
    organisation = request.membership.organisation
    form = ContentSourceForm(request.POST or None)
    if request.method == "POST":
        if bounds.id_or_none(request.POST.get("remove")) is not None:
            organisation.content_sources.filter(
                pk=bounds.id_or_none(request.POST["remove"])
            ).delete()
            flash.success(request, "Feed removed.")
            return redirect("content_sources")
        form.instance.organisation = organisation
        if form.is_valid():
            try:
                with transaction.atomic():
                    form.save()
            except IntegrityError:
                form.add_error("url", "You already follow this feed.")
            else:
                flash.success(request, "Feed added: new stories appear on the calendar.")
                return redirect("content_sources")
    return render(
        request,
        "publishing/content_sources.html",
        {"form": form, "sources": organisation.content_sources.all()},
    )
