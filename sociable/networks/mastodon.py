"""Mastodon, through Mastodon.py.

Credentials: access_token (an application token with read and write scopes, created in the
account's Preferences → Development, or by the OAuth flow).
Options: instance (e.g. "https://mastodon.social"; required), max_characters (the instance's
limit; 500 by default), visibility ("public", "unlisted", "private"), language (e.g. "en"),
timeout (seconds), rate limits are never waited for here (the caller is told retry_after).

Inbound: notifications of type "mention" (mentions, replies and direct messages), including
those the account's notification policy filters (include_filtered=true). Since Mastodon 4.3 an
instance filters, by default, private mentions from people the account does not follow and
mentions from new or moderated accounts into "requests" the desk would otherwise never see. A
person in crisis writing to the trust for the first time is exactly such a stranger, so the
desk asks for everything and its own triage decides (spam and abuse are routes there).
Publishing uses Mastodon's Idempotency-Key header, so publishing the same Draft again within
an hour returns the first status instead of posting twice. Mastodon has no way to hide a reply.
"""

from __future__ import annotations

import io
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any, TypeVar

from mastodon import Mastodon
from mastodon.errors import (
    MastodonAPIError,
    MastodonError,
    MastodonIllegalArgumentError,
    MastodonNetworkError,
    MastodonNotFoundError,
    MastodonRatelimitError,
    MastodonServerError,
    MastodonUnauthorizedError,
    MastodonVersionError,
)

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
from sociable.networks.text import html_to_text, mastodon_length

T = TypeVar("T")

DEFAULT_MAX_CHARACTERS = 500
_AUTH_WORDS = re.compile(r"(?i)token|login|scope|authori[sz]|suspended|disabled|revoked")


@register
class MastodonNetwork(Network):
    name = "mastodon"
    label = "Mastodon"
    max_length = DEFAULT_MAX_CHARACTERS
    supports = frozenset({"fetch", "publish", "reply", "delete", "metrics", "search", "media"})
    credential_keys = ("access_token",)
    idempotent_publish_window = 3600

    def __init__(self, credentials, options=None):
        super().__init__(credentials, options)
        instance = str(self.options.get("instance") or self.options.get("api_base_url") or "")
        if not instance:
            raise NetworkError("A Mastodon account needs its instance address.", permanent=True)
        if not instance.startswith(("http://", "https://")):
            instance = "https://" + instance
        self.instance = instance.rstrip("/")
        self.max_length = int(self.options.get("max_characters") or DEFAULT_MAX_CHARACTERS)
        token = credentials.get("access_token")
        http.remember_secrets([token])
        self._session = http.requests_session(
            network=self.label, timeout=float(self.options.get("timeout", http.DEFAULT_TIMEOUT))
        )
        self._api = Mastodon(
            access_token=token or None,
            api_base_url=self.instance,
            ratelimit_method="throw",
            request_timeout=float(self.options.get("timeout", http.DEFAULT_TIMEOUT)),
            version_check_mode="created",
            mastodon_version=str(self.options.get("mastodon_version", "4.3.0")),
            session=self._session,
            user_agent=http.USER_AGENT,
        )

    def __repr__(self) -> str:
        return f"<MastodonNetwork {self.instance}>"

    @classmethod
    def count_length(cls, text: str) -> int:
        return mastodon_length(text)

    # Calls ----------------------------------------------------------------------------------

    def _call(self, function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        try:
            return function(*args, **kwargs)
        except NetworkError:
            raise
        except MastodonError as exc:
            raise self._error(exc) from None

    def _read(self, function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """A read-only call: retried a bounded number of times after a transient failure."""
        return http.retrying(lambda: self._call(function, *args, **kwargs), self.options)

    def _error(self, exc: MastodonError) -> NetworkError:
        if isinstance(exc.__context__, NetworkError):  # the SSRF guard, inside requests
            return exc.__context__
        label = self.label
        last = getattr(self._session, "last_response", None)
        headers = dict(last.headers) if last is not None else {}
        if isinstance(exc, MastodonRatelimitError):
            retry_after = http.retry_after_from(headers)
            reset = getattr(self._api, "ratelimit_reset", None)
            if retry_after is None and reset:
                retry_after = max(0.0, float(reset) - time.time())
            return NetworkError(
                f"{label} is rate limiting this account (HTTP 429).",
                retry_after=retry_after,
                status=429,
            )
        if isinstance(exc, MastodonUnauthorizedError):
            return http.error_for_status(401, network=label, detail=_detail(exc))
        if isinstance(exc, MastodonNotFoundError):
            return http.error_for_status(404, network=label, detail=_detail(exc))
        if isinstance(exc, MastodonServerError):
            return http.error_for_status(_status(exc) or 500, network=label, headers=headers)
        if isinstance(exc, MastodonNetworkError):
            if "timed out" in str(exc).lower() or "timeout" in str(exc).lower():
                return http.timeout_error(label)
            return NetworkError(f"{label} could not be reached.")
        if isinstance(exc, MastodonIllegalArgumentError | MastodonVersionError):
            return NetworkError(f"{label}: {http.redact(exc)}", permanent=True)
        if isinstance(exc, MastodonAPIError):
            if exc.args and "Could not parse response as JSON" in str(exc.args[0]):
                return http.malformed_error(label)
            status = _status(exc)
            if status is None:
                return NetworkError(f"{label}: {http.redact(_detail(exc) or 'API error')}.")
            detail = _detail(exc)
            return http.error_for_status(
                status,
                network=label,
                detail=detail,
                headers=headers,
                forbidden_means_reconnect=bool(_AUTH_WORDS.search(detail)),
            )
        return NetworkError(f"{label}: {http.redact(type(exc).__name__)}.")

    @contextmanager
    def _query(self, params: dict[str, str]) -> Iterator[None]:
        """Add query parameters to the requests made inside (requests merges a session's params
        into each request's). One adapter instance serves one account, one call at a time."""
        before = self._session.params
        self._session.params = {**(before or {}), **params}
        try:
            yield
        finally:
            self._session.params = before

    # Inbound --------------------------------------------------------------------------------

    def fetch_inbound(self, cursor: dict[str, Any]) -> InboundBatch:
        since_id = cursor.get("since_id")
        with self._query({"include_filtered": "true"}):  # Mastodon.py has no argument for it
            notifications = self._read(
                self._api.notifications, types=["mention"], since_id=since_id, limit=40
            )
        items = []
        newest = since_id
        for notification in notifications:
            nid = str(notification["id"])
            if newest is None or _id_after(nid, newest):
                newest = nid
            status = notification.get("status")
            if not status or (since_id is not None and not _id_after(nid, since_id)):
                continue
            items.append(self._item(status))
        items.sort(key=lambda item: item.created_at)
        return InboundBatch(items=items, cursor={"since_id": newest} if newest else {})

    def search(self, query: str, cursor: dict[str, Any]) -> InboundBatch:
        since_id = cursor.get("since_id")
        if query.startswith("#") and " " not in query.strip():
            statuses = self._read(
                self._api.timeline_hashtag, query.strip()[1:], since_id=since_id, limit=40
            )
        else:
            result = self._read(
                self._api.search_v2, query, result_type="statuses", min_id=since_id, limit=40
            )
            statuses = result["statuses"]
        items = [self._item(s, kind="mention") for s in statuses]
        ids = [i.network_id for i in items]
        newest = max(ids, key=_id_key) if ids else since_id
        return InboundBatch(items=items, cursor={"since_id": newest} if newest else {})

    def _item(self, status: Any, kind: str | None = None) -> InboundItem:
        account = status["account"]
        if kind is None:
            if status.get("visibility") == "direct":
                kind = "direct"
            elif status.get("in_reply_to_id"):
                kind = "reply"
            else:
                kind = "mention"
        root = str(status.get("in_reply_to_id") or status["id"])
        return InboundItem(
            network_id=str(status["id"]),
            kind=kind,
            text=html_to_text(status.get("content") or ""),
            author=Author(
                network_user_id=str(account["id"]),
                handle="@" + str(account["acct"]),
                name=str(account.get("display_name") or ""),
                followers=account.get("followers_count"),
            ),
            created_at=_as_datetime(status["created_at"]),
            thread_key=f"mastodon:{root}",
            url=str(status.get("url") or status.get("uri") or ""),
            in_reply_to=str(status.get("in_reply_to_id") or ""),
            metrics=_status_metrics(status),
        )

    # Publishing -----------------------------------------------------------------------------

    def publish(self, draft: Draft) -> Published:
        if not draft.text.strip() and not draft.media:
            raise NetworkError("Mastodon refuses an empty post.", permanent=True)
        self.check_length(draft.text)
        media_ids = []
        for media in draft.media:
            if not media.alt_text.strip():
                raise NetworkError("Every image needs alt text.", permanent=True)
            attachment = self._call(
                self._api.media_post,
                io.BytesIO(media.data),
                mime_type=media.content_type,
                description=media.alt_text,
                file_name=media.filename,
            )
            media_ids.append(attachment["id"])
        status = self._call(
            self._api.status_post,
            draft.text,
            in_reply_to_id=draft.in_reply_to or None,
            media_ids=media_ids or None,
            visibility=self.options.get("visibility") or None,
            language=self.options.get("language") or None,
            idempotency_key=draft.idempotency_key or None,
        )
        return Published(
            network_id=str(status["id"]),
            url=str(status.get("url") or status.get("uri") or ""),
            published_at=_as_datetime(status["created_at"]),
        )

    def delete(self, network_id: str) -> None:
        self._call(self._api.status_delete, network_id)

    def hide(self, network_id: str, hidden: bool = True) -> None:
        raise Unsupported("hiding replies", self.label)

    def metrics(self, network_id: str) -> dict[str, int]:
        return _status_metrics(self._read(self._api.status, network_id))


def _status_metrics(status: Any) -> dict[str, int]:
    return {
        "likes": int(status.get("favourites_count") or 0),
        "shares": int(status.get("reblogs_count") or 0),
        "replies": int(status.get("replies_count") or 0),
    }


def _status(exc: MastodonError) -> int | None:
    for arg in exc.args[1:2]:
        if isinstance(arg, int):
            return arg
    return None


def _detail(exc: MastodonError) -> str:
    if len(exc.args) >= 4 and exc.args[3]:
        return str(exc.args[3])
    return ""


def _id_key(value: str) -> tuple[int, str]:
    return (len(value), value)


def _id_after(value: str, other: str) -> bool:
    """Mastodon ids are numeric strings that sort by time."""
    return _id_key(str(value)) > _id_key(str(other))


def _as_datetime(value: Any) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    return datetime.fromisoformat(str(value).replace("Z", "+00:00"))
