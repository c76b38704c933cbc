"""The scheduler tick is a table of named steps, crisis alerts first, each in its own guard: a
step that fails is logged and the steps after it still run. The tick only claims rows and
enqueues tasks: it never talks to a news feed, a search source, a webhook receiver or a network
itself (only the on-call e-mail of an alert goes out from the tick)."""

import socket
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from sociable.api import webhooks
from sociable.channels.models import Channel
from sociable.core import scheduler
from sociable.inbox import alerts
from sociable.listening.models import SavedSearch, SearchSource
from sociable.publishing.models import ContentSource, ContentSuggestion
from tests.publishing_support import approved_post


def broken():
    raise RuntimeError("a fault in one step")


class Queue:
    """A task whose enqueue() only records its arguments."""

    def __init__(self):
        self.queued = []

    def enqueue(self, *args):
        self.queued.append(args)


def test_a_failing_step_is_logged_with_its_traceback_and_the_steps_after_it_still_run(db, caplog):
    ran, queue = [], Queue()
    steps = (
        scheduler.Step("Before", lambda: ran.append("before")),
        scheduler.Step("Broken", broken),
        scheduler.Step("After", lambda: ran.append("after")),
        scheduler.enqueue_each("Queue two", lambda: [1, 2], queue),
    )
    assert scheduler.tick(steps) == 2
    assert ran == ["before", "after"] and queue.queued == [(1,), (2,)]
    failed = [r for r in caplog.records if r.getMessage().startswith("Scheduler step failed")]
    assert [r.getMessage() for r in failed] == [
        "Scheduler step failed: Broken (the other steps still run)"
    ]
    assert failed[0].exc_info and "a fault in one step" in caplog.text


def test_when_the_alert_step_fails_the_rest_of_the_real_table_still_runs(cast, caplog):
    Channel.objects.update(next_poll_at=timezone.now() - timedelta(seconds=1))
    steps = (scheduler.Step(scheduler.STEPS[0].name, broken), *scheduler.STEPS[1:])
    assert scheduler.tick(steps) >= 3
    assert DBTaskResult.objects.filter(task_path__endswith=".poll_channel").count() == 3
    assert f"Scheduler step failed: {scheduler.STEPS[0].name}" in caplog.text


def test_crisis_alerts_are_re_sent_before_anything_else_is_looked_at():
    assert scheduler.STEPS[0].run is alerts.resend_due
    assert scheduler.tick.__defaults__ == (scheduler.STEPS,)  # the tick runs this table
    names = [step.name for step in scheduler.STEPS]
    assert len(names) == len(set(names))  # each step has a name of its own in the log


@pytest.fixture
def no_network(monkeypatch):
    """Records every name looked up and every connection tried; refuses them all."""
    tried = []

    def look_up(host, *args, **kwargs):
        tried.append(host)
        raise socket.gaierror(f"the tick looked up {host}")

    def connect(sock, address):
        tried.append(address)
        raise ConnectionRefusedError(f"the tick connected to {address}")

    monkeypatch.setattr(socket, "getaddrinfo", look_up)
    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect)
    return tried


def test_the_tick_claims_and_enqueues_networked_work_and_talks_to_no_network(cast, no_network):
    feed = ContentSource.objects.create(
        organisation=cast.organisation,
        name="Partner news",
        url="https://news.partner.example/feed.xml",
    )
    search = SavedSearch.objects.create(
        organisation=cast.organisation, name="Us", keywords="hospital"
    )
    source = SearchSource.objects.create(
        search=search, feed_url="https://search.partner.example/feed.xml"
    )
    endpoint = webhooks.WebhookEndpoint(
        organisation=cast.organisation,
        events=["alert.raised"],
        url="https://hooks.partner.example/sociable",
    )
    endpoint.secret = "whsec_test"
    endpoint.save()
    webhooks.emit(cast.organisation, "alert.raised", {"alert": 1})
    _, target = approved_post(cast)
    Channel.objects.update(next_poll_at=timezone.now() - timedelta(seconds=1))

    scheduler.tick()

    assert no_network == []
    queued = {}
    for path, args in DBTaskResult.objects.values_list("task_path", "args_kwargs"):
        queued.setdefault(path.rsplit(".", 1)[1], []).append(args["args"][0])
    assert queued["refresh_content_source"] == [feed.pk]  # one task per feed
    assert queued["run_search_source"] == [source.pk]
    assert len(queued["deliver_webhook"]) == 1
    assert queued["publish_target"] == [target.pk]
    assert len(queued["poll_channel"]) == 3
    feed.refresh_from_db()
    assert feed.last_checked_at is not None  # claimed ...
    assert feed.last_error == "" and not ContentSuggestion.objects.exists()  # ... not fetched
