"""The network's answer is only accepted with the `state` this person's session started, once."""

from sociable.channels.models import Channel
from tests.connect_support import admin_client, at_network, back_to_desk, query_of


def _start(cast, server):
    client = admin_client(cast)
    started = client.post(
        "/settings/accounts/mastodon/", {"instance": server.url, "team": cast.comms.pk}
    )
    return client, back_to_desk(at_network(started))


def test_a_state_that_does_not_match_is_refused_and_no_code_is_exchanged(cast, oauth_server):
    client, back = _start(cast, oauth_server)
    state = query_of(back)["state"]
    forged = back.replace(state, "not-the-state-we-sent")
    page = client.get(forged, follow=True)
    assert "does not match a connection started here" in page.content.decode()
    assert not oauth_server.seen("POST", "/oauth/token")
    assert not Channel.objects.filter(network="mastodon").exists()


def test_the_same_answer_cannot_be_used_twice(cast, oauth_server):
    client, back = _start(cast, oauth_server)
    client.get(back)
    assert Channel.objects.filter(network="mastodon").count() == 1
    again = client.get(back, follow=True)
    assert "does not match a connection started here" in again.content.decode()
    assert len(oauth_server.seen("POST", "/oauth/token")) == 1


def test_another_persons_session_cannot_finish_the_flow(cast, oauth_server):
    _, back = _start(cast, oauth_server)
    from django.contrib.auth import get_user_model

    from sociable.accounts.models import Membership, Role

    other = get_user_model().objects.create_user("second-admin", password="x" * 20)
    Membership.objects.create(user=other, organisation=cast.organisation, role=Role.ADMIN)
    from django.test import Client

    from tests.conftest import verified

    intruder = Client()
    intruder.force_login(other)
    verified(intruder)
    page = intruder.get(back, follow=True)
    assert "does not match a connection started here" in page.content.decode()
    assert not Channel.objects.filter(network="mastodon").exists()


def test_the_network_refusing_the_code_is_explained(cast, oauth_server):
    client, back = _start(cast, oauth_server)
    code = query_of(back)["code"]
    oauth_server.grants[code].used = True  # the network no longer honours it
    page = client.get(back, follow=True)
    assert "Mastodon refused the connection" in page.content.decode()
    assert not Channel.objects.filter(network="mastodon").exists()


def test_a_hostile_answer_from_the_network_is_shown_as_plain_words(cast, oauth_server):
    client, back = _start(cast, oauth_server)
    state = query_of(back)["state"]
    page = client.get(
        "/settings/accounts/mastodon/callback/",
        {
            "state": state,
            "error": "<script>alert(1)</script>",
            "error_description": "<img src=x onerror=alert(1)>",
        },
        follow=True,
    )
    text = page.content.decode()
    assert "Mastodon refused the connection" in text
    assert "<img src=x" not in text and "<script>alert" not in text
    assert not Channel.objects.filter(network="mastodon").exists()
