"""An admin of one organisation never sees or touches another organisation's people or
invitations: they do not exist for them (404)."""

from sociable.accounts.models import Invitation, Role
from tests.people_support import invited_link, membership_of, signed_in


def test_another_organisations_people_are_not_listed(cast):
    page = signed_in(cast.admin).get("/settings/colleagues/").content.decode()
    assert "Officer" in page and "Outsider" not in page and "outsider@example.org" not in page
    other = signed_in(cast.outsider).get("/settings/colleagues/").content.decode()
    assert "Outsider" in other and "Officer" not in other


def test_another_organisations_member_cannot_be_changed_or_deactivated(cast):
    outsider = membership_of(cast.outsider)
    admin = signed_in(cast.admin)
    assert admin.get(f"/settings/colleagues/{outsider.pk}/").status_code == 404
    assert admin.post(f"/settings/colleagues/{outsider.pk}/", {"role": "viewer"}).status_code == 404
    for action in ("deactivate", "reactivate"):
        assert admin.post(f"/settings/colleagues/{outsider.pk}/{action}/").status_code == 404
    outsider.refresh_from_db()
    assert outsider.role == Role.ADMIN and outsider.deactivated_at is None


def test_another_organisations_invitation_cannot_be_re_sent_or_withdrawn(cast, smtp_server):
    invited_link(signed_in(cast.outsider), smtp_server, "hospice@southshire.example")
    invitation = Invitation.objects.get()
    admin = signed_in(cast.admin)
    for action in ("resend", "revoke"):
        answer = admin.post(f"/settings/colleagues/invitations/{invitation.pk}/{action}/")
        assert answer.status_code == 404
    invitation.refresh_from_db()
    assert invitation.is_open
    assert len(smtp_server.wait_for(2, seconds=0.5)) == 1
    assert "hospice@southshire.example" not in admin.get("/settings/colleagues/").content.decode()


def test_inviting_another_organisations_member_reveals_nothing_about_them(cast, smtp_server):
    answer = signed_in(cast.admin).post(
        "/settings/colleagues/invite/", {"email": "outsider@example.org", "role": "viewer"}
    )
    assert answer.status_code == 302  # invited like anyone else: their account is not shown
    assert Invitation.objects.get().organisation == cast.organisation


def test_only_admins_reach_the_people_pages(cast):
    for user in (cast.officer, cast.contributor, cast.viewer):
        client = signed_in(user)
        assert client.get("/settings/colleagues/").status_code == 403
        assert (
            client.post(
                "/settings/colleagues/invite/", {"email": "x@northshire.example", "role": "admin"}
            ).status_code
            == 403
        )
    assert Invitation.objects.count() == 0
