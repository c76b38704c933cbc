"""An admin connects Google Business Profile locations with the organisation's Google client:
the locations of every profile the person manages are listed (with their address) and the
chosen ones each become an account whose reviews come into the inbox."""

from sociable.channels.adapters import adapter_of
from sociable.channels.models import Channel
from tests.connect_support import admin_client, at_network, back_to_desk, query_of


def _signed_in(cast, client):
    started = client.post("/settings/accounts/google_business/", {"team": cast.comms.pk})
    return started, client.get(back_to_desk(at_network(started)))


def test_an_admin_chooses_the_locations_to_connect(cast, oauth_server):
    client = admin_client(cast)
    started, back = _signed_in(cast, client)
    asked = query_of(started["Location"])
    assert asked["client_id"] == oauth_server.clients["youtube"][0]  # the Google client
    assert asked["scope"] == "https://www.googleapis.com/auth/business.manage"
    assert asked["redirect_uri"] == (
        "http://127.0.0.1:8000/settings/accounts/google_business/callback/"
    )
    assert back["Location"] == "/settings/accounts/google_business/pages/"
    page = client.get("/settings/accounts/google_business/pages/").content.decode()
    assert "Locations to connect" in page
    assert "Northshire General Hospital (Hospital Road, Northshire)" in page
    assert "Northshire Birth Centre" in page
    client.post(
        "/settings/accounts/google_business/pages/",
        {"accounts": ["accounts/1098765432/locations/4321987650"]},
    )
    channel = Channel.objects.get(network="google_business")
    assert channel.options["account"] == "accounts/1098765432"
    assert channel.options["location"] == "locations/4321987650"
    assert channel.handle == "Northshire General Hospital"
    assert channel.credentials["refresh_token"] in oauth_server.valid_tokens("youtube", "refresh")
    assert adapter_of(channel).metrics("accounts/1098765432/locations/4321987650") == {
        "average_rating_x100": 430,
        "reviews": 87,
    }


def test_someone_who_manages_no_location_is_told_so(cast, oauth_server):
    oauth_server.business_accounts = {}
    client = admin_client(cast)
    started = client.post("/settings/accounts/google_business/", {"team": cast.comms.pk})
    page = client.get(back_to_desk(at_network(started)), follow=True).content.decode()
    assert "manages no Business Profile location" in page
    assert not Channel.objects.filter(network="google_business").exists()
