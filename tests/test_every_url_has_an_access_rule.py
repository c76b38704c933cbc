"""Walk every URL with every member of the cast and assert who is allowed and who is denied.

A new URL fails this test until its view carries an access rule (accounts/access.py) and the
table below says what each member of the cast should get."""

import importlib
import pkgutil
import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from sociable.accounts.access import access_rule_of
from tests.access_rules import ALL_MEMBERS, DESK_ROLES, WHO, desk, everyone
from tests.conftest import CAST_PASSWORD, verified

EXPECTED = {
    "home": everyone(302),
    "health": everyone(200),
    "ready": everyone(503),  # public; not ready here, as no worker has run the scheduler
    "metrics": everyone(403),  # off until METRICS_TOKEN is set
    "login": {**everyone(302), "anonymous": 200},
    "logout": everyone(405),  # GET is refused: logging out is a POST with a CSRF token
    "password_reset": everyone(200),
    "password_reset_done": everyone(200),
    "password_reset_confirm": everyone(200),  # an invalid link explains itself
    "password_reset_complete": everyone(200),
    "inbox": desk(DESK_ROLES),
    # Another organisation's conversation, or one on a team's account the contributor is not
    # in, does not exist for them (404), so its existence leaks nothing.
    "conversation": desk({"admin", "officer"}, contributor=404, outsider=404),
    "publish": desk(DESK_ROLES),
    "calendar": desk(DESK_ROLES),
    "settings": desk({"admin", "officer", "outsider"}),
    "organisation_settings": desk({"admin", "outsider"}),
    # A contributor sees only the people who wrote to their teams' accounts.
    "contact": desk({"admin", "officer"}, contributor=404, outsider=404),
    "kudos": desk(ALL_MEMBERS),
    "kudos_csv": desk(ALL_MEMBERS),
    "route_corrections_csv": desk({"admin", "officer", "outsider"}),
    "compose": desk(DESK_ROLES),
    # A signed media link: the walk's token is not a valid signature, so no one gets a file.
    "public_media": everyone(404),
    # A contributor sees their own posts and the approved posts on their teams' accounts (this
    # one is the officer's draft on the comms account): to them it does not exist.
    "post_detail": desk({"admin", "officer"}, contributor=404, outsider=404),
    "compose_edit": desk({"admin", "officer"}, contributor=404, outsider=404),
    "post_action": desk(set(), denied=405, viewer=403),
    "target_action": desk(set(), denied=405, viewer=403, contributor=403),
    "calendar_move": desk(set(), denied=405, viewer=403),
    "awareness_days": desk(DESK_ROLES),
    "awareness_day_new": desk(set(), denied=405, viewer=403, contributor=403, officer=403),
    "awareness_day_action": desk(set(), denied=405, viewer=403, contributor=403, officer=403),
    "content_sources": desk({"admin", "officer", "outsider"}),
    # Actions are POSTs: a GET by someone allowed is refused with 405, by others with 403.
    **{
        name: desk(set(), denied=405, viewer=403)
        for name in ("conversation_reply", "conversation_status", "conversation_note")
    },
    **{
        name: desk(set(), denied=405, viewer=403, contributor=403)
        for name in (
            "inbox_bulk",
            "conversation_assign",
            "message_route",
            "message_moderate",
            "reply_approve",
            "reply_reject",
            "reply_retry",
            "alert_acknowledge",
        )
    },
}
# The object a URL's <pk> names, when it is not the cast's conversation.
FILLS = {
    "contact": lambda cast: cast.conversation.contact.pk,
    "post_detail": lambda cast: cast.post.pk,
    "compose_edit": lambda cast: cast.post.pk,
}

# Each app may keep its URLs' expectations in tests/access_rules/<app>.py: EXPECTED, and FILLS
# for the objects its URLs name.
for _module in pkgutil.iter_modules([str(Path(__file__).parent / "access_rules")]):
    _rules = importlib.import_module(f"tests.access_rules.{_module.name}")
    EXPECTED.update(_rules.EXPECTED)
    FILLS.update(getattr(_rules, "FILLS", {}))

# The Django admin is for the server's operators (staff), not for organisation members.
ADMIN_EXPECTED = {"admin:login": everyone(200)}
# Every other admin URL (including the task queue dashboard's, which answers 401 or redirects)
# turns every member of the cast away: none of them is the server's operator.
ADMIN_DENIED = {302, 401, 403}


def walk(patterns=None, prefix="", namespace=""):
    """Yield (route, name, view) for every URL pattern, however deeply included."""
    patterns = get_resolver().url_patterns if patterns is None else patterns
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), f"{namespace}{entry.name}", entry.callback


def unruled(patterns=None):
    """Desk URLs whose view carries no access rule."""
    return [
        name
        for route, name, view in walk(patterns)
        if not name.startswith("admin:") and access_rule_of(view) is None
    ]


def concrete(route, cast, name=""):
    """A real path for a route, filling its parameters with the cast's objects."""
    pk = FILLS[name](cast) if name in FILLS else cast.conversation.pk
    fills = {
        "pk": str(pk),
        "uidb64": "MQ",
        "token": "set-password",
        "app_label": "accounts",
        "url": "missing",
        "message_id": str(cast.conversation.messages.first().pk),
        "org_slug": cast.organisation.slug,
        "table": "amec",
    }

    def fill(match):
        return fills.get(match.group("name"), "1")

    path = re.sub(r"\(\?P<(?P<name>\w+)>[^)]*\)\??", fill, route)  # regex groups first
    path = re.sub(r"<(?:\w+:)?(?P<name>\w+)>", fill, path)
    return "/" + path.replace("^", "").replace("$", "").replace("?", "")


def test_every_desk_view_declares_an_access_rule():
    assert unruled() == []


def test_a_view_without_a_rule_is_caught():
    from django.http import HttpResponse
    from django.urls import path

    def forgotten(request):
        return HttpResponse("hello")

    assert unruled([path("forgotten/", forgotten, name="forgotten")]) == ["forgotten"]


def test_every_url_is_in_the_expected_table():
    names = {name for _, name, _ in walk() if not name.startswith("admin:")}
    assert names == set(EXPECTED), "add the new URL to EXPECTED with each member's outcome"


@pytest.mark.django_db
def test_every_url_allows_and_denies_each_cast_member_as_expected(cast):
    failures = []
    clients = {"anonymous": Client()}
    for who, user in cast.members.items():
        client = Client()
        assert client.login(username=user.username, password=CAST_PASSWORD)
        clients[who] = verified(client)
    walked = 0
    for route, name, _view in walk():
        expected = EXPECTED.get(name) or ADMIN_EXPECTED.get(name)
        path = concrete(route, cast, name)
        for who in WHO:
            status = clients[who].get(path).status_code
            if expected is None and status not in ADMIN_DENIED:
                failures.append(f"{name} {path} as {who}: got {status}, expected a refusal")
            elif expected is not None and status != expected[who]:
                failures.append(f"{name} {path} as {who}: got {status}, expected {expected[who]}")
        walked += 1
    assert walked > len(EXPECTED)
    assert failures == [], "\n".join(failures)
