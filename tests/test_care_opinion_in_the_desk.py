"""Care Opinion in the desk, against the replayed API (tests/networks/recordings/careopinion):
stories arrive in the inbox as feedback to respond to, triaged; a response written on the
conversation page is posted back through the adapter; a saved search listens to Care Opinion;
and a story is never answered automatically."""

import pytest
from django.test import Client

from sociable.channels import polling
from sociable.channels.models import Channel
from sociable.inbox.models import Conversation, Direction, Message
from sociable.listening import searches
from sociable.listening.models import Mention, SavedSearch, SearchSource
from sociable.listening.running import run_source
from tests.conftest import CAST_PASSWORD
from tests.networks.replay import ReplayServer

KEY = "co-subscription-key-0001-ZZ9PluralZAlpha"


@pytest.fixture
def care_opinion(monkeypatch):
    monkeypatch.setenv("SOCIABLE_ALLOW_PRIVATE_HOSTS", "127.0.0.1")
    server = ReplayServer("careopinion").start()
    yield server
    server.stop()


@pytest.fixture
def stories_channel(cast, care_opinion):
    channel = Channel(
        organisation=cast.organisation,
        team=cast.comms,
        network="careopinion",
        handle="Northshire on Care Opinion",
        options={"api_base": care_opinion.url, "timeout": 2, "retries": 1, "retry_backoff": 0},
    )
    channel.credentials = {"subscription_key": KEY}
    channel.save()
    return channel


@pytest.mark.django_db
def test_stories_arrive_in_the_inbox_as_triaged_feedback(stories_channel, care_opinion):
    assert polling.poll(stories_channel) == 2
    story = Message.objects.get(channel=stories_channel, network_id="1384255")
    assert story.kind == "review"
    assert story.text.startswith("Long wait in the children's emergency department")
    assert story.route == "complaint"
    assert story.conversation.thread_key == "careopinion:1384255"
    praise = Message.objects.get(channel=stories_channel, network_id="1384201")
    assert praise.route == "praise"
    auth = care_opinion.received("GET", "/api/v2/opinions")[0].headers["Authorization"]
    assert auth == f"SUBSCRIPTION_KEY {KEY}"


@pytest.mark.django_db
def test_a_later_poll_adds_only_the_new_story(stories_channel):
    polling.poll(stories_channel)
    stories_channel.refresh_from_db()
    assert polling.poll(stories_channel) == 1
    assert Message.objects.filter(channel=stories_channel).count() == 3
    assert Conversation.objects.filter(channel=stories_channel).count() == 3


@pytest.mark.django_db
def test_a_response_written_in_the_desk_is_posted_to_the_story(cast, stories_channel, care_opinion):
    polling.poll(stories_channel)
    conversation = Conversation.objects.get(thread_key="careopinion:1384255")
    client = Client()
    assert client.login(username=cast.officer.username, password=CAST_PASSWORD)
    client.post(
        f"/inbox/{conversation.pk}/reply/",
        {
            "text": "Thank you for telling us. We are sorry for the wait; please contact PALS so "
            "we can look into it with you."
        },
    )
    posted = care_opinion.received("POST", "/api/v2/opinions/1384255/responses")
    response = Message.objects.get(conversation=conversation, direction=Direction.OUTBOUND)
    assert len(posted) == 1
    assert posted[0].json()["body"].startswith("Thank you for telling us.")
    assert response.delivery == "sent"
    assert response.network_id == "912877"


@pytest.mark.django_db
def test_a_story_is_never_answered_automatically_out_of_hours(cast, stories_channel, care_opinion):
    cast.organisation.staffed_hours = {"weekly": {}}  # never staffed: always out of hours
    cast.organisation.save()
    stories_channel.refresh_from_db()
    polling.poll(stories_channel)
    assert care_opinion.received("POST") == []
    assert not Message.objects.filter(channel=stories_channel, direction=Direction.OUTBOUND)


@pytest.mark.django_db
def test_a_saved_search_listens_to_care_opinion(cast, stories_channel, care_opinion):
    search = searches.save(
        SavedSearch(organisation=cast.organisation, name="Ward 7", keywords="ward 7"),
        [stories_channel],
        cast.officer,
    )
    for source in SearchSource.objects.filter(search=search):
        run_source(source)
    mention = Mention.objects.get(search=search)
    assert mention.network == "careopinion"
    assert mention.network_id == "1384201"
    assert mention.sentiment == "positive"
    searched = [r for r in care_opinion.received("GET") if r.path == "/api/v2/opinions"]
    assert searched[-1].query["q"] == ['"ward 7"']
