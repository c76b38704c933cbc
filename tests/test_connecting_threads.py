"""An admin connects a Threads profile with the organisation's Threads app: the code exchanged
for a short-lived token, that for a long-lived one (60 days) which the scheduler renews before
it ends; a renewal Threads refuses asks for a reconnect, and reconnecting brings the same
profile back."""

from datetime import timedelta

from django.utils import timezone

from sociable.channels import tokens
from sociable.channels.adapters import adapter_of
from sociable.channels.models import Channel, ChannelStatus
from tests.connect_support import admin_client, at_network, back_to_desk, query_of


def _connected(cast, server, client=None):
    client = client or admin_client(cast)
    started = client.post("/settings/accounts/threads/", {"team": cast.comms.pk})
    back = client.get(back_to_desk(at_network(started)))
    return started, back, Channel.objects.filter(network="threads").first()


def test_an_admin_connects_a_threads_profile_with_a_long_lived_token(cast, oauth_server):
    started, back, channel = _connected(cast, oauth_server)
    authorize = query_of(started["Location"])
    assert started["Location"].startswith(f"{oauth_server.url}/threads.net/oauth/authorize?")
    assert authorize["client_id"] == oauth_server.clients["threads"][0]
    assert authorize["redirect_uri"] == "http://127.0.0.1:8000/settings/accounts/threads/callback/"
    assert {
        "threads_basic",
        "threads_content_publish",
        "threads_manage_replies",
        "threads_read_replies",
        "threads_manage_insights",
    } <= set(authorize["scope"].split(","))
    assert back.status_code == 302 and back["Location"] == "/settings/accounts/"
    assert channel.handle == "@northshirenhs"
    assert channel.options["user_id"] == "25187340000009999"
    token = channel.credentials["access_token"]
    assert oauth_server.tokens[token].kind == "long"  # exchanged for the long-lived one
    assert channel.credentials["refresh_token"] == token
    ends = timezone.now() + timedelta(days=60)
    assert abs((channel.token_expires_at - ends).total_seconds()) < 60
    assert channel.refresh_due_at < channel.token_expires_at
    assert adapter_of(channel).publishing_limit()["limit"] == 250


def test_the_scheduler_renews_the_token_before_it_ends(cast, oauth_server):
    _, _, channel = _connected(cast, oauth_server)
    old = channel.credentials["access_token"]
    assert tokens.claim_due_refreshes(now=channel.refresh_due_at) == [channel.pk]
    assert tokens.refresh(channel.pk) == "refreshed"
    channel.refresh_from_db()
    assert channel.credentials["access_token"] != old
    assert channel.credentials["refresh_token"] == channel.credentials["access_token"]
    assert adapter_of(channel).publishing_limit()["used"] == 0


def test_a_refused_renewal_asks_for_a_reconnect_which_brings_the_profile_back(cast, oauth_server):
    client = admin_client(cast)
    _, _, channel = _connected(cast, oauth_server, client)
    oauth_server.refuse_refresh = True
    assert tokens.refresh(channel.pk) == "refused"
    channel.refresh_from_db()
    assert channel.status == ChannelStatus.NEEDS_RECONNECT
    oauth_server.refuse_refresh = False
    started = client.post(f"/settings/accounts/{channel.pk}/reconnect/", {})
    client.get(back_to_desk(at_network(started)))
    channel.refresh_from_db()
    assert channel.status == ChannelStatus.CONNECTED
    assert Channel.objects.filter(network="threads").count() == 1


def test_cancelling_on_threads_changes_nothing(cast, oauth_server):
    oauth_server.decision = "deny"
    client = admin_client(cast)
    started = client.post("/settings/accounts/threads/", {"team": cast.comms.pk})
    page = client.get(back_to_desk(at_network(started)), follow=True)
    assert "You cancelled connecting to Threads" in page.content.decode()
    assert not Channel.objects.filter(network="threads").exists()
