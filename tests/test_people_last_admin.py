"""An organisation always keeps one active admin: the last one cannot demote or deactivate
themselves, and nobody else can either. The refusal says why."""

from sociable.accounts import people
from sociable.accounts.models import Membership, Role
from tests.people_support import membership_of, signed_in


def test_the_last_admin_cannot_demote_themselves(cast):
    membership = membership_of(cast.admin)
    answer = signed_in(cast.admin).post(
        f"/settings/colleagues/{membership.pk}/", {"role": "officer", "teams": [cast.comms.pk]}
    )
    assert answer.status_code == 200
    text = answer.content.decode()
    assert "Admin is the only active admin of Northshire Hospitals" in text
    assert "Make someone else an admin first" in text
    assert membership_of(cast.admin).role == Role.ADMIN


def test_the_last_admin_cannot_deactivate_themselves(cast):
    membership = membership_of(cast.admin)
    admin = signed_in(cast.admin)
    answer = admin.post(f"/settings/colleagues/{membership.pk}/deactivate/", follow=True)
    assert "only active admin" in answer.content.decode()
    assert membership_of(cast.admin).deactivated_at is None
    assert admin.get("/settings/colleagues/").status_code == 200


def test_nobody_can_demote_or_deactivate_the_last_admin(cast):
    # A second admin who is deactivated does not count: the first is still the last.
    second = Membership.objects.get(user=cast.officer)
    second.role = Role.ADMIN
    second.save()
    people.deactivate(membership_of(cast.admin), second)
    last = membership_of(cast.admin)
    for attempt in (
        lambda: people.change(second, last, Role.VIEWER, []),
        lambda: people.deactivate(second, last),
    ):
        try:
            attempt()
        except people.Refused as refused:
            assert "only active admin" in str(refused)
        else:
            raise AssertionError("the last admin was demoted or deactivated")
    last.refresh_from_db()
    assert last.role == Role.ADMIN and last.deactivated_at is None


def test_with_two_admins_one_may_deactivate_the_other(cast):
    second = Membership.objects.get(user=cast.officer)
    second.role = Role.ADMIN
    second.save()
    answer = signed_in(cast.admin).post(f"/settings/colleagues/{second.pk}/deactivate/")
    assert answer.status_code == 302
    second.refresh_from_db()
    assert second.deactivated_at is not None
