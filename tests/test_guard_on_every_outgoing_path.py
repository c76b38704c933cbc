"""The same confidentiality guard runs on every way text leaves the desk: inbox replies (the
reply view), posts (composer services), saved replies (settings form) and the API."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from sociable.accounts.models import Membership
from sociable.inbox import saved_replies
from sociable.inbox.models import Message, SavedReply
from sociable.publishing import posts
from sociable.publishing.models import Post, PostStatus, PostTarget
from tests.conftest import CAST_PASSWORD
from tests.inbox_support import arrive
from tests.test_api_support import api

LEAK = "Thanks for asking. Margaret Thompson on Ward 7 is recovering after her hip operation."


def member(cast, user):
    return Membership.objects.get(user=user, organisation=cast.organisation)


def test_a_reply_naming_a_patient_after_a_thank_you_is_blocked_in_the_desk(cast):
    conversation = arrive(cast.channel, "How is Margaret on Ward 7 doing?").conversation
    client = Client()
    client.login(username="officer", password=CAST_PASSWORD)
    page = client.post(f"/inbox/{conversation.pk}/reply/", {"text": LEAK})
    assert page.status_code == 200
    assert b"Not sent: patient-identifiable information" in page.content
    assert b"Margaret Thompson" in page.content
    assert not Message.objects.filter(conversation=conversation, direction="out").exists()


def test_a_reply_telling_a_named_person_their_results_in_public_is_blocked(cast):
    conversation = arrive(cast.channel, "Any news on my bloods?", name="Sarah Hill").conversation
    client = Client()
    client.login(username="officer", password=CAST_PASSWORD)
    page = client.post(
        f"/inbox/{conversation.pk}/reply/", {"text": "Hi Sarah, your blood results are normal"}
    )
    assert b"Not sent: patient-identifiable information" in page.content
    assert not Message.objects.filter(conversation=conversation, direction="out").exists()


def test_the_organisations_pals_contacts_in_a_reply_are_sent(cast):
    cast.organisation.pals_phone = "01632 960000"
    cast.organisation.pals_email = "pals@northshire.example"
    cast.organisation.save()
    conversation = arrive(cast.channel, "Who do I complain to?", name="Jo Bloggs").conversation
    client = Client()
    client.login(username="officer", password=CAST_PASSWORD)
    client.post(
        f"/inbox/{conversation.pk}/reply/",
        {"text": "Hi Jo, please call PALS on 01632 960000 or email pals@northshire.example"},
    )
    assert Message.objects.get(conversation=conversation, direction="out").delivery == "sent"


def test_a_post_naming_a_patient_after_a_thank_you_is_refused(cast):
    post = Post.objects.create(
        organisation=cast.organisation,
        author=cast.contributor,
        text=LEAK,
        scheduled_at=timezone.now() + timedelta(days=1),
    )
    PostTarget.objects.create(post=post, channel=cast.maternity_channel)
    with pytest.raises(posts.PostRefused) as refused:
        posts.submit(post, member(cast, cast.contributor))
    assert any(f["type"] == "NAMED_PATIENT" for f in refused.value.check.findings)
    assert Post.objects.get(pk=post.pk).status == PostStatus.DRAFT


def test_a_post_with_a_bare_valid_nhs_number_is_refused_through_the_api(cast):
    client = api(cast.officer)
    response = client.post(
        "/api/posts",
        {"text": "Our reference for you: 9434765919", "targets": [{"channel": cast.channel.pk}]},
    )
    assert response.status_code == 201, response.content
    soon = (timezone.now() + timedelta(days=2)).replace(microsecond=0)
    scheduled = client.post(
        f"/api/posts/{response.json()['id']}/schedule", {"scheduled_at": soon.isoformat()}
    )
    assert scheduled.status_code == 422
    assert [f["type"] for f in scheduled.json()["findings"]] == ["NHS_NUMBER"]


def test_an_api_post_with_a_job_reference_near_nhs_is_scheduled(cast):
    client = api(cast.officer)
    response = client.post(
        "/api/posts",
        {
            "text": "NHS Jobs reference 9434765918 closes Friday",
            "targets": [{"channel": cast.channel.pk}],
        },
    )
    soon = (timezone.now() + timedelta(days=2)).replace(microsecond=0)
    scheduled = client.post(
        f"/api/posts/{response.json()['id']}/schedule", {"scheduled_at": soon.isoformat()}
    )
    assert scheduled.status_code == 200, scheduled.content


def test_a_saved_reply_with_a_patients_details_is_refused_in_settings(cast):
    client = Client()
    client.login(username="officer", password=CAST_PASSWORD)
    data = {
        "title": "Ward 7 update",
        "language": "en",
        "routes": ["query"],
        "body": "Hi {first_name}, thanks for asking. Margaret Thompson on Ward 7 is "
        "recovering after her hip operation.",
    }
    page = client.post("/settings/saved-replies/new/", data)
    assert page.status_code == 200
    assert b"patient-identifiable information" in page.content
    assert not SavedReply.objects.filter(
        organisation=cast.organisation, title="Ward 7 update"
    ).exists()


def test_a_saved_reply_that_tells_the_reader_their_results_is_refused():
    errors = saved_replies.guard_findings("Hi {first_name}, your blood results are normal.", None)
    assert errors


def test_every_standard_saved_reply_passes_the_guard(cast):
    for reply in SavedReply.objects.filter(organisation=cast.organisation):
        assert saved_replies.guard_findings(reply.body, cast.organisation) == [], reply.title


def test_an_api_reply_naming_a_patient_after_a_thank_you_is_refused(cast):
    response = api(cast.officer).post(
        f"/api/conversations/{cast.conversation.pk}/reply", {"text": LEAK}
    )
    assert response.status_code == 422
    assert any(f["type"] == "NAMED_PATIENT" for f in response.json()["findings"])
    assert not Message.objects.filter(
        conversation=cast.conversation, direction="out", text=LEAK
    ).exists()
