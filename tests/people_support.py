"""Helpers for the People tests: an admin's client, an invitation sent through the real SMTP
server, and the link read back from the e-mail."""

import re

from django.test import Client

from sociable.accounts.models import Membership
from tests.conftest import CAST_PASSWORD, verified

NEW_PASSWORD = "Kettle-on-ward-7-at-dawn"


def signed_in(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=CAST_PASSWORD)
    return verified(client)


def membership_of(user, organisation=None) -> Membership:
    memberships = Membership.objects.filter(user=user)
    if organisation is not None:
        memberships = memberships.filter(organisation=organisation)
    return memberships.get()


def invite(client, email, role="officer", teams=()):
    return client.post(
        "/settings/colleagues/invite/",
        {"email": email, "role": role, "teams": [team.pk for team in teams]},
    )


def link_in(envelope) -> str:
    """The path of the invitation link in an e-mail the SMTP server received."""
    body = envelope.content.decode()
    return re.search(r"http://testserver(/join/[^\s/]+/)", body).group(1)


def invited_link(client, mailbox, email, role="officer", teams=()) -> str:
    before = len(mailbox.messages)
    answer = invite(client, email, role, teams)
    assert answer.status_code == 302, answer.content.decode()[:2000]
    return link_in(mailbox.wait_for(before + 1)[before])


def accept(link, first="Priya", last="Shah", password=NEW_PASSWORD, client=None):
    client = client or Client()
    answer = client.post(
        link, {"first_name": first, "last_name": last, "password1": password, "password2": password}
    )
    return client, answer
