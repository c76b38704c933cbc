"""Settings → Accounts shows each account's status, expiry, last successful call and what the
network says admins should know; the developer apps page says plainly which apps are set up
and keeps their secrets encrypted."""

import html
from datetime import date, timedelta

from django.utils import timezone

from sociable.channels.models import Channel, ChannelStatus, DeveloperApp
from sociable.networks.base import Network
from tests.connect_support import admin_client


def test_each_account_shows_its_status_expiry_and_last_success(cast):
    now = timezone.now()
    Channel.objects.filter(pk=cast.channel.pk).update(last_success_at=now - timedelta(hours=3))
    Channel.objects.filter(pk=cast.maternity_channel.pk).update(
        status=ChannelStatus.NEEDS_RECONNECT,
        status_detail="The network refused the token.",
        token_expires_at=now + timedelta(days=3),
    )
    page = admin_client(cast).get("/settings/accounts/").content.decode()
    assert "@NorthshireNHS" in page and "@NorthshireMaternity" in page
    assert "@SouthshireHospice" not in page  # another organisation's
    assert "Needs reconnecting" in page and "The network refused the token." in page
    assert f"/settings/accounts/{cast.maternity_channel.pk}/reconnect/" in page
    assert f"/settings/accounts/{cast.channel.pk}/reconnect/" not in page  # nothing to fix
    assert "Does not expire" in page
    assert "Last worked: not yet" in page
    local = timezone.localtime(now - timedelta(hours=3))
    assert f"Last worked: {local:%-d %b %Y %H:%M}" in page


def test_the_networks_notices_are_shown(cast, monkeypatch):
    def notices(cls, options, today):
        assert isinstance(today, date)
        return [f"The API version {options.get('stream')} ends soon."]

    from sociable.networks.demo import DemoNetwork

    monkeypatch.setattr(DemoNetwork, "notices", classmethod(notices))
    page = admin_client(cast).get("/settings/accounts/").content.decode()
    assert "The API version mastodon ends soon." in page
    assert Network.notices({}, date.today()) == []


def test_polling_and_publishing_record_the_last_success(cast):
    from sociable.channels.polling import poll
    from sociable.publishing import publisher
    from tests.publishing_support import approved_post

    poll(cast.channel)
    assert Channel.objects.get(pk=cast.channel.pk).last_success_at is not None
    Channel.objects.filter(pk=cast.channel.pk).update(last_success_at=None)
    _, target = approved_post(cast)
    assert publisher.publish_target(target.pk) == "published"
    assert Channel.objects.get(pk=cast.channel.pk).last_success_at is not None


def test_developer_apps_say_which_are_set_up_and_keep_secrets_encrypted(cast, settings):
    settings.NETWORK_APPS = {
        "x": {"client_id": "operator-x", "client_secret": "s"},
        "facebook": {"client_id": "", "client_secret": ""},
        "linkedin": {"client_id": "", "client_secret": ""},
    }
    client = admin_client(cast)
    page = client.get("/settings/accounts/apps/").content.decode()
    assert "by your server&#x27;s operator" in page or "by your server's operator" in page
    assert "Not set up" in page
    assert "http://127.0.0.1:8000/settings/accounts/linkedin/callback/" in page
    missing = client.post(
        "/settings/accounts/apps/",
        {"network": "linkedin", "linkedin-network": "linkedin", "linkedin-client_id": "78abc"},
    )
    assert "Enter the secret as well." in missing.content.decode()
    client.post(
        "/settings/accounts/apps/",
        {
            "network": "linkedin",
            "linkedin-network": "linkedin",
            "linkedin-client_id": "78abc",
            "linkedin-client_secret": "a-very-secret-value",
        },
    )
    app = DeveloperApp.objects.get(organisation=cast.organisation, network="linkedin")
    assert app.client_secret == "a-very-secret-value"
    assert "a-very-secret-value" not in app.secret_encrypted
    page = client.get("/settings/accounts/apps/").content.decode()
    assert "a-very-secret-value" not in page
    assert "Stored. Leave blank to keep it." in page
    # Saving again without the secret keeps it.
    client.post(
        "/settings/accounts/apps/",
        {"network": "linkedin", "linkedin-network": "linkedin", "linkedin-client_id": "78abd"},
    )
    app.refresh_from_db()
    assert (app.client_id, app.client_secret) == ("78abd", "a-very-secret-value")
    accounts = client.get("/settings/accounts/").content.decode()
    assert 'href="/settings/accounts/linkedin/"' in accounts
    assert 'href="/settings/accounts/facebook/"' not in accounts  # not set up yet


def test_officers_cannot_connect_or_see_developer_apps(cast):
    from django.test import Client

    from tests.conftest import CAST_PASSWORD

    client = Client()
    client.login(username="officer", password=CAST_PASSWORD)
    assert client.get("/settings/accounts/apps/").status_code == 403
    assert client.post("/settings/accounts/x/", {}).status_code == 403


def test_the_pages_link_to_the_guide_on_creating_each_app(cast, settings):
    settings.NETWORK_APPS = {
        n: {"client_id": "", "client_secret": ""} for n in ("x", "facebook", "linkedin")
    }
    client = admin_client(cast)
    assert "docs/networks.md" in client.get("/settings/accounts/apps/").content.decode()
    settings.DOCS_URL = "https://docs.example.org/sociable/docs"
    page = client.get("/settings/accounts/apps/").content.decode()
    assert 'href="https://docs.example.org/sociable/docs/networks.md#linkedin-pages"' in page
    accounts = client.get("/settings/accounts/").content.decode()
    assert 'href="https://docs.example.org/sociable/docs/networks.md#facebook-pages"' in accounts


def test_a_linkedin_page_on_a_retired_api_version_says_so(cast):
    from sociable.networks.linkedin import LinkedInNetwork

    options = {"organization": "urn:li:organization:2414183", "api_version": "202510"}
    Channel.objects.create(
        organisation=cast.organisation,
        team=cast.comms,
        network="linkedin",
        handle="northshire-hospitals",
        options=options,
    )
    expected = LinkedInNetwork.notices(options, timezone.localdate())
    assert expected  # 202510 was retired on 15 October 2026
    page = admin_client(cast).get("/settings/accounts/").content.decode()
    assert html.escape(expected[0]) in page
