"""Posts made through the API: the same services as the composer (sociable.publishing.posts)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from sociable.accounts import access
from sociable.audit.log import record
from sociable.publishing import posts
from sociable.publishing.models import Post, PostStatus


def create(membership, data: dict) -> Post:
    """A draft post with its accounts. Raises ValueError for accounts the member cannot use."""
    allowed = {c.id: c for c in posts.publishable_channels(membership)}
    wanted = [t["channel"] for t in data["targets"]]
    refused = [str(c) for c in wanted if c not in allowed]
    if refused:
        raise ValueError(f"You cannot post to account {', '.join(refused)}.")
    when = data.get("scheduled_at")
    if when is not None and when < timezone.now():
        raise ValueError("Choose a time in the future.")
    with transaction.atomic():
        post = Post.objects.create(
            organisation=membership.organisation,
            author=membership.user,
            text=data["text"],
            text_cy=data.get("text_cy", ""),
            thread=[p for p in data.get("thread", []) if p],
            link=data.get("link", ""),
            campaign=data.get("campaign", ""),
            scheduled_at=when,
        )
        posts.set_targets(
            post,
            membership,
            [allowed[c] for c in wanted],
            languages={t["channel"]: t["language"] for t in data["targets"]},
            variants={t["channel"]: t.get("text", "") for t in data["targets"]},
        )
        record(post.organisation, membership.user, "post.saved", post, after={"via": "api"})
    return post


def schedule(post: Post, membership, when=None) -> None:
    """Schedule the post (officers and admins, their own posts) or send it for approval
    (contributors); with `when`, first move it to that time. Raises PostRefused,
    PermissionDenied or ValueError."""
    posts.require_editor(post, membership)
    if when is not None:
        if when < timezone.now():
            raise ValueError("Choose a time in the future.")
        if post.status == PostStatus.APPROVED:
            posts.reschedule(post, membership, when)
            return
        if post.status not in posts.EDITABLE:
            raise PermissionDenied("Only a draft can be changed.")
        post.scheduled_at = when
        post.save(update_fields=["scheduled_at", "updated_at"])
    if access.can(membership, access.Capability.PUBLISH) and post.author_id == membership.user_id:
        posts.approve(post, membership)
    else:
        posts.submit(post, membership)


def approve(post: Post, membership, override_reason: str = "") -> None:
    """Approve someone else's submitted post. Nobody approves their own."""
    if post.author_id == membership.user_id:
        raise PermissionDenied("Nobody approves their own post: ask a colleague.")
    posts.approve(post, membership, override_reason=override_reason)
