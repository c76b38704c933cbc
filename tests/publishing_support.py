from datetime import timedelta

from django.utils import timezone

from sociable.publishing.models import Post, PostStatus, PostTarget, TargetStatus


def approved_post(
    cast,
    text="Flu jabs for staff all week in the atrium #NHS",
    *,
    channel=None,
    thread=(),
    when=None,
    author=None,
):
    post = Post.objects.create(
        organisation=cast.organisation,
        author=author or cast.contributor,
        text=text,
        thread=list(thread),
        status=PostStatus.APPROVED,
        scheduled_at=when or timezone.now() - timedelta(seconds=5),
    )
    target = PostTarget.objects.create(
        post=post,
        channel=channel or cast.channel,
        status=TargetStatus.SCHEDULED,
        next_attempt_at=post.scheduled_at,
    )
    return post, target


def image_bytes(fmt="PNG", size=(4, 4)) -> bytes:
    """A real, small image made with Pillow."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (0, 94, 184)).save(buffer, fmt)
    return buffer.getvalue()
