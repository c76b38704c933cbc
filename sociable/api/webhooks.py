"""Webhooks: events sent to an organisation's own systems, signed, retried, recorded.

- An event (a crisis or safeguarding alert raised, a post published) becomes one
  WebhookDelivery per active endpoint that wants it, written in the same transaction as the
  event, so an event is never lost and never delivered for something that was rolled back.
- The scheduler tick claims due deliveries with a conditional UPDATE that moves
  `next_attempt_at` a lease ahead (so two workers never send the same delivery) and enqueues a
  task; the task sends only if its lease is still the delivery's (a delivery whose lease ran out,
  e.g. after a crash, is claimed again). A receiver may see a delivery twice after a crash:
  the `Sociable-Delivery` header lets it drop repeats.
- Sending goes through the SSRF guard of sociable.networks.http, pinned to the address it
  checked (DNS rebinding cannot turn a public name into 127.0.0.1 between check and connect):
  an endpoint on a private or local address is refused unless SOCIABLE_ALLOW_PRIVATE_HOSTS
  names it. Redirects are not followed; the whole request has a deadline.
- A 2xx answer is a delivery. Anything else is retried with back-off (honouring Retry-After),
  up to MAX_ATTEMPTS, then the delivery is marked failed; a refused address fails at once.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import secrets
from datetime import datetime, timedelta
from urllib.parse import urlsplit

import httpx
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from sociable.api import signing
from sociable.api.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint, WebhookEvent
from sociable.audit.log import record
from sociable.core import crypto
from sociable.networks import http
from sociable.networks.base import NetworkError

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
BACKOFF = [30, 120, 600, 1800, 3600, 3 * 3600, 6 * 3600]  # seconds after attempt 1, 2, ...
LEASE = timedelta(minutes=5)
TIMEOUT_SECONDS = 10.0
MAX_RETRY_AFTER = 24 * 3600
USER_AGENT = "Sociable webhooks"


# --------------------------------------------------------------------------------------------
# Endpoints
# --------------------------------------------------------------------------------------------


def check_url(url: str) -> None:
    """Refuse addresses that can never be delivered to (ValueError with a sentence to show).
    The full guard (every address the name resolves to) runs again at each delivery."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    allowed = http._allowed_private_hosts()
    if parts.scheme not in ("http", "https") or not host:
        raise ValueError("Use an http:// or https:// address.")
    if "*" in allowed or host in allowed:
        return
    if parts.scheme != "https":
        raise ValueError("Use an https:// address: deliveries carry signed event data.")
    local_names = ("localhost", ".localhost", ".local", ".internal", ".localdomain")
    if host == "localhost" or host.endswith(local_names):
        raise ValueError("That address is local to the server: use a public address.")
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return
    if not http._is_public(str(address)):
        raise ValueError("That address is private or local: use a public address.")


def create_endpoint(
    membership, *, url: str, events, description: str = "", active: bool = True
) -> tuple[WebhookEndpoint, str]:
    """A new endpoint and its signing secret (returned once, stored encrypted)."""
    check_url(url)
    chosen = sorted(set(events))
    unknown = [e for e in chosen if e not in WebhookEvent.values]
    if unknown or not chosen:
        raise ValueError("Choose at least one event: " + ", ".join(WebhookEvent.values) + ".")
    secret = "whsec_" + secrets.token_urlsafe(32)
    endpoint = WebhookEndpoint(
        organisation=membership.organisation,
        url=url,
        events=chosen,
        description=description[:200],
        active=active,
    )
    endpoint.secret = secret
    endpoint.save()
    record(
        membership.organisation,
        membership.user,
        "webhook.created",
        endpoint,
        after={"url": url, "events": chosen, "active": active},
    )
    return endpoint, secret


def set_active(endpoint: WebhookEndpoint, membership, active: bool) -> None:
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(active=active)
    record(
        membership.organisation,
        membership.user,
        "webhook.enabled" if active else "webhook.disabled",
        endpoint,
    )


def delete_endpoint(endpoint: WebhookEndpoint, membership) -> None:
    record(
        membership.organisation,
        membership.user,
        "webhook.deleted",
        endpoint,
        before={"url": endpoint.url, "events": endpoint.events},
    )
    endpoint.delete()


def rotate_secrets(rotate) -> int:
    """Re-encrypt every endpoint's secret with `rotate` (crypto.rotate, newest key first), for
    `sociable rotate-credentials`. Returns how many."""
    rotated = 0
    for endpoint in WebhookEndpoint.objects.only("pk", "secret_encrypted").iterator():
        WebhookEndpoint.objects.filter(pk=endpoint.pk).update(
            secret_encrypted=rotate(endpoint.secret_encrypted)
        )
        rotated += 1
    return rotated


def endpoints_of(organisation):
    return WebhookEndpoint.objects.filter(organisation=organisation)


def deliveries_of(organisation):
    return WebhookDelivery.objects.filter(endpoint__organisation=organisation)


# --------------------------------------------------------------------------------------------
# Events
# --------------------------------------------------------------------------------------------


def emit(organisation, event: str, data: dict, now=None) -> list[WebhookDelivery]:
    """Record a delivery of `event` for every active endpoint of the organisation that wants
    it. Due at once; the scheduler's next tick sends it."""
    now = now or timezone.now()
    payload = {
        "event": event,
        "created_at": now.isoformat(),
        "organisation": organisation.slug,
        "data": data,
    }
    wanting = [e for e in endpoints_of(organisation).filter(active=True) if event in e.events]
    return [
        WebhookDelivery.objects.create(
            endpoint=endpoint, event=event, payload=payload, next_attempt_at=now
        )
        for endpoint in wanting
    ]


def _desk_link(name: str, pk: int) -> str:
    return settings.SITE_URL + reverse(name, args=[pk])


def alert_data(alert) -> dict:
    conversation = alert.conversation
    data = {
        "alert": alert.pk,
        "route": alert.route,
        "conversation": conversation.pk,
        "channel": {
            "id": conversation.channel_id,
            "network": conversation.channel.network,
            "handle": conversation.channel.handle,
        },
        "raised_at": alert.created_at.isoformat(),
        "desk_url": _desk_link("conversation", conversation.pk),
    }
    # Like the alert e-mail: the message's words only if the organisation chose to share them.
    if alert.organisation.alert_include_text:
        data["text"] = alert.message.text
    return data


def published_data(target) -> dict:
    return {
        "post": target.post_id,
        "target": target.pk,
        "campaign": target.post.campaign,
        "channel": {
            "id": target.channel_id,
            "network": target.channel.network,
            "handle": target.channel.handle,
        },
        "network_post_id": target.network_post_id,
        "url": target.url,
        "published_at": target.published_at.isoformat() if target.published_at else None,
        "text": target.parts()[0],
        "desk_url": _desk_link("post_detail", target.post_id),
    }


def _emit_safely(event, build) -> None:
    """Never let a webhook break the work that raised the event: `build` returns the
    organisation and the event's data; a failure is logged and rolled back on its own."""
    try:
        with transaction.atomic():
            organisation, data = build()
            emit(organisation, event, data)
    except Exception:
        log.exception("Could not record the %s webhook", event)


def on_alert_raised(sender, alert, **kwargs) -> None:
    _emit_safely(WebhookEvent.ALERT_RAISED, lambda: (alert.organisation, alert_data(alert)))


def on_post_published(sender, target, **kwargs) -> None:
    from sociable.publishing.models import PostTarget

    if not WebhookEndpoint.objects.filter(
        organisation_id=target.post.organisation_id, active=True
    ).exists():
        return  # nobody listens: not worth building the event (thousands may publish at once)

    def build():
        fresh = PostTarget.objects.select_related("post__organisation", "channel").get(pk=target.pk)
        return fresh.post.organisation, published_data(fresh)

    _emit_safely(WebhookEvent.POST_PUBLISHED, build)


# --------------------------------------------------------------------------------------------
# Delivery
# --------------------------------------------------------------------------------------------


def claim_due(now=None, limit: int = 50) -> list[tuple[int, str]]:
    """Claim due deliveries: (id, lease) pairs. A conditional UPDATE per row, so two workers
    never claim the same one."""
    now = now or timezone.now()
    lease = now + LEASE
    claimed = []
    due = (
        WebhookDelivery.objects.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at")
        .values_list("id", "next_attempt_at")[:limit]
    )
    for delivery_id, seen in due:
        if WebhookDelivery.objects.filter(
            pk=delivery_id, status=DeliveryStatus.PENDING, next_attempt_at=seen
        ).update(next_attempt_at=lease):
            claimed.append((delivery_id, lease.isoformat()))
    return claimed


def deliver(delivery_id: int, lease: str, now=None) -> str:
    """Send one claimed delivery. Returns its new status, or '' if the claim is no longer ours."""
    now = now or timezone.now()
    held = datetime.fromisoformat(lease)
    if not WebhookDelivery.objects.filter(
        pk=delivery_id, status=DeliveryStatus.PENDING, next_attempt_at=held
    ).update(attempts=F("attempts") + 1):
        return ""
    delivery = WebhookDelivery.objects.select_related("endpoint").get(pk=delivery_id)
    endpoint = delivery.endpoint
    if not endpoint.active:
        return _finish(delivery, DeliveryStatus.FAILED, error="The endpoint is switched off.")
    try:
        response = send(endpoint, delivery)
    except crypto.CredentialsUnreadable:
        return _finish(
            delivery,
            DeliveryStatus.FAILED,
            error="The endpoint's secret cannot be "
            "read with this server's keys: remove the endpoint and add it again.",
        )
    except NetworkError as error:
        if error.permanent:
            return _finish(delivery, DeliveryStatus.FAILED, error=str(error))
        return _retry(delivery, now, error=str(error))
    if 200 <= response.status_code < 300:
        return _finish(delivery, DeliveryStatus.DELIVERED, code=response.status_code, now=now)
    wait = http.retry_after_from(response.headers)
    return _retry(
        delivery,
        now,
        error=f"The endpoint answered HTTP {response.status_code}.",
        code=response.status_code,
        retry_after=wait,
    )


def body_of(delivery: WebhookDelivery) -> bytes:
    envelope = {"id": delivery.pk, **delivery.payload}
    return json.dumps(envelope, separators=(",", ":"), sort_keys=True).encode()


def send(endpoint: WebhookEndpoint, delivery: WebhookDelivery) -> httpx.Response:
    """POST the signed body. Raises NetworkError for a refused address or no answer."""
    body = body_of(delivery)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "Sociable-Event": delivery.event,
        "Sociable-Delivery": str(delivery.pk),
        signing.HEADER: signing.header(endpoint.secret, body),
    }
    # Pinned to the address the SSRF guard checked, all of it within TIMEOUT_SECONDS; the
    # answer's body is never read (its status and headers are all a delivery needs).
    transport = http.GuardedTransport(
        network="The webhook endpoint", deadline=TIMEOUT_SECONDS, max_bytes=64 * 1024
    )
    with httpx.Client(
        transport=transport, timeout=TIMEOUT_SECONDS, follow_redirects=False
    ) as client:
        try:
            with client.stream("POST", endpoint.url, content=body, headers=headers) as response:
                return response
        except httpx.TimeoutException:
            raise NetworkError("The webhook endpoint did not answer in time.") from None
        except httpx.HTTPError as exc:
            raise NetworkError(
                f"The webhook endpoint could not be reached ({type(exc).__name__})."
            ) from None


def _finish(delivery, status, *, error="", code=None, now=None) -> str:
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status=status,
        last_error=error[:500],
        response_code=code,
        next_attempt_at=None,
        delivered_at=now if status == DeliveryStatus.DELIVERED else None,
    )
    if status == DeliveryStatus.FAILED:
        log.warning("Webhook delivery %s to %s failed: %s", delivery.pk, delivery.endpoint, error)
    return status


def _retry(delivery, now, *, error, code=None, retry_after=None) -> str:
    delivery.refresh_from_db(fields=["attempts"])
    if delivery.attempts >= MAX_ATTEMPTS:
        return _finish(
            delivery,
            DeliveryStatus.FAILED,
            code=code,
            error=f"Gave up after {delivery.attempts} attempts: {error}",
        )
    wait = BACKOFF[min(delivery.attempts - 1, len(BACKOFF) - 1)]
    if retry_after:
        wait = max(wait, min(retry_after, MAX_RETRY_AFTER))
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        next_attempt_at=now + timedelta(seconds=wait),
        last_error=error[:500],
        response_code=code,
    )
    return DeliveryStatus.PENDING


def redeliver(delivery: WebhookDelivery, membership) -> None:
    """Send a failed delivery again now (a person asked)."""
    WebhookDelivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.FAILED).update(
        status=DeliveryStatus.PENDING,
        attempts=0,
        next_attempt_at=timezone.now(),
        last_error="",
    )
    record(
        membership.organisation,
        membership.user,
        "webhook.redelivered",
        delivery.endpoint,
        after={"delivery": delivery.pk},
    )
