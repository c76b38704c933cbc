"""Helpers for the API tests (no tests here): tokens for the cast and a client that sends them."""

import json

from django.test import Client

from sociable.accounts.models import Membership
from sociable.api import tokens
from sociable.api.models import ApiToken
from sociable.api.scopes import Scope

ALL_SCOPES = [str(scope) for scope in Scope]


def token_for(user, scopes=None, **extra) -> str:
    """A token with exactly these scopes (default: every scope), whatever the user's role, so
    tests can show that the role still limits what it does."""
    membership = Membership.objects.get(user=user)
    issued = tokens.issue(_Everything(membership), "test", scopes or ALL_SCOPES, **extra)
    return issued.plaintext


class _Everything:
    """A membership stand-in whose role allows every scope (only for issuing test tokens)."""

    def __init__(self, membership):
        self.user, self.organisation = membership.user, membership.organisation
        self.role = "admin"


class Api:
    """A client that authenticates with a bearer token and speaks JSON."""

    def __init__(self, token: str | None):
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def get(self, path, **params):
        return self.client.get(path, params, headers=self.headers)

    def post(self, path, data=None):
        return self.client.post(
            path, json.dumps(data or {}), content_type="application/json", headers=self.headers
        )

    def delete(self, path):
        return self.client.delete(path, headers=self.headers)


def api(user, scopes=None) -> Api:
    return Api(token_for(user, scopes))


def stored_tokens():
    return ApiToken.objects.all()
