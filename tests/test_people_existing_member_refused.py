"""Inviting an address that already belongs to a member of the organisation is refused with a
message that says what to do instead."""

from sociable.accounts.models import Invitation
from tests.people_support import invite, membership_of, signed_in


def test_inviting_a_current_members_address_is_refused(cast, smtp_server):
    answer = invite(signed_in(cast.admin), "Officer@Example.org", role="admin")
    text = answer.content.decode()
    assert answer.status_code == 200
    assert "already belongs to Officer, a member of Northshire Hospitals" in text
    assert "Change their role or teams instead" in text
    assert Invitation.objects.count() == 0
    assert smtp_server.wait_for(1, seconds=0.5) == []


def test_inviting_a_deactivated_members_address_says_to_reactivate_them(cast, smtp_server):
    admin = signed_in(cast.admin)
    admin.post(f"/settings/colleagues/{membership_of(cast.viewer).pk}/deactivate/")
    answer = invite(admin, "viewer@example.org")
    assert "Reactivate them instead" in answer.content.decode()
    assert Invitation.objects.count() == 0


def test_an_address_that_is_not_an_email_is_refused(cast, smtp_server):
    answer = invite(signed_in(cast.admin), "<script>alert(1)</script>")
    assert answer.status_code == 200
    assert "Enter a valid email address" in answer.content.decode()
    assert "<script>alert(1)" not in answer.content.decode()
    assert Invitation.objects.count() == 0
