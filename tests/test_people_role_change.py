"""An admin changes a member's role; the new role decides what they may do at once."""

from sociable.accounts.models import Role
from tests.people_support import membership_of, signed_in


def _set(client, membership, role, teams=None):
    teams = [t.pk for t in membership.teams.all()] if teams is None else teams
    return client.post(f"/settings/colleagues/{membership.pk}/", {"role": role, "teams": teams})


def test_an_admin_makes_a_viewer_a_comms_officer_and_the_inbox_opens_to_them(cast):
    viewer = signed_in(cast.viewer)
    assert viewer.get("/inbox/").status_code == 403
    answer = _set(signed_in(cast.admin), membership_of(cast.viewer), "officer")
    assert answer.status_code == 302
    assert membership_of(cast.viewer).role == Role.OFFICER
    assert viewer.get("/inbox/").status_code == 200


def test_an_admin_demotes_an_officer_and_their_settings_access_ends_at_once(cast):
    officer = signed_in(cast.officer)
    assert officer.get("/settings/").status_code == 200
    _set(signed_in(cast.admin), membership_of(cast.officer), "viewer")
    assert officer.get("/settings/").status_code == 403


def test_an_unknown_role_is_refused(cast):
    answer = _set(signed_in(cast.admin), membership_of(cast.viewer), "superuser")
    assert answer.status_code == 200
    assert "Select a valid choice" in answer.content.decode()
    assert membership_of(cast.viewer).role == Role.VIEWER


def test_a_comms_officer_cannot_change_anyones_role(cast):
    answer = _set(signed_in(cast.officer), membership_of(cast.officer), "admin")
    assert answer.status_code == 403
    assert membership_of(cast.officer).role == Role.OFFICER


def test_an_admin_may_hand_over_when_another_admin_remains(cast):
    officer = membership_of(cast.officer)
    admin = signed_in(cast.admin)
    _set(admin, officer, "admin")
    answer = _set(admin, membership_of(cast.admin), "officer")
    assert answer.status_code == 302
    assert membership_of(cast.admin).role == Role.OFFICER
