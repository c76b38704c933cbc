"""Out of hours: an honest auto-reply with urgent signposting, once per contact per closed
period."""

from sociable.inbox.models import AutoReply, Message
from tests.inbox_support import arrive


def automatic_replies(conversation):
    return Message.objects.filter(conversation=conversation, automatic=True)


def test_a_message_on_friday_evening_gets_the_auto_reply_with_signposting(cast):
    message = arrive(
        cast.channel, "Can I bring my dog when visiting on Ward 3?", when="2026-11-27 19:00"
    )
    [reply] = automatic_replies(message.conversation)
    for number in ("999", "111", "116 123"):
        assert number in reply.text
    assert "Monday" in reply.text and "9am" in reply.text
    assert reply.delivery == "sent"


def test_the_auto_reply_goes_once_per_contact_per_closed_period(cast):
    arrive(cast.channel, "Hello?", when="2026-11-27 19:00", handle="@sam")
    arrive(cast.channel, "Anyone there?", when="2026-11-28 11:00", handle="@sam")
    arrive(cast.channel, "Still waiting", when="2026-11-29 20:00", handle="@sam")
    assert AutoReply.objects.filter(contact__handle="@sam").count() == 1
    arrive(cast.channel, "Next weekend now", when="2026-12-04 18:00", handle="@sam")
    assert AutoReply.objects.filter(contact__handle="@sam").count() == 2


def test_no_auto_reply_in_staffed_hours(cast):
    message = arrive(cast.channel, "Where is outpatients?", when="2026-11-25 10:00")
    assert not automatic_replies(message.conversation).exists()


def test_bank_holidays_are_out_of_hours(cast):
    message = arrive(cast.channel, "Is the pharmacy open?", when="2026-12-28 11:00")
    assert automatic_replies(message.conversation).exists()


def test_spam_and_abuse_get_no_auto_reply(cast):
    message = arrive(
        cast.channel, "WIN a FREE iPhone!!! click http://bit.ly/xyz now", when="2026-11-28 11:00"
    )
    assert message.route == "spam"
    assert not automatic_replies(message.conversation).exists()


def test_an_edited_auto_reply_still_carries_the_urgent_numbers(cast):
    cast.organisation.auto_reply_text = "We're away. {back}."
    cast.organisation.save()
    message = arrive(cast.channel, "Hi", when="2026-11-28 11:00")
    text = automatic_replies(message.conversation).get().text
    assert all(number in text for number in ("999", "111", "116 123"))


def test_the_auto_reply_can_be_switched_off(cast):
    cast.organisation.auto_reply_enabled = False
    cast.organisation.save()
    message = arrive(cast.channel, "Hi", when="2026-11-28 11:00")
    assert not automatic_replies(message.conversation).exists()


def test_the_auto_reply_does_not_stop_the_response_clock(cast):
    message = arrive(cast.channel, "Where do I park?", when="2026-11-27 19:00")
    conversation = message.conversation
    conversation.refresh_from_db()
    assert conversation.first_response_due_at is not None
    assert conversation.first_responded_at is None
