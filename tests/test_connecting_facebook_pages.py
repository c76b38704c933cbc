"""An admin connects Facebook Pages: Facebook Login, the code exchanged for a long-lived user
token, the person picks Pages, each Page's own long-lived token stored; the adapter then posts
with it."""

from sociable.channels.adapters import adapter_of
from sociable.channels.models import Channel
from sociable.networks.base import Draft
from tests.connect_support import admin_client, at_network, back_to_desk, query_of
from tests.oauth_server import FACEBOOK_VERSION


def _signed_in(client, cast):
    started = client.post("/settings/accounts/facebook/", {"team": cast.comms.pk})
    return started, client.get(back_to_desk(at_network(started)))


def test_an_admin_picks_which_pages_to_connect_and_each_keeps_its_own_token(cast, oauth_server):
    client = admin_client(cast)
    started, back = _signed_in(client, cast)
    dialog = query_of(started["Location"])
    assert started["Location"].startswith(f"{oauth_server.url}/{FACEBOOK_VERSION}/dialog/oauth?")
    assert dialog["redirect_uri"] == "http://127.0.0.1:8000/settings/accounts/facebook/callback/"
    assert "pages_manage_posts" in dialog["scope"]
    assert back.status_code == 302 and back["Location"] == "/settings/accounts/facebook/pages/"
    # The code was exchanged, then the short token for a long-lived one.
    exchanges = oauth_server.seen("GET", "/oauth/access_token")
    assert [e.query.get("grant_type") for e in exchanges] == [None, "fb_exchange_token"]
    assert oauth_server.seen("GET", "/me/accounts")[0].query["appsecret_proof"]
    page = client.get("/settings/accounts/facebook/pages/")
    assert "Northshire Hospitals" in page.content.decode()
    assert "Northshire Maternity" in page.content.decode()
    done = client.post("/settings/accounts/facebook/pages/", {"accounts": ["1010101"]}, follow=True)
    assert "Connected: Northshire Hospitals" in done.content.decode()
    channel = Channel.objects.get(network="facebook", organisation=cast.organisation)
    assert channel.options["page_id"] == "1010101"
    assert channel.display_name == "Northshire Hospitals"
    assert channel.token_expires_at is None  # a Page token from a long-lived user token
    token = channel.credentials["page_access_token"]
    assert oauth_server.tokens[token].kind == "page"
    assert Channel.objects.filter(network="facebook").count() == 1  # only the Page picked

    published = adapter_of(channel).publish(Draft(text="Flu clinics open all week"))
    assert published.network_id.startswith("1010101_")
    assert oauth_server.published[-1]["text"] == "Flu clinics open all week"


def test_choosing_nothing_is_refused_and_the_list_is_used_once(cast, oauth_server):
    client = admin_client(cast)
    _signed_in(client, cast)
    refused = client.post("/settings/accounts/facebook/pages/", {})
    assert "Choose at least one account" in refused.content.decode()
    client.post("/settings/accounts/facebook/pages/", {"accounts": ["1010101", "2020202"]})
    assert Channel.objects.filter(network="facebook").count() == 2
    again = client.get("/settings/accounts/facebook/pages/")
    assert again.status_code == 302  # the list is gone once used


def test_cancelling_on_facebook_says_so_and_changes_nothing(cast, oauth_server):
    oauth_server.decision = "deny"
    client = admin_client(cast)
    started = client.post("/settings/accounts/facebook/", {"team": cast.comms.pk})
    back = client.get(back_to_desk(at_network(started)), follow=True)
    assert "You cancelled connecting to Facebook, so nothing was changed." in (
        back.content.decode()
    )
    assert not Channel.objects.filter(network="facebook").exists()
    assert not oauth_server.seen("GET", "/oauth/access_token")
