"""An admin connects a LinkedIn organisation page: three-legged OAuth, the pages they
administer (organizationAcls with role ADMINISTRATOR) to pick from, the expiry shown, and a
reconnect that brings no refresh token keeps the one the desk holds."""

from datetime import timedelta

from django.utils import timezone

from sociable.channels.models import Channel
from tests.connect_support import admin_client, at_network, back_to_desk, query_of


def _connect(client, cast, server, path="/settings/accounts/linkedin/"):
    started = client.post(path, {"team": cast.comms.pk})
    back = client.get(back_to_desk(at_network(started)))
    return started, back


def test_an_admin_picks_a_page_they_administer_and_sees_when_it_expires(cast, oauth_server):
    client = admin_client(cast)
    started, back = _connect(client, cast, oauth_server)
    authorize = query_of(started["Location"])
    assert started["Location"].startswith(f"{oauth_server.url}/oauth/v2/authorization?")
    assert set(authorize["scope"].split()) == {
        "r_organization_social",
        "w_organization_social",
        "rw_organization_admin",
    }
    assert back["Location"] == "/settings/accounts/linkedin/pages/"
    acl = oauth_server.seen("GET", "/rest/organizationAcls")[0]
    assert acl.query["role"] == "ADMINISTRATOR" and acl.query["q"] == "roleAssignee"
    assert acl.headers["linkedin-version"]
    choices = client.get("/settings/accounts/linkedin/pages/").content.decode()
    assert "Northshire Hospitals NHS Trust" in choices
    assert "Northshire Charity" not in choices  # an analyst there, not an administrator
    client.post("/settings/accounts/linkedin/pages/", {"accounts": ["urn:li:organization:2414183"]})
    channel = Channel.objects.get(network="linkedin")
    assert channel.options["organization"] == "urn:li:organization:2414183"
    assert channel.handle == "northshire-hospitals"
    now = timezone.now()
    assert timedelta(days=59) < channel.token_expires_at - now <= timedelta(days=60)
    assert timedelta(days=364) < channel.refresh_expires_at - now <= timedelta(days=365)
    assert channel.token_expires_at - channel.refresh_due_at == timedelta(days=1)
    page = client.get("/settings/accounts/").content.decode()
    assert "Renewed automatically" in page
    assert (
        channel.token_expires_at.astimezone(timezone.get_current_timezone()).strftime("%-d %b %Y")
        in page
    )


def test_a_reconnect_without_a_refresh_token_keeps_the_stored_one(cast, oauth_server):
    client = admin_client(cast)
    _connect(client, cast, oauth_server)
    client.post("/settings/accounts/linkedin/pages/", {"accounts": ["urn:li:organization:2414183"]})
    channel = Channel.objects.get(network="linkedin")
    refresh_token = channel.credentials["refresh_token"]
    oauth_server.linkedin_refresh = False  # this time LinkedIn sends no refresh token
    _connect(client, cast, oauth_server, f"/settings/accounts/{channel.pk}/reconnect/")
    client.post("/settings/accounts/linkedin/pages/", {"accounts": ["urn:li:organization:2414183"]})
    channel.refresh_from_db()
    assert channel.credentials["refresh_token"] == refresh_token
    assert channel.refresh_due_at is not None  # still renewed automatically
    assert Channel.objects.filter(network="linkedin").count() == 1


def test_cancelling_on_linkedin_is_explained(cast, oauth_server):
    oauth_server.decision = "deny"
    client = admin_client(cast)
    started = client.post("/settings/accounts/linkedin/", {"team": cast.comms.pk})
    page = client.get(back_to_desk(at_network(started)), follow=True)
    assert "You cancelled connecting to LinkedIn, so nothing was changed." in (
        page.content.decode()
    )


def test_someone_who_administers_no_page_is_told_so(cast, oauth_server):
    oauth_server.organisations = [
        o for o in oauth_server.organisations if o["role"] != "ADMINISTRATOR"
    ]
    client = admin_client(cast)
    started = client.post("/settings/accounts/linkedin/", {"team": cast.comms.pk})
    page = client.get(back_to_desk(at_network(started)), follow=True)
    assert "You are not an administrator of any LinkedIn page" in page.content.decode()
