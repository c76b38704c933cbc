"""Strategy: every member may read it; those who publish plan it. The public pages are open to
everyone, signed in or not."""

from tests.access_rules import ALL_MEMBERS, desk, everyone

EDITORS = {"admin", "officer", "outsider"}  # outsider: its own organisation's admin
POST_ONLY = desk(set(), denied=405, viewer=403, contributor=403)


def _objective(cast):
    from sociable.strategy.models import Objective

    return Objective.objects.create(
        organisation=cast.organisation, title="Reach more people", kpi="reach", target=10000
    ).pk


def _audience(cast):
    from sociable.strategy.models import Audience

    return Audience.objects.create(
        organisation=cast.organisation, name="Local MPs", power="high", interest="low"
    ).pk


EXPECTED = {
    "strategy": desk(ALL_MEMBERS),
    "strategy_dashboard": desk(ALL_MEMBERS),
    "strategy_edit": desk(EDITORS),
    "objective_new": desk(EDITORS),
    "audience_new": desk(EDITORS),
    # Another organisation's objectives and audiences do not exist for the outsider.
    "objective_edit": desk({"admin", "officer"}, outsider=404),
    "audience_edit": desk({"admin", "officer"}, outsider=404),
    "objective_delete": POST_ONLY,
    "audience_delete": POST_ONLY,
    "public_how_we_use": everyone(200),
    "public_find_us": everyone(200),
}
FILLS = {"objective_edit": _objective, "audience_edit": _audience}
