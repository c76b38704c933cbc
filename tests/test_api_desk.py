"""Accounts, saved searches and the report summary through the API."""

from sociable.channels.models import ChannelStatus
from sociable.inbox.models import Direction, Message
from tests.inbox_support import arrive
from tests.test_api_support import api


def test_accounts_are_listed_with_their_status_and_no_credentials(cast):
    cast.channel.status = ChannelStatus.NEEDS_RECONNECT
    cast.channel.credentials = {"access_token": "very-secret-token"}
    cast.channel.save()
    response = api(cast.officer).get("/api/channels")
    assert response.status_code == 200
    rows = {row["handle"]: row for row in response.json()["results"]}
    assert set(rows) == {"@NorthshireNHS", "@NorthshireMaternity"}
    assert rows["@NorthshireNHS"]["status"] == "needs_reconnect"
    assert "very-secret-token" not in response.content.decode()


def test_a_contributor_sees_their_teams_accounts(cast):
    rows = api(cast.contributor).get("/api/channels").json()["results"]
    assert [row["handle"] for row in rows] == ["@NorthshireMaternity"]
    assert api(cast.contributor).get(f"/api/channels/{cast.channel.pk}").status_code == 404


def test_saved_searches_are_listed_with_their_terms(cast):
    from sociable.listening.models import SavedSearch

    SavedSearch.objects.create(
        organisation=cast.organisation,
        name="Parking",
        keywords="car park\nparking",
        hashtags="#Northshire",
    )
    SavedSearch.objects.create(
        organisation=cast.other_organisation, name="Theirs", keywords="hospice"
    )
    response = api(cast.officer).get("/api/searches")
    assert response.status_code == 200
    [search] = response.json()["results"]
    assert search["name"] == "Parking"
    assert search["keywords"] == ["car park", "parking"]
    assert search["hashtags"] == ["#Northshire"]


def test_the_report_summary_counts_by_route_and_times_first_responses(cast):
    complaint = arrive(
        cast.channel, "Waited four hours in A&E, this is a disgrace", when="2026-11-25 10:00"
    )
    Message.objects.create(
        conversation=complaint.conversation,
        channel=cast.channel,
        direction=Direction.OUTBOUND,
        network_id="reply-1",
        text="Sorry to hear this",
        sent_at=complaint.sent_at.replace(hour=complaint.sent_at.hour + 1),
        author=cast.officer,
        delivery="sent",
    )
    response = api(cast.viewer).get("/api/reports/summary", since="2026-11-23", until="2026-11-29")
    assert response.status_code == 200, response.content
    summary = response.json()
    route = complaint.route
    [row] = [r for r in summary["by_route"] if r["route"] == route]
    assert row["inbound_messages"] == 1 and row["answered"] == 1
    assert row["median_minutes"] == 60.0
    assert summary["replies_sent"] == 1 and summary["inbound_messages"] == 1


def test_a_report_period_that_makes_no_sense_is_a_400(cast):
    client = api(cast.viewer)
    backwards = client.get("/api/reports/summary", since="2026-11-29", until="2026-11-01")
    assert backwards.status_code == 400
    too_long = client.get("/api/reports/summary", since="2024-01-01", until="2026-01-01")
    assert too_long.status_code == 400 and "366" in too_long.json()["detail"]
    assert client.get("/api/reports/summary", since="yesterday").status_code == 400
