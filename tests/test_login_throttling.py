"""Repeated failed logins are refused with 429 and a clear message: five for one username, or
twenty from one address, within fifteen minutes."""

import pytest
from django.test import Client
from django.utils import timezone

from tests.conftest import CAST_PASSWORD

WRONG = "wrong-password"


def attempt(username, password=WRONG, address="192.0.2.10"):
    return Client(REMOTE_ADDR=address).post("/login/", {"username": username, "password": password})


def test_five_failures_for_a_username_refuse_even_the_right_password(cast):
    for _ in range(5):
        assert attempt("officer").status_code == 200
    refused = attempt("officer", CAST_PASSWORD)
    assert refused.status_code == 429
    assert "Too many failed attempts" in refused.content.decode()
    assert int(refused["Retry-After"]) > 0


def test_the_refusal_holds_from_another_address(cast):
    for _ in range(5):
        attempt("officer")
    assert attempt("officer", CAST_PASSWORD, address="198.51.100.7").status_code == 429


def test_other_people_can_still_log_in_while_one_username_is_refused(cast):
    for _ in range(5):
        attempt("officer")
    assert attempt("viewer", CAST_PASSWORD).status_code == 302


def test_twenty_failures_from_one_address_refuse_every_username(cast):
    for n in range(20):
        attempt(f"guess-{n}")
    assert attempt("viewer", CAST_PASSWORD).status_code == 429
    assert attempt("viewer", CAST_PASSWORD, address="198.51.100.7").status_code == 302


def test_a_successful_login_clears_the_usernames_failures(cast):
    for _ in range(4):
        attempt("officer")
    assert attempt("officer", CAST_PASSWORD).status_code == 302
    for _ in range(4):
        attempt("officer")
    assert attempt("officer", CAST_PASSWORD).status_code == 302


def test_attempts_are_allowed_again_once_the_window_has_passed(cast, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    for _ in range(5):
        attempt("officer")
    time_machine.shift(15 * 60 - 1)
    refused = attempt("officer", CAST_PASSWORD)
    assert refused.status_code == 429 and refused["Retry-After"] == "2"
    time_machine.shift(2)
    assert attempt("officer", CAST_PASSWORD).status_code == 302


@pytest.mark.parametrize("username", ["Officer", " officer"])
def test_the_username_count_ignores_case_and_spaces(cast, username):
    for _ in range(5):
        attempt(username)
    assert attempt("officer", CAST_PASSWORD).status_code == 429


def test_a_look_alike_username_in_full_width_letters_counts_against_the_same_person(cast):
    for _ in range(5):
        assert attempt("ｏｆｆｉｃｅｒ").status_code == 200  # NFKC makes it "officer"
    assert attempt("officer", CAST_PASSWORD).status_code == 429
    assert attempt("OFFİCER".replace("İ", "I"), CAST_PASSWORD).status_code == 429


def test_the_admin_login_page_counts_into_the_same_throttle(cast):
    for _ in range(3):
        attempt("officer")
    client = Client(REMOTE_ADDR="192.0.2.10")
    for _ in range(2):
        assert (
            client.post("/admin/login/", {"username": "officer", "password": WRONG}).status_code
            == 200
        )
    refused = client.post("/admin/login/", {"username": "officer", "password": CAST_PASSWORD})
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert attempt("officer", CAST_PASSWORD).status_code == 429


def test_counts_live_in_the_database_not_in_one_process(cast):
    from django.core.cache import caches

    from sociable.security.models import Attempt

    for _ in range(5):
        attempt("officer")
    for cache in caches.all():
        cache.clear()  # whatever a process keeps for itself is gone, as after a restart
    assert Attempt.objects.filter(scope="username").count() == 5
    assert "officer" not in "".join(Attempt.objects.values_list("key", flat=True))
    assert attempt("officer", CAST_PASSWORD).status_code == 429
