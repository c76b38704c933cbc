"""Cross-site scripting: a list of payloads is put into every text field people or networks
can fill (names, handles, messages, notes, saved replies, posts, accounts, teams, the
organisation, awareness days, kudos, mentions, searches, audit labels…) and sent as every
query parameter; then every page of the desk is rendered for an admin and an officer, and no
payload may come out as a script, an event handler or a javascript: URL."""

import itertools
import re
from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.test import Client
from django.utils import timezone

from sociable.audit.log import record
from sociable.inbox.models import Kudos, Message, Note, SavedReply
from sociable.listening.models import Mention, SavedSearch
from sociable.publishing.models import ContentSource, ContentSuggestion, OrganisationAwarenessDay
from tests.conftest import CAST_PASSWORD, verified
from tests.test_every_url_has_an_access_rule import concrete, walk
from tests.test_security_headers import Markup

PAYLOADS = [
    '<script>alert("{m}")</script>',
    '"><img src=x onerror=alert("{m}")>',
    "'><svg onload=alert('{m}')>",
    "javascript:alert('{m}')",
    "</textarea><script>alert('{m}')</script>",
    "\" autofocus onfocus=\"alert('{m}')",
    "[{{{{7*7}}}}{m}]",
]
# Fields that are identifiers, machine rules or secrets rather than text people see.
NOT_TEXT = {
    "network",
    "network_id",
    "network_user_id",
    "thread_key",
    "kind",
    "language",
    "slug",
    "password",
    "username",
    "secret_encrypted",
    "credentials_encrypted",
    "code_hash",
    "period_key",
    "object_type",
    "object_id",
    "verb",
    "rule_machine",
    "content_type",
    "hospital_number_patterns",
    "on_call_emails",
    "alert_emails",
    "feed_urls",
    "email",
    "pals_email",
    "kpi",
    "token_hash",
    "prefix",
    "key",
    "network_post_id",
    "session_key",
    "session_data",
    "task_path",
    "queue_name",
    "backend_name",
    "exception_class_path",
    "traceback",
    "worker_ids",
    "route",
    "sentiment",
    "campaign",
    "url",
    "link",
}
URL_FIELDS_TRIED = {"url", "link"}  # set to a javascript: URL instead
QUERY_NAMES = [
    "q",
    "next",
    "back",
    "route",
    "status",
    "team",
    "channel",
    "page",
    "since",
    "until",
    "actor",
    "verb",
    "object",
    "year",
    "month",
    "view",
    "date",
    "search",
    "print",
    "campaign",
    "period",
    "week",
    "tab",
]


def payload(marker: str, room: int) -> str:
    """All payloads with `marker`, or as many as fit in `room` characters."""
    chosen = ""
    for template in PAYLOADS:
        piece = template.format(m=marker)
        if len(chosen) + len(piece) <= room:
            chosen += piece
    return chosen


def more_things_to_show(cast):
    """Objects the cast lacks, so every kind of field appears on some page."""
    conversation = cast.conversation
    inbound = conversation.messages.get()
    Message.objects.create(
        conversation=conversation,
        channel=cast.channel,
        direction="out",
        network_id="xss-reply",
        text="reply",
        sent_at=timezone.now(),
        author=cast.officer,
        delivery="failed",
        delivery_detail="detail",
    )
    Message.objects.filter(pk=inbound.pk).update(hidden=True, moderation_reason="reason")
    Note.objects.create(conversation=conversation, author=cast.officer, text="note")
    Kudos.objects.create(
        organisation=cast.organisation,
        message=inbound,
        staff_name="Nurse",
        team=cast.comms,
        at=timezone.now(),
    )
    SavedReply.objects.create(organisation=cast.organisation, title="t", body="b")
    search = SavedSearch.objects.create(
        organisation=cast.organisation, name="search", keywords="flu"
    )
    Mention.objects.create(
        organisation=cast.organisation,
        search=search,
        network="demo",
        network_id="xss-mention",
        text="mention",
        author_handle="@h",
        author_name="n",
        posted_at=timezone.now(),
    )
    OrganisationAwarenessDay.objects.create(
        organisation=cast.organisation, name="day", rule="rule", rule_machine="fixed:03-14"
    )
    source = ContentSource.objects.create(
        organisation=cast.organisation, name="news", url="https://news.example/feed"
    )
    ContentSuggestion.objects.create(
        source=source,
        network_id="xss-idea",
        title="idea",
        published_at=timezone.now(),
        link="https://news.example/1",
    )
    record(cast.organisation, cast.officer, "conversation.noted", conversation, label="label")


def fill_every_text_field():
    """Put payloads in every text field of every row of the desk's models (and staff names)."""
    counter = itertools.count()
    models_to_fill = [
        m
        for m in apps.get_models()
        if m.__module__.startswith("sociable.") or m is get_user_model()
    ]
    for model in models_to_fill:
        fields = [
            f
            for f in model._meta.concrete_fields
            if isinstance(f, (models.CharField, models.TextField))
            and not f.choices
            and not f.primary_key
            and f.name not in NOT_TEXT
        ]
        url_fields = [
            f
            for f in model._meta.concrete_fields
            if isinstance(f, models.URLField) and f.name in URL_FIELDS_TRIED
        ]
        for pk in model._base_manager.values_list("pk", flat=True):
            values = {}
            for field in fields:
                room = field.max_length or 2000
                values[field.name] = payload(f"x{next(counter)}", room)
            for field in url_fields:
                values[field.name] = f"javascript:alert('x{next(counter)}')"
            if values:
                # Straight into the table: the audit log refuses updates in the application.
                models.QuerySet.update(model._base_manager.filter(pk=pk), **values)


def leaks(html: str) -> list[str]:
    markup = Markup(html)
    found = [f"script ran: {text.strip()[:80]}" for text in markup.script_texts if "alert(" in text]
    # (Inline styles are test_security_headers.py's concern; here, what runs.)
    found += [item for item in markup.inline_code() if "style" not in item]
    found += [f"template evaluated: {hit}" for hit in re.findall(r"\[49x\d+\]", html)]
    for tag, attrs in markup.elements:
        if (
            tag in {"script", "iframe", "object", "embed"}
            and "src" in attrs
            and "alert" in attrs["src"]
        ):
            found.append(f"<{tag} src={attrs['src']!r}>")
    return found


@pytest.mark.django_db
def test_no_payload_runs_on_any_page(cast, settings):
    settings.READY_TICK_SECONDS = 0  # /readyz answers 503 when no worker ticks: not this test's
    more_things_to_show(cast)
    fill_every_text_field()
    query = urlencode({name: payload("q", 400) for name in QUERY_NAMES})
    clients = {}
    for who in ("admin", "officer"):
        client = Client()
        assert client.login(username=who, password=CAST_PASSWORD)
        clients[who] = verified(client)
    found, rendered = [], 0
    for route, name, _view in walk():
        if name.startswith("admin:"):
            continue
        path = concrete(route, cast, name)
        for who, client in clients.items():
            for url in (path, f"{path}?{query}"):
                response = client.get(url)
                if response.status_code >= 500:
                    found.append(f"{url} as {who}: server error {response.status_code}")
                elif response.status_code == 200 and "html" in response.get("Content-Type", ""):
                    rendered += 1
                    found += [
                        f"{name} as {who}: {leak}" for leak in leaks(response.content.decode())
                    ]
    assert rendered > 50
    assert found == [], "\n".join(found)


def test_the_check_finds_a_payload_that_would_run():
    page = "<p>" + payload("x1", 1000) + '</p><a href="javascript:alert(1)">a</a><p>[49x3]</p>'
    assert len(leaks(page)) >= 5


def test_an_escaped_payload_passes_the_check():
    from django.utils.html import escape

    assert leaks("<p>" + escape(payload("x1", 1000)) + "</p>") == []


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        " JavaScript:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "//evil.example/x",
    ],
)
def test_links_from_networks_and_feeds_must_be_web_addresses(url):
    from sociable.security.templatetags.safe_urls import web_url

    assert web_url(url) == ""


def test_a_web_address_is_kept():
    from sociable.security.templatetags.safe_urls import web_url

    assert web_url("https://mastodon.example/@trust/1") == "https://mastodon.example/@trust/1"
