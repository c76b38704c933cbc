"""The API token and webhook pages, in Chromium, have no WCAG 2.2 AA violations (axe-core),
including the moment a new token or secret is shown."""

import pytest
from django.test import Client

from tests.browser.test_crisis_journey import axe_violations
from tests.conftest import CAST_PASSWORD, verified

pytestmark = pytest.mark.browser


def signed_in(page, live_server, user):
    """Sign in through a session made by Django's test client (second factor passed)."""
    client = Client()
    assert client.login(username=user.username, password=CAST_PASSWORD)
    verified(client)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def test_the_token_page_has_no_wcag_22_aa_violations(live_server, transactional_db, cast, page):
    signed_in(page, live_server, cast.officer)
    page.goto(f"{live_server.url}/api/manage/tokens/")
    page.get_by_role("button", name="Create token").click()  # nothing chosen: the errors
    assert "There is a problem" in page.content()
    assert axe_violations(page) == []
    page.fill("#id_name", "Dashboard")
    page.get_by_label("Read conversations and their messages").check()
    page.get_by_role("button", name="Create token").click()
    assert page.get_by_test_id("new-token").is_visible()
    assert axe_violations(page) == []


def test_the_webhooks_page_has_no_wcag_22_aa_violations(live_server, transactional_db, cast, page):
    signed_in(page, live_server, cast.admin)
    page.goto(f"{live_server.url}/api/manage/webhooks/")
    page.fill("#id_url", "https://hooks.northshire.example/in")
    page.get_by_label("A crisis or safeguarding alert is raised").check()
    page.get_by_role("button", name="Add address").click()
    assert page.get_by_test_id("new-secret").is_visible()
    assert axe_violations(page) == []
