import pytest

from sociable.audit.models import AuditEvent
from sociable.inbox import moderation
from sociable.networks.base import Unsupported
from tests.inbox_support import arrive


def test_a_public_comment_exposing_an_nhs_number_is_hidden_on_arrival(cast):
    message = arrive(cast.channel, "My NHS number is 943 476 5919, why no letter?", kind="comment")
    message.refresh_from_db()
    assert message.hidden and "NHS number" in message.moderation_reason
    assert AuditEvent.objects.filter(verb="message.auto_moderated").exists()


def test_a_direct_message_with_an_nhs_number_is_not_hidden(cast):
    message = arrive(cast.channel, "My NHS number is 943 476 5919", kind="direct")
    message.refresh_from_db()
    assert not message.hidden


def test_spam_is_hidden_and_abuse_is_held_for_review(cast):
    spam = arrive(cast.channel, "WIN a FREE iPhone!!! click http://bit.ly/xyz now")
    abuse = arrive(cast.channel, "you lot are useless f***ing idiots")
    spam.refresh_from_db()
    abuse.refresh_from_db()
    assert spam.hidden and not spam.held_for_review
    assert abuse.hidden and abuse.held_for_review


def test_a_network_that_cannot_hide_leaves_the_message_visible_and_says_why(cast, monkeypatch):
    def cannot(self, network_id, hidden=True):
        raise Unsupported("hiding comments", "Demo network")

    monkeypatch.setattr("sociable.networks.demo.DemoNetwork.hide", cannot)
    message = arrive(cast.channel, "WIN a FREE iPhone!!! click http://bit.ly/xyz now")
    message.refresh_from_db()
    assert not message.hidden
    assert "could not hide" in message.moderation_reason


def test_hiding_by_hand_needs_a_reason_and_is_audited(cast):
    message = arrive(cast.channel, "Rubbish hospital")
    with pytest.raises(ValueError):
        moderation.hide(message, cast.officer, " ")
    moderation.hide(message, cast.officer, "Names a member of staff")
    moderation.hide(message, cast.officer, "Checked with the ward", hidden=False)
    verbs = list(AuditEvent.objects.filter(actor=cast.officer).values_list("verb", flat=True))
    assert "message.hidden" in verbs and "message.unhidden" in verbs


def test_a_failed_delete_changes_nothing(cast, monkeypatch):
    def cannot(self, network_id):
        raise Unsupported("deleting", "Demo network")

    monkeypatch.setattr("sociable.networks.demo.DemoNetwork.delete", cannot)
    message = arrive(cast.channel, "Rubbish hospital")
    with pytest.raises(moderation.ModerationFailed):
        moderation.delete(message, cast.officer, "Abusive")
    message.refresh_from_db()
    assert not message.deleted
