"""Settings → People lists the organisation's members with role, teams, status and last
sign-in, and the invitations still waiting; Settings links to it for admins only."""

import re

from tests.people_support import invited_link, membership_of, signed_in


def _row(page: str, text: str) -> str:
    return next(
        row
        for row in re.findall(r"<tr class=\"nhsuk-table__row\">(.*?)</tr>", page, re.S)
        if text in row
    )


def test_members_are_listed_with_role_teams_status_and_last_sign_in(cast, smtp_server):
    admin = signed_in(cast.admin)
    signed_in(cast.contributor)  # signs in: last sign-in is recorded
    admin.post(f"/settings/colleagues/{membership_of(cast.viewer).pk}/deactivate/")
    invited_link(
        admin, smtp_server, "new@northshire.example", role="contributor", teams=[cast.maternity]
    )
    page = admin.get("/settings/colleagues/").content.decode()

    contributor = _row(page, "contributor@example.org")
    assert "Contributor" in contributor and "Maternity" in contributor
    assert "Active" in contributor and "Never" not in contributor
    viewer = _row(page, "viewer@example.org")
    assert "Deactivated" in viewer and "Never" in viewer
    invited = _row(page, "new@northshire.example")
    assert "Invited" in invited and "Maternity" in invited and "Re-send" in invited


def test_settings_links_admins_to_people_and_not_officers(cast):
    assert "/settings/colleagues/" in signed_in(cast.admin).get("/settings/").content.decode()
    assert "/settings/colleagues/" not in signed_in(cast.officer).get("/settings/").content.decode()


def test_a_name_with_markup_is_shown_as_text(cast):
    cast.viewer.first_name = "<img src=x onerror=alert(1)>"
    cast.viewer.save()
    page = signed_in(cast.admin).get("/settings/colleagues/").content.decode()
    assert "<img src=x" not in page and "&lt;img src=x" in page
