"""Facebook Pages, through the Graph API (httpx, via sociable.networks.http).

Credentials: page_access_token (a long-lived Page access token with pages_manage_posts,
pages_read_engagement, pages_manage_engagement and pages_read_user_content; read_insights for
views, reach and clicks).
Options: page_id (required), graph_version ("v25.0"), timeout, retries.

Publishing: text to /{page_id}/feed; images are uploaded unpublished to /{page_id}/photos with
their alt text (alt_text_custom) and attached to the post. Replies are comments (on a post or,
one level down, on a comment). Comments can be hidden and unhidden. Inbound: comments on the
Page's recent posts (Messenger conversations need the pages_messaging permission and app review
and are not fetched). Metrics: reactions, comments and shares, and views, reach and clicks from
post insights when the token may read them. Meta withdrew the impressions metrics
(post_impressions, post_impressions_unique, ...) for every API version in 2025 and answers them
with an "invalid metric" error; their replacements are post_media_view (views) and
post_total_media_view_unique (reach).
The Graph API keeps no idempotency key, so an attempt whose outcome is unknown cannot be read
back: find_published returns None and the publisher holds it for a person.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, date, datetime
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

GRAPH = "https://graph.facebook.com"
# Post insights asked for, and the desk's name for each (reports read "views" as impressions).
INSIGHTS = {
    "post_media_view": "views",
    "post_total_media_view_unique": "reach",
    "post_clicks": "clicks",
}
# When each Graph API version stops working (developers.facebook.com/docs/graph-api/changelog,
# "Available Graph API versions"), for the notices shown to admins.
GRAPH_VERSION_ENDS = {
    "v21.0": date(2027, 1, 21),
    "v22.0": date(2027, 5, 20),
    "v23.0": date(2027, 10, 8),
    "v24.0": date(2028, 2, 18),
    "v25.0": date(2028, 7, 29),
}
DEFAULT_VERSION = "v25.0"
MAX_LENGTH = 63206
# Graph API error codes (https://developers.facebook.com/docs/graph-api/guides/error-handling)
AUTH_CODES = {102, 190, 458, 459, 460, 463, 464, 467}
PERMISSION_CODES = {10} | set(range(200, 300))
THROTTLE_CODES = {4, 17, 32, 613, 80001}
TRANSIENT_CODES = {1, 2}


@register
class FacebookNetwork(Network):
    name = "facebook"
    label = "Facebook"
    max_length = MAX_LENGTH
    supports = frozenset({"fetch", "publish", "reply", "delete", "hide", "metrics", "media"})
    credential_keys = ("page_access_token",)

    def __init__(self, credentials, options=None):
        super().__init__(credentials, options)
        self.page_id = str(self.options.get("page_id") or "")
        if not self.page_id:
            raise NetworkError("A Facebook Page account needs its page_id.", permanent=True)
        version = str(self.options.get("graph_version") or DEFAULT_VERSION)
        base = str(self.options.get("api_base") or GRAPH).rstrip("/")
        token = credentials.get("page_access_token")
        self.http = http.client_for(
            self.label,
            f"{base}/{version}/",
            self.options,
            headers={"Authorization": f"Bearer {token}"},
            secrets=[token],
            classify=_classify,
        )

    def __repr__(self) -> str:
        return f"<FacebookNetwork page={self.page_id}>"

    # Inbound --------------------------------------------------------------------------------

    def fetch_inbound(self, cursor: dict[str, Any]) -> InboundBatch:
        fields = (
            "id,message,created_time,permalink_url,"
            "comments.order(reverse_chronological).limit(50)"
            "{id,message,created_time,from{id,name},parent{id},permalink_url,like_count}"
        )
        data = self.http.get(f"{self.page_id}/feed", params={"fields": fields, "limit": 10})
        seen_at = cursor.get("seen_at", "")
        seen_ids = set(cursor.get("seen_ids", []))
        newest, newest_ids = seen_at, set(seen_ids)
        items = []
        for post in data.get("data", []):
            for comment in (post.get("comments") or {}).get("data", []):
                created = _iso(comment["created_time"])
                if created < seen_at or (created == seen_at and comment["id"] in seen_ids):
                    continue
                if created > newest:
                    newest, newest_ids = created, {comment["id"]}
                elif created == newest:
                    newest_ids.add(comment["id"])
                sender = comment.get("from") or {}
                if sender.get("id") == self.page_id:
                    continue  # the Page's own replies
                parent = (comment.get("parent") or {}).get("id", "")
                items.append(
                    InboundItem(
                        network_id=comment["id"],
                        kind="comment",
                        text=comment.get("message", ""),
                        author=Author(
                            network_user_id=str(sender.get("id", "")),
                            handle=str(sender.get("name") or sender.get("id") or "Facebook user"),
                            name=str(sender.get("name", "")),
                        ),
                        created_at=_as_datetime(comment["created_time"]),
                        thread_key=f"facebook:{parent or comment['id']}",
                        url=comment.get("permalink_url") or post.get("permalink_url", ""),
                        in_reply_to=parent or post["id"],
                        metrics={"likes": int(comment.get("like_count") or 0)},
                    )
                )
        items.sort(key=lambda item: item.created_at)
        return InboundBatch(items=items, cursor={"seen_at": newest, "seen_ids": sorted(newest_ids)})

    # Publishing -----------------------------------------------------------------------------

    def publish(self, draft: Draft) -> Published:
        if not draft.text.strip() and not draft.media:
            raise NetworkError("Facebook refuses an empty post.", permanent=True)
        self.check_length(draft.text)
        for media in draft.media:
            if not media.alt_text.strip():
                raise NetworkError("Every image needs alt text.", permanent=True)
        if draft.in_reply_to:
            return self._comment(draft)
        photo_ids = [self._upload(media) for media in draft.media]
        body: dict[str, Any] = {"message": draft.text}
        for index, photo_id in enumerate(photo_ids):
            body[f"attached_media[{index}]"] = json.dumps({"media_fbid": photo_id})
        created = self.http.post(f"{self.page_id}/feed", data=body)
        post_id = str(created["id"])
        return Published(
            network_id=post_id,
            url=f"https://www.facebook.com/{post_id}",
            published_at=datetime.now(UTC),
        )

    def _upload(self, media) -> str:
        uploaded = self.http.post(
            f"{self.page_id}/photos",
            data={"published": "false", "alt_text_custom": media.alt_text},
            files={"source": (media.filename, media.data, media.content_type)},
        )
        return str(uploaded["id"])

    def _comment(self, draft: Draft) -> Published:
        body: dict[str, Any] = {"message": draft.text}
        if draft.media:
            if len(draft.media) > 1:
                raise NetworkError("A Facebook comment takes one image.", permanent=True)
            body["attachment_id"] = self._upload(draft.media[0])
        created = self.http.post(f"{draft.in_reply_to}/comments", data=body)
        comment_id = str(created["id"])
        return Published(
            network_id=comment_id,
            url=f"https://www.facebook.com/{comment_id}",
            published_at=datetime.now(UTC),
        )

    def delete(self, network_id: str) -> None:
        self.http.delete(network_id)

    def hide(self, network_id: str, hidden: bool = True) -> None:
        self.http.post(network_id, data={"is_hidden": "true" if hidden else "false"})

    def metrics(self, network_id: str) -> dict[str, int]:
        fields = (
            "reactions.summary(total_count).limit(0),comments.summary(total_count).limit(0),shares"
        )
        data = self.http.get(network_id, params={"fields": fields})
        metrics = {
            "reactions": int(
                ((data.get("reactions") or {}).get("summary") or {}).get("total_count", 0)
            ),
            "comments": int(
                ((data.get("comments") or {}).get("summary") or {}).get("total_count", 0)
            ),
            "shares": int((data.get("shares") or {}).get("count", 0)),
        }
        try:
            insights = self.http.get(
                f"{network_id}/insights",
                params={"metric": ",".join(INSIGHTS), "period": "lifetime"},
            )
        except NetworkError as exc:
            if exc.reconnect or not exc.permanent:
                raise
            return metrics  # no read_insights permission: engagement counts only
        for entry in insights.get("data", []):
            name = INSIGHTS.get(entry.get("name"))
            values = entry.get("values") or []
            value = values[-1].get("value") if values and isinstance(values[-1], dict) else None
            if name and isinstance(value, int | float) and not isinstance(value, bool):
                metrics[name] = int(value)
        return metrics

    @classmethod
    def notices(cls, options: dict[str, Any], today: date) -> list[str]:
        version = str(options.get("graph_version") or DEFAULT_VERSION)
        ends = GRAPH_VERSION_ENDS.get(version)
        if ends is None:
            return []
        if today >= ends:
            return [
                f"Facebook stopped answering the version of its API this Page uses "
                f"({version}) on {ends:%-d %B %Y}, so publishing and replies fail. Ask "
                f"whoever runs Sociable to move it to {DEFAULT_VERSION}."
            ]
        if (ends - today).days <= 60:
            return [
                f"Facebook stops answering the version of its API this Page uses "
                f"({version}) on {ends:%-d %B %Y}. Ask whoever runs Sociable to move it "
                f"to {DEFAULT_VERSION} before then."
            ]
        return []


def graph_errors(
    label: str,
    account: str,
    *,
    extra_throttle: frozenset[int] = frozenset(),
    throttle_wait: float | None = None,
):
    """How the Graph API's own error codes (which say more than its HTTP status) read for one
    product of it (Facebook Pages, Instagram, Threads): a function for
    HttpClient(classify=...).

    A throttled request waits as long as Retry-After or the business-use-case usage header
    says; where neither says (Threads: its usage header, X-App-Usage, gives percentages of the
    allowance, not a time), it waits `throttle_wait` seconds."""

    def classify(status: int, body: Any, headers: Mapping[str, str]) -> NetworkError | None:
        error = body.get("error") if isinstance(body, dict) else None
        if not isinstance(error, dict):
            return None
        try:
            code = int(error.get("code") or 0)
            subcode = int(error.get("error_subcode") or 0)
        except (TypeError, ValueError):
            code = subcode = 0
        message = http.redact(str(error.get("message") or ""))[:300]
        if code in AUTH_CODES or code in PERMISSION_CODES:
            return NetworkError(
                f"{label} no longer accepts {account}'s token (code {code}): {message}",
                reconnect=True,
                status=status,
            )
        if code in THROTTLE_CODES or subcode in extra_throttle or status == 429:
            retry_after = http.retry_after_from(headers)
            if retry_after is None:
                retry_after = _usage_wait(headers)
            if retry_after is None:
                retry_after = throttle_wait
            return NetworkError(
                f"{label} is rate limiting {account} (code {code}): {message}"
                f"{_app_usage_said(headers)}",
                retry_after=retry_after,
                status=429,
            )
        if code in TRANSIENT_CODES or error.get("is_transient") or status >= 500:
            return NetworkError(
                f"{label} had a temporary problem (code {code}): {message}", status=status
            )
        if status == 401:
            return None  # the generic mapping: reconnect
        return NetworkError(
            f"{label} refused the request (code {code}): {message}", permanent=True, status=status
        )

    return classify


_classify = graph_errors("Facebook", "this Page")


def _usage_wait(headers: Mapping[str, str]) -> float | None:
    """estimated_time_to_regain_access (minutes) from the business-use-case usage header."""
    raw = {k.lower(): v for k, v in headers.items()}.get("x-business-use-case-usage")
    if not raw:
        return None
    try:
        usage = json.loads(raw)
        minutes = [
            float(entry.get("estimated_time_to_regain_access") or 0)
            for entries in usage.values()
            for entry in entries
        ]
    except (ValueError, TypeError, AttributeError):
        return None
    longest = max(minutes, default=0.0)
    return longest * 60 if longest else None


def _app_usage_said(headers: Mapping[str, str]) -> str:
    """What X-App-Usage says of the allowance used (percentages), for the error message."""
    raw = {k.lower(): v for k, v in headers.items()}.get("x-app-usage")
    try:
        usage = json.loads(raw) if raw else {}
        parts = [
            f"{words} {int(usage[key])}%"
            for key, words in (
                ("call_count", "calls"),
                ("total_cputime", "processing time"),
                ("total_time", "total time"),
            )
            if key in usage
        ]
    except (ValueError, TypeError, AttributeError):
        return ""
    return f" (allowance used: {', '.join(parts)})" if parts else ""


def _iso(value: str) -> str:
    return _as_datetime(value).isoformat()


def _as_datetime(value: str) -> datetime:
    text = str(value)
    if len(text) >= 5 and text[-5] in "+-" and text[-3] != ":":
        text = text[:-2] + ":" + text[-2:]  # 2026-03-02T10:05:00+0000
    parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
