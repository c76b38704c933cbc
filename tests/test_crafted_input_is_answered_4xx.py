"""Every crafted request that once made the desk answer 500 is answered 4xx: dates at year 1 or
9999 in query strings and forms, ids beyond 64 bits, negative or not numbers, a calendar move
naming no real post, JSON nested 100,000 deep; and the composer refuses a time in year 9999.
Then every page is probed with hostile values in every query parameter the desk reads."""

import json

import pytest
from django.test import Client

from sociable.publishing.models import Post
from tests.conftest import CAST_PASSWORD, verified
from tests.test_api_support import token_for
from tests.test_every_url_has_an_access_rule import concrete, walk

HUGE = "99999999999999999999"  # above 2**63

CRAFTED_GETS = [
    "/calendar/?date=0001-01",
    "/calendar/?date=9999-12",
    "/calendar/?date=1999-12",
    "/calendar/?view=week&date=0001-01-01",
    "/calendar/?view=week&date=9999-12-31",
    f"/calendar/?account={HUGE}",
    "/calendar/?team=-1",
    "/calendar/?date=not-a-month",
    "/inbox/?since=0001-01-01",
    "/inbox/?until=9999-12-31",
    "/inbox/list/?since=0001-01-01",
    f"/inbox/{HUGE}/live/",
    "/settings/audit/?since=0001-01-01",
    "/settings/audit/?until=9999-12-31",
    "/settings/audit/export.csv?since=0001-01-01",
    "/reports/?period=custom&start=0001-01-01&end=9999-12-31",
    "/reports/?period=custom&start=2026-01-01&end=9999-12-31",
    "/reports/tables/amec.csv?period=custom&start=0001-01-01&end=2026-01-01",
    "/reports/report.pdf?period=custom&start=2026-01-01&end=9999-12-31",
    f"/inbox/{HUGE}/",
    "/inbox/-1/",
    "/inbox/abc/",
    f"/publish/{HUGE}/",
    f"/publish/{HUGE}/edit/",
    f"/contacts/{HUGE}/",
    f"/listening/{HUGE}/",
    f"/settings/people/{HUGE}/",
    f"/settings/saved-replies/{HUGE}/",
    f"/calendar/awareness-days/{HUGE}/",
    f"/reports/monthly/{HUGE}/",
]
CRAFTED_POSTS = [
    ("/calendar/move/", {"post": "abc", "date": "2030-01-01"}),
    ("/calendar/move/", {"post": HUGE, "date": "2030-01-01"}),
    ("/calendar/move/", {"post": "-1", "date": "2030-01-01"}),
    ("/calendar/move/", {"post": "", "date": "2030-01-01"}),
    ("/calendar/move/", {"post": "{post}", "date": "9999-12-31"}),
    ("/calendar/move/", {"post": "{post}", "date": "0001-01-01"}),
    (f"/inbox/{HUGE}/note/", {"text": "x"}),
    (f"/inbox/messages/{HUGE}/route/", {"route": "query"}),
]
# Forms that name objects by id: a crafted id is refused or ignored, never a 500.
CRAFTED_FORMS = [
    ("/inbox/bulk/", {"ids": [HUGE, "-1", "abc"], "action": "close"}),
    ("/inbox/{conversation}/assign/", {"assignee": HUGE}),
    ("/inbox/{conversation}/assign/", {"assignee": f"team:{HUGE}"}),
    ("/inbox/bulk/", {"ids": ["{conversation}"], "action": f"person:{HUGE}"}),
    ("/inbox/bulk/", {"ids": ["{conversation}"], "action": "team:-1"}),
    ("/inbox/{conversation}/tags/", {"remove": HUGE}),
    ("/inbox/{conversation}/tags/", {"name": "\x00" * 60}),
    ("/inbox/?page=" + HUGE + "&tag=%00&assignee=" + HUGE, None),
    ("/calendar/feeds/", {"remove": HUGE}),
    ("/kudos/?team=" + HUGE, None),
]
API_CRAFTED = [
    ("get", f"/api/conversations/{HUGE}", None),
    ("get", f"/api/conversations?channel={HUGE}", None),
    ("get", "/api/conversations?assignee=-1", None),
    ("get", "/api/reports/summary?since=0001-01-01", None),
    ("get", "/api/reports/summary?until=9999-12-31", None),
    ("post", "/api/posts", "[" * 100_000 + "]" * 100_000),
    ("post", "/api/posts", '{"a":' * 100_000 + "1" + "}" * 100_000),
    ("post", "/api/posts", json.dumps({"text": "x", "scheduled_at": "9999-12-31T23:59:59"})),
]


@pytest.fixture
def admin(cast):
    client = Client(raise_request_exception=False)
    client.login(username="admin", password=CAST_PASSWORD)
    return verified(client)


@pytest.mark.parametrize("path", CRAFTED_GETS)
def test_a_crafted_page_request_is_a_4xx(admin, path):
    assert 400 <= admin.get(path).status_code < 500


@pytest.mark.parametrize(("path", "data"), CRAFTED_POSTS)
def test_a_crafted_form_post_is_a_4xx(admin, cast, path, data):
    data = {k: v.replace("{post}", str(cast.post.pk)) for k, v in data.items()}
    assert 400 <= admin.post(path, data).status_code < 500


@pytest.mark.parametrize(("path", "data"), CRAFTED_FORMS)
def test_a_crafted_id_in_a_form_is_never_a_500(admin, cast, path, data):
    def fill(value):
        return value.replace("{conversation}", str(cast.conversation.pk))

    path = fill(path)
    if data is not None:
        data = {k: fill(v) if isinstance(v, str) else [fill(x) for x in v] for k, v in data.items()}
    answer = admin.get(path) if data is None else admin.post(path, data)
    assert answer.status_code < 500


@pytest.mark.parametrize(("method", "path", "body"), API_CRAFTED)
def test_a_crafted_api_request_is_a_4xx(cast, method, path, body):
    client = Client(
        raise_request_exception=False, HTTP_AUTHORIZATION=f"Bearer {token_for(cast.admin)}"
    )
    if method == "get":
        answer = client.get(path)
    else:
        answer = client.post(path, body, content_type="application/json")
    assert 400 <= answer.status_code < 500, answer.content[:300]


@pytest.mark.parametrize("when", ["9999-12-31T09:00", "0001-01-01T09:00", "2101-01-01T09:00"])
def test_the_composer_refuses_a_time_outside_2000_to_2100(admin, cast, when):
    before = Post.objects.count()
    page = admin.post(
        "/publish/new/",
        {"text": "Flu jabs", "channels": [cast.channel.pk], "language": "en", "when": when},
    )
    assert page.status_code == 200
    assert "Choose a time between 2000 and 2100" in page.content.decode()
    assert Post.objects.count() == before


# Every query parameter any page reads, and values that have broken parsers before.
PARAMETERS = [
    "date",
    "view",
    "account",
    "team",
    "page",
    "since",
    "until",
    "start",
    "end",
    "period",
    "channel",
    "objective",
    "status",
    "assignee",
    "sla",
    "q",
    "use",
    "print",
    "days",
    "actor",
    "verb",
    "object",
    "route",
    "network",
    "sentiment",
    "campaign",
    "next",
    "link",
    "format",
    "tag",
    "seen",
    "m",
    "s",
    "p",
]
HOSTILE = [
    "0001-01-01",
    "9999-12-31",
    "0001-01",
    "9999-12",
    HUGE,
    "-1",
    "abc",
    "1e400",
    "\x00",
    "%ff",
    "9" * 5000,
    "2026-02-30",
    "custom",
]


def test_no_page_answers_500_whatever_its_query_parameters_hold(admin, cast, settings):
    settings.READY_TICK_SECONDS = 0  # /readyz answers 503 when no worker ticks: not this test's
    failures = []
    for route, name, _view in walk():
        if name.startswith("admin:") or name == "logout":
            continue
        path = concrete(route, cast, name)
        for value in HOSTILE:
            for extra in ({}, {"period": "custom", "view": "week"}):
                answer = admin.get(path, {**{key: value for key in PARAMETERS}, **extra})
                if answer.status_code >= 500:
                    failures.append(f"{path} {extra} with every parameter = {value[:20]!r}")
    assert failures == [], "\n".join(failures)


def test_every_id_in_a_url_is_read_by_the_bounded_converter():
    """Django's <int:…> accepts ids past 2^63, which the database cannot compare: a 500. (The
    operators' Django admin and its add-ons, under admin/, are not the desk's pages.)"""
    from django.urls import URLPattern, URLResolver, get_resolver
    from django.urls.converters import IntConverter

    def unbounded(patterns, prefix=""):
        for entry in patterns:
            route = prefix + str(entry.pattern)
            converters = getattr(entry.pattern, "converters", {})
            if route.startswith("admin/"):
                continue
            if any(type(c) is IntConverter for c in converters.values()):
                yield route
            if isinstance(entry, URLResolver):
                yield from unbounded(entry.url_patterns, route)
            assert isinstance(entry, URLPattern | URLResolver)

    assert list(unbounded(get_resolver().url_patterns)) == []
