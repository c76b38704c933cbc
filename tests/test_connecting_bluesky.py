"""An admin connects a Bluesky account with its handle and an app password; the desk signs in
with the adapter (createSession, replayed from its recording) before saving anything."""

from sociable.channels.models import Channel
from tests.connect_support import admin_client
from tests.networks.replay import ReplayServer

APP_PASSWORD = "abcd-efgh-ijkl-mnop"


def _server(monkeypatch):
    monkeypatch.setenv("SOCIABLE_ALLOW_PRIVATE_HOSTS", "127.0.0.1")
    return ReplayServer("bluesky").start()


def test_a_checked_handle_and_app_password_connect_the_account_on_its_own_server(cast, monkeypatch):
    server = _server(monkeypatch)
    try:
        done = admin_client(cast).post(
            "/settings/accounts/bluesky/",
            {
                "handle": "@NorthshireNHS.bsky.social",
                "app_password": APP_PASSWORD,
                "service": server.url,
                "team": cast.comms.pk,
            },
            follow=True,
        )
    finally:
        server.stop()
    assert "Connected" in done.content.decode()
    session = server.received("POST", "createSession")[0].json()
    assert session == {"identifier": "northshirenhs.bsky.social", "password": APP_PASSWORD}
    channel = Channel.objects.get(network="bluesky")
    assert channel.handle == "@northshirenhs.bsky.social"
    assert channel.options == {"service": server.url, "did": "did:plc:z72i7hdynmk6r22z27h6tvur"}
    assert channel.credentials == {
        "identifier": "northshirenhs.bsky.social",
        "app_password": APP_PASSWORD,
    }


def test_a_refused_app_password_is_not_saved(cast, monkeypatch):
    server = _server(monkeypatch)
    server.fail(
        401, body='{"error":"AuthenticationRequired","message":"Invalid identifier or password"}'
    )
    try:
        page = admin_client(cast).post(
            "/settings/accounts/bluesky/",
            {
                "handle": "northshirenhs.bsky.social",
                "app_password": APP_PASSWORD,
                "service": server.url,
                "team": cast.comms.pk,
            },
        )
    finally:
        server.stop()
    assert page.status_code == 200
    assert "Bluesky did not accept this handle and app password" in page.content.decode()
    assert not Channel.objects.filter(network="bluesky").exists()


def test_the_accounts_own_password_is_refused_before_anything_is_sent(cast, monkeypatch):
    server = _server(monkeypatch)
    try:
        page = admin_client(cast).post(
            "/settings/accounts/bluesky/",
            {
                "handle": "northshirenhs.bsky.social",
                "app_password": "my real password 123",
                "service": server.url,
                "team": cast.comms.pk,
            },
        )
    finally:
        server.stop()
    assert "This is not an app password" in page.content.decode()
    assert server.requests == []
