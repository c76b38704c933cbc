"""YouTube channels, through the YouTube Data API v3 (developers.google.com/youtube/v3).

Credentials: access_token, refresh_token (Google OAuth; scopes youtube.upload and
youtube.force-ssl). Options: channel_id (required), api_base ("https://www.googleapis.com"),
privacy (public, unlisted or private; default public), category_id ("22"), caption_language
("en"), quota (this channel's units spent today, kept by the desk: {"day", "used"}),
daily_quota (10,000 unless Google granted more), spend (a callable the desk passes to count
each call's units), timeout, retries.

Publishing uploads one video with the resumable protocol: POST /upload/youtube/v3/videos with
the metadata (title, description, privacy, publishAt) starts a session, the file is PUT to the
session address, and an interrupted upload asks where it stopped (Content-Range: bytes */N,
answered with 308 and a Range) and sends the rest. The title is Draft.title or the text's first
line (100 characters, no < or >); the description the text (5,000 bytes). Draft.publish_at
schedules it on YouTube (the video stays private until then). A caption file in the draft
(WebVTT or SubRip) becomes a caption track (captions.insert); the composer's "video has
captions" is then true on YouTube too.

Inbound: comment threads on the channel's videos (allThreadsRelatedToChannelId), published and
held for review, with their replies. Replies (comments.insert), hold for review or publish
(hide → comments.setModerationStatus heldForReview / published), reject (reject()), delete
(comments or videos). Metrics: views, likes, comments (videos.list statistics).

Quota: every call costs units (developers.google.com/youtube/v3/determine_quota_cost; an upload
1,600, a caption track 400, a reply, moderation or deletion 50, a list 1) from a daily 10,000
per Google Cloud project, reset at midnight Pacific time. The adapter counts what it spends
(`units_spent`, and the `spend` callable), refuses a call that would go over what is left, and
reads Google's quotaExceeded as "wait until the reset". Settings → Accounts shows the day's use.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sociable.networks import http
from sociable.networks.base import (
    Author,
    Draft,
    InboundBatch,
    InboundItem,
    Media,
    Network,
    NetworkError,
    Published,
    newer_than_cursor,
)
from sociable.networks.registry import register
from sociable.networks.text import youtube_problems

API = "https://www.googleapis.com"
DAILY_QUOTA = 10_000
PACIFIC = ZoneInfo("America/Los_Angeles")
# Units per call (the YouTube Data API's quota cost table).
COST = {
    "videos.insert": 1600,
    "captions.insert": 400,
    "comments.insert": 50,
    "comments.setModerationStatus": 50,
    "comments.delete": 50,
    "videos.delete": 50,
    "commentThreads.list": 1,
    "videos.list": 1,
    "channels.list": 1,
}
CAPTION_TYPES = {"text/vtt", "application/x-subrip", "text/srt", "application/ttml+xml"}
PRIVACY = ("public", "unlisted", "private")
MAX_DESCRIPTION_BYTES = 5000
MAX_TITLE = 100
VIDEO_ID = re.compile(r"[A-Za-z0-9_-]{11}")


def quota_day(now: datetime | None = None) -> str:
    """The day YouTube counts quota in (Pacific time), as an ISO date."""
    return (now or datetime.now(UTC)).astimezone(PACIFIC).date().isoformat()


def seconds_to_reset(now: datetime | None = None) -> float:
    """Seconds until the quota resets (midnight Pacific time)."""
    now = (now or datetime.now(UTC)).astimezone(PACIFIC)
    midnight = datetime.combine(now.date() + timedelta(days=1), datetime.min.time(), PACIFIC)
    return max(60.0, (midnight - now).total_seconds())


@register
class YouTubeNetwork(Network):
    name = "youtube"
    label = "YouTube"
    max_length = MAX_DESCRIPTION_BYTES
    supports = frozenset({"fetch", "publish", "reply", "delete", "hide", "metrics", "media"})
    requires = "video"
    credential_keys = ("access_token", "refresh_token")
    daily_quota_units = DAILY_QUOTA

    @classmethod
    def quota_day(cls) -> str:
        return quota_day()

    def __init__(self, credentials, options=None):
        super().__init__(credentials, options)
        self.channel_id = str(self.options.get("channel_id") or "")
        if not self.channel_id:
            raise NetworkError("A YouTube account needs its channel_id.", permanent=True)
        self.base = str(self.options.get("api_base") or API).rstrip("/")
        token = credentials.get("access_token")
        self.token = token
        self.http = http.client_for(
            self.label,
            f"{self.base}/youtube/v3/",
            self.options,
            headers={"Authorization": f"Bearer {token}"},
            secrets=[token, credentials.get("refresh_token")],
            classify=_classify,
        )
        self.units_spent = 0
        quota = self.options.get("quota") or {}
        today = quota_day()
        self.used_today = int(quota.get("used") or 0) if quota.get("day") == today else 0
        self.daily_quota = int(self.options.get("daily_quota") or DAILY_QUOTA)

    def __repr__(self) -> str:
        return f"<YouTubeNetwork channel={self.channel_id}>"

    # Text rules: the description is counted in bytes, the title separately -------------------

    @classmethod
    def count_length(cls, text: str) -> int:
        return len((text or "").encode("utf-8"))

    @classmethod
    def text_problems(cls, text: str) -> list[str]:
        return youtube_problems(text)

    # Quota ----------------------------------------------------------------------------------

    def _spend(self, call: str) -> None:
        """Count a call's units before it is made; refuse one that would exceed the day's."""
        units = COST[call]
        if self.used_today + self.units_spent + units > self.daily_quota:
            raise NetworkError(
                f"YouTube's daily quota would run out: this needs {units} units and "
                f"{max(0, self.daily_quota - self.used_today - self.units_spent)} are left "
                "today. It is tried again after the quota resets (midnight Pacific time).",
                retry_after=seconds_to_reset(),
            )
        self.units_spent += units
        spend = self.options.get("spend")
        if callable(spend):
            spend(units)

    @classmethod
    def notices(cls, options: Mapping[str, Any], today: date) -> list[str]:
        quota = options.get("quota") or {}
        total = int(options.get("daily_quota") or DAILY_QUOTA)
        used = int(quota.get("used") or 0) if quota.get("day") == quota_day() else 0
        note = (
            f"YouTube quota today: {used:,} of {total:,} units used (an upload takes 1,600, "
            "a reply 50). It resets at midnight Pacific time (8am UK time)."
        )
        if used >= total * 0.8:
            note += " Uploads may wait until then."
        return [note]

    # Inbound --------------------------------------------------------------------------------

    def fetch_inbound(self, cursor: dict[str, Any]) -> InboundBatch:
        found: list[InboundItem] = []
        for status in ("published", "heldForReview"):
            self._spend("commentThreads.list")
            data = self.http.get(
                "commentThreads",
                params={
                    "part": "snippet,replies",
                    "allThreadsRelatedToChannelId": self.channel_id,
                    "moderationStatus": status,
                    "order": "time",
                    "maxResults": 50,
                    "textFormat": "plainText",
                },
            )
            for thread in data.get("items") or []:
                found.extend(self._thread_items(thread, held=status == "heldForReview"))
        return newer_than_cursor(
            found, cursor, keep=lambda item: not item.extra.get("own") and bool(item.text.strip())
        )

    def _thread_items(self, thread: dict, held: bool) -> list[InboundItem]:
        snippet = thread.get("snippet") or {}
        top = snippet.get("topLevelComment") or {}
        video = str(snippet.get("videoId") or "")
        items = (
            [self._item(top, video, thread_id=str(thread.get("id") or top.get("id")), held=held)]
            if top.get("id")
            else []
        )
        for reply in (thread.get("replies") or {}).get("comments") or []:
            items.append(self._item(reply, video, thread_id=str(thread.get("id")), held=held))
        return items

    def _item(self, comment: dict, video: str, *, thread_id: str, held: bool) -> InboundItem:
        snippet = comment.get("snippet") or {}
        author = str((snippet.get("authorChannelId") or {}).get("value") or "")
        parent = str(snippet.get("parentId") or "")
        return InboundItem(
            network_id=str(comment["id"]),
            kind="reply" if parent else "comment",
            text=str(snippet.get("textOriginal") or snippet.get("textDisplay") or ""),
            author=Author(
                network_user_id=author,
                handle=str(snippet.get("authorDisplayName") or "YouTube user"),
                name=str(snippet.get("authorDisplayName") or ""),
            ),
            created_at=_when(snippet.get("publishedAt")),
            thread_key=f"youtube:{thread_id}",
            url=(f"https://www.youtube.com/watch?v={video}&lc={comment['id']}" if video else ""),
            in_reply_to=parent or video,
            metrics={"likes": int(snippet.get("likeCount") or 0)},
            extra={"own": author == self.channel_id, "held_for_review": held, "video_id": video},
        )

    # Publishing -----------------------------------------------------------------------------

    def publish(self, draft: Draft) -> Published:
        if draft.in_reply_to:
            return self.reply(draft)
        videos = [m for m in draft.media if m.content_type.startswith("video/")]
        captions = [m for m in draft.media if m.content_type in CAPTION_TYPES]
        if len(videos) != 1 or len(videos) + len(captions) != len(draft.media):
            raise NetworkError(
                "A YouTube post is one video (and, if it has one, its caption file).",
                permanent=True,
            )
        title = (
            draft.title or draft.text.strip().splitlines()[0] if draft.text.strip() else draft.title
        ).strip()
        if not title:
            raise NetworkError("A YouTube video needs a title.", permanent=True)
        for problem in youtube_problems(title, title=True) + youtube_problems(draft.text):
            raise NetworkError(problem, permanent=True)
        self.check_length(draft.text)
        privacy = str(draft.privacy or self.options.get("privacy") or "public")
        if privacy not in PRIVACY:
            raise NetworkError(f"YouTube has no privacy setting {privacy!r}.", permanent=True)
        status: dict[str, Any] = {"privacyStatus": privacy, "selfDeclaredMadeForKids": False}
        if draft.publish_at is not None:
            when = draft.publish_at.astimezone(UTC)
            if when <= datetime.now(UTC):
                raise NetworkError(
                    "A scheduled YouTube video needs a time in the future.", permanent=True
                )
            # YouTube publishes at publishAt a video that is private until then.
            status.update(
                privacyStatus="private", publishAt=when.strftime("%Y-%m-%dT%H:%M:%S.000Z")
            )
        metadata = {
            "snippet": {
                "title": title,
                "description": draft.text,
                "categoryId": str(self.options.get("category_id") or "22"),
            },
            "status": status,
        }
        video = self._upload(videos[0], metadata)
        video_id = str(video["id"])
        for caption in captions:
            self._caption(video_id, caption)
        return Published(
            network_id=video_id,
            url=f"https://www.youtube.com/watch?v={video_id}",
            published_at=datetime.now(UTC),
        )

    def _upload(self, media: Media, metadata: dict) -> dict:
        self._spend("videos.insert")
        started = self.http.request(
            "POST",
            f"{self.base}/upload/youtube/v3/videos",
            params={"uploadType": "resumable", "part": "snippet,status"},
            json=metadata,
            expect="response",
            headers={
                "X-Upload-Content-Length": str(len(media.data)),
                "X-Upload-Content-Type": media.content_type,
            },
        )
        if started.content.strip():  # Google answers the start with an empty body or JSON
            try:
                json.loads(started.content)
            except ValueError:
                raise http.malformed_error(self.label) from None
        session = started.headers.get("location", "")
        if not session:
            raise NetworkError("YouTube did not start the upload (no session address).")
        sent = 0
        for _ in range(4):  # the first try and up to three resumptions
            try:
                answer = self.http.request(
                    "PUT",
                    session,
                    content=media.data[sent:],
                    expect="response",
                    headers={
                        "Content-Type": media.content_type,
                        **(
                            {
                                "Content-Range": f"bytes {sent}-{len(media.data) - 1}/"
                                f"{len(media.data)}"
                            }
                            if sent
                            else {}
                        ),
                    },
                )
            except NetworkError as error:
                if error.permanent or error.retry_after:
                    raise
                answer = self._upload_status(session, len(media.data))
            if answer.status_code in (200, 201):
                return answer.json()
            sent = _received_bytes(answer.headers.get("range", ""))
        raise NetworkError(
            "YouTube's upload was interrupted several times; it will be tried again."
        )

    def _upload_status(self, session: str, size: int):
        """Ask the upload session how much it has (Content-Range: bytes */size)."""
        return self.http.request(
            "PUT",
            session,
            content=b"",
            expect="response",
            headers={"Content-Range": f"bytes */{size}"},
        )

    def _caption(self, video_id: str, caption: Media) -> None:
        self._spend("captions.insert")
        boundary = f"sociable-{uuid.uuid4().hex}"
        metadata = {
            "snippet": {
                "videoId": video_id,
                "name": caption.alt_text[:150] or "Captions",
                "language": str(self.options.get("caption_language") or "en"),
                "isDraft": False,
            }
        }
        body = (
            (
                f"--{boundary}\r\nContent-Type: application/json; charset=UTF-8\r\n\r\n"
                f"{json.dumps(metadata)}\r\n--{boundary}\r\nContent-Type: "
                f"{caption.content_type}\r\n\r\n"
            ).encode()
            + caption.data
            + (f"\r\n--{boundary}--\r\n").encode()
        )
        self.http.request(
            "POST",
            f"{self.base}/upload/youtube/v3/captions",
            params={"uploadType": "multipart", "part": "snippet"},
            content=body,
            headers={"Content-Type": f"multipart/related; boundary={boundary}"},
        )

    # Replies and moderation -----------------------------------------------------------------

    def reply(self, draft: Draft) -> Published:
        self.check_text_reply(draft, text_only="YouTube replies are text only.")
        if len(draft.text) > 10_000:
            raise NetworkError("A YouTube comment takes at most 10,000 characters.", permanent=True)
        parent = draft.in_reply_to.split(".", 1)[0]  # a reply's id is "<thread id>.<own id>"
        self._spend("comments.insert")
        created = self.http.post(
            "comments",
            params={"part": "snippet"},
            json={"snippet": {"parentId": parent, "textOriginal": draft.text}},
        )
        comment_id = str(created["id"])
        return Published(network_id=comment_id, url="", published_at=datetime.now(UTC))

    def hide(self, network_id: str, hidden: bool = True) -> None:
        """Hold a comment for review (hidden from the public) or publish it again."""
        self._moderate(network_id, "heldForReview" if hidden else "published")

    def reject(self, network_id: str, ban_author: bool = False) -> None:
        """Reject a comment (removed from view; with ban_author, the author's later comments
        are rejected too)."""
        self._moderate(network_id, "rejected", ban_author=ban_author)

    def _moderate(self, network_id: str, status: str, ban_author: bool = False) -> None:
        self._spend("comments.setModerationStatus")
        params: dict[str, Any] = {"id": network_id, "moderationStatus": status}
        if ban_author:
            params["banAuthor"] = "true"
        self.http.post("comments/setModerationStatus", params=params)

    def delete(self, network_id: str) -> None:
        if VIDEO_ID.fullmatch(network_id):
            self._spend("videos.delete")
            self.http.delete("videos", params={"id": network_id})
        else:
            self._spend("comments.delete")
            self.http.delete("comments", params={"id": network_id})

    def metrics(self, network_id: str) -> dict[str, int]:
        self._spend("videos.list")
        data = self.http.get("videos", params={"part": "statistics", "id": network_id})
        items = data.get("items") or []
        if not items:
            raise NetworkError(
                "YouTube has no such video (it may have been deleted).", permanent=True, status=404
            )
        stats = items[0].get("statistics") or {}
        return {
            name: int(stats[key])
            for key, name in (
                ("viewCount", "views"),
                ("likeCount", "likes"),
                ("commentCount", "comments"),
            )
            if str(stats.get(key, "")).isdigit()
        }


def _received_bytes(range_header: str) -> int:
    """From a 308's Range ("bytes=0-524287"), the number of bytes YouTube has."""
    match = re.fullmatch(r"bytes=0-(\d+)", range_header.strip())
    return int(match.group(1)) + 1 if match else 0


def _when(value: Any) -> datetime:
    parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


# Google's error reasons (developers.google.com/youtube/v3/docs/errors).
QUOTA_REASONS = {"quotaExceeded", "dailyLimitExceeded"}
RATE_REASONS = {"rateLimitExceeded", "userRateLimitExceeded"}
AUTH_REASONS = {
    "authError",
    "invalidCredentials",
    "insufficientPermissions",
    "youtubeSignupRequired",
}


def _classify(status: int, body: Any, headers: Mapping[str, str]) -> NetworkError | None:
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict):
        return None
    reasons = {str(e.get("reason")) for e in error.get("errors") or [] if isinstance(e, dict)}
    message = http.redact(str(error.get("message") or ""))[:300]
    if reasons & QUOTA_REASONS:
        return NetworkError(
            f"YouTube's daily quota is used up: {message}",
            retry_after=seconds_to_reset(),
            status=429,
        )
    if reasons & RATE_REASONS or status == 429:
        return NetworkError(
            f"YouTube is rate limiting this channel: {message}",
            retry_after=http.retry_after_from(headers) or 60.0,
            status=429,
        )
    if status == 401 or reasons & AUTH_REASONS:
        return NetworkError(
            f"YouTube no longer accepts this channel's sign-in: {message}",
            reconnect=True,
            status=status,
        )
    if status >= 500 or reasons & {"backendError", "internalError"}:
        return NetworkError(f"YouTube had a temporary problem: {message}", status=status)
    if status >= 400:
        why = ", ".join(sorted(reasons)) or f"HTTP {status}"
        return NetworkError(
            f"YouTube refused the request ({why}): {message}", permanent=True, status=status
        )
    return None
