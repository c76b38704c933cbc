"""The scheduler refreshes tokens before they expire (each claimed by one worker), marks an
account needs-reconnecting when the network refuses and e-mails the admins once, and reminds
them once, seven days ahead, when a connection cannot be renewed by itself."""

from datetime import timedelta

from django.utils import timezone

from sociable.channels import tokens
from sociable.channels.models import Channel, ChannelStatus
from tests.connect_support import admin_client, at_network, back_to_desk


def _x_channel(cast, server):
    client = admin_client(cast)
    started = client.post("/settings/accounts/x/", {"team": cast.comms.pk})
    client.get(back_to_desk(at_network(started)))
    return Channel.objects.get(network="x")


def _linkedin_channel(cast, server):
    client = admin_client(cast)
    started = client.post("/settings/accounts/linkedin/", {"team": cast.comms.pk})
    client.get(back_to_desk(at_network(started)))
    client.post("/settings/accounts/linkedin/pages/", {"accounts": ["urn:li:organization:2414183"]})
    return Channel.objects.get(network="linkedin")


def test_a_due_refresh_is_claimed_by_one_worker_only(cast, oauth_server):
    channel = _x_channel(cast, oauth_server)
    assert tokens.claim_due_refreshes(now=channel.refresh_due_at - timedelta(seconds=1)) == []
    when = channel.refresh_due_at + timedelta(seconds=1)
    assert tokens.claim_due_refreshes(now=when) == [channel.pk]
    assert tokens.claim_due_refreshes(now=when) == []  # a second worker finds nothing
    # A claim that was never finished is tried again later.
    assert tokens.claim_due_refreshes(now=when + tokens.RETRY_AFTER) == [channel.pk]


def test_an_x_token_is_refreshed_and_the_rotated_refresh_token_kept(cast, oauth_server):
    channel = _x_channel(cast, oauth_server)
    old = channel.credentials
    tokens.claim_due_refreshes(now=channel.refresh_due_at)
    assert tokens.refresh(channel.pk) == "refreshed"
    channel.refresh_from_db()
    new = channel.credentials
    assert new["bearer_token"] != old["bearer_token"]
    assert new["refresh_token"] != old["refresh_token"]
    assert new["refresh_token"] in oauth_server.valid_tokens("x", "refresh")
    assert old["refresh_token"] not in oauth_server.valid_tokens("x", "refresh")  # rotated
    assert channel.token_expires_at > timezone.now() + timedelta(hours=1, minutes=55)
    assert channel.last_success_at is not None
    assert channel.status == ChannelStatus.CONNECTED


def test_a_linkedin_refresh_keeps_its_refresh_token_and_first_expiry(cast, oauth_server):
    channel = _linkedin_channel(cast, oauth_server)
    refresh_token = channel.credentials["refresh_token"]
    assert tokens.refresh(channel.pk) == "refreshed"
    channel.refresh_from_db()
    assert channel.credentials["refresh_token"] == refresh_token
    assert channel.refresh_expires_at < timezone.now() + timedelta(days=365)


def test_a_refused_refresh_asks_for_a_reconnect_and_emails_the_admins_once(
    cast, oauth_server, smtp_server
):
    channel = _x_channel(cast, oauth_server)
    oauth_server.refuse_refresh = True
    assert tokens.refresh(channel.pk) == "refused"
    channel.refresh_from_db()
    assert channel.status == ChannelStatus.NEEDS_RECONNECT
    assert "refused to renew" in channel.status_detail
    assert channel.credentials["refresh_token"]  # kept: never replaced by nothing
    assert tokens.notify_needs_reconnect() == 1
    assert tokens.notify_needs_reconnect() == 0
    mail = smtp_server.wait_for(1)
    assert len(mail) == 1
    assert mail[0].rcpt_tos == ["admin@example.org"]
    body = mail[0].content.decode()
    assert "needs reconnecting" in body and "/settings/accounts/" in body
    page = admin_client(cast).get("/settings/accounts/").content.decode()
    assert "Needs reconnecting" in page


def test_a_transient_failure_is_tried_again_later(cast, oauth_server):
    channel = _x_channel(cast, oauth_server)
    oauth_server.stop()  # the network cannot be reached
    assert tokens.refresh(channel.pk) == "later"
    channel.refresh_from_db()
    assert channel.status == ChannelStatus.CONNECTED


def test_admins_are_reminded_once_seven_days_before_a_token_that_cannot_be_refreshed_expires(
    cast, oauth_server, smtp_server
):
    oauth_server.linkedin_refresh = False
    channel = _linkedin_channel(cast, oauth_server)
    assert channel.refresh_due_at is None and channel.hard_expiry == channel.token_expires_at
    expires = channel.token_expires_at
    assert tokens.remind_expiring(now=expires - timedelta(days=8)) == 0
    assert tokens.remind_expiring(now=expires - timedelta(days=6, hours=23)) == 1
    assert tokens.remind_expiring(now=expires - timedelta(days=6)) == 0
    mail = smtp_server.wait_for(1)
    assert len(mail) == 1 and "does not let Sociable renew it" in mail[0].content.decode()
    # When it lapses, the account needs reconnecting (and the admins are told).
    assert tokens.expire_unrefreshable(now=expires + timedelta(minutes=1)) == 1
    assert Channel.objects.get(pk=channel.pk).status == ChannelStatus.NEEDS_RECONNECT


def test_the_scheduler_tick_enqueues_due_refreshes(cast, oauth_server, settings):
    from sociable.core import scheduler

    channel = _x_channel(cast, oauth_server)
    Channel.objects.filter(pk=channel.pk).update(refresh_due_at=timezone.now())
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    old = channel.credentials["bearer_token"]
    scheduler.tick()
    channel.refresh_from_db()
    assert channel.credentials["bearer_token"] != old
    assert channel.refresh_due_at > timezone.now() + timedelta(hours=1)
