"""The audit log viewer for admins: filters by who, what, which object and when, pages of 50,
and a CSV export that a spreadsheet cannot run as formulas."""

import csv
import io
from datetime import timedelta

from django.db import models
from django.test import Client
from django.utils import timezone

from sociable.audit.log import record
from sociable.audit.models import AuditEvent
from tests.conftest import CAST_PASSWORD, verified


def admin_client():
    client = Client()
    client.login(username="admin", password=CAST_PASSWORD)
    return verified(client)


def listed(answer):
    return answer.context["page"].object_list


def test_filters_by_who_what_which_object_and_when(cast):
    record(cast.organisation, cast.officer, "reply.sent", cast.conversation)
    record(cast.organisation, cast.admin, "organisation.settings", cast.organisation)
    old = record(cast.organisation, None, "post.published", cast.post)
    models.QuerySet.update(
        AuditEvent.objects.filter(pk=old.pk), at=timezone.now() - timedelta(days=40)
    )
    admin = admin_client()
    assert [e.verb for e in listed(admin.get("/settings/audit/", {"actor": "officer"}))] == [
        "reply.sent"
    ]
    assert [e.verb for e in listed(admin.get("/settings/audit/", {"verb": "organisation"}))] == [
        "organisation.settings"
    ]
    by_object = admin.get(
        "/settings/audit/", {"object": f"inbox.conversation {cast.conversation.pk}"}
    )
    assert [e.verb for e in listed(by_object)] == ["reply.sent"]
    since = (timezone.localdate() - timedelta(days=7)).isoformat()
    assert "post.published" not in [
        e.verb for e in listed(admin.get("/settings/audit/", {"since": since}))
    ]
    until = (timezone.localdate() - timedelta(days=30)).isoformat()
    assert [e.verb for e in listed(admin.get("/settings/audit/", {"until": until}))] == [
        "post.published"
    ]


def test_a_start_after_the_end_is_explained(cast):
    page = admin_client().get("/settings/audit/", {"since": "2026-05-02", "until": "2026-05-01"})
    assert "The end date must be on or after the start date" in page.content.decode()


def test_the_log_comes_in_pages_of_fifty(cast):
    for n in range(120):
        record(cast.organisation, cast.officer, "post.saved", None, label=f"event {n}")
    admin = admin_client()
    first = admin.get("/settings/audit/", {"verb": "post"})
    assert len(listed(first)) == 50 and "page 1 of 3" in first.content.decode()
    last = admin.get("/settings/audit/", {"verb": "post", "page": "3"})
    assert len(listed(last)) == 20
    assert "verb=post&amp;page=2" in last.content.decode()


def test_another_organisations_events_are_never_shown(cast):
    record(cast.other_organisation, cast.outsider, "secret.hospice.thing", None)
    page = admin_client().get("/settings/audit/").content.decode()
    assert "secret.hospice.thing" not in page


def test_the_csv_export_neutralises_formulas_and_is_itself_audited(cast):
    record(
        cast.organisation,
        cast.officer,
        "reply.sent",
        None,
        label="=cmd|' /C calc'!A0",
        after={"text": "-2+3"},
    )
    record(cast.organisation, cast.officer, "note.added", None, label="@SUM(1,2)")
    answer = admin_client().get("/settings/audit/export.csv", {"actor": "officer"})
    assert answer["Content-Disposition"] == 'attachment; filename="audit-log.csv"'
    rows = list(csv.reader(io.StringIO(answer.content.decode())))
    assert rows[0][:3] == ["at", "who", "what"]
    assert {row[2] for row in rows[1:]} == {"Sent a reply", "Note added"}
    labels = {row[5] for row in rows[1:]}
    assert labels == {"'=cmd|' /C calc'!A0", "'@SUM(1,2)"}
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    exported = AuditEvent.objects.get(verb="audit.exported")
    assert exported.after == {"filters": {"actor": "officer"}, "rows": 2}


def test_officers_cannot_see_the_audit_log(cast):
    officer = Client()
    officer.login(username="officer", password=CAST_PASSWORD)
    assert officer.get("/settings/audit/").status_code == 403
    assert officer.get("/settings/audit/export.csv").status_code == 403


def test_the_log_speaks_in_words_not_event_codes(cast):
    record(cast.organisation, None, "alert.sent", cast.conversation)
    record(
        cast.organisation,
        cast.officer,
        "message.hidden",
        None,
        object_type="inbox.message",
        object_id=300,
        label="",
    )
    record(cast.organisation, cast.officer, "something.brand_new", None, label="x")
    html = admin_client().get("/settings/audit/").content.decode()
    for code in (
        "alert.sent",
        "inbox.message",
        "message.hidden",
        "something.brand_new",
        "inbox.conversation",
    ):
        assert code not in html, code
    assert "Sent the urgent alert to the on-call people" in html
    assert "Sociable (automatic)" in html
    assert "Message 300" in html
    assert "Something brand new" in html


def test_an_item_is_found_by_its_kind_in_words(cast):
    record(cast.organisation, cast.officer, "reply.sent", cast.conversation)
    found = listed(
        admin_client().get("/settings/audit/", {"object": f"Conversation {cast.conversation.pk}"})
    )
    assert [e.verb for e in found] == ["reply.sent"]
