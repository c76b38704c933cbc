"""The inbox's pages read each thing once: no SQL statement runs twice in one request, and the
number of statements does not grow with the conversations, messages, replies, notes, tags and
alerts shown (no query per row)."""

from collections import Counter

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sociable.accounts.models import Membership
from sociable.inbox.models import (
    Alert,
    Conversation,
    Direction,
    Message,
    Note,
    Replying,
    RouteCorrection,
    Tag,
)
from sociable.publishing.models import PublishingPause
from tests.conftest import conversation_with
from tests.inbox_support import arrive
from tests.test_inbox_desk import signed_in


def statements(client, url):
    client.get(url)  # the first request of a session may set things up once
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return [query["sql"] for query in captured.captured_queries]


def pages(cast):
    return ["/inbox/", "/inbox/list/", f"/inbox/{cast.conversation.pk}/"]


def busier(cast, n):
    """n more of everything the list and the open conversation show, by several people."""
    people = [m.user for m in Membership.objects.filter(organisation=cast.organisation)]
    convo = cast.conversation
    until = timezone.now() + timezone.timedelta(minutes=5)
    for i in range(n):
        person = people[i % len(people)]
        tag = Tag.objects.create(organisation=cast.organisation, name=f"topic {n}-{i}")
        other = arrive(cast.channel, f"Another question {n}-{i}", handle=f"@p{n}-{i}")
        other.conversation.tags.add(tag)
        Conversation.objects.filter(pk=other.conversation.pk).update(
            assignee=person, team=cast.maternity
        )
        Replying.objects.create(conversation=other.conversation, user=person, until=until)
        asked = Message.objects.create(
            conversation=convo,
            channel=cast.channel,
            direction=Direction.INBOUND,
            network_id=f"more-{n}-{i}",
            text=f"And one more thing {i}",
            sent_at=timezone.now(),
            route="query",
        )
        Message.objects.create(
            conversation=convo,
            channel=cast.channel,
            direction=Direction.OUTBOUND,
            network_id=f"reply-{n}-{i}",
            text=f"Thanks, here is the answer {i}",
            sent_at=timezone.now(),
            author=person,
            in_reply_to=asked,
        )
        RouteCorrection.objects.create(
            message=asked, from_route="query", to_route="praise", by=person
        )
        Alert.objects.create(
            organisation=cast.organisation,
            conversation=convo,
            message=asked,
            route="crisis",
            acknowledged_by=person,
            acknowledged_at=timezone.now(),
        )
        Note.objects.create(conversation=convo, author=person, text=f"Note {i}")
        convo.tags.add(tag)
        sibling = Conversation.objects.create(
            organisation=cast.organisation,
            channel=cast.channel,
            contact=convo.contact,
            thread_key=f"earlier-{n}-{i}",
        )
        Message.objects.create(
            conversation=sibling,
            channel=cast.channel,
            direction=Direction.INBOUND,
            network_id=f"earlier-{n}-{i}",
            text="An earlier question",
            sent_at=timezone.now(),
        )
        Replying.objects.update_or_create(
            conversation=convo, user=person, defaults={"until": until}
        )


def test_no_statement_runs_twice_in_one_request_on_the_officers_inbox(cast):
    PublishingPause.objects.create(
        organisation=cast.organisation, reason="Election period", paused_by=cast.admin
    )
    busier(cast, 2)
    client = signed_in("officer")
    for url in pages(cast):
        repeated = {sql: n for sql, n in Counter(statements(client, url)).items() if n > 1}
        assert repeated == {}, url


def test_the_number_of_statements_does_not_grow_with_what_is_shown(cast):
    busier(cast, 1)
    client = signed_in("officer")
    fewer = {url: len(statements(client, url)) for url in pages(cast)}
    busier(cast, 4)
    more = {url: len(statements(client, url)) for url in pages(cast)}
    assert more == fewer
    print("statements per request:", fewer)


# The most statements each page runs, with an urgent conversation pinned above the list and
# open: the session, the sign-in checks, the filters' choices, the list (the banner's and the
# page's rows, their tags and who is replying, the counts), the open conversation and its
# details, and the session's save. A page that needs one more says so here.
MOST = {"list": 18, "conversation": 27}


def test_the_inbox_pages_run_no_more_statements_than_they_need(cast):
    busier(cast, 1)
    crisis = conversation_with(cast.channel, "I can't go on any more", route="crisis")
    client = signed_in("officer")
    assert len(statements(client, "/inbox/")) <= MOST["list"]
    assert len(statements(client, "/inbox/list/")) <= MOST["list"]
    assert len(statements(client, f"/inbox/{crisis.pk}/")) <= MOST["conversation"]


def test_the_open_conversation_reads_its_messages_once_whatever_its_route(cast):
    """The messages shown, the kind of an urgent conversation (its banner) and the saved
    replies suggested for it all come from one read of the conversation's messages."""
    client = signed_in("officer")
    for route in ("query", "crisis", "safeguarding"):
        convo = conversation_with(cast.channel, "Please can someone help", route=route)
        pane = f"/inbox/{convo.pk}/"
        client.get(pane, headers={"HX-Request": "true"})
        with CaptureQueriesContext(connection) as captured:
            response = client.get(pane, headers={"HX-Request": "true"})
        assert response.status_code == 200
        reads = [q["sql"] for q in captured.captured_queries if 'FROM "inbox_message"' in q["sql"]]
        assert len(reads) == 1, route
