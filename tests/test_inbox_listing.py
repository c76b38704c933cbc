"""The inbox list at scale (sociable/inbox/listing.py): pages by cursor in the queue's order,
whatever the database does with NULL; cursors that cannot be forged; search through the
full-text index, kept in step with every edit and erasure; the urgent banner; counts; and the
planner's statistics refreshed by the scheduler."""

import re
from datetime import timedelta

from django.db import connection
from django.test import Client
from django.utils import timezone

from sociable.accounts.models import Membership
from sociable.core import database
from sociable.inbox import listing
from sociable.inbox.models import Alert, Conversation, ConversationStatus, Message
from tests.conftest import CAST_PASSWORD, conversation_with, verified


def officer_of(cast):
    return Membership.objects.get(user=cast.officer)


def signed_in_officer():
    client = Client()
    assert client.login(username="officer", password=CAST_PASSWORD)
    return verified(client)


def many_conversations(cast, count):
    """`count` open conversations with ties on every key: two routes, due times some equal,
    some empty, some the same moment of the last message."""
    now = timezone.now().replace(microsecond=0)
    made = []
    for n in range(count):
        convo = conversation_with(
            cast.channel, f"Question number {n}", route="query" if n % 3 else "complaint"
        )
        convo.priority = 6 if n % 3 == 0 else 8
        convo.first_response_due_at = None if n % 4 == 0 else now + timedelta(hours=n % 3)
        convo.last_message_at = now - timedelta(minutes=n % 5)
        convo.save()
        made.append(convo)
    return made


def walk(found, size, backwards_from=None):
    pages, page = [], listing.page(found, size=size)
    while True:
        pages.append([c.pk for c in page.object_list])
        if not page.has_next:
            return pages, page
        page = listing.page(found, after=page.next_cursor, size=size)


def test_cursor_pages_visit_every_conversation_once_in_the_queue_order_both_ways(cast):
    many_conversations(cast, 23)
    found = listing.filtered(officer_of(cast), {})
    expected = list(
        found.conversations.order_by(*listing.ordering("queue")).values_list("pk", flat=True)
    )
    assert len(expected) == 25  # and the cast's own two open conversations
    pages, last = walk(found, size=5)
    assert [pk for page in pages for pk in page] == expected
    assert [len(page) for page in pages] == [5, 5, 5, 5, 5]
    assert not last.has_next and last.has_previous
    backwards, page = [], last
    while page.has_previous:
        page = listing.page(found, before=page.previous_cursor, size=5)
        backwards.insert(0, [c.pk for c in page.object_list])
    assert backwards == pages[:-1]
    assert listing.page(found, size=5).previous_cursor == ""


def test_a_forged_foreign_or_overlong_cursor_is_the_first_page(cast):
    many_conversations(cast, 8)
    found = listing.filtered(officer_of(cast), {})
    first = [c.pk for c in listing.page(found, size=3).object_list]
    good = listing.page(found, size=3).next_cursor
    value, _, signature = good.rpartition(":")
    forged = f"{value}:{'A' * len(signature)}"
    searching = listing.filtered(officer_of(cast), {"q": "question"})
    foreign = listing.page(searching, size=3).next_cursor  # a cursor of another order
    for cursor in (forged, foreign, good + "x" * 400, "\x00", "[1, 2]"):
        assert [c.pk for c in listing.page(found, after=cursor, size=3).object_list] == first
    response = signed_in_officer().get("/inbox/", {"after": forged, "before": "%%%"})
    assert response.status_code == 200


def test_the_inbox_page_links_to_the_next_and_previous_pages_by_cursor(cast):
    many_conversations(cast, 90)  # 60 queries, and the cast's two
    client = signed_in_officer()
    first = client.get("/inbox/", {"route": "query"}).content.decode()
    after = re.search(r'href="\?([^"]*after=[^"]+)"', first).group(1).replace("&amp;", "&")
    assert "route=query" in after and "page=" not in after
    second = client.get(f"/inbox/?{after}").content.decode()
    shown_first = set(re.findall(r'data-conversation="(\d+)"', first))
    shown_second = set(re.findall(r'data-conversation="(\d+)"', second))
    assert len(shown_first) == 50 and shown_second and not shown_first & shown_second
    assert "link--prev" in second and "before=" in second and "link--next" not in second


def test_search_finds_words_by_prefix_and_follows_edits_and_erasure(cast):
    convo = conversation_with(cast.channel, "Is there disabled parking at the Cardiff site?")
    welsh = conversation_with(cast.channel, "Diolch yn fawr i'r nyrsys ar ward 7")
    membership = officer_of(cast)

    def found(text):
        listed = listing.filtered(membership, {"q": text, "status": "all"})
        return {c.pk for c in listing.page(listed).object_list}

    assert convo.pk in found("park") and convo.pk in found("CARDIFF parking")
    assert welsh.pk in found("diolch") and welsh.pk in found("nyrsys")
    assert convo.pk not in found("parking diolch")  # every word must match
    assert found("%_'\"*:()&|!") == set()  # query syntax is only ever words
    message = convo.messages.get()
    message.text = "Where do the buses stop?"
    message.save()
    assert convo.pk not in found("parking") and convo.pk in found("buses")
    Message.objects.filter(pk=message.pk).delete()
    assert convo.pk not in found("buses")


def test_search_lists_the_most_recent_conversation_first(cast):
    older = conversation_with(cast.channel, "Visiting hours on the maternity ward?")
    newer = conversation_with(cast.channel, "Visiting hours for the children's ward?")
    Conversation.objects.filter(pk=older.pk).update(
        last_message_at=timezone.now() - timedelta(days=2), priority=0
    )
    listed = listing.filtered(officer_of(cast), {"q": "visiting"})
    assert [c.pk for c in listing.page(listed).object_list] == [newer.pk, older.pk]


def test_the_urgent_banner_holds_open_crisis_and_unacknowledged_alerts_only(cast):
    crisis = conversation_with(cast.channel, "I can't go on", route="crisis")
    closed_crisis = conversation_with(cast.channel, "It was a bad night", route="crisis")
    closed_crisis.status = ConversationStatus.CLOSED
    closed_crisis.save()
    alerted = conversation_with(cast.channel, "He hits me", route="safeguarding")
    alerted.status = ConversationStatus.CLOSED
    alerted.save()
    Alert.objects.create(
        organisation=cast.organisation,
        conversation=alerted,
        message=alerted.messages.get(),
        route="safeguarding",
    )
    acknowledged = conversation_with(cast.channel, "Worried about my neighbour")
    Alert.objects.create(
        organisation=cast.organisation,
        conversation=acknowledged,
        message=acknowledged.messages.get(),
        route="safeguarding",
        acknowledged_at=timezone.now(),
    )
    found = listing.filtered(officer_of(cast), {"status": "all"})
    urgent = listing.urgent(found)
    assert {c.pk for c in urgent} == {crisis.pk, alerted.pk}
    page = listing.page(found, leave_out=[c.pk for c in urgent])
    assert crisis.pk not in {c.pk for c in page.object_list}
    assert acknowledged.pk in {c.pk for c in page.object_list}


def test_counts_are_of_open_conversations_by_route_and_status(cast):
    many_conversations(cast, 6)
    Conversation.objects.filter(route="complaint").update(status=ConversationStatus.WAITING)
    closed = conversation_with(cast.channel, "Sorted, thanks", route="praise")
    closed.status = ConversationStatus.CLOSED
    closed.save()
    counts = listing.counts(officer_of(cast))
    assert counts["routes"] == {"query": 6, "complaint": 2}  # the cast's own two are queries
    assert counts["statuses"] == {"new": 6, "waiting": 2}
    assert counts["open"] == 8


def test_the_planner_statistics_are_refreshed_at_start_and_then_daily(cast, monkeypatch):
    monkeypatch.setattr(database, "_next_due", 0.0)
    assert database.optimise_when_due(now=1000.0)
    assert not database.optimise_when_due(now=1000.0 + database.EVERY_SECONDS - 1)
    assert database.optimise_when_due(now=1000.0 + database.EVERY_SECONDS)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT COUNT(*) FROM sqlite_stat1 WHERE tbl = 'inbox_conversation'")
        else:
            cursor.execute(
                "SELECT COUNT(*) FROM pg_stat_user_tables WHERE relname = "
                "'inbox_conversation' AND last_analyze IS NOT NULL"
            )
        assert cursor.fetchone()[0] > 0


def test_search_finds_people_by_any_part_of_their_handle_or_name(cast):
    convo = conversation_with(cast.channel, "Hello")
    contact = convo.contact
    contact.handle, contact.name = "@patdoe_99", "Patricia Dœ"
    contact.save()
    membership = officer_of(cast)

    def found(text):
        listed = listing.filtered(membership, {"q": text, "status": "all"})
        return {c.pk for c in listing.page(listed).object_list}

    for text in ("tdo", "PATDOE", "e_9", "@pat", "do", "Patricia dœ"):
        assert convo.pk in found(text), text
    assert convo.pk not in found("t%o") and convo.pk not in found("x_9")
    contact.name = "Sam Jones"
    contact.save()
    assert convo.pk in found("sam jon") and convo.pk not in found("patricia")


def test_a_search_pins_its_urgent_matches_and_pages_the_rest_both_ways(cast):
    made = many_conversations(cast, 70)
    for convo in made[:3]:
        convo.route, convo.priority = "crisis", 0
        convo.save()
    found = listing.filtered(officer_of(cast), {"q": "question"})
    pinned, first = listing.screen(found, size=20)
    assert {c.pk for c in pinned} == {c.pk for c in made[:3]}
    expected = [
        pk
        for pk in found.conversations.order_by(*listing.ordering("recent")).values_list(
            "pk", flat=True
        )
        if pk not in {c.pk for c in pinned}
    ]
    pages, page = [[c.pk for c in first.object_list]], first
    while page.has_next:
        _, page = listing.screen(found, after=page.next_cursor, size=20)
        pages.append([c.pk for c in page.object_list])
    assert [pk for p in pages for pk in p] == expected and len(expected) == 67
    back = []
    while page.has_previous:
        _, page = listing.screen(found, before=page.previous_cursor, size=20)
        back.insert(0, [c.pk for c in page.object_list])
    assert back == pages[:-1]


def test_a_search_reads_window_after_window_of_conversations_until_a_page_is_full(
    cast, monkeypatch
):
    monkeypatch.setattr(listing, "SEARCH_WINDOW", 2)  # windows of 2, 16, 128 … conversations
    made = many_conversations(cast, 40)
    for convo in made[5:30]:  # a gap of conversations the search does not find
        convo.messages.update(text="Where do the buses stop?")
    found = listing.filtered(officer_of(cast), {"q": "question", "status": "all"})
    expected = sorted([c.pk for c in made[:5] + made[30:]], reverse=True)
    pages, page = [], listing.screen(found, size=4)[1]
    pages.append([c.pk for c in page.object_list])
    while page.has_next:
        page = listing.screen(found, after=page.next_cursor, size=4)[1]
        pages.append([c.pk for c in page.object_list])
    assert [pk for p in pages for pk in p] == expected
    back = listing.screen(found, before=page.previous_cursor, size=4)[1]
    assert [c.pk for c in back.object_list] == pages[-2]


def test_a_search_may_list_the_best_matches_first_instead_of_the_newest(cast):
    best = conversation_with(cast.channel, "Parking: parking permits, parking fines, parking")
    passing = conversation_with(
        cast.channel,
        "We had a long wait in outpatients and the cafe was shut, but the staff "
        "were kind and the ward was clean; the parking was fine on the day.",
    )
    membership = officer_of(cast)
    ours = {best.pk, passing.pk}  # (the cast has conversations of its own)
    newest = listing.screen(listing.filtered(membership, {"q": "parking"}))[1]
    assert [c.pk for c in newest.object_list if c.pk in ours] == [passing.pk, best.pk]
    ranked = listing.filtered(membership, {"q": "parking", "order": "relevance"})
    assert ranked.chosen["order"] == "relevance"
    assert [c.pk for c in listing.screen(ranked)[1].object_list if c.pk in ours] == [
        best.pk,
        passing.pk,
    ]


def test_relevance_pages_go_forward_and_back_through_the_ranking(cast):
    many_conversations(cast, 9)
    found = listing.filtered(officer_of(cast), {"q": "question", "order": "relevance"})
    first = listing.screen(found, size=4)[1]
    second = listing.screen(found, after=first.next_cursor, size=4)[1]
    third = listing.screen(found, after=second.next_cursor, size=4)[1]
    shown = [c.pk for p in (first, second, third) for c in p.object_list]
    assert len(shown) == len(set(shown)) == 9 and not third.has_next
    back = listing.screen(found, before=third.previous_cursor, size=4)[1]
    assert [c.pk for c in back.object_list] == [c.pk for c in second.object_list]
    assert not listing.screen(found, size=4, after=listing.encode_cursor([10**6], "relevance"))[
        1
    ].has_previous  # a place beyond the ranking: the first page


def test_the_inbox_offers_best_match_first_and_keeps_it_from_page_to_page(cast):
    for n in range(60):
        conversation_with(cast.channel, f"Question {n} about parking" + " parking" * (n % 4))
    client = signed_in_officer()
    page = client.get("/inbox/", {"q": "parking", "order": "relevance"}).content.decode()
    assert '<option value="relevance" selected>Best match first</option>' in page
    after = re.search(r'link--next" href="\?([^"]+)"', page).group(1).replace("&amp;", "&")
    assert "order=relevance" in after and "q=parking" in after
    second = client.get(f"/inbox/?{after}").content.decode()
    shown_first = set(re.findall(r'data-conversation="(\d+)"', page))
    shown_second = set(re.findall(r'data-conversation="(\d+)"', second))
    assert len(shown_first) == 50 and shown_second and not shown_first & shown_second
