"""The monthly report: e-mailed on the 1st for the previous month, PDF attached, once per month
per subscription, retried when the mail server is down."""

import email
import io
from datetime import timedelta

from pypdf import PdfReader

from sociable.core import scheduler
from sociable.reports import monthly
from sociable.reports.models import DeliveryStatus, ReportDelivery, ReportSubscription
from tests.inbox_support import at
from tests.reports_support import published

FIRST_OF_DECEMBER = at("2026-12-01 07:00")


def subscription(cast, **extra):
    return ReportSubscription.objects.create(
        organisation=cast.organisation,
        name="Board summary",
        emails="chair@northshire.example\ndirector@northshire.example",
        **extra,
    )


def send_due(now):
    return [monthly.send(pk, now) for pk in monthly.due(now)]


def test_last_months_report_is_emailed_on_the_first_with_the_pdf_attached(cast, smtp_server):
    subscription(cast)
    published(
        cast,
        when=at("2026-11-10 10:00"),
        reach=12400,
        reactions=300,
        comments=50,
        shares=30,
        clicks=17,
        text="Flu jabs for staff all week",
    )
    assert send_due(FIRST_OF_DECEMBER) == [DeliveryStatus.SENT]
    [envelope] = smtp_server.wait_for(1)
    assert sorted(envelope.rcpt_tos) == ["chair@northshire.example", "director@northshire.example"]
    message = email.message_from_bytes(envelope.content)
    assert message["Subject"] == (
        "[Sociable] Social media report: Northshire Hospitals, November 2026"
    )
    [attachment] = [part for part in message.walk() if part.get_content_type() == "application/pdf"]
    assert attachment.get_filename() == "social-media-report-2026-11.pdf"
    pdf = PdfReader(io.BytesIO(attachment.get_payload(decode=True)))
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert "November 2026" in text and "Flu jabs for staff all week" in text


def test_a_report_goes_once_a_month_however_often_the_scheduler_runs(cast, smtp_server):
    subscription(cast)
    send_due(FIRST_OF_DECEMBER)
    send_due(FIRST_OF_DECEMBER + timedelta(hours=1))
    send_due(FIRST_OF_DECEMBER + timedelta(days=2))
    smtp_server.wait_for(2, seconds=1)
    assert len(smtp_server.messages) == 1
    assert ReportDelivery.objects.count() == 1


def test_a_delivery_is_claimed_by_one_worker_only(cast):
    subscription(cast)
    monthly.schedule(FIRST_OF_DECEMBER)
    assert len(monthly.claim_due(FIRST_OF_DECEMBER)) == 1
    assert monthly.claim_due(FIRST_OF_DECEMBER) == []


def test_nothing_is_sent_after_the_first_week_of_the_month(cast, smtp_server):
    subscription(cast)
    assert send_due(at("2026-12-08 09:00")) == []


def test_a_paused_subscription_gets_nothing(cast):
    subscription(cast, active=False)
    assert monthly.due(FIRST_OF_DECEMBER) == []


def test_a_mail_server_that_is_down_means_a_later_try(cast, settings):
    from tests.support import free_port

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nobody listens
    subscription(cast)
    assert send_due(FIRST_OF_DECEMBER) == [DeliveryStatus.PENDING]
    delivery = ReportDelivery.objects.get()
    assert delivery.last_error and delivery.next_attempt_at > FIRST_OF_DECEMBER
    assert monthly.due(FIRST_OF_DECEMBER + timedelta(minutes=5)) == []
    assert monthly.due(FIRST_OF_DECEMBER + timedelta(minutes=31)) == [delivery.pk]


def test_the_scheduler_tick_enqueues_the_monthly_report(cast, time_machine):
    from django_tasks_db.models import DBTaskResult

    subscription(cast)
    time_machine.move_to(FIRST_OF_DECEMBER, tick=False)
    scheduler.tick()
    paths = DBTaskResult.objects.values_list("task_path", flat=True)
    assert list(paths).count("sociable.reports.tasks.send_monthly_report") == 1


def test_an_officer_adds_a_monthly_report_with_its_filters(cast, client):
    client.login(username="officer", password="a-long-test-password-for-the-cast")
    response = client.post(
        "/reports/monthly/new/",
        {
            "name": "Maternity board",
            "emails": "head.midwife@northshire.example",
            "active": "on",
            "team": cast.maternity.pk,
            "campaign": "#BabyFriendly",
        },
    )
    assert response.status_code == 302
    saved = ReportSubscription.objects.get(name="Maternity board")
    assert saved.filters == {"team": cast.maternity.pk, "campaign": "#BabyFriendly"}


def test_a_wrong_email_address_is_explained(cast, client):
    client.login(username="officer", password="a-long-test-password-for-the-cast")
    response = client.post("/reports/monthly/new/", {"name": "Board", "emails": "not-an-email"})
    assert "is not an e-mail address" in response.content.decode()
    assert not ReportSubscription.objects.exists()
