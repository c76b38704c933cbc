"""Care Opinion (the UK's independent feedback site for health and care), API version 2.

Credentials: subscription_key (the organisation's Care Opinion API key; sent in the
Authorization header as "SUBSCRIPTION_KEY <key>").
Options: api_base ("https://www.careopinion.org.uk"; .org.au and .ie sites work the same),
filters (extra query parameters, the same as the site's story search, e.g.
{"healthservice": "RX1RA"}), fetch_tags (True), since_parameter ("publishedafter"),
response_path ("/api/v2/opinions/{id}/responses"), timeout, retries.

Stories ("opinions") arrive as inbound items of kind "review", with their title, criticality
(0 not critical … 5 severely critical, also in metrics["criticality"]), progress, author role
and tags (name, group, polarity) in `extra`. The API is scoped to the subscription's services and
rate-limited to 5 requests a second. Replies post a response to a story: responding through the
API needs a subscription with responding rights, and its write endpoint is configurable
because Care Opinion documents it to subscribers rather than publicly. Stories cannot be
published, deleted or hidden from here, and Care Opinion reports no engagement metrics.
An invalid key is answered (per Care Opinion's documentation) by a redirect to a sign-in page;
that is read as "reconnect".
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from sociable.networks import http
from sociable.networks.base import (
    Author,
    Draft,
    InboundBatch,
    InboundItem,
    Network,
    NetworkError,
    Published,
)
from sociable.networks.registry import register

API = "https://www.careopinion.org.uk"
CRITICALITY = {
    "not critical": 0,
    "minimally critical": 1,
    "mildly critical": 2,
    "moderately critical": 3,
    "strongly critical": 4,
    "severely critical": 5,
}
REMEMBERED_IDS = 500


@register
class CareOpinionNetwork(Network):
    name = "careopinion"
    label = "Care Opinion"
    supports = frozenset({"fetch", "reply", "search"})
    credential_keys = ("subscription_key",)

    def __init__(self, credentials, options=None):
        super().__init__(credentials, options)
        key = credentials.get("subscription_key")
        self.base = str(self.options.get("api_base") or API).rstrip("/")
        self.http = http.client_for(
            self.label,
            self.base + "/",
            self.options,
            headers={"Authorization": f"SUBSCRIPTION_KEY {key}", "Accept": "application/json"},
            secrets=[key],
            classify=_classify,
            follow_redirects=False,
        )

    def __repr__(self) -> str:
        return f"<CareOpinionNetwork {self.base}>"

    def _get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        response = self.http.get(path, params=params, expect="response")
        content_type = response.headers.get("content-type", "")
        if "login" in str(response.url).lower() or "text/html" in content_type:
            raise NetworkError(
                "Care Opinion did not accept the subscription key (it answered with its "
                "sign-in page).",
                reconnect=True,
                status=401,
            )
        try:
            return response.json()
        except ValueError:
            raise http.malformed_error(self.label) from None

    # Inbound --------------------------------------------------------------------------------

    def fetch_inbound(self, cursor: dict[str, Any]) -> InboundBatch:
        params: dict[str, Any] = {"take": 100, **dict(self.options.get("filters") or {})}
        since = cursor.get("since")
        if since:
            params[str(self.options.get("since_parameter") or "publishedafter")] = since
        stories = self._get("api/v2/opinions", params)
        if not isinstance(stories, list):
            raise http.malformed_error(self.label)
        seen = list(cursor.get("seen", []))
        seen_set = set(seen)
        newest = since or ""
        items = []
        for story in stories:
            story_id = str(story.get("id"))
            published = _published(story)
            if published.isoformat() > newest:
                newest = published.isoformat()
            if story_id in seen_set:
                continue
            seen.append(story_id)
            seen_set.add(story_id)
            items.append(self._item(story, published))
        items.sort(key=lambda item: item.created_at)
        new_cursor: dict[str, Any] = {"seen": seen[-REMEMBERED_IDS:]}
        if newest:
            new_cursor["since"] = newest[:10]  # the API filters by date; ids remove repeats
        return InboundBatch(items=items, cursor=new_cursor)

    def search(self, query: str, cursor: dict[str, Any]) -> InboundBatch:
        """Stories matching the site's own search (e.g. a tag, a service, free text)."""
        filters = dict(self.options.get("filters") or {})
        if "=" in query:  # "tag=diabetes&healthservice=RX1"
            filters.update(dict(part.split("=", 1) for part in query.split("&") if "=" in part))
        else:
            filters["q"] = query
        searcher = CareOpinionNetwork(self.credentials, {**self.options, "filters": filters})
        searcher.http = self.http
        return searcher.fetch_inbound(cursor)

    def _item(self, story: dict, published: datetime) -> InboundItem:
        story_id = str(story.get("id"))
        criticality_label = str(story.get("criticality") or "").lower()
        criticality = CRITICALITY.get(criticality_label)
        tags = self._tags(story_id) if self.options.get("fetch_tags", True) else []
        author = str(story.get("author") or story.get("authorName") or "Care Opinion author")
        title = str(story.get("title") or "")
        body = str(story.get("body") or "")
        return InboundItem(
            network_id=story_id,
            kind="review",
            text=f"{title}\n\n{body}".strip() if title else body,
            author=Author(
                network_user_id=author,
                handle=author,
                name=str(story.get("authorRole") or ""),
            ),
            created_at=published,
            thread_key=f"careopinion:{story_id}",
            url=_web_url(story, self.base),
            metrics={"criticality": criticality} if criticality is not None else {},
            extra={
                "title": title,
                "criticality": criticality_label,
                "progress": story.get("progress"),
                "author_role": story.get("authorRole"),
                "services": [
                    link.get("id")
                    for link in story.get("links") or []
                    if (link.get("rel") or link.get("relation")) == "healthservices"
                ],
                "tags": tags,
            },
        )

    def _tags(self, story_id: str) -> list[dict[str, Any]]:
        tags = self._get(f"api/v2/opinions/{story_id}/tags")
        return [
            {"name": t.get("name"), "group": t.get("group"), "polarity": t.get("polarity")}
            for t in tags or []
            if isinstance(t, dict)
        ]

    # Responses ------------------------------------------------------------------------------

    def reply(self, draft: Draft) -> Published:
        if not draft.in_reply_to:
            raise NetworkError("A response needs the story it answers.", permanent=True)
        if not draft.text.strip():
            raise NetworkError("Care Opinion refuses an empty response.", permanent=True)
        if draft.media:
            raise NetworkError("Care Opinion responses are text only.", permanent=True)
        path = str(self.options.get("response_path") or "/api/v2/opinions/{id}/responses")
        created = self.http.post(
            path.format(id=draft.in_reply_to).lstrip("/"), json={"body": draft.text}
        )
        response_id = str(created.get("id") or "")
        if not response_id:
            raise http.malformed_error(self.label)
        return Published(
            network_id=response_id,
            url=f"{self.base.replace('/api', '')}/{draft.in_reply_to}",
            published_at=_as_datetime(created.get("dateOfResponse") or created.get("date")),
        )


def _classify(status: int, body: Any, headers: Mapping[str, str]) -> NetworkError | None:
    """Care Opinion answers an invalid key with a redirect to its sign-in page."""
    if 300 <= status < 400:
        location = {k.lower(): v for k, v in headers.items()}.get("location", "")
        if "login" in location.lower() or "signin" in location.lower():
            return NetworkError(
                "Care Opinion did not accept the subscription key (it redirected to its "
                "sign-in page).",
                reconnect=True,
                status=401,
            )
        return NetworkError(
            f"Care Opinion answered with an unexpected redirect (HTTP {status}).",
            permanent=True,
            status=status,
        )
    return None


def _published(story: dict) -> datetime:
    for key in ("dateOfPublication", "datePublished", "dateOfSubmission", "dateSubmitted"):
        if story.get(key):
            return _as_datetime(story[key])
    return datetime.now(UTC)


def _as_datetime(value: Any) -> datetime:
    if not value:
        return datetime.now(UTC)
    parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)  # the API speaks UTC


def _web_url(story: dict, base: str) -> str:
    for link in story.get("links") or []:
        rel = link.get("rel") or link.get("relation")
        if rel in ("web", "self-web", "html"):
            return str(link.get("href") or link.get("link"))
    return f"{base}/{story.get('id')}"
