"""Every People action is in the audit log, worded for the comms team that reads it."""

from sociable.audit.models import AuditEvent
from tests.people_support import accept, invited_link, membership_of, signed_in


def test_each_people_action_writes_an_audit_row_in_plain_words(cast, smtp_server):
    admin = signed_in(cast.admin)
    invited_link(admin, smtp_server, "first@northshire.example", role="viewer")
    from sociable.accounts.models import Invitation

    first = Invitation.objects.get()
    admin.post(f"/settings/colleagues/invitations/{first.pk}/resend/")
    admin.post(f"/settings/colleagues/invitations/{first.pk}/revoke/")
    link = invited_link(
        admin, smtp_server, "second@northshire.example", role="contributor", teams=[cast.maternity]
    )
    accept(link, first="Sam", last="Jones")
    viewer = membership_of(cast.viewer)
    admin.post(f"/settings/colleagues/{viewer.pk}/", {"role": "officer", "teams": [cast.comms.pk]})
    admin.post(f"/settings/colleagues/{viewer.pk}/deactivate/")
    admin.post(f"/settings/colleagues/{viewer.pk}/reactivate/")

    rows = list(
        AuditEvent.objects.filter(
            organisation=cast.organisation, verb__startswith="person."
        ).order_by("id")
    )
    assert [(e.actor_label, e.what, e.object_label) for e in rows] == [
        ("admin", "Invited a colleague", "Invited first@northshire.example as Viewer"),
        (
            "admin",
            "Sent a new invitation link",
            "Sent a new invitation link to first@northshire.example",
        ),
        ("admin", "Withdrew an invitation", "Withdrew the invitation for first@northshire.example"),
        (
            "admin",
            "Invited a colleague",
            "Invited second@northshire.example as Contributor in Maternity",
        ),
        (
            "second@northshire.example",
            "Accepted an invitation and joined",
            "Sam Jones (second@northshire.example) accepted the invitation and joined as "
            "Contributor",
        ),
        (
            "admin",
            "Changed a colleague's role",
            "Viewer (viewer@example.org): role changed from Viewer to Comms officer",
        ),
        (
            "admin",
            "Changed a colleague's teams",
            "Viewer (viewer@example.org): teams changed from none to Communications",
        ),
        (
            "admin",
            "Deactivated a colleague",
            "Deactivated Viewer (viewer@example.org): they can no longer use Sociable for "
            "Northshire Hospitals",
        ),
        ("admin", "Reactivated a colleague", "Reactivated Viewer (viewer@example.org)"),
    ]
    assert rows[5].before == {"role": "viewer"} and rows[5].after == {"role": "officer"}


def test_the_audit_log_page_shows_the_words_not_the_event_names(cast, smtp_server):
    admin = signed_in(cast.admin)
    invited_link(admin, smtp_server, "first@northshire.example")
    page = admin.get("/settings/audit/").content.decode()
    assert "Invited a colleague" in page and "person.invited" not in page


def test_a_refused_action_writes_no_row(cast):
    membership = membership_of(cast.admin)
    signed_in(cast.admin).post(f"/settings/colleagues/{membership.pk}/deactivate/")
    assert not AuditEvent.objects.filter(verb__startswith="person.").exists()
