"""Posts through the API: create with accounts, schedule, approve (never one's own), read with
each account's publishing status."""

from datetime import timedelta

from django.utils import timezone

from sociable.publishing.models import Post, PostStatus, TargetStatus
from tests.test_api_support import api

SOON = (timezone.now() + timedelta(days=2)).replace(microsecond=0)


def draft(client, channel, **fields):
    body = {
        "text": "Flu jabs for staff all week in the atrium",
        "targets": [{"channel": channel.pk}],
        **fields,
    }
    response = client.post("/api/posts", body)
    assert response.status_code == 201, response.content
    return response.json()


def test_a_post_is_created_as_a_draft_for_its_accounts(cast):
    created = draft(api(cast.officer), cast.channel, campaign="#FluFighter")
    post = Post.objects.get(pk=created["id"])
    assert post.status == PostStatus.DRAFT and post.author == cast.officer
    assert [t["channel"]["id"] for t in created["targets"]] == [cast.channel.pk]
    assert created["targets"][0]["status"] == TargetStatus.DRAFT


def test_a_post_to_an_account_you_cannot_use_is_a_400(cast):
    response = api(cast.contributor).post(
        "/api/posts", {"text": "Hello", "targets": [{"channel": cast.channel.pk}]}
    )
    assert response.status_code == 400
    assert "cannot post" in response.json()["detail"]
    response = api(cast.admin).post(
        "/api/posts", {"text": "Hello", "targets": [{"channel": cast.other_channel.pk}]}
    )
    assert response.status_code == 400


def test_a_post_without_accounts_or_text_is_a_400_naming_the_fields(cast):
    response = api(cast.officer).post("/api/posts", {"text": "", "targets": []})
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"text", "targets"}


def test_an_officer_schedules_their_own_post(cast):
    client = api(cast.officer)
    created = draft(client, cast.channel)
    response = client.post(
        f"/api/posts/{created['id']}/schedule", {"scheduled_at": SOON.isoformat()}
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == PostStatus.APPROVED
    assert response.json()["targets"][0]["status"] == TargetStatus.SCHEDULED


def test_a_contributors_post_goes_for_approval_and_an_officer_approves_it(cast):
    created = draft(api(cast.contributor), cast.maternity_channel)
    sent = api(cast.contributor).post(
        f"/api/posts/{created['id']}/schedule", {"scheduled_at": SOON.isoformat()}
    )
    assert sent.json()["status"] == PostStatus.SUBMITTED
    approved = api(cast.officer).post(f"/api/posts/{created['id']}/approve")
    assert approved.status_code == 200, approved.content
    assert approved.json()["status"] == PostStatus.APPROVED
    assert approved.json()["reviewed_by"]["username"] == "officer"


def test_nobody_approves_their_own_post(cast):
    client = api(cast.officer)
    created = draft(client, cast.channel, scheduled_at=SOON.isoformat())
    response = client.post(f"/api/posts/{created['id']}/approve")
    assert response.status_code == 403
    assert "own" in response.json()["detail"]
    assert Post.objects.get(pk=created["id"]).status == PostStatus.DRAFT


def test_a_contributor_cannot_approve(cast):
    created = draft(api(cast.officer), cast.channel, scheduled_at=SOON.isoformat())
    assert api(cast.contributor).post(f"/api/posts/{created['id']}/approve").status_code == 403


def test_a_post_with_patient_details_is_refused_with_422_and_the_findings(cast):
    client = api(cast.officer)
    created = draft(client, cast.channel, text="Get well soon Mrs Jones, NHS number 943 476 5919")
    response = client.post(
        f"/api/posts/{created['id']}/schedule", {"scheduled_at": SOON.isoformat()}
    )
    assert response.status_code == 422
    assert response.json()["findings"]
    assert Post.objects.get(pk=created["id"]).status == PostStatus.DRAFT


def test_scheduling_without_a_time_says_what_is_missing(cast):
    client = api(cast.officer)
    created = draft(client, cast.channel)
    response = client.post(f"/api/posts/{created['id']}/schedule")
    assert response.status_code == 422
    assert "Choose when" in " ".join(response.json()["problems"])


def test_a_time_in_the_past_is_a_400(cast):
    client = api(cast.officer)
    created = draft(client, cast.channel)
    response = client.post(
        f"/api/posts/{created['id']}/schedule", {"scheduled_at": "2020-01-01T09:00:00Z"}
    )
    assert response.status_code == 400


def test_a_contributor_lists_only_their_own_posts(cast):
    draft(api(cast.contributor), cast.maternity_channel)
    mine = api(cast.contributor).get("/api/posts").json()["results"]
    assert [p["author"]["username"] for p in mine] == ["contributor"]
    assert api(cast.contributor).get(f"/api/posts/{cast.post.pk}").status_code == 404


def test_a_post_shows_each_accounts_publishing_status(cast):
    response = api(cast.admin).get(f"/api/posts/{cast.post.pk}")
    assert response.status_code == 200
    [target] = response.json()["targets"]
    assert target["channel"]["handle"] == "@NorthshireNHS"
    assert target["status"] == TargetStatus.DRAFT
    assert api(cast.outsider).get(f"/api/posts/{cast.post.pk}").status_code == 404
