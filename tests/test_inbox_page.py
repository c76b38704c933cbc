from django.test import Client

from tests.conftest import CAST_PASSWORD, conversation_with, verified


def signed_in(user):
    client = Client()
    assert client.login(username=user.username, password=CAST_PASSWORD)
    return verified(client)


def test_crisis_and_safeguarding_are_listed_before_everything_else(cast):
    crisis = conversation_with(cast.channel, "I can't go on", route="crisis")
    crisis.priority = 0
    crisis.save()
    page = signed_in(cast.officer).get("/inbox/").content.decode()
    assert page.index(f"/inbox/{crisis.pk}/") < page.index(f"/inbox/{cast.conversation.pk}/")
    assert "sociable-urgent" in page


def test_nobody_sees_another_organisations_conversations(cast):
    page = signed_in(cast.outsider).get("/inbox/").content.decode()
    assert f"/inbox/{cast.other_conversation.pk}/" in page
    assert f"/inbox/{cast.conversation.pk}/" not in page
    assert "Northshire" not in page
    assert signed_in(cast.outsider).get(f"/inbox/{cast.conversation.pk}/").status_code == 404


def test_a_contributor_sees_only_their_teams_accounts(cast):
    page = signed_in(cast.contributor).get("/inbox/").content.decode()
    assert f"/inbox/{cast.maternity_conversation.pk}/" in page
    assert f"/inbox/{cast.conversation.pk}/" not in page


def test_the_header_names_the_organisation_and_the_navigation_follows_the_role(cast):
    officer_page = signed_in(cast.officer).get("/inbox/").content.decode()
    assert 'data-testid="organisation-name">Northshire Hospitals<' in officer_page
    for label in ["Inbox", "Publish", "Calendar", "Listening", "Reports", "Settings"]:
        assert f">{label}</a>" in officer_page
    viewer_page = signed_in(cast.viewer).get("/reports/").content.decode()
    assert ">Reports</a>" in viewer_page and ">Inbox</a>" not in viewer_page


def test_a_conversation_shows_its_messages_and_why_it_was_routed(cast):
    message = cast.conversation.messages.first()
    message.verdict = {"route": "query", "reasons": ["asks about parking"]}
    message.save()
    page = signed_in(cast.officer).get(f"/inbox/{cast.conversation.pk}/").content.decode()
    assert "Where do I park for outpatients?" in page
    assert "asks about parking" in page
