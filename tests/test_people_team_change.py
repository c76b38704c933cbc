"""An admin changes a member's teams; a contributor then sees their new team's accounts."""

from tests.people_support import membership_of, signed_in


def test_moving_a_contributor_to_another_team_changes_the_conversations_they_see(cast):
    contributor = signed_in(cast.contributor)
    maternity = f"/inbox/{cast.maternity_conversation.pk}/"
    comms = f"/inbox/{cast.conversation.pk}/"
    assert contributor.get(maternity).status_code == 200
    assert contributor.get(comms).status_code == 404
    membership = membership_of(cast.contributor)
    answer = signed_in(cast.admin).post(
        f"/settings/colleagues/{membership.pk}/", {"role": "contributor", "teams": [cast.comms.pk]}
    )
    assert answer.status_code == 302
    assert list(membership.teams.all()) == [cast.comms]
    assert contributor.get(comms).status_code == 200
    assert contributor.get(maternity).status_code == 404


def test_a_member_can_be_in_no_team_or_several(cast):
    membership = membership_of(cast.viewer)
    admin = signed_in(cast.admin)
    admin.post(
        f"/settings/colleagues/{membership.pk}/",
        {"role": "viewer", "teams": [cast.comms.pk, cast.maternity.pk]},
    )
    assert set(membership.teams.all()) == {cast.comms, cast.maternity}
    admin.post(f"/settings/colleagues/{membership.pk}/", {"role": "viewer"})
    assert list(membership.teams.all()) == []


def test_another_organisations_team_cannot_be_given(cast):
    other_team = cast.other_organisation.teams.get()
    membership = membership_of(cast.contributor)
    answer = signed_in(cast.admin).post(
        f"/settings/colleagues/{membership.pk}/", {"role": "contributor", "teams": [other_team.pk]}
    )
    assert answer.status_code == 200
    assert "Select a valid choice" in answer.content.decode()
    assert list(membership.teams.all()) == [cast.maternity]
