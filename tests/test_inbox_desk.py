"""The inbox desk's server side: counts per route and status, tags, bulk assignment to a person
or a team, a reply that assigns, send and close / send and next, the polls that answer "nothing
changed", the "replying" marks, and the conversation as a fragment or a whole page."""

import re
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from sociable.accounts.models import Membership, Role
from sociable.audit.models import AuditEvent
from sociable.inbox import presence
from sociable.inbox.models import Conversation, Replying, Tag
from tests.conftest import CAST_PASSWORD, verified
from tests.inbox_support import arrive


def signed_in(username):
    client = Client()
    assert client.login(username=username, password=CAST_PASSWORD)
    return verified(client)


def listed(response, conversation):
    return f'data-conversation="{conversation.pk}"' in response.content.decode()


def test_the_list_counts_open_conversations_per_route_and_status(cast):
    arrive(cast.channel, "Thank you to everyone on the stroke unit!")
    arrive(cast.channel, "Huge thanks to the night staff on ward 9")
    closed = arrive(cast.channel, "Brilliant care in A&E, thank you").conversation
    closed.status = "closed"
    closed.save()
    page = signed_in("officer").get("/inbox/").content.decode()
    start = page.index('class="sociable-inbox-counts"')
    counts = page[start : page.index("</nav>", start)]
    number = r"\">[^<]*<span class=\"sociable-inbox-count__n\">(\d+)"
    routes = dict(re.findall(r"\?route=(\w+)" + number, counts))
    statuses = dict(re.findall(r"\?status=(\w+)" + number, counts))
    open_ones = Conversation.objects.filter(organisation=cast.organisation).exclude(status="closed")
    assert routes["praise"] == str(open_ones.filter(route="praise").count()) == "2"
    assert statuses["new"] == str(open_ones.filter(status="new").count())
    assert "closed" not in statuses


def test_the_list_pages_with_next_and_previous_and_no_page_numbers(cast):
    for n in range(52):
        arrive(cast.channel, f"Question number {n} about visiting times")
    client = signed_in("officer")
    first = client.get("/inbox/").content.decode()
    after = re.search(r'link--next" href="\?([^"]+)"', first).group(1).replace("&amp;", "&")
    assert "after=" in after and "page=" not in after and "link--prev" not in first
    second = client.get(f"/inbox/?{after}").content.decode()
    assert "link--prev" in second and "link--next" not in second
    shown = set(re.findall(r'data-conversation="(\d+)"', first))
    assert not shown & set(re.findall(r'data-conversation="(\d+)"', second))


def test_tags_are_added_shown_filtered_on_and_removed(cast):
    parking = arrive(cast.channel, "Where is the multi-storey car park?").conversation
    client = signed_in("officer")
    client.post(f"/inbox/{parking.pk}/tags/", {"name": "  Parking   Sunday "})
    tag = Tag.objects.get(organisation=cast.organisation)
    assert tag.name == "parking sunday" and list(parking.tags.all()) == [tag]
    assert AuditEvent.objects.filter(verb="conversation.tagged").exists()
    by_tag = client.get("/inbox/", {"tag": "parking sunday"})
    assert listed(by_tag, parking) and not listed(by_tag, cast.conversation)
    assert "parking sunday" in client.get(f"/inbox/{parking.pk}/").content.decode()
    client.post(f"/inbox/{parking.pk}/tags/", {"remove": tag.pk})
    assert not parking.tags.exists()
    empty = client.post(f"/inbox/{parking.pk}/tags/", {"name": "   "}, follow=True)
    assert b"Write the tag first." in empty.content


def test_a_contributor_cannot_tag_and_another_organisation_cannot_be_tagged(cast):
    assert (
        signed_in("contributor")
        .post(f"/inbox/{cast.maternity_conversation.pk}/tags/", {"name": "x"})
        .status_code
        == 403
    )
    assert (
        signed_in("officer")
        .post(f"/inbox/{cast.other_conversation.pk}/tags/", {"name": "x"})
        .status_code
        == 404
    )
    assert not Tag.objects.exists()


def test_bulk_assigns_to_a_named_person_or_a_team(cast):
    one = arrive(cast.channel, "Where is outpatients?").conversation
    two = arrive(cast.channel, "Is there a cash machine?").conversation
    client = signed_in("officer")
    page = client.get("/inbox/").content.decode()
    assert f'value="person:{cast.admin.pk}"' in page and f'value="team:{cast.maternity.pk}"' in page
    client.post("/inbox/bulk/", {"ids": [one.pk, two.pk], "action": f"person:{cast.admin.pk}"})
    assert set(Conversation.objects.filter(assignee=cast.admin)) == {one, two}
    client.post("/inbox/bulk/", {"ids": [one.pk], "action": f"team:{cast.maternity.pk}"})
    one.refresh_from_db()
    assert one.team == cast.maternity and one.assignee == cast.admin


def test_bulk_refuses_someone_outside_the_organisation_and_keeps_the_filters(cast):
    one = arrive(cast.channel, "Where is outpatients?").conversation
    response = signed_in("officer").post(
        "/inbox/bulk/",
        {"ids": [one.pk], "action": f"person:{cast.outsider.pk}", "query": "route=query"},
    )
    assert response.status_code == 302 and response["Location"] == "/inbox/?route=query"
    one.refresh_from_db()
    assert one.assignee is None


def test_a_reply_assigns_the_conversation_to_its_author_when_nobody_had_it(cast):
    nobodys = arrive(cast.channel, "Where is outpatients?").conversation
    admins = arrive(cast.channel, "Is there a cash machine?").conversation
    admins.assignee = cast.admin
    admins.save()
    client = signed_in("officer")
    client.post(f"/inbox/{nobodys.pk}/reply/", {"text": "Follow the blue signs."})
    client.post(f"/inbox/{admins.pk}/reply/", {"text": "Yes, by the main entrance."})
    nobodys.refresh_from_db()
    admins.refresh_from_db()
    assert nobodys.assignee == cast.officer
    assert admins.assignee == cast.admin  # someone had it: they keep it


def test_send_and_close_closes_and_send_and_next_opens_the_next_in_the_list(cast):
    first = arrive(cast.channel, "Where is outpatients?").conversation
    client = signed_in("officer")
    closed = client.post(
        f"/inbox/{first.pk}/reply/?route=query", {"text": "Follow the blue signs.", "then": "close"}
    )
    first.refresh_from_db()
    assert first.status == "closed"
    assert closed["Location"] == f"/inbox/{first.pk}/?route=query"

    listing = client.get("/inbox/", {"route": "query"}).content.decode()
    order = [int(pk) for pk in re.findall(r'data-conversation="(\d+)"', listing)]
    assert len(order) >= 2
    moved = client.post(
        f"/inbox/{order[0]}/reply/?route=query", {"text": "Thanks for asking.", "then": "next"}
    )
    assert moved["Location"] == f"/inbox/{order[1]}/?route=query"


def test_the_list_poll_answers_nothing_changed_until_something_does(cast):
    client = signed_in("officer")
    first = client.get("/inbox/list/")
    assert first.status_code == 200
    seen = re.search(r"seen=(\w+)", first.content.decode()).group(1)
    assert client.get("/inbox/list/", {"seen": seen}).status_code == 204
    newcomer = arrive(cast.channel, "My appointment letter has the wrong date")
    changed = client.get("/inbox/list/", {"seen": seen})
    assert changed.status_code == 200 and listed(changed, newcomer.conversation)


def test_the_conversation_poll_sends_only_what_changed(cast):
    convo = cast.conversation
    client = signed_in("officer")
    page = client.get(f"/inbox/{convo.pk}/").content.decode()
    poll = re.search(r'hx-get="(/inbox/\d+/live/[^"]+)"', page).group(1).replace("&amp;", "&")
    quiet = client.get(poll).content.decode()
    assert f'id="messages-{convo.pk}"' not in quiet and f'id="summary-{convo.pk}"' not in quiet
    arrive(cast.channel, "Also, is it free on Sundays?", thread=convo.thread_key)
    busy = client.get(poll).content.decode()
    assert f'id="messages-{convo.pk}" hx-swap-oob' in busy and "free on Sundays" in busy


def test_a_colleague_replying_is_shown_to_others_not_to_themselves(cast):
    priya = get_user_model().objects.create_user(
        username="priya", password=CAST_PASSWORD, first_name="Priya", last_name="Shah"
    )
    Membership.objects.create(user=priya, organisation=cast.organisation, role=Role.OFFICER)
    convo = cast.conversation
    assert signed_in("priya").post(f"/inbox/{convo.pk}/replying/").status_code == 204
    assert (
        "Priya Shah is replying" in signed_in("officer").get(f"/inbox/{convo.pk}/").content.decode()
    )
    assert "Priya Shah is replying" in signed_in("officer").get("/inbox/").content.decode()
    assert "is replying" not in signed_in("priya").get(f"/inbox/{convo.pk}/").content.decode()
    Replying.objects.update(until=timezone.now() - timedelta(seconds=1))  # the mark lapses
    assert "is replying" not in signed_in("officer").get(f"/inbox/{convo.pk}/").content.decode()


def test_sending_the_reply_clears_the_mark_and_a_viewer_cannot_mark(cast):
    convo = cast.conversation
    presence.mark(convo, cast.officer)
    signed_in("officer").post(f"/inbox/{convo.pk}/reply/", {"text": "Follow the blue signs."})
    assert not Replying.objects.exists()
    assert signed_in("viewer").post(f"/inbox/{convo.pk}/replying/").status_code == 403
    assert signed_in("contributor").post(f"/inbox/{convo.pk}/replying/").status_code == 404


def test_the_conversation_is_a_whole_page_or_its_panes_alone_for_the_list(cast):
    client = signed_in("officer")
    whole = client.get(f"/inbox/{cast.conversation.pk}/").content.decode()
    assert 'id="conversation-list"' in whole and 'id="panes"' in whole and "<html" in whole
    panes = client.get(f"/inbox/{cast.conversation.pk}/", headers={"HX-Request": "true"})
    assert 'id="panes"' in panes.content.decode()
    assert 'id="conversation-list"' not in panes.content.decode()
    assert panes["HX-Push-Url"] == f"/inbox/{cast.conversation.pk}/"
    restore = client.get(
        f"/inbox/{cast.conversation.pk}/",
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )
    assert 'id="conversation-list"' in restore.content.decode()
