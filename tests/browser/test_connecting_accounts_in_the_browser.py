"""In Chromium, an admin connects a Mastodon account and a Facebook Page through the local
authorisation server (its sign-in pages clicked like a person would), disconnects one and
reconnects it; the pages have no WCAG 2.2 AA violations (axe-core)."""

import pytest

from sociable.channels.models import Channel, ChannelStatus
from tests.browser.conftest import choose, seen
from tests.browser.test_api_pages_accessibility import signed_in
from tests.browser.test_crisis_journey import axe_violations

pytestmark = pytest.mark.browser


def _allow(page):
    """On the network's own page: allow Sociable."""
    seen(page.get_by_role("link", name="Allow")).click()


def test_an_admin_connects_mastodon_and_a_facebook_page_then_reconnects_one(
    live_server, transactional_db, cast, page, oauth_server, settings
):
    settings.SITE_URL = live_server.url
    oauth_server.site_url = live_server.url
    oauth_server.consent_page = True
    signed_in(page, live_server, cast.admin)
    page.goto(f"{live_server.url}/settings/")
    seen(page.get_by_role("link", name="Accounts", exact=True)).click()
    assert axe_violations(page) == []

    seen(page.get_by_role("link", name="Connect Mastodon")).click()
    page.get_by_label("Your Mastodon server").fill(oauth_server.url)
    seen(page.get_by_role("button", name="Continue to Mastodon")).click()
    _allow(page)
    page.wait_for_url(f"{live_server.url}/settings/accounts/")
    assert "Connected: Northshire Hospitals (mastodon)" in page.content()

    seen(page.get_by_role("link", name="Connect Facebook Pages")).click()
    seen(page.get_by_role("button", name="Continue to Facebook Pages")).click()
    _allow(page)
    page.wait_for_url("**/settings/accounts/facebook/pages/")
    assert axe_violations(page) == []
    choose(page, "Northshire Maternity")
    seen(page.get_by_role("button", name="Connect")).click()
    assert "Connected: Northshire Maternity (facebook)" in page.content()
    assert Channel.objects.get(network="facebook").options["page_id"] == "2020202"
    assert axe_violations(page) == []

    mastodon = Channel.objects.get(network="mastodon")
    row = page.get_by_test_id(f"account-{mastodon.pk}")
    seen(row.get_by_role("link", name="Disconnect")).click()
    seen(page.get_by_role("button", name="Disconnect")).click()
    assert Channel.objects.get(pk=mastodon.pk).status == ChannelStatus.DISABLED
    row = page.get_by_test_id(f"account-{mastodon.pk}")
    seen(row.get_by_role("link", name="Reconnect")).click()
    seen(page.get_by_role("button", name="Continue to Mastodon")).click()
    _allow(page)
    page.wait_for_url(f"{live_server.url}/settings/accounts/")
    assert Channel.objects.get(pk=mastodon.pk).status == ChannelStatus.CONNECTED
    assert axe_violations(page) == []
