"""Published posts with metrics, for report tests."""

from datetime import timedelta

from django.utils import timezone

from sociable.publishing.models import Post, PostStatus, PostTarget, TargetStatus


def published(
    cast,
    *,
    channel=None,
    when=None,
    text="Flu jabs for staff all week",
    campaign="",
    team=None,
    **metrics,
):
    """A post published on one account at `when` with the given metrics (others unknown)."""
    if when is None:  # a little while ago, but in this month (the report's default period)
        now = timezone.localtime()
        when = max(now - timedelta(hours=3), now.replace(day=1, hour=0, minute=0, second=1))
    channel = channel or cast.channel
    post = Post.objects.create(
        organisation=channel.organisation,
        author=cast.officer,
        text=text,
        campaign=campaign,
        team=team,
        status=PostStatus.APPROVED,
        scheduled_at=when,
    )
    return PostTarget.objects.create(
        post=post,
        channel=channel,
        status=TargetStatus.PUBLISHED,
        published_at=when,
        network_post_id=f"demo-post-{int(when.timestamp())}-{post.pk:012d}",
        **metrics,
    )
