"""Admins manage webhook endpoints through the API: the secret is shown once, deliveries can be
read, other organisations' endpoints do not exist."""

from sociable.api.models import WebhookEndpoint
from tests.test_api_support import api

HOOK = {"url": "https://hooks.northshire.example/sociable", "events": ["alert.raised"]}


def test_adding_an_endpoint_answers_its_secret_once(cast):
    client = api(cast.admin, ["webhooks:manage"])
    created = client.post("/api/webhooks", HOOK)
    assert created.status_code == 201, created.content
    secret = created.json()["secret"]
    assert secret.startswith("whsec_")
    assert WebhookEndpoint.objects.get().secret == secret
    assert secret not in WebhookEndpoint.objects.get().secret_encrypted  # encrypted at rest
    listed = client.get("/api/webhooks").json()["results"]
    assert [e["url"] for e in listed] == [HOOK["url"]] and "secret" not in listed[0]


def test_an_endpoint_with_a_private_address_is_a_400(cast):
    response = api(cast.admin).post("/api/webhooks", {**HOOK, "url": "https://192.168.1.10/x"})
    assert response.status_code == 400
    assert "private" in response.json()["detail"]


def test_an_unknown_event_is_a_400(cast):
    response = api(cast.admin).post("/api/webhooks", {**HOOK, "events": ["post.deleted"]})
    assert response.status_code == 400
    assert "events" in response.json()["errors"]


def test_an_endpoint_and_its_deliveries_can_be_read_and_removed(cast):
    client = api(cast.admin)
    pk = client.post("/api/webhooks", HOOK).json()["id"]
    assert client.get(f"/api/webhooks/{pk}").json()["events"] == ["alert.raised"]
    assert client.get(f"/api/webhooks/{pk}/deliveries").json()["count"] == 0
    assert client.delete(f"/api/webhooks/{pk}").status_code == 204
    assert client.get(f"/api/webhooks/{pk}").status_code == 404


def test_another_organisations_endpoint_does_not_exist_for_you(cast):
    pk = api(cast.admin).post("/api/webhooks", HOOK).json()["id"]
    outsider = api(cast.outsider)
    assert outsider.get(f"/api/webhooks/{pk}").status_code == 404
    assert outsider.delete(f"/api/webhooks/{pk}").status_code == 404
    assert WebhookEndpoint.objects.filter(pk=pk).exists()
