"""Sessions end after a spell of inactivity (renewed by each request), and in any case a fixed
time after logging in."""

from datetime import timedelta

from django.test import Client
from django.utils import timezone

from tests.conftest import CAST_PASSWORD


def signed_in():
    client = Client()
    assert (
        client.post("/login/", {"username": "officer", "password": CAST_PASSWORD}).status_code
        == 302
    )
    return client


def test_an_idle_session_ends(cast, settings, time_machine):
    settings.SESSION_COOKIE_AGE = 60
    time_machine.move_to(timezone.now(), tick=False)
    client = signed_in()
    time_machine.shift(59)
    assert client.get("/inbox/").status_code == 200
    time_machine.shift(61)
    answer = client.get("/inbox/")
    assert answer.status_code == 302 and answer["Location"].startswith("/login/")


def test_each_request_restarts_the_idle_clock(cast, settings, time_machine):
    settings.SESSION_COOKIE_AGE = 60
    time_machine.move_to(timezone.now(), tick=False)
    client = signed_in()
    for _ in range(3):
        time_machine.shift(50)  # 150 s in all, never 60 s idle
        assert client.get("/inbox/").status_code == 200


def test_a_busy_session_still_ends_at_its_maximum_age(cast, settings, time_machine):
    settings.SESSION_ABSOLUTE_AGE = 12 * 60 * 60
    time_machine.move_to(timezone.now(), tick=False)
    client = signed_in()
    for _ in range(11):
        time_machine.shift(timedelta(hours=1))  # a request an hour: never idle for long
        assert client.get("/inbox/").status_code == 200
    time_machine.shift(timedelta(hours=1, seconds=5))
    answer = client.get("/inbox/")
    assert answer.status_code == 302 and answer["Location"] == "/login/?next=/inbox/"
    login_page = client.get(answer["Location"])
    assert "maximum length" in login_page.content.decode()
    assert client.get("/inbox/").status_code == 302  # logged out, not just redirected once


def test_the_default_limits_are_eight_hours_idle_and_twelve_in_all():
    from django.conf import settings as live

    assert live.SESSION_COOKIE_AGE == 8 * 60 * 60
    assert live.SESSION_SAVE_EVERY_REQUEST
    assert live.SESSION_ABSOLUTE_AGE == 12 * 60 * 60
