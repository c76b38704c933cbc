"""LinkedIn organisation pages, through the versioned REST API (httpx, via
sociable.networks.http).

Credentials: access_token (OAuth 2.0, three-legged, for a page admin, with the scopes
w_organization_social, r_organization_social and rw_organization_admin).
Options: organization (the page's URN, e.g. "urn:li:organization:2414183"; required),
api_version (the LinkedIn-Version header, YYYYMM; else the environment variable
SOCIABLE_LINKEDIN_VERSION; else DEFAULT_VERSION), timeout, retries.

LinkedIn supports each monthly version for about a year and then answers it with HTTP 426
(every call fails). notices() warns admins 60 days before the version in use reaches its
sunset, and after it; the known sunset dates are LinkedIn's migrations table
(learn.microsoft.com/linkedin/marketing/integrations/migrations), others are estimated as one
year after the version's month. Requests use Rest.li protocol 2.0 (X-Restli-Protocol-Version:
2.0.0), so lists in query strings are written List(urn%3Ali%3Ashare%3A…), never shares[0]=.

Publishing uses the Posts API (commentary in LinkedIn's "little text" format, so reserved
characters are escaped); images are registered with the Images API, uploaded, and attached
with their alt text. Replies are comments (socialActions/{urn}/comments), also on comments.
Inbound: comments on the page's recent posts. Metrics: reactions and comments from
socialMetadata, impressions, clicks and shares from organizationalEntityShareStatistics.
LinkedIn has no way to hide a comment through the API (Unsupported) and keeps no idempotency
key, so find_published returns None and an unknown outcome is held for a person.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import quote

from sociable.networks import http
from sociable.networks.base import (
    Author,
    Draft,
    InboundBatch,
    InboundItem,
    Network,
    NetworkError,
    Published,
    Unsupported,
)
from sociable.networks.registry import register

API = "https://api.linkedin.com"
# August 2026, the latest version LinkedIn listed in its Marketing API changes when this was
# set; supported until about August 2027. Keep it current (notices() says when).
DEFAULT_VERSION = "202608"
VERSION_ENV = "SOCIABLE_LINKEDIN_VERSION"
# Sunset dates LinkedIn has published (Marketing API migrations table).
SUNSETS = {
    "202507": date(2026, 7, 15),
    "202508": date(2026, 8, 17),
    "202510": date(2026, 10, 15),
    "202511": date(2026, 11, 16),
    "202601": date(2027, 1, 15),
    "202602": date(2027, 2, 15),
    "202603": date(2027, 3, 16),
}
WARN_DAYS = 60
_VERSION = re.compile(r"(20\d{2})(0[1-9]|1[0-2])(\.\d{2})?")
MAX_LENGTH = 3000
_RESERVED = re.compile(r"([\\|{}@\[\]()<>#*_~])")


def little_text(text: str) -> str:
    """Escape the characters LinkedIn's commentary format reserves for mentions and tags."""
    return _RESERVED.sub(r"\\\1", text)


def _urn(value: str) -> str:
    return quote(value, safe="")


def restli_list(values: list[str]) -> str:
    """A Rest.li 2.0 list in a query string: List(urn%3Ali%3Ashare%3A1,urn%3Ali%3Ashare%3A2)."""
    return "List(" + ",".join(_urn(v) for v in values) + ")"


def api_version(options: Mapping[str, Any]) -> str:
    """The LinkedIn-Version to send: the channel's option, else the deployment's, else ours."""
    return str(options.get("api_version") or os.environ.get(VERSION_ENV) or DEFAULT_VERSION)


def sunset_of(version: str) -> tuple[date, bool] | None:
    """When LinkedIn stops accepting a version, and whether that date is LinkedIn's own (True)
    or estimated as a year after the version's month (False). None for a malformed version."""
    match = _VERSION.fullmatch(version)
    if not match:
        return None
    base = version[:6]
    if base in SUNSETS:
        return SUNSETS[base], True
    return date(int(match.group(1)) + 1, int(match.group(2)), 15), False


@register
class LinkedInNetwork(Network):
    name = "linkedin"
    label = "LinkedIn"
    max_length = MAX_LENGTH
    supports = frozenset({"fetch", "publish", "reply", "delete", "metrics", "media"})
    credential_keys = ("access_token",)

    def __init__(self, credentials, options=None):
        super().__init__(credentials, options)
        self.organization = str(self.options.get("organization") or "")
        if not self.organization.startswith("urn:li:organization:"):
            raise NetworkError("A LinkedIn page needs its organization URN.", permanent=True)
        token = credentials.get("access_token")
        base = str(self.options.get("api_base") or API).rstrip("/")
        self.version = api_version(self.options)
        if sunset_of(self.version) is None:
            raise NetworkError(
                f"The LinkedIn API version {self.version!r} is not a version LinkedIn uses "
                "(they look like 202608).",
                permanent=True,
            )
        self.http = http.client_for(
            self.label,
            f"{base}/rest/",
            self.options,
            headers={
                "Authorization": f"Bearer {token}",
                "LinkedIn-Version": self.version,
                "X-Restli-Protocol-Version": "2.0.0",
            },
            secrets=[token],
            classify=self._classify,
        )

    def __repr__(self) -> str:
        return f"<LinkedInNetwork {self.organization}>"

    def _classify(self, status: int, body: Any, headers: Mapping[str, str]) -> NetworkError | None:
        if status == 426:  # the LinkedIn-Version has been sunset: nothing works until changed
            return NetworkError(
                f"LinkedIn no longer accepts API version {self.version}; a current version "
                "must be set before anything can be published or fetched (HTTP 426).",
                permanent=True,
                status=status,
            )
        return None

    @classmethod
    def notices(cls, options: dict[str, Any], today: date) -> list[str]:
        version = api_version(options)
        found = sunset_of(version)
        if found is None:
            return [
                f"The LinkedIn API version set for this page ({version}) is not one "
                f"LinkedIn uses. Set a current one, such as {DEFAULT_VERSION}."
            ]
        sunset, published = found
        when = f"{sunset:%-d %B %Y}" if published else f"about {sunset:%B %Y}"
        if today >= sunset:
            return [
                f"LinkedIn stopped accepting the API version this page uses ({version}) "
                f"on {when}, so publishing, replies and new comments fail. Ask whoever "
                f"runs Sociable to set a current version, such as {DEFAULT_VERSION}."
            ]
        if (sunset - today).days <= WARN_DAYS:
            return [
                f"LinkedIn stops accepting the API version this page uses ({version}) on "
                f"{when}. Ask whoever runs Sociable to set a newer version before then "
                f"(LinkedIn releases one each month)."
            ]
        return []

    # Inbound --------------------------------------------------------------------------------

    def fetch_inbound(self, cursor: dict[str, Any]) -> InboundBatch:
        posts = self.http.get(
            "posts",
            params={
                "author": self.organization,
                "q": "author",
                "count": 10,
                "sortBy": "LAST_MODIFIED",
            },
        )
        seen_at = int(cursor.get("seen_at", 0))
        seen_ids = set(cursor.get("seen_ids", []))
        newest, newest_ids = seen_at, set(seen_ids)
        items = []
        for post in posts.get("elements", []):
            comments = self.http.get(f"socialActions/{_urn(post['id'])}/comments")
            for comment in comments.get("elements", []):
                created = int((comment.get("created") or {}).get("time", 0))
                urn = comment.get("commentUrn") or comment.get("$URN") or str(comment.get("id"))
                if created < seen_at or (created == seen_at and urn in seen_ids):
                    continue
                if created > newest:
                    newest, newest_ids = created, {urn}
                elif created == newest:
                    newest_ids.add(urn)
                actor = comment.get("actor") or (comment.get("created") or {}).get("actor", "")
                if actor == self.organization:
                    continue  # the page's own replies
                parent = comment.get("parentComment", "")
                items.append(
                    InboundItem(
                        network_id=urn,
                        kind="comment",
                        text=(comment.get("message") or {}).get("text", ""),
                        author=Author(network_user_id=actor, handle=actor),
                        created_at=datetime.fromtimestamp(created / 1000, UTC),
                        thread_key=f"linkedin:{parent or urn}",
                        url=f"https://www.linkedin.com/feed/update/{post['id']}",
                        in_reply_to=parent or post["id"],
                    )
                )
        items.sort(key=lambda item: item.created_at)
        return InboundBatch(items=items, cursor={"seen_at": newest, "seen_ids": sorted(newest_ids)})

    # Publishing -----------------------------------------------------------------------------

    def publish(self, draft: Draft) -> Published:
        if not draft.text.strip() and not draft.media:
            raise NetworkError("LinkedIn refuses an empty post.", permanent=True)
        self.check_length(draft.text)
        for media in draft.media:
            if not media.alt_text.strip():
                raise NetworkError("Every image needs alt text.", permanent=True)
        if draft.in_reply_to:
            return self._comment(draft)
        images = [
            {"id": self._upload(media), "altText": media.alt_text[:4086]} for media in draft.media
        ]
        body: dict[str, Any] = {
            "author": self.organization,
            "commentary": little_text(draft.text),
            "visibility": "PUBLIC",
            "distribution": {
                "feedDistribution": "MAIN_FEED",
                "targetEntities": [],
                "thirdPartyDistributionChannels": [],
            },
            "lifecycleState": "PUBLISHED",
            "isReshareDisabledByAuthor": False,
        }
        if len(images) == 1:
            body["content"] = {"media": images[0]}
        elif images:
            body["content"] = {"multiImage": {"images": images}}
        response = self.http.post("posts", json=body, expect="response")
        urn = response.headers.get("x-restli-id") or response.headers.get("x-linkedin-id", "")
        if not urn:
            raise http.malformed_error(self.label)
        return Published(
            network_id=urn,
            url=f"https://www.linkedin.com/feed/update/{urn}",
            published_at=datetime.now(UTC),
        )

    def _upload(self, media) -> str:
        registered = self.http.post(
            "images",
            params={"action": "initializeUpload"},
            json={"initializeUploadRequest": {"owner": self.organization}},
        )
        value = registered.get("value") or {}
        upload_url, image = value.get("uploadUrl"), value.get("image")
        if not upload_url or not image:
            raise http.malformed_error(self.label)
        self.http.request(
            "PUT",
            upload_url,
            content=media.data,
            headers={"Content-Type": media.content_type},
            expect="bytes",
        )
        return str(image)

    def _comment(self, draft: Draft) -> Published:
        target = draft.in_reply_to
        body: dict[str, Any] = {"actor": self.organization, "message": {"text": draft.text}}
        match = re.fullmatch(r"urn:li:comment:\((urn:li:[a-zA-Z]+:\d+),(\d+)\)", target)
        if match:  # a reply to a comment is a comment on the post, with its parent comment
            thread = match.group(1)
            body["object"] = thread
            body["parentComment"] = target
        else:
            thread = target
            body["object"] = target
        if draft.media:
            body["content"] = [{"entity": {"image": self._upload(draft.media[0])}}]
        created = self.http.post(f"socialActions/{_urn(thread)}/comments", json=body)
        urn = created.get("commentUrn") or created.get("$URN") or str(created.get("id", ""))
        return Published(
            network_id=urn,
            url=f"https://www.linkedin.com/feed/update/{thread}",
            published_at=datetime.now(UTC),
        )

    def delete(self, network_id: str) -> None:
        if network_id.startswith("urn:li:comment:"):
            match = re.fullmatch(r"urn:li:comment:\((urn:li:[a-zA-Z]+:\d+),(\d+)\)", network_id)
            if not match:
                raise NetworkError(f"Not a LinkedIn comment: {network_id!r}.", permanent=True)
            self.http.delete(
                f"socialActions/{_urn(match.group(1))}/comments/{match.group(2)}",
                params={"actor": self.organization},
                expect="bytes",
            )
            return
        self.http.delete(f"posts/{_urn(network_id)}", expect="bytes")

    def hide(self, network_id: str, hidden: bool = True) -> None:
        raise Unsupported("hiding comments", self.label)

    def metrics(self, network_id: str) -> dict[str, int]:
        social = self.http.get(f"socialMetadata/{_urn(network_id)}")
        reactions = sum(
            int(r.get("count", 0)) for r in (social.get("reactionSummaries") or {}).values()
        )
        comments = int((social.get("commentSummary") or {}).get("count", 0))
        metrics = {"reactions": reactions, "comments": comments}
        key = "ugcPosts" if ":ugcPost:" in network_id else "shares"
        # Rest.li 2.0: the list is written into the query string as it is (List(...) with the
        # URNs encoded inside); httpx would encode its parentheses, so it is not a `params` item.
        query = (
            f"q=organizationalEntity&organizationalEntity={_urn(self.organization)}"
            f"&{key}={restli_list([network_id])}"
        )
        try:
            stats = self.http.get(f"organizationalEntityShareStatistics?{query}")
        except NetworkError as exc:
            if exc.reconnect or not exc.permanent:
                raise
            return metrics
        for element in stats.get("elements", []):
            totals = element.get("totalShareStatistics") or {}
            metrics.update(
                {
                    "impressions": int(totals.get("impressionCount", 0)),
                    "reach": int(totals.get("uniqueImpressionsCount", 0)),
                    "clicks": int(totals.get("clickCount", 0)),
                    "shares": int(totals.get("shareCount", 0)),
                }
            )
        return metrics
