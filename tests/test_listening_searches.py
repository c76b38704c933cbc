"""Saved searches run through the networks' search: each mention stored once, triaged, with its
author's audience; urgent ones reach the inbox and the on-call list."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from sociable.channels.models import Channel, ChannelStatus
from sociable.inbox.models import Alert, Message
from sociable.listening import running, searches
from sociable.listening.models import Mention, SavedSearch, SearchKind, SearchSource
from sociable.networks.base import Author, InboundItem, NetworkError


def saved_search(cast, channels=None, **fields):
    search = SavedSearch(
        organisation=cast.organisation,
        name=fields.pop("name", "Northshire"),
        **{"keywords": "Northshire", **fields},
    )
    return searches.save(search, channels if channels is not None else [cast.channel], cast.officer)


def run_all(search):
    found = []
    for source in SearchSource.objects.filter(search=search).select_related("search", "channel"):
        found += running.run_source(source)
    return found


@pytest.mark.django_db
def test_a_saved_search_finds_demo_posts_and_stores_each_once(cast):
    search = saved_search(cast)
    first = run_all(search)
    SearchSource.objects.filter(search=search).update(cursor={})  # as if the cursor were lost
    again = run_all(search)
    assert len(first) > 20
    assert again == []
    assert Mention.objects.filter(search=search).count() == len(first)


@pytest.mark.django_db
def test_the_same_post_found_on_two_accounts_is_stored_once(cast):
    search = saved_search(cast, channels=[cast.channel, cast.maternity_channel])
    run_all(search)
    ids = list(Mention.objects.filter(search=search).values_list("network_id", flat=True))
    assert len(ids) == len(set(ids)) > 0


@pytest.mark.django_db
def test_mentions_are_triaged_with_author_audience_impressions_and_language(cast):
    search = saved_search(cast, keywords="car park barrier")
    run_all(search)
    mention = Mention.objects.get(search=search)
    assert mention.route == "complaint"
    assert mention.sentiment == "negative"
    assert mention.author_handle == "@ameliawatts"
    assert mention.author_followers == 204
    assert mention.impressions == 700
    assert mention.language == "en"
    assert mention.url.startswith("https://demo.invalid/")


@pytest.mark.django_db
def test_exclusions_leave_posts_out(cast):
    search = saved_search(cast, exclusions="Northshire FC")
    run_all(search)
    assert not Mention.objects.filter(search=search, text__contains="county cup").exists()


@pytest.mark.django_db
def test_the_language_filter_keeps_only_posts_in_that_language(cast):
    search = saved_search(cast, language="cy")
    run_all(search)
    texts = list(Mention.objects.filter(search=search).values_list("text", flat=True))
    assert texts and all("Ysbyty" in text or "Diolch" in text for text in texts)


@pytest.mark.django_db
def test_a_campaign_search_tracks_its_hashtags(cast):
    search = saved_search(
        cast,
        name="Campaigns",
        kind=SearchKind.CAMPAIGN,
        keywords="",
        hashtags="#HelloMyNameIs\n#NursesDay",
    )
    run_all(search)
    texts = Mention.objects.filter(search=search).values_list("text", flat=True)
    assert len(texts) == 15
    assert all("#hellomynameis" in t.lower() or "#nursesday" in t.lower() for t in texts)


@pytest.mark.django_db
def test_a_crisis_mention_goes_to_the_inbox_and_alerts_the_on_call_list(cast, smtp_server):
    cast.organisation.on_call_emails = "oncall@northshire.example"
    cast.organisation.save()
    search = saved_search(cast, keywords="sent me home again")
    run_all(search)
    mention = Mention.objects.get(search=search)
    assert mention.route == "crisis"
    assert mention.escalated is not None
    message = Message.objects.get(pk=mention.escalated_id)
    assert message.kind == "listening"
    assert Alert.objects.filter(message=message).exists()
    assert smtp_server.wait_for(1)[0].rcpt_tos == ["oncall@northshire.example"]


@pytest.mark.django_db
def test_an_urgent_mention_already_in_the_inbox_is_not_raised_twice(cast, smtp_server):
    first = saved_search(cast, name="First", keywords="sent me home again")
    second = saved_search(cast, name="Second", keywords="end it")
    run_all(first)
    run_all(second)
    assert Message.objects.filter(network_id__startswith="listen-").count() == 1
    assert Mention.objects.filter(escalated__isnull=False).count() == 2


@pytest.mark.django_db
def test_a_failing_network_keeps_the_cursor_and_says_why(cast, monkeypatch):
    search = saved_search(cast, keywords="Northshire\nnorovirus")
    source = SearchSource.objects.get(search=search)
    calls = []

    class Flaky:
        def search(self, query, cursor):
            calls.append(query)
            if query == "norovirus":
                raise NetworkError("rate limited", retry_after=120)
            from sociable.networks.base import InboundBatch

            item = InboundItem(
                network_id="n1",
                kind="mention",
                text="Northshire is great",
                author=Author("a", "@a"),
                created_at=datetime.now(UTC),
                thread_key="t",
            )
            return InboundBatch(items=[item], cursor={"seen": ["n1"]})

    monkeypatch.setattr(running, "adapter_of", lambda channel: Flaky())
    now = timezone.now()
    found = running.run_source(source, now=now)
    source.refresh_from_db()
    assert [m.network_id for m in found] == ["n1"]
    assert source.cursor == {"Northshire": {"seen": ["n1"]}}
    assert "rate limited" in source.last_error
    assert source.next_run_at >= now + timedelta(seconds=119)


@pytest.mark.django_db
def test_a_due_source_is_claimed_by_one_worker_only(cast):
    saved_search(cast)
    first = running.claim_due_sources()
    second = running.claim_due_sources()
    assert len(first) == 1
    assert second == []


@pytest.mark.django_db
def test_sources_on_accounts_that_need_reconnecting_are_not_run(cast):
    saved_search(cast)
    Channel.objects.filter(pk=cast.channel.pk).update(status=ChannelStatus.NEEDS_RECONNECT)
    assert running.claim_due_sources() == []


@pytest.mark.django_db
def test_changing_a_search_adds_and_removes_its_sources(cast):
    search = saved_search(cast)
    search.feed_urls = "https://news.example/feed.xml"
    searches.save(search, [cast.maternity_channel], cast.officer)
    sources = {(s.channel_id, s.feed_url) for s in search.sources.all()}
    assert sources == {(cast.maternity_channel.pk, ""), (None, "https://news.example/feed.xml")}


@pytest.mark.django_db
def test_only_accounts_whose_network_can_search_are_offered(cast):
    facebook = Channel.objects.create(
        organisation=cast.organisation,
        team=cast.comms,
        network="facebook",
        handle="Northshire Hospitals",
    )
    offered = set(searches.searchable_channels(cast.organisation))
    assert cast.channel in offered
    assert facebook not in offered
