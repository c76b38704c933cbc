"""A medical emergency (a child fitting, anaphylaxis, a collapse) is urgent like any crisis,
but its banner, alert e-mail and suggested reply say "call 999 now", never the mental-health
helplines."""

from django.test import Client
from django.utils.html import escape

from sociable.inbox import saved_replies
from sociable.inbox.models import Alert
from sociable.triage import signposting, triage
from tests.conftest import CAST_PASSWORD
from tests.inbox_support import arrive

FITTING = "Please help my little boy is fitting and it won't stop, what do we do"
SUICIDAL = "I just want to die, I've taken all my tablets"
EMERGENCIES = [
    FITTING,
    "she's having an allergic reaction and her throat is swelling",
    "my dad has collapsed and isn't breathing",
    "my husband's face has dropped and he can't lift his arm",
]


def test_each_medical_emergency_is_a_crisis_of_its_own_kind():
    for text in EMERGENCIES:
        verdict = triage(text)
        assert (verdict.route, verdict.kind) == ("crisis", "medical_emergency"), text
        names = [s["name"] for s in verdict.signposting]
        assert names[0] == "999" and "Samaritans" not in names and "Shout" not in names


def test_a_suicidal_message_is_a_mental_health_crisis():
    assert triage(SUICIDAL).kind == "mental_health"


def test_the_medical_emergency_text_says_call_999_now_with_each_nations_111():
    assert "call 999 now" in signposting.medical_emergency()
    assert "111.nhs.uk" in signposting.medical_emergency("england")
    assert "111.wales.nhs.uk" in signposting.medical_emergency("wales")
    assert "NHS 24" in signposting.medical_emergency("scotland")
    for nation in ("england", "wales", "scotland", "northern_ireland"):
        text = signposting.medical_emergency(nation)
        assert "116 123" not in text and "85258" not in text and "mental health" not in text


def test_the_conversation_banner_says_call_999_not_the_helplines(cast):
    conversation = arrive(cast.channel, FITTING).conversation
    client = Client()
    client.login(username="officer", password=CAST_PASSWORD)
    page = client.get(f"/inbox/{conversation.pk}/").content.decode()
    assert "Medical emergency: act now" in page
    assert escape(signposting.banner("medical_emergency")) in page
    assert "116 123" not in page.split('data-testid="urgent-banner"')[1].split("</div>")[0]


def test_a_mental_health_crisis_keeps_the_crisis_banner(cast):
    conversation = arrive(cast.channel, SUICIDAL).conversation
    client = Client()
    client.login(username="officer", password=CAST_PASSWORD)
    page = client.get(f"/inbox/{conversation.pk}/").content.decode()
    assert escape(signposting.banner("mental_health")) in page


def test_the_suggested_reply_for_a_medical_emergency_is_the_999_one(cast):
    conversation = arrive(cast.channel, FITTING).conversation
    conversation.refresh_from_db()
    suggested, _ = saved_replies.suggestions(conversation)
    assert [r.title for r in suggested] == ["Medical emergency: call 999 now"]
    text = saved_replies.render(suggested[0].body, conversation)
    assert "call 999 now" in text and "116 123" not in text and "SHOUT" not in text


def test_the_alert_email_for_a_medical_emergency_says_call_999(cast, smtp_server):
    cast.organisation.on_call_emails = "oncall@example.nhs.uk"
    cast.organisation.save()
    arrive(cast.channel, FITTING)
    assert Alert.objects.count() == 1
    mail = smtp_server.wait_for(1)[0].content.decode()
    assert "Medical emergency" in mail and "call 999 now" in mail
    assert "116 123" not in mail and "suicide" not in mail
