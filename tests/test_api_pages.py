"""The pages where a member manages their own API tokens and an admin the webhook endpoints."""

import re

from django.test import Client

from sociable.api.models import ApiToken, WebhookEndpoint
from tests.conftest import CAST_PASSWORD, verified
from tests.test_api_support import Api


def signed_in(user):
    client = Client()
    assert client.login(username=user.username, password=CAST_PASSWORD)
    return verified(client)


def shown_token(response) -> str:
    match = re.search(r'value="(sociable_[^"]+)"', response.content.decode())
    return match.group(1) if match else ""


def test_a_member_creates_a_token_and_sees_it_once(cast):
    client = signed_in(cast.officer)
    response = client.post(
        "/api/manage/tokens/",
        {"name": "Dashboard", "scopes": ["conversations:read", "reports:read"], "expires": "90"},
    )
    assert response.status_code == 200
    token = shown_token(response)
    assert token and Api(token).get("/api/conversations").status_code == 200
    again = client.get("/api/manage/tokens/")
    assert "Dashboard" in again.content.decode() and shown_token(again) == ""


def test_a_member_is_offered_only_the_scopes_their_role_can_use(cast):
    page = signed_in(cast.viewer).get("/api/manage/tokens/").content.decode()
    assert 'value="reports:read"' in page
    assert 'value="posts:write"' not in page


def test_choosing_no_scope_explains_what_to_do(cast):
    response = signed_in(cast.officer).post("/api/manage/tokens/", {"name": "x", "expires": ""})
    assert "Choose at least one thing the token may do." in response.content.decode()
    assert not ApiToken.objects.exists()


def test_a_member_revokes_their_own_token(cast):
    client = signed_in(cast.officer)
    token = shown_token(
        client.post(
            "/api/manage/tokens/", {"name": "Old", "scopes": ["reports:read"], "expires": ""}
        )
    )
    pk = ApiToken.objects.get().pk
    response = client.post(f"/api/manage/tokens/{pk}/revoke/", follow=True)
    assert "no longer works" in response.content.decode()
    assert Api(token).get("/api/reports/summary").status_code == 401


def test_nobody_revokes_someone_elses_token_from_the_page(cast):
    signed_in(cast.officer).post(
        "/api/manage/tokens/", {"name": "Mine", "scopes": ["reports:read"], "expires": ""}
    )
    pk = ApiToken.objects.get().pk
    assert signed_in(cast.admin).post(f"/api/manage/tokens/{pk}/revoke/").status_code == 404
    assert ApiToken.objects.get().revoked_at is None


def test_an_admin_adds_a_webhook_address_and_sees_its_secret_once(cast):
    client = signed_in(cast.admin)
    response = client.post(
        "/api/manage/webhooks/",
        {"url": "https://hooks.northshire.example/in", "events": ["alert.raised"]},
    )
    page = response.content.decode()
    secret = WebhookEndpoint.objects.get().secret
    assert secret in page
    assert secret not in client.get("/api/manage/webhooks/").content.decode()


def test_a_private_webhook_address_is_refused_on_the_page(cast):
    response = signed_in(cast.admin).post(
        "/api/manage/webhooks/", {"url": "https://10.1.2.3/in", "events": ["alert.raised"]}
    )
    assert "private or local" in response.content.decode()
    assert not WebhookEndpoint.objects.exists()


def test_an_admin_switches_off_and_removes_an_address(cast):
    client = signed_in(cast.admin)
    client.post(
        "/api/manage/webhooks/",
        {"url": "https://hooks.northshire.example/in", "events": ["post.published"]},
    )
    endpoint = WebhookEndpoint.objects.get()
    client.post(f"/api/manage/webhooks/{endpoint.pk}/", {"action": "disable"})
    endpoint.refresh_from_db()
    assert not endpoint.active
    client.post(f"/api/manage/webhooks/{endpoint.pk}/", {"action": "delete"})
    assert not WebhookEndpoint.objects.exists()
