"""Reconnect puts an account back in use and releases its held posts; Disconnect forgets its
credentials (revoked at the network) and keeps its history."""

from sociable.audit.models import AuditEvent
from sociable.channels.models import Channel, ChannelStatus
from sociable.publishing.models import Post, PostStatus, PostTarget, TargetStatus
from tests.connect_support import admin_client, at_network, back_to_desk


def _connected(cast, server, client):
    started = client.post(
        "/settings/accounts/mastodon/", {"instance": server.url, "team": cast.comms.pk}
    )
    client.get(back_to_desk(at_network(started)))
    return Channel.objects.get(network="mastodon")


def _held_post(cast, channel):
    post = Post.objects.create(
        organisation=cast.organisation,
        author=cast.officer,
        text="Visiting times change on Monday",
        status=PostStatus.APPROVED,
    )
    return PostTarget.objects.create(
        post=post,
        channel=channel,
        status=TargetStatus.HELD,
        last_error="The account needs reconnecting: Mastodon no longer accepts this account's "
        "credentials (HTTP 401).",
    )


def test_reconnecting_an_account_that_needs_it_releases_its_held_posts(cast, oauth_server):
    client = admin_client(cast)
    channel = _connected(cast, oauth_server, client)
    old_token = channel.credentials["access_token"]
    oauth_server.expire(old_token)
    Channel.objects.filter(pk=channel.pk).update(
        status=ChannelStatus.NEEDS_RECONNECT, status_detail="HTTP 401"
    )
    target = _held_post(cast, channel)
    page = client.get("/settings/accounts/")
    assert f'href="/settings/accounts/{channel.pk}/reconnect/"' in page.content.decode()
    started = client.post(f"/settings/accounts/{channel.pk}/reconnect/", {})
    client.get(back_to_desk(at_network(started)))
    channel.refresh_from_db()
    target.refresh_from_db()
    assert channel.status == ChannelStatus.CONNECTED and channel.status_detail == ""
    assert channel.credentials["access_token"] != old_token
    assert target.status == TargetStatus.SCHEDULED and target.last_error == ""
    event = AuditEvent.objects.get(verb="account.reconnected")
    assert event.after["held_posts_released"] == 1


def test_reconnecting_as_a_different_account_is_refused(cast, oauth_server):
    client = admin_client(cast)
    channel = _connected(cast, oauth_server, client)
    oauth_server.mastodon_user = {
        **oauth_server.mastodon_user,
        "id": "2",
        "acct": "someoneelse",
        "username": "someoneelse",
    }
    started = client.post(f"/settings/accounts/{channel.pk}/reconnect/", {})
    page = client.get(back_to_desk(at_network(started)), follow=True)
    assert "You signed in as @someoneelse@social.northshire.example" in page.content.decode()
    assert Channel.objects.filter(network="mastodon").count() == 1


def test_disconnecting_revokes_the_token_and_keeps_the_history(cast, oauth_server):
    client = admin_client(cast)
    channel = _connected(cast, oauth_server, client)
    token = channel.credentials["access_token"]
    confirm = client.get(f"/settings/accounts/{channel.pk}/disconnect/")
    assert "Disconnect" in confirm.content.decode()
    client.post(f"/settings/accounts/{channel.pk}/disconnect/")
    channel.refresh_from_db()
    assert channel.status == ChannelStatus.DISABLED
    assert channel.credentials == {}
    assert token not in oauth_server.valid_tokens("mastodon", "access")
    assert AuditEvent.objects.filter(
        verb="account.disconnected", object_id=str(channel.pk)
    ).exists()
    # Posts scheduled meanwhile are held, and reconnecting brings them back.
    target = _held_post(cast, channel)
    PostTarget.objects.filter(pk=target.pk).update(last_error="The account is disconnected.")
    started = client.post(f"/settings/accounts/{channel.pk}/reconnect/", {})
    client.get(back_to_desk(at_network(started)))
    target.refresh_from_db()
    assert target.status == TargetStatus.SCHEDULED
    assert Channel.objects.get(pk=channel.pk).status == ChannelStatus.CONNECTED


def test_a_merge_never_replaces_a_refresh_token_with_an_empty_one():
    from sociable.channels.connect import merge_credentials

    stored = {"access_token": "old", "refresh_token": "keep-me"}
    assert merge_credentials(stored, {"access_token": "new", "refresh_token": ""}) == {
        "access_token": "new",
        "refresh_token": "keep-me",
    }
    assert (
        merge_credentials(stored, {"access_token": "new", "refresh_token": "rotated"})[
            "refresh_token"
        ]
        == "rotated"
    )
