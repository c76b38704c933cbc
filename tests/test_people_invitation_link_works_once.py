"""An invitation link works once: used again, it says so plainly and says to ask the admin."""

from django.contrib.auth import get_user_model
from django.test import Client

from tests.people_support import accept, invited_link, signed_in


def test_a_used_invitation_link_says_it_was_used_and_to_ask_the_admin(cast, smtp_server):
    link = invited_link(signed_in(cast.admin), smtp_server, "once@northshire.example")
    _, first = accept(link)
    assert first.status_code == 302

    page = Client().get(link).content.decode()
    assert "This invitation link no longer works" in page
    assert "already been used" in page and "Ask your Sociable admin" in page

    _, again = accept(link, first="Mallory", password="Another-long-pass-2026")
    assert again.status_code == 200 and "already been used" in again.content.decode()
    assert list(
        get_user_model()
        .objects.filter(email="once@northshire.example")
        .values_list("first_name", flat=True)
    ) == ["Priya"]


def test_a_made_up_link_explains_itself(cast):
    page = Client().get("/join/not-a-real-token/")
    assert page.status_code == 200
    assert "Ask your Sociable admin" in page.content.decode()
