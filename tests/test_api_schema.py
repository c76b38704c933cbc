"""The OpenAPI 3 schema is served at /api/schema, to anyone, describing every endpoint."""

import json

from django.test import Client
from django.urls import reverse

from tests.access_rules.api import EXPECTED


def test_the_schema_is_served_at_api_schema_as_openapi_3(db):
    response = Client().get("/api/schema")
    assert response.status_code == 200
    assert response.content.startswith(b"openapi: 3.")


def test_the_schema_can_be_had_as_json_describing_every_endpoint(db):
    schema = json.loads(Client().get("/api/schema", {"format": "json"}).content)
    assert schema["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    paths = set(schema["paths"])
    api_names = [
        n
        for n in EXPECTED
        if n.startswith("api:")
        and n != "api:schema"
        and "page" not in n
        and n not in ("api:token_revoke", "api:webhook_action")
    ]
    for name in api_names:
        route = reverse(name, kwargs={"pk": 1} if _takes_pk(name) else {})
        assert route.replace("/1", "/{id}") in paths, name


def _takes_pk(name):
    return name in {
        "api:conversation",
        "api:conversation_reply",
        "api:conversation_assign",
        "api:conversation_status",
        "api:post",
        "api:post_schedule",
        "api:post_approve",
        "api:channel",
        "api:webhook",
        "api:webhook_deliveries",
    }
