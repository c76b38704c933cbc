"""Google Business Profile: reviews come in as review items with their star rating and are
triaged like any message (a review with a crisis wording raises the crisis alert through the
real polling and ingest path); replies are given, replaced and deleted; local posts (updates
and events); the location's rating."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta

import pytest

from sociable.networks.base import Draft, Media, NetworkError, Unsupported

from . import specs
from .harnesses import GBP_LOCATION, HARNESSES
from .replay import RECORDINGS, Exchange, Received

CRISIS = "I've taken all my tablets tonight, I just want it to stop"


@pytest.fixture
def gbp(replay):
    server = replay("google_business")
    yield server, HARNESSES["google_business"].make(server)
    problems = [p for r in server.requests for p in specs.check_request("google_business", r)]
    assert not problems, "\n".join(problems)


def _reviews(server, *reviews):
    server.exchanges = [e for e in server.exchanges if not e.name.startswith("reviews")]
    server.exchanges.insert(
        0,
        Exchange(
            "reviews-test",
            "GET",
            f"/v4/{GBP_LOCATION}/reviews",
            None,
            {},
            1,
            {
                "status": 200,
                "json": {"reviews": list(reviews), "averageRating": 3.1, "totalReviewCount": 12},
            },
        ),
    )


def _review(rid, stars, comment, name="Sam Jones"):
    return {
        "name": f"{GBP_LOCATION}/reviews/{rid}",
        "reviewId": rid,
        "reviewer": {"displayName": name, "isAnonymous": False},
        "starRating": stars,
        "comment": comment,
        "createTime": "2026-03-02T10:00:00Z",
        "updateTime": "2026-03-02T10:00:00Z",
    }


def test_reviews_are_review_items_that_show_their_star_rating(gbp):
    server, adapter = gbp
    items = {i.network_id.rsplit("/", 1)[-1]: i for i in adapter.fetch_inbound({}).items}
    two = items["AbFvOqm0202"]
    assert two.kind == "review" and two.author.handle == "Mark Doyle"
    assert two.text.startswith("★★☆☆☆ 2 of 5\nWaited three hours")
    assert two.extra["star_rating"] == 2 and two.extra["location"] == (
        "Northshire General Hospital"
    )
    assert items["AbFvOqm0101"].extra["reply"].startswith("Thank you Helen")
    stars_only = items["AbFvOqm0250"]
    assert stars_only.text == "★☆☆☆☆ 1 of 5 (no written review)"
    assert stars_only.author.handle == "A Google user"  # anonymous reviewers stay anonymous


def test_a_reply_is_given_replaced_and_deleted(gbp):
    server, adapter = gbp
    review = f"{GBP_LOCATION}/reviews/AbFvOqm0202"
    published = adapter.reply(Draft(text="We are sorry for the wait.", in_reply_to=review))
    assert published.network_id == f"{review}/reply"
    adapter.update_reply(
        Draft(text="We are sorry. Please contact PALS.", in_reply_to=published.network_id)
    )
    puts = server.received("PUT", "/reply")
    assert [p.json() for p in puts] == [
        {"comment": "We are sorry for the wait."},
        {"comment": "We are sorry. Please contact PALS."},
    ]
    adapter.delete(published.network_id)
    assert server.received("DELETE", "/reviews/AbFvOqm0202/reply")
    with pytest.raises(NetworkError):  # another location's review is not answered from here
        adapter.reply(Draft(text="Hi", in_reply_to="accounts/1/locations/2/reviews/x"))


def test_reviews_cannot_be_hidden_or_deleted_and_the_desk_is_told_what_to_do(gbp):
    server, adapter = gbp
    with pytest.raises(Unsupported) as hidden:
        adapter.hide(f"{GBP_LOCATION}/reviews/AbFvOqm0202")
    assert "Report it in the Business Profile" in str(hidden.value)
    with pytest.raises(Unsupported) as deleted:
        adapter.delete(f"{GBP_LOCATION}/reviews/AbFvOqm0202")
    assert "reported for removal" in str(deleted.value)
    assert not server.requests


def test_a_local_post_update_and_an_event_with_a_photo(gbp):
    server, adapter = gbp
    adapter.publish(Draft(text="Flu clinics all week"))
    start = datetime(2026, 3, 9, 9, 30, tzinfo=UTC)
    adapter.publish(
        Draft(
            text="Come to our open day",
            title="Maternity open day",
            event_start=start,
            event_end=start + timedelta(hours=6),
            media=(
                Media(
                    filename="unit.jpg",
                    content_type="image/jpeg",
                    data=b"jpg",
                    alt_text="The new birth centre",
                    url="https://sociable.northshire.example/m/unit.jpg",
                ),
            ),
        )
    )
    update, event = (r.json() for r in server.received("POST", "/localPosts"))
    assert update == {
        "languageCode": "en-GB",
        "summary": "Flu clinics all week",
        "topicType": "STANDARD",
    }
    assert event["topicType"] == "EVENT" and event["event"]["title"] == "Maternity open day"
    assert event["event"]["schedule"]["startDate"] == {"year": 2026, "month": 3, "day": 9}
    assert event["event"]["schedule"]["endTime"]["hours"] == 15
    assert event["media"] == [
        {
            "mediaFormat": "PHOTO",
            "description": "The new birth centre",
            "sourceUrl": "https://sociable.northshire.example/m/unit.jpg",
        }
    ]
    with pytest.raises(NetworkError):
        adapter.publish(Draft(text="x" * 1501))


def test_the_locations_rating_for_reports(gbp):
    server, adapter = gbp
    assert adapter.metrics(GBP_LOCATION) == {"average_rating_x100": 430, "reviews": 87}
    with pytest.raises(Unsupported):
        adapter.metrics(f"{GBP_LOCATION}/localPosts/7311200000000000001")


@pytest.mark.django_db
def test_a_review_with_a_crisis_wording_raises_the_crisis_alert_through_polling(
    gbp, cast, smtp_server
):
    from sociable.channels.models import Channel
    from sociable.channels.polling import poll
    from sociable.inbox.models import Alert, Message

    server, _ = gbp
    cast.organisation.on_call_emails = "oncall@northshire.example"
    cast.organisation.save()
    _reviews(
        server,
        _review("AbCrisis0001", "ONE", CRISIS, "Jo Bell"),
        _review("AbOrdinary02", "FOUR", "Friendly reception staff, short wait."),
    )
    channel = Channel.objects.create(
        organisation=cast.organisation,
        team=cast.comms,
        network="google_business",
        handle="Northshire General Hospital",
        options={**HARNESSES["google_business"].options(server.url)},
    )
    channel.credentials = HARNESSES["google_business"].credentials
    channel.save()
    assert poll(channel) == 2
    crisis = Message.objects.get(network_id=f"{GBP_LOCATION}/reviews/AbCrisis0001")
    assert crisis.kind == "review" and crisis.route == "crisis"
    assert crisis.text.startswith("★☆☆☆☆ 1 of 5")
    assert Alert.objects.filter(message=crisis).exists()
    assert not Alert.objects.exclude(message=crisis).exists()
    [envelope] = smtp_server.wait_for(1)
    assert re.search(r"/inbox/\d+/", envelope.content.decode())


RESPONSES = {
    "reviews.json": "ListReviewsResponse",
    "reviews_later.json": "ListReviewsResponse",
    "reviews_summary.json": "ListReviewsResponse",
    "reply_put.json": "ReviewReply",
    "local_post_create.json": "LocalPost",
}


def test_every_business_profile_recording_uses_only_documented_fields():
    for recording in sorted((RECORDINGS / "google_business").glob("*.json")):
        body = json.loads(recording.read_text("utf-8"))["response"]["json"]
        if recording.name not in RESPONSES:
            assert body == {}, recording.name  # deletions answer with an empty object
            continue
        problems = specs.gbp_resource_problems(RESPONSES[recording.name], body)
        assert not problems, f"{recording.name}: {problems}"


@pytest.mark.parametrize(
    "received, wrong",
    [
        (Received("GET", f"/v4/{GBP_LOCATION}/reviews", {"orderBy": ["stars"]}, {}, b""), "stars"),
        (Received("GET", f"/v4/{GBP_LOCATION}/reviews", {"mood": ["x"]}, {}, b""), "mood"),
        (
            Received(
                "PUT",
                f"/v4/{GBP_LOCATION}/reviews/x/reply",
                {},
                {},
                b'{"comment": "Thanks", "signature": "Comms"}',
            ),
            "signature",
        ),
        (
            Received(
                "POST",
                f"/v4/{GBP_LOCATION}/localPosts",
                {},
                {},
                b'{"summary": "Hi", "topicType": "NEWS"}',
            ),
            "NEWS",
        ),
        (Received("POST", f"/v4/{GBP_LOCATION}/reviews/x/hide", {}, {}, b""), "no such"),
    ],
    ids=[
        "unknown-order",
        "made-up-parameter",
        "made-up-reply-field",
        "unknown-topic",
        "made-up-method",
    ],
)
def test_the_checker_refuses_what_the_business_profile_api_does_not_define(received, wrong):
    problems = specs.check_request("google_business", received)
    assert any(wrong in p for p in problems), problems
