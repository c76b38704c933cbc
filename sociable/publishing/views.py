from django.contrib import messages as flash
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from sociable.accounts.access import Capability, can, get_visible_or_404, requires
from sociable.accounts.models import Role
from sociable.audit.log import record
from sociable.audit.models import AuditEvent
from sociable.publishing import posts, publisher
from sociable.publishing.forms import PostForm, ReviewForm
from sociable.publishing.models import Post, PostMedia, PostStatus, PostTarget, TargetStatus


def _posts(request):
    return Post.objects.filter(organisation=request.membership.organisation)


@requires(Capability.DRAFT_POSTS)
def publish(request):
    membership = request.membership
    found = _posts(request).select_related("author").prefetch_related("targets__channel")
    if membership.role == Role.CONTRIBUTOR:
        found = found.filter(author=membership.user)
    groups = [
        ("Need a person", found.filter(targets__status__in=[TargetStatus.FAILED,
                                                             TargetStatus.HELD]).distinct()),
        ("Awaiting approval", found.filter(status=PostStatus.SUBMITTED)),
        ("Drafts", found.filter(status__in=[PostStatus.DRAFT, PostStatus.CHANGES_REQUESTED])),
        ("Scheduled", found.filter(status=PostStatus.APPROVED,
                                   targets__status=TargetStatus.SCHEDULED).distinct()
         .order_by("scheduled_at")),
        ("Published", found.filter(targets__status=TargetStatus.PUBLISHED).distinct()[:30]),
    ]
    return render(request, "publishing/publish.html", {"groups": groups})


@requires(Capability.DRAFT_POSTS)
def compose(request, pk: int | None = None):
    membership = request.membership
    post = None
    if pk is not None:
        post = get_visible_or_404(_posts(request), pk=pk)
        posts.require_editor(post, membership)
        if post.status not in posts.EDITABLE:
            flash.error(request, "Only drafts can be edited. This post is "
                                 f"{post.get_status_display().lower()}.")
            return redirect("post_detail", pk=post.pk)
    channels = posts.publishable_channels(membership)
    form = PostForm(request.POST or None, request.FILES or None, instance=post, channels=channels)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
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
            posts.set_targets(post, membership, chosen, {c.id: language for c in chosen})
            upload = form.cleaned_data.get("media_file")
            if upload is not None:
                PostMedia.objects.create(
                    post=post, file=upload, content_type=upload.content_type,
                    alt_text=form.cleaned_data["alt_text"].strip(),
                    has_captions=form.cleaned_data["has_captions"],
                )
            record(post.organisation, membership.user, "post.saved", post)
        action = request.POST.get("action", "save")
        if action in ("submit", "schedule"):
            return _advance(request, post, action)
        flash.success(request, "Draft saved.")
        return redirect("post_detail", pk=post.pk)
    return render(request, "publishing/compose.html", {"form": form, "post": post})


def _advance(request, post, action):
    membership = request.membership
    try:
        if action == "schedule" and can(membership, Capability.PUBLISH):
            posts.approve(post, membership)
            flash.success(request, "Scheduled.")
        else:
            posts.submit(post, membership)
            flash.success(request, "Sent for approval. A comms officer will review it.")
    except posts.PostRefused as refused:
        request.session["post_check"] = {"problems": refused.check.problems,
                                         "findings": refused.check.findings}
        flash.error(request, str(refused))
    except PermissionDenied as denied:
        flash.error(request, str(denied))
    return redirect("post_detail", pk=post.pk)


@requires(Capability.DRAFT_POSTS)
def post_detail(request, pk: int):
    post = get_visible_or_404(_posts(request).select_related("author", "reviewed_by"), pk=pk)
    membership = request.membership
    if membership.role == Role.CONTRIBUTOR and post.author_id != membership.user_id:
        raise PermissionDenied("Contributors see their own posts.")
    stored = request.session.pop("post_check", None)
    result = posts.check(post)
    return render(request, "publishing/post_detail.html", {
        "post": post, "check": result, "refused": stored,
        "targets": post.targets.select_related("channel"),
        "may_review": can(membership, Capability.PUBLISH) and post.author_id != membership.user_id,
        "may_publish": can(membership, Capability.PUBLISH),
        "is_admin": membership.role == Role.ADMIN,
        "review_form": ReviewForm(),
        "history": AuditEvent.objects.filter(organisation=post.organisation,
                                             object_type="publishing.post",
                                             object_id=str(post.pk))[:30],
    })


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
        if action == "approve":
            posts.approve(post, membership,
                          override_reason=form.cleaned_data.get("override_reason", ""))
            flash.success(request, "Approved and scheduled.")
        elif action in ("changes", "reject"):
            posts.review(post, membership, action, form.cleaned_data.get("comment", ""))
            flash.success(request, "The author has been told.")
        else:
            flash.error(request, "Choose what to do.")
    except posts.PostRefused as refused:
        request.session["post_check"] = {"problems": refused.check.problems,
                                         "findings": refused.check.findings}
        flash.error(request, str(refused))
    except (PermissionDenied, ValueError) as error:
        flash.error(request, str(error))
    return redirect("post_detail", pk=post.pk)


@requires(Capability.PUBLISH)
@require_POST
def target_action(request, target_id: int):
    target = get_visible_or_404(
        PostTarget.objects.filter(post__organisation=request.membership.organisation)
        .select_related("post", "channel"), pk=target_id,
    )
    action = request.POST.get("action")
    if action == "retry" and target.status in (TargetStatus.HELD, TargetStatus.FAILED):
        publisher.retry_by_person(target, request.user)
        flash.success(request, f"{target.channel}: it will be tried again now.")
    elif action == "mark_published" and target.status == TargetStatus.HELD:
        publisher.mark_published_by_person(target, request.user,
                                           request.POST.get("url", "")[:500])
        flash.success(request, f"{target.channel}: marked as published.")
    else:
        flash.error(request, "That cannot be done to this account's post now.")
    return redirect("post_detail", pk=target.post_id)
