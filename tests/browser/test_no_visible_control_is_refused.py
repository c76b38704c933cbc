"""Every page, for every role, in Chromium: no control a person can see there (a link, or a
form's button) is refused for that role (403) or fails (500), and each page passes axe-core
(WCAG 2.2 AA).

The pages are those the every-URL table (tests/access_rules/) opens for the role, and the pages
their links lead to. Collapsed sections are opened first, as a person would. Each link is
followed and each form is submitted as it stands, by a signed-in client of the same role; a
form that changes something is submitted inside a transaction that is rolled back, so the walk
changes nothing."""

import re
from urllib.parse import urlsplit

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone

from sociable.inbox import replies
from sociable.publishing.models import TargetStatus
from tests.browser.conftest import _WHY_UNSEEN
from tests.browser.test_crisis_journey import axe_violations
from tests.browser.test_people_in_the_browser import signed_in_as
from tests.conftest import CAST_PASSWORD, verified
from tests.inbox_support import arrive
from tests.people_support import membership_of
from tests.publishing_support import approved_post
from tests.test_every_url_has_an_access_rule import EXPECTED, concrete, walk

pytestmark = pytest.mark.browser
# (role, whether the organisation lets contributors reply on their teams' accounts)
ROLES = [
    ("admin", False),
    ("officer", False),
    ("contributor", False),
    ("contributor", True),
    ("viewer", False),
]
MORE_PAGES = 40  # pages reached by links, beyond the table's, per role
REFUSED = {403}
# The inbox's own background polls are not controls (tests/browser/test_inbox_desk.py drives
# them); the walk stops them so its rolled-back form submissions never race them for the
# test's shared in-memory database, whose locks do not wait.
POLLS = re.compile(r"/inbox/(list|\d+/live)/")

_CONTROLS = """() => {
  const why = WHY_UNSEEN;
  document.querySelectorAll('details').forEach(d => d.open = true);
  const links = [...document.querySelectorAll('a[href]')]
    .filter(a => why(a) === '').map(a => ({url: a.href, label: a.innerText.trim()}));
  const forms = [];
  for (const form of document.forms) {
    const buttons = form.querySelectorAll(
      'button:not([type=button]):not([type=reset]), input[type=submit]');
    for (const button of buttons) {
      if (why(button) !== '') continue;
      const fields = [];
      for (const [name, value] of new FormData(form, button))
        if (typeof value === 'string') fields.push([name, value]);
      forms.push({method: (form.getAttribute('method') || 'get').toLowerCase(),
                  url: new URL(form.getAttribute('action') || location.href, location.href).href,
                  fields, label: (button.innerText || button.value).trim()});
    }
  }
  return {links, forms};
}""".replace("WHY_UNSEEN", _WHY_UNSEEN)


def client_for(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=CAST_PASSWORD)
    return verified(client)


def _local(url: str, base: str) -> str | None:
    if not url.startswith(base):
        return None
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def refused_controls(page, user, base: str, checked: set) -> tuple[list[str], list[str]]:
    """(problems, pages linked) for the controls a person can see on the page now."""
    found = page.evaluate(_CONTROLS)
    problems, linked = [], []
    client = client_for(user)
    for link in found["links"]:
        path = _local(link["url"].split("#")[0], base)
        if not path or path in checked or path.startswith("/logout"):
            continue
        checked.add(path)
        status = client.get(path).status_code
        if status in REFUSED or status >= 500:
            problems.append(f"link {link['label']!r} → {path}: {status}")
        elif status == 200:
            linked.append(path)
    for form in found["forms"]:
        path = _local(form["url"], base)
        if not path or path.startswith("/logout"):
            continue
        data: dict[str, list[str]] = {}
        for name, value in form["fields"]:
            data.setdefault(name, []).append(value)
        key = f"{form['method']} {path} {sorted(data.items())}"
        if key in checked:
            continue
        checked.add(key)
        if form["method"] == "get":
            status = client.get(path, data).status_code
        else:
            with transaction.atomic():
                status = client_for(user).post(path, data).status_code  # its own session
                transaction.set_rollback(True)
        if status in REFUSED or status >= 500:
            problems.append(f"button {form['label']!r} ({form['method']} {path}): {status}")
    return problems, linked


def _html(client, path) -> bool:
    answer = client.get(path)
    return answer.status_code == 200 and answer["Content-Type"].startswith("text/html")


@pytest.fixture
def busy_desk(cast):
    """The cast, with the things that bring out more controls: a sent reply, a reply waiting
    for approval, posts scheduled, published and waiting for approval."""
    officer = membership_of(cast.officer, cast.organisation)
    question = arrive(cast.maternity_channel, "Can my partner stay overnight?")
    replies.compose(question.conversation, "Yes, one partner may stay.", membership=officer)
    failed = replies.compose(
        question.conversation, "And parking is free for partners.", membership=officer
    )
    failed.delivery, failed.author = "failed", cast.contributor
    failed.save()
    approved_post(
        cast,
        "Maternity open evening",
        channel=cast.maternity_channel,
        author=cast.contributor,
        when=timezone.now() + timezone.timedelta(days=1),
    )
    _, published = approved_post(cast, "Flu clinic today", author=cast.officer)
    published.status, published.network_post_id = TargetStatus.PUBLISHED, "demo-1"
    published.published_at = timezone.now()
    published.save()
    return cast


@pytest.mark.parametrize("role, contributors_may_reply", ROLES)
def test_no_control_a_role_can_see_is_refused_to_it(
    live_server, transactional_db, busy_desk, browser, settings, role, contributors_may_reply
):
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False
    cast = busy_desk
    cast.organisation.contributors_may_reply = contributors_may_reply
    cast.organisation.save()
    user = cast.members[role]
    client = client_for(user)
    pages = [
        concrete(route, cast, name)
        for route, name, _ in walk()
        if name in EXPECTED and EXPECTED[name][role] == 200
    ]
    # The polls answer fragments for the page that asked, not pages a person opens.
    pages = [p for p in dict.fromkeys(pages) if _html(client, p) and not POLLS.search(p)]
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="en-GB")
    try:
        signed_in_as(context, live_server, user)
        page = context.new_page()
        page.route(POLLS, lambda route: route.abort())
        page.set_default_timeout(15_000)
        problems, checked, visited, more = [], set(), set(), 0
        queue = list(pages)
        while queue:
            path = queue.pop(0)
            if urlsplit(path).path in visited:
                continue
            visited.add(urlsplit(path).path)
            page.goto(f"{live_server.url}{path}")
            problems += [f"on {path}: {v}" for v in axe_violations(page)]
            found, linked = refused_controls(page, user, live_server.url, checked)
            problems += [f"on {path}: {p}" for p in found]
            for next_path in linked:
                if (
                    more < MORE_PAGES
                    and urlsplit(next_path).path not in visited
                    and _html(client, next_path)
                ):
                    queue.append(next_path)
                    more += 1
    finally:
        context.close()
    assert len(visited) >= 5 and len(checked) >= 20, (visited, len(checked))
    assert problems == [], "\n".join(problems)


def test_the_walk_finds_a_control_that_would_be_refused(
    live_server, transactional_db, cast, browser, settings
):
    """A contributor who may not reply cannot change a conversation's status: a page showing
    them that button is caught."""
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False
    convo = cast.maternity_conversation
    context = browser.new_context()
    try:
        page = context.new_page()
        page.set_content(
            f'<html lang="en"><title>t</title><main><form method="post" '
            f'action="{live_server.url}/inbox/{convo.pk}/status/">'
            '<input type="hidden" name="status" value="closed">'
            '<button type="submit">Save status</button></form>'
            f'<a href="{live_server.url}/settings/">Settings</a></main></html>'
        )
        problems, _ = refused_controls(page, cast.contributor, live_server.url, set())
    finally:
        context.close()
    assert sorted(problems) == [
        f"button 'Save status' (post /inbox/{convo.pk}/status/): 403",
        "link 'Settings' → /settings/: 403",
    ]
    convo.refresh_from_db()
    assert convo.status != "closed"
