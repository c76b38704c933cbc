"""Password-reset e-mails are limited per e-mail address and per client address: a stranger
cannot fill a member's mailbox, nor send unlimited mail from the server."""

from django.core import mail
from django.test import Client


def ask(email, address="192.0.2.20"):
    return Client(REMOTE_ADDR=address).post("/password-reset/", {"email": email})


def test_three_requests_for_one_address_then_429_with_a_plain_message(cast):
    for _ in range(3):
        assert ask("officer@example.org").status_code == 302
    refused = ask("OFFICER@example.org ", address="198.51.100.9")
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert "Several reset links have been asked for already" in refused.content.decode()
    assert len(mail.outbox) == 3


def test_one_client_cannot_ask_for_more_than_ten_whatever_the_addresses(cast):
    for n in range(10):
        assert ask(f"someone-{n}@example.org").status_code == 302
    assert ask("viewer@example.org").status_code == 429
    assert ask("viewer@example.org", address="198.51.100.9").status_code == 302


def test_an_unknown_address_is_counted_like_a_known_one(cast):
    for _ in range(3):
        ask("nobody@example.org")
    assert ask("nobody@example.org").status_code == 429
    assert mail.outbox == []
