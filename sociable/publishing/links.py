"""Campaign tracking on the links of a post: utm_source (the network), utm_medium=social and
utm_campaign (the campaign's slug), so the website's analytics can tell which post brought whom.

A comms officer wants to know what their posts bring to their own website; tagging someone
else's page (nhs.uk, a partner) tells them nothing and makes the link look odd. So posts tag
links to the organisation's own websites by default (Organisation.own_websites), and the
composer offers "all links" and "no links" too. Parameters already in a link are kept as they
are; links are found the way the networks find them (networks/text.py).
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.utils.text import slugify

from sociable.networks.text import find_urls


def campaign_slug(campaign: str) -> str:
    """ "#NursesDay" → "nursesday"."""
    return slugify(campaign.strip().lstrip("#"))


def tag_links(
    text: str, *, source: str, campaign: str = "", only_domains: list[str] | None = None
) -> str:
    """The text with every link (or, with only_domains, every link to one of those domains or
    their subdomains) carrying utm_source, utm_medium=social and, with a campaign, utm_campaign."""
    wanted = {"utm_source": source, "utm_medium": "social"}
    if campaign_slug(campaign):
        wanted["utm_campaign"] = campaign_slug(campaign)
    pieces, position = [], 0
    for start, end in find_urls(text):
        pieces.append(text[position:start])
        pieces.append(_tagged(text[start:end], wanted, only_domains))
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def _tagged(url: str, wanted: dict[str, str], only_domains: list[str] | None) -> str:
    has_scheme = "://" in url.split("?")[0].split("#")[0]
    parts = urlsplit(url if has_scheme else f"//{url}")
    host = (parts.hostname or "").lower().removeprefix("www.")
    if only_domains is not None and not any(
        host == domain or host.endswith(f".{domain}") for domain in only_domains
    ):
        return url
    present = {key for key, _ in parse_qsl(parts.query, keep_blank_values=True)}
    added = urlencode([(key, value) for key, value in wanted.items() if key not in present])
    if not added:
        return url
    query = f"{parts.query}&{added}" if parts.query else added  # the link's own query as it was
    tagged = urlunsplit(parts._replace(query=query, path=parts.path or "/"))
    return tagged if has_scheme else tagged.removeprefix("//")


def tag_for(post, network: str, text: str) -> str:
    """A part of `post` as it is published on `network`: links tagged as the post asks."""
    from sociable.publishing.models import LinkTracking

    if post.link_tracking == LinkTracking.NONE:
        return text
    only = None
    if post.link_tracking == LinkTracking.OWN:
        only = post.organisation.own_domains
        if not only:
            return text
    return tag_links(text, source=network, campaign=post.campaign, only_domains=only)
