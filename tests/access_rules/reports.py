"""Reports: every member may read them; those who publish record outcomes and choose who gets
the monthly e-mail."""

from tests.access_rules import ALL_MEMBERS, desk

MANAGERS = {"admin", "officer", "outsider"}  # outsider: its own organisation's admin
POST_ONLY = desk(set(), denied=405, viewer=403, contributor=403)


def _subscription(cast):
    from sociable.reports.models import ReportSubscription

    return ReportSubscription.objects.create(
        organisation=cast.organisation, name="Board", emails="board@example.org"
    ).pk


EXPECTED = {
    "reports": desk(ALL_MEMBERS),
    "report_pdf": desk(ALL_MEMBERS),
    "report_csv": desk(ALL_MEMBERS),
    "outcomes": desk(ALL_MEMBERS),
    "outcome_new": desk(MANAGERS),
    "outcome_delete": POST_ONLY,
    "report_subscriptions": desk(MANAGERS),
    "report_subscription_new": desk(MANAGERS),
    # Another organisation's subscription does not exist for the outsider.
    "report_subscription_edit": desk({"admin", "officer"}, outsider=404),
    "report_subscription_delete": POST_ONLY,
}
FILLS = {"report_subscription_edit": _subscription}
