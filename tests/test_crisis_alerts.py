"""Crisis and safeguarding messages alert the on-call list at any hour, by real SMTP."""

from datetime import timedelta

from django.test import Client
from django.utils import timezone

from sociable.audit.models import AuditEvent
from sociable.inbox import alerts
from sociable.inbox.models import Alert
from tests.conftest import CAST_PASSWORD
from tests.inbox_support import arrive

CRISIS = "I've taken all my tablets tonight, I just want it to stop"


def on_call(cast, *addresses):
    cast.organisation.on_call_emails = "\n".join(addresses or ["oncall@northshire.example"])
    cast.organisation.save()


def test_crisis_message_alerts_on_call_out_of_hours_with_a_link_and_no_text(cast, smtp_server):
    on_call(cast, "lead@northshire.example", "deputy@northshire.example")
    message = arrive(cast.channel, CRISIS, when="2026-11-28 02:30")  # Saturday night
    assert message.route == "crisis"
    [envelope] = smtp_server.wait_for(1)
    assert sorted(envelope.rcpt_tos) == ["deputy@northshire.example", "lead@northshire.example"]
    body = envelope.content.decode()
    assert f"/inbox/{message.conversation_id}/" in body
    assert "tablets" not in body  # no personal data in mailboxes by default
    alert = Alert.objects.get(message=message)
    assert alert.sends == 1 and alert.acknowledged_at is None


def test_the_message_text_is_included_only_when_the_organisation_chooses(cast, smtp_server):
    on_call(cast)
    cast.organisation.alert_include_text = True
    cast.organisation.save()
    arrive(cast.channel, CRISIS)
    assert "tablets" in smtp_server.wait_for(1)[0].content.decode()


def test_a_safeguarding_concern_alerts_too(cast, smtp_server):
    on_call(cast)
    message = arrive(
        cast.channel,
        "I think my neighbour's children are being hit, I hear them "
        "screaming every night and the little one has bruises",
    )
    assert message.route == "safeguarding"
    assert "Safeguarding" in smtp_server.wait_for(1)[0].content.decode()


def test_ordinary_messages_do_not_alert(cast, smtp_server):
    on_call(cast)
    arrive(cast.channel, "What time does the main car park open?")
    assert smtp_server.wait_for(1, seconds=0.5) == []
    assert not Alert.objects.exists()


def test_an_unacknowledged_alert_is_sent_again_after_the_interval(cast, smtp_server):
    on_call(cast)
    message = arrive(cast.channel, CRISIS)
    smtp_server.wait_for(1)
    alert = Alert.objects.get(message=message)
    assert alerts.resend_due(now=alert.last_sent_at + timedelta(minutes=5)) == 0
    assert alerts.resend_due(now=alert.last_sent_at + timedelta(minutes=16)) == 1
    assert len(smtp_server.wait_for(2)) == 2
    alerts.acknowledge(alert, cast.officer)
    assert alerts.resend_due(now=timezone.now() + timedelta(hours=2)) == 0


def test_acknowledging_records_who_and_when_and_stops_reminders(cast, smtp_server):
    on_call(cast)
    message = arrive(cast.channel, CRISIS)
    alert = Alert.objects.get(message=message)
    client = Client()
    client.login(username="officer", password=CAST_PASSWORD)
    page = client.post(f"/inbox/alerts/{alert.pk}/acknowledge/", follow=True)
    assert b"Alert acknowledged" in page.content
    alert.refresh_from_db()
    assert alert.acknowledged_by == cast.officer and alert.acknowledged_at is not None
    assert AuditEvent.objects.filter(verb="alert.acknowledged", actor=cast.officer).exists()
    assert not alerts.acknowledge(alert, cast.admin)  # the first acknowledgement stands


def test_without_an_on_call_list_the_alert_says_so_on_the_desk(cast, smtp_server):
    message = arrive(cast.channel, CRISIS)
    alert = Alert.objects.get(message=message)
    assert "no on-call list" in alert.last_error
    assert smtp_server.messages == []


def test_an_smtp_failure_keeps_the_alert_and_it_is_retried(cast, settings):
    on_call(cast)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    message = arrive(cast.channel, CRISIS)
    alert = Alert.objects.get(message=message)
    assert alert.sends == 0 and alert.last_error
    assert message.conversation.messages.filter(pk=message.pk).exists()
