"""`{{ url|web_url }}`: a link from a network or a feed, only if it is an http(s) address.

Addresses that come from outside (a post's permalink from a network's API, a link in a news
feed, a mention's URL) never went through a form's URL validation; a `javascript:` address in
one would run in the desk when clicked. This filter gives an empty string for anything else.
"""

from urllib.parse import urlsplit

from django import template

register = template.Library()


@register.filter
def web_url(value) -> str:
    text = str(value or "").strip()
    if any(ord(ch) < 32 for ch in text):
        return ""
    try:
        scheme = urlsplit(text).scheme.lower()
    except ValueError:
        return ""
    return text if scheme in {"http", "https"} else ""
