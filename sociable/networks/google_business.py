"""Google Business Profile locations (hospitals, surgeries, clinics): reviews, review replies
and local posts, through the Business Profile APIs (developers.google.com/my-business).

One account per location, chosen when connecting (networks/oauth.py GoogleBusinessFlow lists
the locations of every Business Profile account the person manages).
Credentials: access_token, refresh_token (Google OAuth, scope business.manage).
Options: account ("accounts/123"), location ("locations/456"), title, api_base
(mybusiness.googleapis.com), timeout, retries.

Inbound: the location's reviews (v4 accounts.locations.reviews.list, newest first) as *review*
items. Their text starts with the star rating ("★★☆☆☆ 2 of 5") so the rating is seen and
triaged with the words (a review can hold a crisis or a complaint); `extra` carries the rating,
the location and the reply already given. A review with stars and no words is brought in too.
Reply to a review, update the reply (the same call: the reply is replaced) and delete it.
Publishing: local posts, an update (STANDARD) or, with Draft.title and Draft.event_start /
event_end, an EVENT; a photo by its public address (Media.url), as Google fetches it. Local
posts can be deleted. The photo's alt text goes in its MediaItem `description`, Google's nearest
field. Metrics of the location (its id as network_id): average rating (×100)
and number of reviews, for the rating over time; local posts have none. Reviews cannot be
hidden through the API (hide raises Unsupported, saying what can be done instead).
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
    Unsupported,
    newer_than_cursor,
)
from sociable.networks.registry import register

API = "https://mybusiness.googleapis.com"
STARS = {"ONE": 1, "TWO": 2, "THREE": 3, "FOUR": 4, "FIVE": 5}
MAX_LENGTH = 1500  # a local post's summary
MAX_REPLY = 4096


@register
class GoogleBusinessNetwork(Network):
    name = "google_business"
    label = "Google Business Profile"
    max_length = MAX_LENGTH
    supports = frozenset({"fetch", "publish", "reply", "delete", "metrics", "media"})
    post_metrics = False  # metrics() is the location's rating; local posts have no counts
    credential_keys = ("access_token", "refresh_token")

    def __init__(self, credentials, options=None):
        super().__init__(credentials, options)
        account = str(self.options.get("account") or "")
        location = str(self.options.get("location") or "")
        if not account.startswith("accounts/") or not location.startswith("locations/"):
            raise NetworkError(
                "A Google Business Profile location needs its account and location names.",
                permanent=True,
            )
        self.parent = f"{account}/{location}"
        self.title = str(self.options.get("title") or location)
        base = str(self.options.get("api_base") or API).rstrip("/")
        token = credentials.get("access_token")
        self.http = http.client_for(
            self.label,
            f"{base}/v4/",
            self.options,
            headers={"Authorization": f"Bearer {token}"},
            secrets=[token, credentials.get("refresh_token")],
            classify=google_errors(self.label),
        )

    def __repr__(self) -> str:
        return f"<GoogleBusinessNetwork {self.parent}>"

    # Reviews --------------------------------------------------------------------------------

    def fetch_inbound(self, cursor: dict[str, Any]) -> InboundBatch:
        data = self.http.get(
            f"{self.parent}/reviews", params={"pageSize": 50, "orderBy": "updateTime desc"}
        )
        reviews = [
            review
            for review in (data or {}).get("reviews") or []
            if isinstance(review, dict) and review.get("name")
        ]
        return newer_than_cursor([self._review(review) for review in reviews], cursor)

    def _review(self, review: dict) -> InboundItem:
        reviewer = review.get("reviewer") or {}
        anonymous = bool(reviewer.get("isAnonymous"))
        name = "A Google user" if anonymous else str(reviewer.get("displayName") or "Reviewer")
        stars = STARS.get(str(review.get("starRating") or ""), 0)
        words = str(review.get("comment") or "").strip()
        rating = f"{'★' * stars}{'☆' * (5 - stars)} {stars} of 5" if stars else "No rating"
        reply = review.get("reviewReply") or {}
        return InboundItem(
            network_id=str(review["name"]),
            kind="review",
            text=f"{rating}\n{words}" if words else f"{rating} (no written review)",
            author=Author(network_user_id="", handle=name, name=name),
            created_at=_when(review.get("createTime") or review.get("updateTime")),
            thread_key=f"google_business:{review['name']}",
            url="",
            metrics={"stars": stars},
            extra={
                "star_rating": stars,
                "location": self.title,
                "reply": str(reply.get("comment") or ""),
                "comment": words,
            },
        )

    def reply(self, draft: Draft) -> Published:
        """Reply to a review, or replace the reply already given (the same call)."""
        if not draft.in_reply_to:
            raise NetworkError("A reply needs the review it answers.", permanent=True)
        if draft.media:
            raise NetworkError("A review reply is text only.", permanent=True)
        if not draft.text.strip():
            raise NetworkError("Google refuses an empty reply.", permanent=True)
        if len(draft.text.encode("utf-8")) > MAX_REPLY:
            raise NetworkError(f"A review reply takes at most {MAX_REPLY} bytes.", permanent=True)
        review = self._own_review(draft.in_reply_to.removesuffix("/reply"))
        self.http.request("PUT", f"{review}/reply", json={"comment": draft.text})
        return Published(network_id=f"{review}/reply", url="", published_at=datetime.now(UTC))

    update_reply = reply

    def _own_review(self, name: str) -> str:
        if not name.startswith(f"{self.parent}/reviews/"):
            raise NetworkError("That review is not one of this location's.", permanent=True)
        return name

    # Local posts ----------------------------------------------------------------------------

    def publish(self, draft: Draft) -> Published:
        if draft.in_reply_to:
            return self.reply(draft)
        if not draft.text.strip():
            raise NetworkError("A Google local post needs some text.", permanent=True)
        self.check_length(draft.text)
        body: dict[str, Any] = {
            "languageCode": "en-GB",
            "summary": draft.text,
            "topicType": "STANDARD",
        }
        if draft.event_start is not None:
            if not draft.title.strip() or draft.event_end is None:
                raise NetworkError("An event needs a title, a start and an end.", permanent=True)
            body["topicType"] = "EVENT"
            body["event"] = {
                "title": draft.title[:58],
                "schedule": {
                    **_date_time("start", draft.event_start),
                    **_date_time("end", draft.event_end),
                },
            }
        if len(draft.media) > 1:
            raise NetworkError("A Google local post takes one photo.", permanent=True)
        for media in draft.media:
            if not media.url.startswith(("https://", "http://")):
                raise NetworkError(
                    "Google fetches a local post's photo from a public address, and this one "
                    f"({media.filename}) has none: publish it without the photo, or ask whoever "
                    "runs Sociable to make media links public.",
                    permanent=True,
                )
            if not media.alt_text.strip():
                raise NetworkError("Every image needs alt text.", permanent=True)
            # MediaItem.description is Google's nearest to alt text.
            body["media"] = [
                {"mediaFormat": "PHOTO", "sourceUrl": media.url, "description": media.alt_text}
            ]
        created = self.http.post(f"{self.parent}/localPosts", json=body)
        return Published(
            network_id=str(created["name"]),
            url=str(created.get("searchUrl") or ""),
            published_at=datetime.now(UTC),
        )

    def delete(self, network_id: str) -> None:
        if network_id.endswith("/reply"):
            self.http.delete(self._own_review(network_id.removesuffix("/reply")) + "/reply")
        elif network_id.startswith(f"{self.parent}/localPosts/"):
            self.http.delete(network_id)
        else:
            raise Unsupported(
                "deleting reviews",
                self.label,
                reason="A review can only be removed by its author or, when it "
                "breaks Google's policies, reported for removal in the "
                "Business Profile. Sociable can delete its own reply.",
            )

    def hide(self, network_id: str, hidden: bool = True) -> None:
        raise Unsupported(
            "hiding reviews",
            self.label,
            reason="Google does not let a business hide a review. Report it in "
            "the Business Profile if it breaks Google's policies.",
        )

    def metrics(self, network_id: str) -> dict[str, int]:
        """The location's average rating (×100) and number of reviews."""
        if network_id not in (self.parent, self.options.get("location")):
            raise Unsupported("metrics for local posts", self.label)
        data = self.http.get(f"{self.parent}/reviews", params={"pageSize": 1})
        average = data.get("averageRating")
        metrics = {"reviews": int(data.get("totalReviewCount") or 0)}
        if isinstance(average, int | float) and not isinstance(average, bool):
            metrics["average_rating_x100"] = round(float(average) * 100)
        return metrics


def _date_time(prefix: str, when: datetime) -> dict[str, Any]:
    local = when.astimezone(UTC)
    return {
        f"{prefix}Date": {"year": local.year, "month": local.month, "day": local.day},
        f"{prefix}Time": {"hours": local.hour, "minutes": local.minute, "seconds": 0, "nanos": 0},
    }


def _when(value: Any) -> datetime:
    parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def google_errors(label: str):
    """Google APIs' error body ({"error": {"code", "status", "message"}}) read once."""

    def classify(status: int, body: Any, headers: Mapping[str, str]) -> NetworkError | None:
        error = body.get("error") if isinstance(body, dict) else None
        if not isinstance(error, dict):
            return None
        state = str(error.get("status") or "")
        message = http.redact(str(error.get("message") or ""))[:300]
        if status == 429 or state == "RESOURCE_EXHAUSTED":
            return NetworkError(
                f"{label} is rate limiting this account: {message}",
                retry_after=http.retry_after_from(headers) or 60.0,
                status=429,
            )
        if status in (401, 403) or state in ("UNAUTHENTICATED", "PERMISSION_DENIED"):
            return NetworkError(
                f"{label} no longer accepts this account's sign-in: {message}",
                reconnect=True,
                status=status,
            )
        if status >= 500:
            return NetworkError(f"{label} had a temporary problem: {message}", status=status)
        if status >= 400:
            return NetworkError(
                f"{label} refused the request ({state or status}): {message}",
                permanent=True,
                status=status,
            )
        return None

    return classify
