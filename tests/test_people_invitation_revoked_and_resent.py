"""An admin withdraws an invitation (its link stops working) or re-sends it (a new link by
e-mail; the old one stops working)."""

from django.contrib.auth import get_user_model
from django.test import Client

from sociable.accounts.models import Invitation
from tests.people_support import accept, invited_link, link_in, signed_in


def test_a_withdrawn_invitation_link_says_so_and_nobody_can_join(cast, smtp_server):
    admin = signed_in(cast.admin)
    link = invited_link(admin, smtp_server, "gone@northshire.example")
    invitation = Invitation.objects.get()
    answer = admin.post(f"/settings/colleagues/invitations/{invitation.pk}/revoke/", follow=True)
    assert "withdrawn" in answer.content.decode()
    page = Client().get(link).content.decode()
    assert "The invitation was withdrawn" in page and "Ask your Sociable admin" in page
    _, joined = accept(link)
    assert joined.status_code == 200
    assert not get_user_model().objects.filter(email="gone@northshire.example").exists()
    assert "gone@northshire.example" not in admin.get("/settings/colleagues/").content.decode()


def test_re_sending_mails_a_new_link_and_the_old_one_stops_working(cast, smtp_server):
    admin = signed_in(cast.admin)
    old = invited_link(admin, smtp_server, "again@northshire.example")
    invitation = Invitation.objects.get()
    answer = admin.post(f"/settings/colleagues/invitations/{invitation.pk}/resend/")
    assert answer.status_code == 302
    new = link_in(smtp_server.wait_for(2)[1])
    assert new != old
    assert smtp_server.messages[1].rcpt_tos == ["again@northshire.example"]
    assert "no longer works" in Client().get(old).content.decode()
    _, joined = accept(new)
    assert joined.status_code == 302


def test_a_withdrawn_invitation_cannot_be_re_sent(cast, smtp_server):
    admin = signed_in(cast.admin)
    invited_link(admin, smtp_server, "gone@northshire.example")
    invitation = Invitation.objects.get()
    admin.post(f"/settings/colleagues/invitations/{invitation.pk}/revoke/")
    answer = admin.post(f"/settings/colleagues/invitations/{invitation.pk}/resend/", follow=True)
    assert "invite them again" in answer.content.decode()
    assert len(smtp_server.wait_for(2, seconds=0.5)) == 1


def test_the_same_address_cannot_have_two_open_invitations(cast, smtp_server):
    admin = signed_in(cast.admin)
    invited_link(admin, smtp_server, "twice@northshire.example")
    answer = admin.post(
        "/settings/colleagues/invite/", {"email": "TWICE@northshire.example", "role": "viewer"}
    )
    assert answer.status_code == 200
    assert "has already been invited" in answer.content.decode()
    assert Invitation.objects.count() == 1
