"""In Chromium, on a desktop (1366 px) and a phone (390 px): an admin opens Settings → People,
invites a colleague, and the colleague opens the link from the e-mail, chooses their name and
password and lands in the inbox. Every page passes axe-core (WCAG 2.2 AA), every control is
used only once a person can see it (`seen`: size, display, visibility and opacity up the tree),
and the browser reports no Content-Security-Policy violation."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from sociable.accounts.models import Membership, Role
from tests.browser.conftest import screenshot, seen
from tests.browser.test_crisis_journey import axe_violations
from tests.conftest import CAST_PASSWORD, verified
from tests.people_support import NEW_PASSWORD

pytestmark = pytest.mark.browser


def click(locator):
    seen(locator).click()


def fill(locator, text):
    seen(locator).fill(text)


def signed_in_as(context, live_server, user):
    """A session made by Django's test client (the second step passed), given to the browser."""
    client = Client()
    assert client.login(username=user.username, password=CAST_PASSWORD)
    verified(client)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


@pytest.mark.parametrize("width", [1366, 390])
def test_an_admin_invites_a_colleague_who_accepts_from_the_email(
    live_server, transactional_db, cast, browser, settings, smtp_server, width
):
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False
    refused = []
    contexts = []

    def new_page():
        context = browser.new_context(viewport={"width": width, "height": 900}, locale="en-GB")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.on(
            "console",
            lambda message: (
                refused.append(message.text) if "Content Security Policy" in message.text else None
            ),
        )
        return page

    try:
        admin = new_page()
        signed_in_as(admin.context, live_server, cast.admin)
        admin.goto(f"{live_server.url}/settings/")
        click(admin.get_by_role("link", name=re.compile("Invite people")))
        admin.wait_for_url("**/settings/colleagues/")
        assert axe_violations(admin) == []

        click(admin.get_by_test_id("invite-colleague"))
        click(admin.get_by_test_id("send-invitation"))  # nothing filled in: the errors
        assert "There is a problem" in admin.content()
        assert axe_violations(admin) == []
        fill(admin.get_by_label("E-mail address"), "priya.shah@northshire.example")
        # The NHS.UK radios and checkboxes draw their own box: the label is what people click.
        click(admin.locator("label.nhsuk-radios__label", has_text="Comms officer"))
        click(admin.locator("label.nhsuk-checkboxes__label", has_text="Maternity"))
        assert admin.get_by_label("Comms officer").is_checked()
        assert admin.get_by_label("Maternity").is_checked()
        click(admin.get_by_test_id("send-invitation"))
        admin.wait_for_url("**/settings/colleagues/")
        assert "Invitation sent to priya.shah@northshire.example" in admin.content()
        assert "priya.shah@northshire.example" in admin.get_by_test_id("invitations").inner_text()
        assert axe_violations(admin) == []
        screenshot(admin, f"people-{width}")

        body = smtp_server.wait_for(1)[0].content.decode()
        link = re.search(r"http://\S+/join/\S+/", body).group(0)
        colleague = new_page()
        colleague.goto(link)
        assert axe_violations(colleague) == []
        click(colleague.get_by_test_id("accept-invitation"))  # empty: the errors
        assert "There is a problem" in colleague.content()
        assert axe_violations(colleague) == []
        screenshot(colleague, f"join-{width}")
        fill(colleague.get_by_label("First name"), "Priya")
        fill(colleague.get_by_label("Last name"), "Shah")
        fill(colleague.get_by_label("Password", exact=True), NEW_PASSWORD)
        fill(colleague.get_by_label("Password again"), NEW_PASSWORD)
        click(colleague.get_by_test_id("accept-invitation"))
        colleague.wait_for_url("**/inbox/")
        assert "Priya Shah (Comms officer)" in colleague.locator("header").inner_text()
        assert "Welcome to Sociable for Northshire Hospitals" in colleague.content()

        colleague.goto(link)  # used: it says so
        assert "This invitation link no longer works" in colleague.content()
        assert axe_violations(colleague) == []

        user = get_user_model().objects.get(email="priya.shah@northshire.example")
        membership = Membership.objects.get(user=user)
        assert membership.role == Role.OFFICER
        assert list(membership.teams.all()) == [cast.maternity]

        admin.reload()
        assert "Priya Shah" in admin.get_by_test_id("members").inner_text()
        click(admin.get_by_role("link", name="Priya Shah"))
        assert axe_violations(admin) == []
        assert refused == []
    finally:
        for context in contexts:
            context.close()
