"""The whole life of real accounts, in Chromium, clicking only what a person can see: an admin
connects a Mastodon account (OAuth against the local authorisation server), a Bluesky account
(against the reference PDS and AppView) and a Facebook Page; sees them in the composer; publishes
to all three; watches a LinkedIn token near its expiry and be refreshed; disconnects the Bluesky
account, whose post is then held, and reconnects it, which releases the post. Nothing leaves
127.0.0.1."""

from datetime import timedelta

import pytest
from atproto import Client
from django.utils import timezone

from sociable.channels.models import Channel, ChannelStatus
from sociable.core import scheduler
from sociable.publishing.models import Post, PostTarget, TargetStatus
from sociable.publishing.publisher import publish_target
from tests.browser.conftest import choose, screenshot, seen
from tests.browser.test_api_pages_accessibility import signed_in
from tests.browser.test_crisis_journey import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.realserver]


def _allow(page):
    """On the network's own sign-in page: allow Sociable."""
    seen(page.get_by_role("link", name="Allow")).click()


def _connect_mastodon(page, live_server, oauth_server):
    seen(page.get_by_role("link", name="Connect Mastodon")).click()
    seen(page.get_by_label("Your Mastodon server")).fill(oauth_server.url)
    seen(page.get_by_role("button", name="Continue to Mastodon")).click()
    _allow(page)
    page.wait_for_url(f"{live_server.url}/settings/accounts/")
    return Channel.objects.get(network="mastodon")


def _connect_bluesky(page, bluesky_account, *, reconnect=False):
    if not reconnect:
        seen(page.get_by_role("link", name="Connect Bluesky")).click()
        seen(page.get_by_label("Handle")).fill(bluesky_account["identifier"])
        seen(page.get_by_label("Your own server (PDS), if you host one")).fill(
            bluesky_account["service"]
        )
    seen(page.get_by_label("App password")).fill(bluesky_account["app_password"])
    seen(page.get_by_role("button", name="Check and connect")).click()
    page.wait_for_url("**/settings/accounts/")
    return Channel.objects.get(network="bluesky")


def _connect_page(page, network_label, page_name):
    seen(page.get_by_role("link", name=f"Connect {network_label}")).click()
    seen(page.get_by_role("button", name=f"Continue to {network_label}")).click()
    _allow(page)
    choose(page, page_name)
    seen(page.get_by_role("button", name="Connect")).click()
    page.wait_for_url("**/settings/accounts/")


def _schedule(page, live_server, text, accounts, when):
    page.goto(f"{live_server.url}/publish/new/")
    seen(page.get_by_role("group", name="Accounts"))
    for account in accounts:
        choose(page, account.handle)  # the picker shows each account by name and handle
    seen(page.get_by_label("Post", exact=True)).fill(text)
    seen(page.get_by_label("When (UK time)")).fill(
        timezone.localtime(when).strftime("%Y-%m-%dT%H:%M")
    )
    screenshot(page, "composer-real-accounts")
    seen(page.get_by_role("button", name="Schedule")).click()
    seen(page.get_by_text("Scheduled."))
    return Post.objects.get(text=text)


def _publish_when_due(post) -> dict[str, str]:
    """What the worker does once the post is due: each target's task, at its time."""
    results = {}
    for target in PostTarget.objects.filter(post=post, status=TargetStatus.SCHEDULED):
        results[target.channel.network] = publish_target(target.pk, now=target.next_attempt_at)
    return results


def _bluesky_texts(bluesky_account) -> list[str]:
    client = Client(base_url=bluesky_account["service"])
    client.login(bluesky_account["identifier"], bluesky_account["app_password"])
    feed = client.app.bsky.feed.get_author_feed({"actor": client.me.did})
    return [item.post.record.text for item in feed.feed]


def test_an_admin_connects_real_accounts_publishes_keeps_them_alive_and_reconnects_one(
    live_server,
    transactional_db,
    cast,
    page,
    oauth_server,
    bluesky_network,
    bluesky_account,
    settings,
):
    settings.SITE_URL = oauth_server.site_url = live_server.url
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    oauth_server.consent_page = True
    signed_in(page, live_server, cast.admin)
    page.goto(f"{live_server.url}/settings/")
    seen(page.get_by_role("link", name="Accounts", exact=True)).click()

    mastodon = _connect_mastodon(page, live_server, oauth_server)
    bluesky = _connect_bluesky(page, bluesky_account)
    _connect_page(page, "Facebook Pages", "Northshire Maternity")
    facebook = Channel.objects.get(network="facebook")
    _connect_page(page, "LinkedIn pages", "Northshire Hospitals")
    linkedin = Channel.objects.get(network="linkedin")
    for account in (mastodon, bluesky, facebook, linkedin):
        assert seen(page.get_by_test_id(f"account-{account.pk}")).is_visible()
        assert account.status == ChannelStatus.CONNECTED
    assert axe_violations(page) == []
    screenshot(page, "accounts-connected")

    # Publish to the three: the worker's publish task runs when the post is due.
    when = timezone.now() + timedelta(minutes=5)
    text = "Flu jabs for staff all week in the atrium, 8am to 6pm"
    post = _schedule(page, live_server, text, [mastodon, bluesky, facebook], when)
    assert _publish_when_due(post) == {
        "mastodon": "published",
        "bluesky": "published",
        "facebook": "published",
    }
    assert [s.form.get("status") for s in oauth_server.seen("POST", "/api/v1/statuses")] == [text]
    assert [s.form.get("message") for s in oauth_server.seen("POST", "/feed")] == [text]
    bluesky_network.process_all()
    assert text in _bluesky_texts(bluesky_account)
    page.goto(f"{live_server.url}/publish/{post.pk}/")
    assert seen(page.get_by_text("Published", exact=True).first).is_visible()

    # Time passes: LinkedIn's access token comes close to its expiry and is refreshed.
    first_expiry = Channel.objects.get(pk=linkedin.pk).token_expires_at
    old_token = linkedin.credentials["access_token"]
    Channel.objects.filter(pk=linkedin.pk).update(
        token_expires_at=timezone.now() + timedelta(minutes=10),
        refresh_due_at=timezone.now() - timedelta(seconds=1),
    )
    oauth_server.expire(old_token)
    scheduler.tick()
    refreshed = Channel.objects.get(pk=linkedin.pk)
    assert refreshed.status == ChannelStatus.CONNECTED
    assert refreshed.credentials["access_token"] != old_token
    assert refreshed.token_expires_at >= first_expiry - timedelta(minutes=5)
    page.goto(f"{live_server.url}/settings/accounts/")
    row = seen(page.get_by_test_id(f"account-{linkedin.pk}")).inner_text()
    assert f"current access until {timezone.localtime(refreshed.token_expires_at):%-d %b %Y}" in row

    # A post is scheduled to Bluesky, then the account is disconnected before it falls due: the
    # post is held, not lost, and reconnecting releases it.
    held_text = "Blood donation session on Friday in the main hall"
    second = _schedule(page, live_server, held_text, [bluesky], when)
    page.goto(f"{live_server.url}/settings/accounts/")
    row = page.get_by_test_id(f"account-{bluesky.pk}")
    seen(row.get_by_role("link", name="Disconnect")).click()
    seen(page.get_by_role("button", name="Disconnect")).click()
    assert Channel.objects.get(pk=bluesky.pk).status == ChannelStatus.DISABLED
    assert _publish_when_due(second) == {"bluesky": "held"}
    page.goto(f"{live_server.url}/settings/accounts/")
    row = page.get_by_test_id(f"account-{bluesky.pk}")
    seen(row.get_by_role("link", name="Reconnect")).click()
    _connect_bluesky(page, bluesky_account, reconnect=True)
    assert Channel.objects.get(pk=bluesky.pk).status == ChannelStatus.CONNECTED
    target = PostTarget.objects.get(post=second)
    assert target.status == TargetStatus.SCHEDULED
    assert publish_target(target.pk) == TargetStatus.PUBLISHED
    bluesky_network.process_all()
    assert held_text in _bluesky_texts(bluesky_account)
    assert axe_violations(page) == []
