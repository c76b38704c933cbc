"""An admin invites a colleague by e-mail; the colleague opens the link, chooses their name and
password, and lands in the desk signed in with the role and teams the admin chose."""

from django.contrib.auth import get_user_model
from django.test import Client

from sociable.accounts.models import Invitation, Role
from tests.people_support import NEW_PASSWORD, accept, invited_link, membership_of, signed_in


def test_an_invited_colleague_accepts_and_is_signed_in_with_the_chosen_role_and_teams(
    cast, smtp_server
):
    admin = signed_in(cast.admin)
    link = invited_link(
        admin,
        smtp_server,
        "Priya.Shah@Northshire.example",
        role="contributor",
        teams=[cast.maternity],
    )
    envelope = smtp_server.messages[0]
    assert envelope.rcpt_tos == ["priya.shah@northshire.example"]
    assert "Northshire Hospitals" in envelope.content.decode()

    colleague = Client()
    page = colleague.get(link)
    assert page.status_code == 200
    assert "Join Northshire Hospitals on Sociable" in page.content.decode()
    assert "Contributor" in page.content.decode()

    _, answer = accept(link, client=colleague)
    assert answer.status_code == 302 and answer.url == "/publish/"  # a contributor's drafts
    inbox = colleague.get("/inbox/")
    assert inbox.status_code == 200
    assert "Priya Shah" in inbox.content.decode()

    user = get_user_model().objects.get(email="priya.shah@northshire.example")
    membership = membership_of(user)
    assert (membership.organisation, membership.role) == (cast.organisation, Role.CONTRIBUTOR)
    assert list(membership.teams.all()) == [cast.maternity]
    assert Client().login(username="priya.shah@northshire.example", password=NEW_PASSWORD)


def test_only_a_hash_of_the_link_is_stored(cast, smtp_server):
    link = invited_link(signed_in(cast.admin), smtp_server, "new@northshire.example")
    token = link.split("/")[2]
    stored = Invitation.objects.get()
    assert token not in str(Invitation.objects.values().get())
    assert stored.token_hash != token and len(stored.token_hash) == 64


def test_a_weak_password_is_refused_by_the_password_rules(cast, smtp_server):
    link = invited_link(signed_in(cast.admin), smtp_server, "new@northshire.example")
    for weak in ("short1", "password123456", "12345678901234", "new@northshire.example"):
        _, answer = accept(link, password=weak)
        assert answer.status_code == 200, weak
        assert "There is a problem" in answer.content.decode(), weak
    assert not get_user_model().objects.filter(email="new@northshire.example").exists()
    assert Invitation.objects.get().accepted_at is None


def test_a_name_is_required_and_both_passwords_must_match(cast, smtp_server):
    link = invited_link(signed_in(cast.admin), smtp_server, "new@northshire.example")
    answer = Client().post(
        link,
        {
            "first_name": "",
            "last_name": "Shah",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD + "x",
        },
    )
    text = answer.content.decode()
    assert "Enter your first name." in text and "didn’t match" in text
    assert Invitation.objects.get().accepted_at is None


def test_an_invited_viewer_lands_on_the_reports_they_may_see(cast, smtp_server):
    link = invited_link(
        signed_in(cast.admin), smtp_server, "viewer2@northshire.example", role="viewer"
    )
    client, answer = accept(link)
    assert answer.url == "/reports/"
    assert client.get(answer.url).status_code == 200


def test_an_invited_admin_must_enrol_two_step_verification_before_the_desk(cast, smtp_server):
    link = invited_link(
        signed_in(cast.admin), smtp_server, "admin2@northshire.example", role="admin"
    )
    client, answer = accept(link)
    desk = client.get(answer.url)
    assert desk.status_code == 302 and desk.url.startswith("/security/two-factor/enrol/")
    assert client.get("/settings/colleagues/").url.startswith("/security/two-factor/enrol/")


def test_someone_with_an_account_elsewhere_logs_in_to_accept_and_no_password_is_set(
    cast, smtp_server
):
    cast.outsider.email = "outsider@example.org"
    cast.outsider.save()
    link = invited_link(signed_in(cast.admin), smtp_server, "outsider@example.org", role="viewer")
    stranger = Client()
    page = stranger.get(link).content.decode()
    assert "already have a Sociable account" in page and "Log in with that account" in page
    _, answer = accept(link, client=stranger, password="Attacker-chosen-pass-99")
    assert answer.status_code == 200
    assert not Client().login(username="outsider", password="Attacker-chosen-pass-99")
    assert not cast.outsider.memberships.filter(organisation=cast.organisation).exists()

    someone_else = signed_in(cast.officer)
    assert someone_else.post(link).status_code == 200
    assert not cast.outsider.memberships.filter(organisation=cast.organisation).exists()

    outsider = signed_in(cast.outsider)
    joined = outsider.post(link)
    assert joined.status_code == 302
    assert membership_of(cast.outsider, cast.organisation).role == Role.VIEWER


def test_accepting_on_a_browser_signed_in_as_someone_else_signs_in_as_the_new_colleague(
    cast, smtp_server
):
    link = invited_link(
        signed_in(cast.admin), smtp_server, "shared.pc@northshire.example", role="viewer"
    )
    shared = signed_in(cast.officer)
    _, answer = accept(link, client=shared)
    assert answer.status_code == 302
    assert shared.session["_auth_user_id"] == str(
        get_user_model().objects.get(email="shared.pc@northshire.example").pk
    )
    assert shared.get("/inbox/").status_code == 403  # a viewer now, not the officer
