"""The listening pages: saved searches with validated forms, and a dashboard whose charts each
have a text alternative and a data table."""

import re

import pytest
from django.test import Client

from sociable.listening import searches
from sociable.listening.models import SavedSearch, SearchKind, SearchSource
from sociable.listening.running import run_source
from tests.conftest import CAST_PASSWORD, verified


def signed_in(user):
    client = Client()
    assert client.login(username=user.username, password=CAST_PASSWORD)
    return verified(client)


def demo_search(cast, **fields):
    search = SavedSearch(
        organisation=cast.organisation,
        name=fields.pop("name", "Northshire"),
        **{"keywords": "Northshire", **fields},
    )
    searches.save(search, [cast.channel], cast.officer)
    for source in SearchSource.objects.filter(search=search):
        run_source(source)
    return search


@pytest.mark.django_db
def test_an_officer_creates_a_campaign_search_for_a_hashtag(cast):
    response = signed_in(cast.officer).post(
        "/listening/new/",
        {
            "name": "Nurses Day",
            "kind": "campaign",
            "hashtags": "NursesDay",
            "channels": [cast.channel.pk],
            "signal_rises": 3,
            "signal_floor": 5,
            "active": "on",
        },
    )
    search = SavedSearch.objects.get(organisation=cast.organisation, name="Nurses Day")
    assert response.status_code == 302
    assert search.hashtags == "#NursesDay"
    assert search.kind == SearchKind.CAMPAIGN
    assert search.sources.get().channel == cast.channel


@pytest.mark.django_db
def test_an_invalid_search_is_explained_in_an_error_summary(cast):
    response = signed_in(cast.officer).post(
        "/listening/new/",
        {
            "name": "Empty",
            "kind": "campaign",
            "feed_urls": "not a web address",
            "alert_emails": "nobody",
            "signal_rises": 3,
            "signal_floor": 5,
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "A campaign search needs the campaign&#x27;s hashtag." in page
    assert "Enter each feed as a web address" in page
    assert "Enter e-mail addresses like name@nhs.net" in page
    assert not SavedSearch.objects.filter(name="Empty").exists()


@pytest.mark.django_db
def test_a_search_name_is_unique_within_the_organisation(cast):
    demo_search(cast, name="Northshire")
    response = signed_in(cast.officer).post(
        "/listening/new/",
        {
            "name": "northshire",
            "kind": "topic",
            "keywords": "Northshire",
            "channels": [cast.channel.pk],
            "signal_rises": 3,
            "signal_floor": 5,
        },
    )
    assert "You already have a search with this name." in response.content.decode()


@pytest.mark.django_db
def test_the_dashboard_shows_volume_sentiment_authors_terms_reach_and_impressions(cast):
    search = demo_search(cast, exclusions="Northshire FC")
    page = signed_in(cast.contributor).get(f"/listening/{search.pk}/").content.decode()
    assert "Volume over time" in page
    assert "Mentions by sentiment" in page
    assert "Top authors" in page and "Northshire Gazette" in page
    assert "Top terms" in page and '<th scope="row">general</th>' in page
    assert "Potential reach" in page
    assert re.search(r'data-testid="impressions">[\d,]+ <span', page)


@pytest.mark.django_db
def test_every_chart_has_a_text_alternative_and_a_data_table(cast):
    search = demo_search(cast, name="Symptoms", kind=SearchKind.SYMPTOMS, keywords="")
    page = signed_in(cast.officer).get(f"/listening/{search.pk}/").content.decode()
    charts = re.findall(r'<svg role="img" aria-label="([^"]+)"', page)
    assert len(charts) == 3  # per day, per week, sentiment
    assert all("table" in label for label in charts)
    for caption in ("Mentions per day", "Mentions per week", "Mentions by sentiment"):
        assert f">{caption}</caption>" in page


@pytest.mark.django_db
def test_the_listening_page_lists_searches_with_their_recent_volume(cast):
    demo_search(
        cast, name="Campaigns", kind=SearchKind.CAMPAIGN, keywords="", hashtags="#NursesDay"
    )
    page = signed_in(cast.officer).get("/listening/").content.decode()
    assert "Campaigns" in page
    assert re.search(r'numeric">\s*[1-9]\d*\s*</td>', page)


@pytest.mark.django_db
def test_run_now_makes_every_source_of_the_search_due(cast):
    search = demo_search(cast)
    client = signed_in(cast.officer)
    client.post(f"/listening/{search.pk}/run/")
    from sociable.listening.running import claim_due_sources

    assert claim_due_sources() == list(search.sources.values_list("pk", flat=True))


@pytest.mark.django_db
def test_the_listening_page_counts_each_search_in_one_query_however_many_there_are(cast):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from sociable.listening.models import Mention

    client = signed_in(cast.officer)
    first = demo_search(
        cast, name="First", kind=SearchKind.CAMPAIGN, keywords="", hashtags="#NursesDay"
    )
    SearchSource.objects.filter(search=first).update(last_error="Timed out")
    with CaptureQueriesContext(connection) as one:
        client.get("/listening/")
    for n in range(5):
        demo_search(cast, name=f"Search {n}", keywords=f"nothing-matches-{n}")
    with CaptureQueriesContext(connection) as six:
        page = client.get("/listening/").content.decode()
    assert len(six.captured_queries) == len(one.captured_queries)
    sources = SearchSource.objects.filter(search=first).count()
    week = Mention.objects.filter(
        search=first, posted_at__gte=timezone.now() - timezone.timedelta(days=7)
    ).count()
    row = page[page.index(">First</a>") :].split("</tr>")[0]
    assert re.search(rf'numeric">\s*{week}\s*</td>', row)
    assert f"{sources} source{'s' if sources != 1 else ''} failing" in row
