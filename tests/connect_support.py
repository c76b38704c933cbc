"""Driving the connect flows through Django's test client and the local authorisation server."""

from urllib.parse import parse_qs, urlsplit

import httpx
from django.test import Client

from tests.conftest import CAST_PASSWORD, verified


def admin_client(cast) -> Client:
    client = Client()
    assert client.login(username=cast.admin.username, password=CAST_PASSWORD)
    return verified(client)


def at_network(response) -> httpx.Response:
    """Follow the desk's redirect to the network's authorize page, as the browser would."""
    assert response.status_code == 302, response.content[:500]
    return httpx.get(response["Location"], follow_redirects=False, timeout=10)


def back_to_desk(answer: httpx.Response) -> str:
    """The path and query the network sends the person back to (the redirect URI)."""
    assert answer.status_code == 302, answer.text[:500]
    location = urlsplit(answer.headers["location"])
    return f"{location.path}?{location.query}"


def query_of(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []
