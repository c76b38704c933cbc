"""Public links to a post's media, for networks that fetch media from an address instead of
taking an upload (Threads, Google Business Profile local posts).

A link is made only by the publisher, at the moment it publishes the post, and only when the
desk is reachable over https (SITE_URL); it names the media by a signed token that expires
after LINK_DAYS, so it cannot be guessed, reused for other files, or kept. Anyone with a valid
link gets the file: the network's servers fetch it without signing in.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.http import FileResponse, Http404

from sociable.accounts.access import public

SALT = "sociable.publishing.public-media"
LINK_DAYS = 2


def public_url(item) -> str:
    """A public address for this media item, or "" when the desk has none to give."""
    if not settings.SITE_URL.startswith("https://"):
        return ""
    token = signing.TimestampSigner(salt=SALT).sign(str(item.pk))
    name = item.file.name.rsplit("/", 1)[-1]
    return f"{settings.SITE_URL}/media-links/{token}/{name}"


@public
def serve(request, token: str, name: str):
    from sociable.publishing.models import PostMedia

    try:
        pk = int(signing.TimestampSigner(salt=SALT).unsign(token, max_age=LINK_DAYS * 86400))
    except (signing.BadSignature, ValueError):
        raise Http404("This link is not valid or has expired.") from None
    item = PostMedia.objects.filter(pk=pk).first()
    if item is None or item.file.name.rsplit("/", 1)[-1] != name:
        raise Http404("This link is not valid or has expired.")
    response = FileResponse(item.file.open("rb"), content_type=item.content_type)
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response
