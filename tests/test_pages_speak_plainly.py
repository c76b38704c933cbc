"""Every page of the demo desk, for every role, speaks to a comms officer: no dotted event
names, no snake_case field names, no model scores ("p=0.68")."""

import re

import pytest
from django.core.management import call_command
from django.test import Client

from sociable.audit.models import AuditEvent
from sociable.channels import polling
from sociable.channels.models import Channel
from sociable.inbox.models import Conversation
from sociable.publishing.models import Post
from tests.conftest import verified

DEVELOPER = [
    None,
    re.compile(r"(?<![@\w])[a-z]+_[a-z]+(?:_[a-z]+)*\b"),
    re.compile(r"\bp=\d"),
]
SCRIPTS = re.compile(r"<(script|style|svg)\b.*?</\1>", re.S)
TAGS = re.compile(r"<[^>]+>")
ADDRESS = re.compile(r"\S+@\S+|https?://\S+|\b[\w-]+\.(?:uk|com|org|social|example|net)\b\S*")
EVENTS = re.compile(
    r"\b(?:alert|post|reply|message|conversation|person|account|privacy|"
    r"webhook|outcome|inbox|audit|report)\.[a-z_]+\b"
)


def visible_text(html: str) -> str:
    text = TAGS.sub(" ", SCRIPTS.sub(" ", html))
    text = ADDRESS.sub(" ", text.replace("&#x27;", "'").replace("&amp;", "&"))
    return re.sub(r"\{\w+\}", " ", text)  # saved-reply variables are written in braces


def field_names() -> set[str]:
    """The snake_case names a developer uses: model fields, routes and statuses."""
    from django.apps import apps

    from sociable.inbox.models import ROUTES, ConversationStatus

    names = {f.name for model in apps.get_models() for f in model._meta.get_fields()}
    names |= {code for code, _ in ROUTES} | set(ConversationStatus.values)
    return {name for name in names if "_" in name}


def developer_words(text: str) -> list[str]:
    found = EVENTS.findall(text) + DEVELOPER[2].findall(text)
    found += [m.group(0) for m in DEVELOPER[1].finditer(text) if m.group(0) in field_names()]
    return found


@pytest.fixture
def demo(db, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    for channel in Channel.objects.filter(network="demo"):
        polling.poll(channel)
    return (tmp_path / "demo-password.txt").read_text().strip()


SKIP = re.compile(
    r"logout|log-out|\.(csv|pdf|json|ics)$|/export|/download|/admin/|/api/|/static/"
    r"|/media/|/disconnect|/erase|/delete|/revoke|/connect/"
)
LIMIT = 120


def pages(client) -> dict[str, str]:
    """The pages a person reaches by following the desk's links from the start page (and a
    few that need an object: a conversation on each route, a post)."""
    start = [
        "/",
        "/reports/",
        "/reports/outcomes/",
        "/calendar/awareness-days/",
        "/settings/audit/",
        "/settings/saved-replies/new/",
    ]
    start += [
        f"/inbox/{pk}/" for pk in {c.route: c.pk for c in Conversation.objects.all()}.values()
    ]
    start += [f"/posts/{p.pk}/" for p in Post.objects.all()[:3]]
    queue, tried, found = list(start), set(), {}
    while queue and len(tried) < LIMIT:
        url = queue.pop(0)
        if url in tried or SKIP.search(url):
            continue
        tried.add(url)
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response["Content-Type"]:
            continue
        found[url] = html = response.content.decode()
        for link in re.findall(r'href="(/[^"#?]*)', html):
            if link not in tried and link not in queue:
                queue.append(link)
    return found


@pytest.mark.parametrize("role", ["admin", "officer", "contributor", "viewer"])
def test_no_developer_words_on_any_page(demo, role):
    client = Client()
    assert client.login(username=f"demo-{role}", password=demo)
    verified(client)
    found = pages(client)
    problems = {
        url: sorted(set(words))[:10]
        for url, html in found.items()
        if (words := developer_words(visible_text(html)))
    }
    assert len(found) >= (2 if role == "viewer" else 10)
    if role == "admin":
        assert "/settings/audit/" in found and AuditEvent.objects.filter(actor=None).exists()
    assert problems == {}
