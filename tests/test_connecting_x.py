"""An admin connects an X account by OAuth 2.0 with PKCE (S256, offline.access), or with OAuth
1.0a keys; X's two-hour tokens are refreshed before they expire."""

from datetime import timedelta

from django.utils import timezone

from sociable.channels.connect import SESSION_FLOWS
from sociable.channels.models import Channel
from tests.connect_support import admin_client, at_network, back_to_desk, query_of


def test_an_admin_connects_x_with_pkce_and_a_refresh_token(cast, oauth_server):
    client = admin_client(cast)
    before = timezone.now()
    started = client.post("/settings/accounts/x/", {"team": cast.comms.pk})
    authorize = query_of(started["Location"])
    assert started["Location"].startswith(f"{oauth_server.url}/i/oauth2/authorize?")
    assert authorize["code_challenge_method"] == "S256"
    assert set(authorize["scope"].split()) >= {
        "offline.access",
        "tweet.read",
        "tweet.write",
        "users.read",
    }
    assert authorize["redirect_uri"] == "http://127.0.0.1:8000/settings/accounts/x/callback/"
    client.get(back_to_desk(at_network(started)))
    token_call = oauth_server.seen("POST", "/2/oauth2/token")[0]
    assert token_call.headers["authorization"].startswith("Basic ")  # a confidential client
    assert token_call.form["code_verifier"]
    channel = Channel.objects.get(network="x")
    assert channel.handle == "@NorthshireNHS"
    assert channel.options["user_id"] == "1470000000000000001"
    credentials = channel.credentials
    assert credentials["bearer_token"] in oauth_server.valid_tokens("x", "access")
    assert credentials["refresh_token"] in oauth_server.valid_tokens("x", "refresh")
    expires = channel.token_expires_at - before
    assert timedelta(hours=1, minutes=59) < expires <= timedelta(hours=2, minutes=1)
    # Refreshed 24 minutes (a fifth of two hours) before it expires.
    ahead = channel.token_expires_at - channel.refresh_due_at
    assert timedelta(minutes=23, seconds=50) < ahead <= timedelta(minutes=24)


def test_the_server_checks_the_pkce_verifier_the_desk_kept(cast, oauth_server):
    client = admin_client(cast)
    started = client.post("/settings/accounts/x/", {"team": cast.comms.pk})
    session = client.session
    flows = session[SESSION_FLOWS]
    for flow in flows.values():
        flow["verifier"] = "a-verifier-that-does-not-match-the-challenge-" + "x" * 20
    session[SESSION_FLOWS] = flows
    session.save()
    page = client.get(back_to_desk(at_network(started)), follow=True)
    assert "X refused the connection" in page.content.decode()
    assert not Channel.objects.filter(network="x").exists()


def test_oauth_1a_keys_are_checked_with_x_before_they_are_saved(cast, oauth_server):
    client = admin_client(cast)
    wrong = client.post(
        "/settings/accounts/x/keys/",
        {**oauth_server.x_oauth1, "access_token": "1470-notthetoken", "team": cast.comms.pk},
    )
    assert "X did not accept these keys" in wrong.content.decode()
    assert not Channel.objects.filter(network="x").exists()
    client.post("/settings/accounts/x/keys/", {**oauth_server.x_oauth1, "team": cast.comms.pk})
    channel = Channel.objects.get(network="x")
    assert channel.options == {"user_id": "1470000000000000001", "auth": "oauth1"}
    assert channel.credentials == oauth_server.x_oauth1
    assert channel.token_expires_at is None
    signed = oauth_server.seen("GET", "/2/users/me")[-1].headers["authorization"]
    assert signed.startswith("OAuth ") and "oauth_signature=" in signed


def test_without_a_developer_app_the_page_says_what_to_do(cast, oauth_server, settings):
    settings.NETWORK_APPS = {"x": {"client_id": "", "client_secret": ""}}
    page = admin_client(cast).get("/settings/accounts/x/")
    assert "needs its own X developer app" in page.content.decode()
    accounts = admin_client(cast).get("/settings/accounts/")
    assert "not set up" in accounts.content.decode()


def test_the_connect_page_lets_its_form_lead_to_the_networks_sign_in_only(cast, oauth_server):
    # Browsers apply the page's form-action to the redirect after the POST.
    policy = admin_client(cast).get("/settings/accounts/x/")["Content-Security-Policy"]
    form_action = next(p for p in policy.split("; ") if p.startswith("form-action"))
    assert form_action == f"form-action 'self' {oauth_server.url}"
    assert "script-src 'self'" in policy
