"""An admin connects a Mastodon account from Settings → Accounts: the desk registers its app on
the instance once, runs OAuth with the `read write` scopes, stores the token and reads the
instance's character limit."""

from sociable.audit.models import AuditEvent
from sociable.channels.models import Channel, ChannelStatus, MastodonApp
from tests.connect_support import admin_client, at_network, back_to_desk, query_of


def _connect(client, server):
    started = client.post(
        "/settings/accounts/mastodon/", {"instance": server.url, "team": client.team_id}
    )
    return started, at_network(started)


def test_an_admin_connects_a_mastodon_account_with_the_instances_own_limit(cast, oauth_server):
    client = admin_client(cast)
    client.team_id = cast.comms.pk
    started, answer = _connect(client, oauth_server)
    authorize = query_of(started["Location"])
    assert authorize["scope"] == "read write"
    assert authorize["redirect_uri"] == "http://127.0.0.1:8000/settings/accounts/mastodon/callback/"
    assert authorize["code_challenge_method"] == "S256"
    done = client.get(back_to_desk(answer), follow=True)
    assert "Connected" in done.content.decode()
    channel = Channel.objects.get(organisation=cast.organisation, network="mastodon")
    assert channel.handle == "@northshire@social.northshire.example"
    assert channel.display_name == "Northshire Hospitals"
    assert channel.status == ChannelStatus.CONNECTED
    assert channel.options == {"instance": oauth_server.url, "max_characters": 1000}
    assert channel.credentials["access_token"] in oauth_server.valid_tokens("mastodon", "access")
    assert channel.token_expires_at is None and channel.refresh_due_at is None
    assert channel.team == cast.comms
    verbs = set(
        AuditEvent.objects.filter(organisation=cast.organisation).values_list("verb", flat=True)
    )
    assert {"account.connect_started", "account.connect_authorised", "account.connected"} <= verbs


def test_the_app_is_registered_once_per_instance(cast, oauth_server):
    client = admin_client(cast)
    client.team_id = cast.comms.pk
    for _ in range(2):
        _, answer = _connect(client, oauth_server)
        client.get(back_to_desk(answer))
    assert len(oauth_server.seen("POST", "/api/v1/apps")) == 1
    registered = oauth_server.seen("POST", "/api/v1/apps")[0].form
    assert registered["scopes"] == "read write"
    assert registered["redirect_uris"].endswith("/settings/accounts/mastodon/callback/")
    app = MastodonApp.objects.get(instance=oauth_server.url)
    assert app.client_secret not in app.secret_encrypted  # encrypted at rest
    # Connecting the same account again updates it rather than adding a second one.
    assert Channel.objects.filter(network="mastodon").count() == 1


def test_an_address_that_is_not_a_server_is_refused_by_the_form(cast, oauth_server):
    client = admin_client(cast)
    page = client.post(
        "/settings/accounts/mastodon/",
        {"instance": "not a server/with path", "team": cast.comms.pk},
    )
    assert page.status_code == 200
    assert "Enter the server" in page.content.decode()
    assert oauth_server.requests == []


def test_the_connected_account_publishes_with_its_new_token(cast, oauth_server):
    from sociable.channels.adapters import adapter_of
    from sociable.networks.base import Draft

    client = admin_client(cast)
    client.team_id = cast.comms.pk
    _, answer = _connect(client, oauth_server)
    client.get(back_to_desk(answer))
    channel = Channel.objects.get(network="mastodon")
    adapter = adapter_of(channel)
    assert adapter.max_length == 1000
    published = adapter.publish(Draft(text="Flu clinics open all week", idempotency_key="k1"))
    assert published.network_id
    assert oauth_server.published[-1]["text"] == "Flu clinics open all week"
