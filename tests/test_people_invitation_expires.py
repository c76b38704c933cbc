"""An invitation link works for 7 days; after that it says it has expired and to ask the
admin, and nobody can join with it."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from sociable.accounts.models import Invitation
from tests.people_support import accept, invited_link, signed_in


def _later(time_machine, delta):
    time_machine.move_to(timezone.now() + delta, tick=False)


def test_the_link_still_works_just_before_seven_days(cast, smtp_server, time_machine):
    link = invited_link(signed_in(cast.admin), smtp_server, "late@northshire.example")
    invitation = Invitation.objects.get()
    assert invitation.expires_at - invitation.sent_at == timedelta(days=7)
    _later(time_machine, timedelta(days=6, hours=23))
    assert "Create my account" in Client().get(link).content.decode()
    _, answer = accept(link)
    assert answer.status_code == 302


def test_an_expired_link_says_so_and_to_ask_the_admin(cast, smtp_server, time_machine):
    link = invited_link(signed_in(cast.admin), smtp_server, "late@northshire.example")
    _later(time_machine, timedelta(days=7, minutes=1))
    page = Client().get(link).content.decode()
    assert "The link has expired" in page and "Ask your Sociable admin" in page
    _, answer = accept(link)
    assert answer.status_code == 200
    assert not get_user_model().objects.filter(email="late@northshire.example").exists()


def test_the_people_page_shows_an_expired_invitation_as_expired(cast, smtp_server, time_machine):
    invited_link(signed_in(cast.admin), smtp_server, "late@northshire.example")
    _later(time_machine, timedelta(days=8))
    page = signed_in(cast.admin).get("/settings/colleagues/").content.decode()
    assert "Invitation expired" in page
