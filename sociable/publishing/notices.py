"""Telling a post's author what happened to it: an e-mail, and the post page says it too."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse

log = logging.getLogger(__name__)


def tell_author(post, subject: str, body: str) -> bool:
    author = post.author
    if author is None or not author.email:
        return False
    link = settings.SITE_URL + reverse("post_detail", args=[post.pk])
    try:
        send_mail(f"[Sociable] {subject}", f"{body}\n\nThe post: {link}\n", None, [author.email])
    except Exception:
        log.exception("Could not e-mail the author of post %s", post.pk)
        return False
    return True
