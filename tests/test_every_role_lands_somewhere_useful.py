"""Each role lands where it works and sees only what it may use: the viewer on the reports, a
contributor on their drafts beside their team's inbox; contributors see only their teams'
contacts and calendar entries, and no control that would refuse them."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from sociable.accounts import access
from sociable.publishing.models import Post, PostStatus, PostTarget, TargetStatus
from tests.conftest import CAST_PASSWORD
from tests.people_support import membership_of, signed_in


@pytest.mark.parametrize(
    "username, lands",
    [
        ("admin", "/inbox/"),
        ("officer", "/inbox/"),
        ("contributor", "/publish/"),
        ("viewer", "/reports/"),
    ],
)
def test_each_role_lands_on_a_page_it_can_use(cast, username, lands):
    client = Client()
    answer = client.post("/login/", {"username": username, "password": CAST_PASSWORD}, follow=True)
    if username == "admin":  # admins pass the second step first
        client = signed_in(cast.admin)
        answer = client.get("/", follow=True)
    assert answer.redirect_chain[-1][0] == lands
    assert answer.status_code == 200


def test_a_contributor_lands_on_their_drafts_beside_their_teams_inbox(cast):
    Post.objects.create(
        organisation=cast.organisation,
        author=cast.contributor,
        text="Birth centre tours on Saturday",
    )
    page = signed_in(cast.contributor).get("/publish/").content.decode()
    assert "Birth centre tours on Saturday" in page
    assert "Flu jabs for staff" not in page  # the officer's draft is not theirs
    assert "@NorthshireMaternity: the inbox" in page and "1 open conversation" in page


def test_a_contributor_opens_only_their_teams_contacts(cast):
    client = signed_in(cast.contributor)
    assert client.get(f"/contacts/{cast.maternity_conversation.contact_id}/").status_code == 200
    assert client.get(f"/contacts/{cast.conversation.contact_id}/").status_code == 404
    officer = membership_of(cast.officer, cast.organisation)
    assert access.visible_contacts(officer).count() == 2


def _on_calendar(cast, author, channel, status, text):
    post = Post.objects.create(
        organisation=cast.organisation,
        author=author,
        text=text,
        status=status,
        scheduled_at=timezone.now() + timedelta(hours=2),
    )
    PostTarget.objects.create(
        post=post,
        channel=channel,
        status=(TargetStatus.SCHEDULED if status == PostStatus.APPROVED else TargetStatus.DRAFT),
    )
    return post


def test_a_contributor_sees_their_teams_calendar_entries_and_can_open_each(cast):
    mine = _on_calendar(
        cast,
        cast.contributor,
        cast.maternity_channel,
        PostStatus.DRAFT,
        "My draft about the birth centre",
    )
    teams = _on_calendar(
        cast, cast.officer, cast.maternity_channel, PostStatus.APPROVED, "Maternity open evening"
    )
    others = _on_calendar(
        cast, cast.officer, cast.channel, PostStatus.APPROVED, "Flu clinic in the atrium"
    )
    colleague_draft = _on_calendar(
        cast, cast.officer, cast.maternity_channel, PostStatus.DRAFT, "An officer's unfinished idea"
    )
    client = signed_in(cast.contributor)
    when = timezone.localtime(mine.scheduled_at)
    page = client.get("/calendar/", {"view": "week", "date": f"{when:%Y-%m-%d}"}).content.decode()
    assert "My draft about the birth centre" in page and "Maternity open evening" in page
    assert "Flu clinic in the atrium" not in page and "unfinished idea" not in page
    assert client.get(f"/publish/{mine.pk}/").status_code == 200
    team_page = client.get(f"/publish/{teams.pk}/")
    assert team_page.status_code == 200  # read only: no control to change it
    assert "Edit the post" not in team_page.content.decode()
    assert "Cancel" not in team_page.content.decode()
    for post in (others, colleague_draft):
        assert client.get(f"/publish/{post.pk}/").status_code == 404
    # Only their own post may be dragged to another day.
    assert f'data-post="{mine.pk}" draggable="true"' in page
    assert f'data-post="{teams.pk}" draggable="true"' not in page
    assert "News feeds" not in page  # a page only those who publish may use


@pytest.mark.parametrize("may_reply", [False, True])
def test_the_status_control_is_shown_only_to_a_contributor_who_may_use_it(cast, may_reply):
    cast.organisation.contributors_may_reply = may_reply
    cast.organisation.save()
    client = signed_in(cast.contributor)
    convo = cast.maternity_conversation
    page = client.get(f"/inbox/{convo.pk}/").content.decode()
    assert ("Save status" in page) == may_reply
    answer = client.post(f"/inbox/{convo.pk}/status/", {"status": "closed"})
    assert answer.status_code == (302 if may_reply else 403)


def test_a_colleagues_draft_on_the_team_account_is_not_the_contributors(cast):
    draft = _on_calendar(cast, cast.officer, cast.maternity_channel, PostStatus.DRAFT, "Idea")
    contributor = membership_of(cast.contributor, cast.organisation)
    assert draft not in access.visible_posts(contributor)
    assert not access.may_edit_post(contributor, draft)
    viewer = membership_of(cast.viewer, cast.organisation)
    assert not access.visible_posts(viewer).exists()
