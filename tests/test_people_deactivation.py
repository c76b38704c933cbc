"""A deactivated member cannot sign in, their sessions end and their API tokens stop working;
reactivated, they are back with the same role and teams."""

from django.contrib.sessions.models import Session
from django.test import Client

from sociable.accounts.models import Role
from tests.conftest import CAST_PASSWORD
from tests.people_support import membership_of, signed_in
from tests.test_api_support import Api, token_for


def test_a_deactivated_member_is_signed_out_and_cannot_sign_in_again(cast):
    officer = signed_in(cast.officer)
    assert officer.get("/inbox/").status_code == 200
    session_key = officer.session.session_key
    membership = membership_of(cast.officer)
    answer = signed_in(cast.admin).post(f"/settings/colleagues/{membership.pk}/deactivate/")
    assert answer.status_code == 302

    assert not Session.objects.filter(session_key=session_key).exists()
    assert officer.get("/inbox/").status_code == 302  # to the log-in page
    refused = Client().post("/login/", {"username": "officer", "password": CAST_PASSWORD})
    assert refused.status_code == 200 and "There is a problem" in refused.content.decode()
    assert not Client().login(username="officer", password=CAST_PASSWORD)


def test_a_deactivated_members_api_token_is_refused(cast):
    token = token_for(cast.officer)
    assert Api(token).get("/api/conversations").status_code == 200
    membership = membership_of(cast.officer)
    signed_in(cast.admin).post(f"/settings/colleagues/{membership.pk}/deactivate/")
    response = Api(token).get("/api/conversations")
    assert response.status_code == 401
    assert "no longer active" in response.json()["detail"]


def test_reactivation_brings_back_the_same_role_and_teams(cast):
    membership = membership_of(cast.contributor)
    admin = signed_in(cast.admin)
    admin.post(f"/settings/colleagues/{membership.pk}/deactivate/")
    page = admin.get("/settings/colleagues/").content.decode()
    assert "Deactivated" in page
    admin.post(f"/settings/colleagues/{membership.pk}/reactivate/")
    contributor = signed_in(cast.contributor)
    assert contributor.get(f"/inbox/{cast.maternity_conversation.pk}/").status_code == 200
    membership.refresh_from_db()
    assert membership.role == Role.CONTRIBUTOR and list(membership.teams.all()) == [cast.maternity]


def test_a_member_deactivated_here_keeps_their_other_organisation(cast):
    from sociable.accounts.models import Membership

    Membership.objects.create(user=cast.outsider, organisation=cast.organisation, role=Role.VIEWER)
    here = membership_of(cast.outsider, cast.organisation)
    signed_in(cast.admin).post(f"/settings/colleagues/{here.pk}/deactivate/")
    outsider = signed_in(cast.outsider)  # still signs in: Southshire Hospice still has them
    page = outsider.get("/settings/")
    assert page.status_code == 200 and "Southshire Hospice" in page.content.decode()
    session = outsider.session
    session["organisation_id"] = cast.organisation.pk
    session.save()
    assert "Northshire Hospitals" not in outsider.get("/settings/").content.decode()


def test_deactivating_is_a_post_with_a_csrf_token(cast):
    admin = Client(enforce_csrf_checks=True)
    assert admin.login(username="admin", password=CAST_PASSWORD)
    from tests.conftest import verified

    verified(admin)
    membership = membership_of(cast.officer)
    assert admin.get(f"/settings/colleagues/{membership.pk}/deactivate/").status_code == 405
    assert admin.post(f"/settings/colleagues/{membership.pk}/deactivate/").status_code == 403
    assert membership_of(cast.officer).deactivated_at is None


def test_a_token_for_the_organisation_that_deactivated_them_is_refused_though_they_sign_in(cast):
    from sociable.accounts.models import Membership
    from sociable.api import tokens
    from tests.test_api_support import _Everything

    Membership.objects.create(user=cast.outsider, organisation=cast.organisation, role=Role.OFFICER)
    here = membership_of(cast.outsider, cast.organisation)
    issued = tokens.issue(_Everything(here), "Dashboard", ["conversations:read"])
    assert tokens.authenticate(issued.plaintext)[1] == here
    signed_in(cast.admin).post(f"/settings/colleagues/{here.pk}/deactivate/")
    try:
        tokens.authenticate(issued.plaintext)
    except tokens.TokenRefused as refused:
        assert "deactivated" in str(refused)
    else:
        raise AssertionError("a deactivated member's token was accepted")
    assert Api(issued.plaintext).get("/api/conversations").status_code == 401


def test_the_settings_page_lists_only_active_people(cast):
    membership = membership_of(cast.contributor)
    admin = signed_in(cast.admin)
    assert "Contributor" in admin.get("/settings/").content.decode()
    admin.post(f"/settings/colleagues/{membership.pk}/deactivate/", follow=True)
    assert "Contributor" not in admin.get("/settings/").content.decode()


def test_a_deactivated_member_is_not_offered_for_assignment_and_cannot_be_assigned(cast):
    import pytest

    from sociable.inbox import actions

    membership = membership_of(cast.contributor)
    assert (
        signed_in(cast.admin).post(f"/settings/colleagues/{membership.pk}/deactivate/").status_code
        == 302
    )
    page = signed_in(cast.officer).get(f"/inbox/{cast.conversation.pk}/").content.decode()
    assert f'value="{cast.officer.pk}"' in page
    assert f'value="{cast.contributor.pk}"' not in page
    with pytest.raises(ValueError, match="not in your organisation"):
        actions.assign(cast.conversation, membership_of(cast.officer), user_id=cast.contributor.pk)
