import re

from django.contrib.auth import get_user_model
from django.test import Client

from tests.conftest import CAST_PASSWORD


def test_passwords_are_hashed_with_argon2(db, settings):
    from sociable import settings as product_settings

    settings.PASSWORD_HASHERS = product_settings.PASSWORD_HASHERS
    user = get_user_model().objects.create_user("hashme", password=CAST_PASSWORD)
    assert user.password.startswith("argon2")


def test_a_member_logs_in_and_lands_in_the_inbox(cast):
    client = Client()
    page = client.get("/login/")
    assert b"Log in to Sociable" in page.content
    answer = client.post("/login/", {"username": "officer", "password": CAST_PASSWORD})
    assert answer.status_code == 302 and answer.url == "/"
    assert client.get("/").url == "/inbox/"  # where an officer works
    inbox = client.get("/inbox/")
    assert b"Northshire Hospitals" in inbox.content


def test_a_wrong_password_is_explained_and_the_form_keeps_the_username(cast):
    answer = Client().post("/login/", {"username": "officer", "password": "wrong"})
    assert answer.status_code == 200
    assert b"There is a problem" in answer.content
    assert b'value="officer"' in answer.content


def test_logging_in_without_a_csrf_token_is_refused(cast):
    client = Client(enforce_csrf_checks=True)
    answer = client.post("/login/", {"username": "officer", "password": CAST_PASSWORD})
    assert answer.status_code == 403


def test_session_cookies_are_hardened(cast, settings):
    client = Client()
    client.post("/login/", {"username": "officer", "password": CAST_PASSWORD})
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert cookie["secure"]  # production default; DEBUG=1 (local) relaxes it for plain http


def test_logging_out_is_a_post(cast):
    client = Client()
    client.login(username="officer", password=CAST_PASSWORD)
    assert client.get("/logout/").status_code == 405
    assert client.post("/logout/").status_code == 302
    assert client.get("/inbox/").status_code == 302


def test_password_reset_is_sent_by_email_through_smtp_and_works_once(cast, smtp_server):
    client = Client()
    answer = client.post("/password-reset/", {"email": "officer@example.org"})
    assert answer.status_code == 302
    assert len(smtp_server.wait_for(1)) == 1
    envelope = smtp_server.messages[0]
    assert envelope.rcpt_tos == ["officer@example.org"]
    body = envelope.content.decode()
    link = re.search(r"http://[^/\s]+(/password-reset/[^\s]+/)", body).group(1)
    form = client.get(link, follow=True)
    assert b"Choose a new password" in form.content
    new_password = "a-brand-new-long-password-2026"
    done = client.post(
        form.redirect_chain[-1][0],
        {
            "new_password1": new_password,
            "new_password2": new_password,
        },
    )
    assert done.status_code == 302
    assert Client().login(username="officer", password=new_password)
    assert b"This link has expired" in client.get(link, follow=True).content


def test_password_reset_for_an_unknown_address_reveals_nothing(cast, smtp_server):
    answer = Client().post("/password-reset/", {"email": "nobody@example.org"}, follow=True)
    assert b"Check your e-mail" in answer.content
    assert smtp_server.messages == []
