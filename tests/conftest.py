"""The shared cast: one organisation's admin, comms officer, contributor and viewer, and a
member of another organisation. Every test that needs people uses these. And one rule for the
whole suite: nothing it does connects anywhere but this machine."""

import ipaddress
import socket
import time

import pytest
from aiosmtpd.controller import Controller
from django.contrib.auth import get_user_model
from django.utils import timezone

from sociable.accounts.models import Membership, Organisation, Role, Team
from sociable.channels.models import Channel
from sociable.inbox.models import Contact, Conversation, Direction, Message

CAST_PASSWORD = "a-long-test-password-for-the-cast"

# Real servers on 127.0.0.1 (Bluesky PDS + AppView, mastodon-mock), for any test to use.
pytest_plugins = ["tests.servers.fixtures"]


_real_connect = socket.socket.connect
_left_the_machine: list[str] = []


def _loopback_only_connect(sock, address):
    """Every socket the suite opens connects to 127.0.0.0/8 or ::1 (or a Unix socket)."""
    if sock.family in (socket.AF_INET, socket.AF_INET6):
        host = address[0]
        try:
            loopback = ipaddress.ip_address(host).is_loopback
        except ValueError:  # a name: Python resolves before connecting, so this is rare
            loopback = host == "localhost"
        if not loopback:
            _left_the_machine.append(str(host))
            raise ConnectionRefusedError(f"The test suite may not connect to {host}")
    return _real_connect(sock, address)


socket.socket.connect = _loopback_only_connect


@pytest.fixture(autouse=True)
def _nothing_leaves_this_machine():
    """Fails any test during which something tried to connect off this machine, even where the
    code under test caught the refusal."""
    start = len(_left_the_machine)
    yield
    tried = _left_the_machine[start:]
    assert not tried, f"tried to connect off this machine: {sorted(set(tried))}"


class Mailbox:
    """A real SMTP server on 127.0.0.1 that keeps what it receives."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.messages.append(envelope)
        return "250 OK"

    def wait_for(self, count: int, seconds: float = 5) -> list:
        deadline = time.monotonic() + seconds
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.messages


@pytest.fixture
def smtp_server(settings):
    from tests.support import free_port

    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    yield mailbox
    controller.stop()


@pytest.fixture(autouse=True)
def _plain_static_files(settings):
    # Tests render templates without running collectstatic.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _tasks_in_the_test_thread(settings):
    # An in-process worker runs its tasks one at a time in the test's thread: the in-memory test
    # database is not shared with other threads. (Workers started as processes use threads.)
    settings.WORKER_THREADS = 1


@pytest.fixture(autouse=True)
def _fresh_cache(settings):
    # Each test starts with an empty cache of its own (never a shared Redis that REDIS_URL may
    # name, which clearing would empty).
    from django.core.cache import cache

    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"}
    }
    cache.clear()
    yield
    cache.clear()


def verified(client):
    """Mark a signed-in test client's session as having passed the second factor (admins
    cannot use the desk without it): `verified(client)` after `client.login(...)`."""
    from sociable.security.two_factor import SESSION_KEY

    session = client.session
    session[SESSION_KEY] = str(session["_auth_user_id"])
    session.save()
    return client


def _member(organisation, username, role, teams=()):
    user = get_user_model().objects.create_user(
        username=username,
        password=CAST_PASSWORD,
        email=f"{username}@example.org",
        first_name=username.title(),
    )
    membership = Membership.objects.create(user=user, organisation=organisation, role=role)
    membership.teams.add(*teams)
    return user


class Cast:
    def __init__(self):
        self.organisation = Organisation.objects.create(name="Northshire Hospitals")
        self.comms = Team.objects.create(
            organisation=self.organisation, name="Communications", is_comms=True
        )
        self.maternity = Team.objects.create(organisation=self.organisation, name="Maternity")
        self.admin = _member(self.organisation, "admin", Role.ADMIN, [self.comms])
        self.officer = _member(self.organisation, "officer", Role.OFFICER, [self.comms])
        self.contributor = _member(
            self.organisation, "contributor", Role.CONTRIBUTOR, [self.maternity]
        )
        self.viewer = _member(self.organisation, "viewer", Role.VIEWER)
        self.other_organisation = Organisation.objects.create(name="Southshire Hospice")
        other_team = Team.objects.create(
            organisation=self.other_organisation, name="Communications", is_comms=True
        )
        self.outsider = _member(self.other_organisation, "outsider", Role.ADMIN, [other_team])
        self.channel = Channel.objects.create(
            organisation=self.organisation,
            team=self.comms,
            network="demo",
            handle="@NorthshireNHS",
            options={"stream": "mastodon"},
        )
        self.maternity_channel = Channel.objects.create(
            organisation=self.organisation,
            team=self.maternity,
            network="demo",
            handle="@NorthshireMaternity",
            options={"stream": "maternity"},
        )
        self.other_channel = Channel.objects.create(
            organisation=self.other_organisation,
            team=other_team,
            network="demo",
            handle="@SouthshireHospice",
            options={"stream": "x"},
        )
        self.conversation = conversation_with(self.channel, "Where do I park for outpatients?")
        self.maternity_conversation = conversation_with(
            self.maternity_channel, "Thank you to the midwives on the birth centre"
        )
        self.other_conversation = conversation_with(
            self.other_channel, "Southshire private message about my mum"
        )

        from sociable.publishing.models import Post, PostTarget

        self.post = Post.objects.create(
            organisation=self.organisation,
            author=self.officer,
            text="Flu jabs for staff all week in the atrium",
        )
        PostTarget.objects.create(post=self.post, channel=self.channel)

    @property
    def members(self):
        return {
            "admin": self.admin,
            "officer": self.officer,
            "contributor": self.contributor,
            "viewer": self.viewer,
            "outsider": self.outsider,
        }


def conversation_with(channel, text, route="query"):
    contact = Contact.objects.create(
        organisation=channel.organisation,
        network=channel.network,
        network_user_id=f"user-{channel.pk}-{Contact.objects.count()}",
        handle="@someone",
    )
    conversation = Conversation.objects.create(
        organisation=channel.organisation,
        channel=channel,
        contact=contact,
        thread_key=f"thread-{contact.pk}",
        route=route,
    )
    Message.objects.create(
        conversation=conversation,
        channel=channel,
        direction=Direction.INBOUND,
        network_id=f"msg-{contact.pk}",
        text=text,
        sent_at=timezone.now(),
        route=route,
    )
    return conversation


@pytest.fixture
def cast(db):
    return Cast()


@pytest.fixture
def oauth_server(settings, monkeypatch):
    """A local authorisation server playing Mastodon, X, Facebook and LinkedIn
    (tests/oauth_server.py), with the desk's endpoints and developer apps pointed at it. The
    server checks redirect URIs against SITE_URL: set `oauth_server.site_url` if a test serves
    the desk elsewhere."""
    from tests.oauth_server import OAuthServer

    server = OAuthServer(site_url=settings.SITE_URL).start()
    monkeypatch.setenv("SOCIABLE_ALLOW_PRIVATE_HOSTS", "127.0.0.1")
    settings.OAUTH_ENDPOINTS = server.endpoints()
    settings.NETWORK_APPS = server.network_apps()
    yield server
    server.stop()
