"""An admin connects a YouTube channel with the organisation's Google OAuth client: PKCE and
offline access, the channel the signed-in identity owns, the access token renewed with the
refresh token Google keeps; a refused renewal asks for a reconnect; disconnecting revokes it."""

from sociable.channels import tokens
from sociable.channels.adapters import adapter_of
from sociable.channels.models import Channel, ChannelStatus
from tests.connect_support import admin_client, at_network, back_to_desk, query_of


def _connect(cast, client):
    started = client.post("/settings/accounts/youtube/", {"team": cast.comms.pk})
    return started, client.get(back_to_desk(at_network(started)), follow=True)


def test_an_admin_connects_the_channel_their_google_account_owns(cast, oauth_server):
    client = admin_client(cast)
    started, page = _connect(cast, client)
    asked = query_of(started["Location"])
    assert started["Location"].startswith(f"{oauth_server.url}/o/oauth2/v2/auth?")
    assert asked["access_type"] == "offline" and asked["code_challenge_method"] == "S256"
    assert set(asked["scope"].split()) == {
        "https://www.googleapis.com/auth/youtube.upload",
        "https://www.googleapis.com/auth/youtube.force-ssl",
    }
    assert asked["redirect_uri"] == "http://127.0.0.1:8000/settings/accounts/youtube/callback/"
    assert "Connected: " in page.content.decode()
    channel = Channel.objects.get(network="youtube")
    assert channel.options["channel_id"] == "UCnorthshireNHS0000000AB"
    assert channel.handle == "@northshirenhs" and channel.display_name == "Northshire NHS"
    assert channel.credentials["refresh_token"] in oauth_server.valid_tokens("youtube", "refresh")
    assert channel.token_expires_at is not None and channel.refresh_due_at is not None
    # The adapter reads with the stored token, and counts the units it spent on the channel.
    assert adapter_of(channel).fetch_inbound({}).items == []
    channel.refresh_from_db()
    assert channel.options["quota"]["used"] == 2  # two comment-thread lists, a unit each


def test_the_token_is_renewed_and_the_refresh_token_kept(cast, oauth_server):
    client = admin_client(cast)
    _connect(cast, client)
    channel = Channel.objects.get(network="youtube")
    old = channel.credentials
    assert tokens.refresh(channel.pk) == "refreshed"
    channel.refresh_from_db()
    assert channel.credentials["access_token"] != old["access_token"]
    assert channel.credentials["refresh_token"] == old["refresh_token"]
    adapter_of(channel).fetch_inbound({})


def test_a_refused_renewal_asks_for_a_reconnect_and_reconnecting_restores_it(cast, oauth_server):
    client = admin_client(cast)
    _connect(cast, client)
    channel = Channel.objects.get(network="youtube")
    oauth_server.refuse_refresh = True
    assert tokens.refresh(channel.pk) == "refused"
    channel.refresh_from_db()
    assert channel.status == ChannelStatus.NEEDS_RECONNECT
    oauth_server.refuse_refresh = False
    started = client.post(f"/settings/accounts/{channel.pk}/reconnect/", {})
    client.get(back_to_desk(at_network(started)))
    channel.refresh_from_db()
    assert channel.status == ChannelStatus.CONNECTED
    assert Channel.objects.filter(network="youtube").count() == 1


def test_a_google_account_without_a_channel_is_told_so(cast, oauth_server):
    oauth_server.youtube_channels = []
    _, page = _connect(cast, admin_client(cast))
    assert "has no YouTube channel" in page.content.decode()
    assert not Channel.objects.filter(network="youtube").exists()


def test_disconnecting_revokes_the_refresh_token(cast, oauth_server):
    client = admin_client(cast)
    _connect(cast, client)
    channel = Channel.objects.get(network="youtube")
    refresh_token = channel.credentials["refresh_token"]
    client.post(f"/settings/accounts/{channel.pk}/disconnect/")
    assert refresh_token not in oauth_server.valid_tokens("youtube", "refresh")


def test_settings_show_the_channels_quota_for_the_day(cast, oauth_server):
    client = admin_client(cast)
    _connect(cast, client)
    channel = Channel.objects.get(network="youtube")
    adapter_of(channel).fetch_inbound({})
    page = client.get("/settings/accounts/").content.decode()
    assert "YouTube quota today: 2 of 10,000 units used" in page
