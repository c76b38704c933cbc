"""An admin connects Instagram professional accounts with the organisation's Facebook app:
Facebook Login with the Instagram permissions, the code exchanged for a long-lived user token,
the Instagram accounts linked to the person's Pages listed to choose from, each stored with its
Page's token; direct messages only when the messaging permission was granted; a reconnect
after Meta stops accepting the token brings the same account back."""

from sociable.channels.adapters import adapter_of
from sociable.channels.models import Channel, ChannelStatus, DeveloperApp
from sociable.networks.base import Draft, NetworkError, Unsupported
from tests.connect_support import admin_client, at_network, back_to_desk, query_of
from tests.oauth_server import FACEBOOK_VERSION


def _signed_in(client, cast):
    started = client.post("/settings/accounts/instagram/", {"team": cast.comms.pk})
    return started, client.get(back_to_desk(at_network(started)))


def test_an_admin_picks_instagram_accounts_linked_to_their_pages(cast, oauth_server):
    client = admin_client(cast)
    started, back = _signed_in(client, cast)
    dialog = query_of(started["Location"])
    assert started["Location"].startswith(f"{oauth_server.url}/{FACEBOOK_VERSION}/dialog/oauth?")
    assert dialog["client_id"] == oauth_server.clients["facebook"][0]  # the Pages' app
    assert dialog["redirect_uri"] == "http://127.0.0.1:8000/settings/accounts/instagram/callback/"
    assert {
        "instagram_basic",
        "instagram_content_publish",
        "instagram_manage_comments",
        "instagram_manage_insights",
    } <= set(dialog["scope"].split(","))
    assert back.status_code == 302
    assert back["Location"] == "/settings/accounts/instagram/pages/"
    exchanges = oauth_server.seen("GET", "/oauth/access_token")
    assert [e.query.get("grant_type") for e in exchanges] == [None, "fb_exchange_token"]
    asked = oauth_server.seen("GET", "/me/accounts")[0].query
    assert "instagram_business_account" in asked["fields"] and asked["appsecret_proof"]
    page = client.get("/settings/accounts/instagram/pages/").content.decode()
    assert "Instagram accounts to connect" in page
    assert "Northshire Hospitals" in page and "Northshire Maternity" in page
    done = client.post(
        "/settings/accounts/instagram/pages/", {"accounts": ["17841400000001010"]}, follow=True
    )
    assert "Connected: " in done.content.decode()
    channel = Channel.objects.get(network="instagram", organisation=cast.organisation)
    assert channel.handle == "@northshirenhs"
    assert channel.options["ig_user_id"] == "17841400000001010"
    assert channel.options["page_id"] == "1010101"
    assert channel.options["messaging"] is True  # every permission was granted
    assert channel.token_expires_at is None  # a Page token from a long-lived user token
    token = channel.credentials["page_access_token"]
    assert oauth_server.tokens[token].kind == "page"
    assert oauth_server.tokens[token].extra["page_id"] == "1010101"
    # The adapter acts with it: the account's publishing limit is read from the network.
    assert adapter_of(channel).publishing_limit()["limit"] == 25


def test_pages_without_an_instagram_account_are_not_offered(cast, oauth_server):
    del oauth_server.instagram["2020202"]
    client = admin_client(cast)
    _signed_in(client, cast)
    page = client.get("/settings/accounts/instagram/pages/").content.decode()
    assert "Northshire Hospitals" in page and "Northshire Maternity" not in page


def test_no_linked_instagram_account_at_all_says_how_to_link_one(cast, oauth_server):
    oauth_server.instagram.clear()
    client = admin_client(cast)
    started = client.post("/settings/accounts/instagram/", {"team": cast.comms.pk})
    back = client.get(back_to_desk(at_network(started)), follow=True)
    assert "has an Instagram professional account linked to it" in back.content.decode()
    assert not Channel.objects.filter(network="instagram").exists()


def test_without_the_messaging_permission_direct_messages_are_plainly_unsupported(
    cast, oauth_server
):
    oauth_server.declined = {"instagram_manage_messages"}
    client = admin_client(cast)
    _signed_in(client, cast)
    client.post("/settings/accounts/instagram/pages/", {"accounts": ["17841400000001010"]})
    channel = Channel.objects.get(network="instagram")
    assert channel.options["messaging"] is False
    try:
        adapter_of(channel).reply(Draft(text="Hello", in_reply_to="dm:aWdfZAG06MTpJR"))
    except Unsupported as refused:
        assert "messaging permission" in str(refused)
    else:
        raise AssertionError("a direct message was answered without the permission")


def test_the_instagram_app_is_the_organisations_facebook_app(cast, oauth_server, settings):
    settings.NETWORK_APPS = {}
    client = admin_client(cast)
    page = client.get("/settings/accounts/instagram/").content.decode()
    assert "needs its own Facebook developer app" in page
    DeveloperApp.objects.create(
        organisation=cast.organisation,
        network="facebook",
        client_id=oauth_server.clients["facebook"][0],
        client_secret=oauth_server.clients["facebook"][1],
    )
    started, back = _signed_in(client, cast)
    assert back["Location"] == "/settings/accounts/instagram/pages/"


def test_reconnecting_after_meta_stops_accepting_the_token_keeps_the_same_account(
    cast, oauth_server
):
    client = admin_client(cast)
    _signed_in(client, cast)
    client.post("/settings/accounts/instagram/pages/", {"accounts": ["17841400000001010"]})
    channel = Channel.objects.get(network="instagram")
    old = channel.credentials["page_access_token"]
    oauth_server.expire(old)  # e.g. the person changed their Facebook password
    try:
        adapter_of(channel).publishing_limit()
    except NetworkError as refused:
        assert refused.reconnect
    else:
        raise AssertionError("an expired token was accepted")
    Channel.objects.filter(pk=channel.pk).update(status=ChannelStatus.NEEDS_RECONNECT)
    started = client.post(f"/settings/accounts/{channel.pk}/reconnect/", {})
    client.get(back_to_desk(at_network(started)))
    client.post("/settings/accounts/instagram/pages/", {"accounts": ["17841400000001010"]})
    channel.refresh_from_db()
    assert Channel.objects.filter(network="instagram").count() == 1
    assert channel.status == ChannelStatus.CONNECTED
    assert channel.credentials["page_access_token"] != old
    assert adapter_of(channel).publishing_limit()["used"] == 0
