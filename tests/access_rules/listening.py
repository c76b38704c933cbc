"""Who may use listening: desk roles see it; comms officers and admins manage searches and
acknowledge alerts; viewers (reports only) do not. Other organisations' searches are 404."""

from tests.access_rules import DESK_ROLES, desk

EXPECTED = {
    "listening": desk(DESK_ROLES),
    "listening_search": desk({"admin", "officer", "contributor"}, outsider=404),
    "listening_search_new": desk({"admin", "officer", "outsider"}),
    "listening_search_edit": desk({"admin", "officer"}, outsider=404),
    "listening_search_run": desk(set(), denied=405, viewer=403, contributor=403),
    "listening_alert_acknowledge": desk(set(), denied=405, viewer=403, contributor=403),
}


def _search(cast):
    from sociable.listening.models import SavedSearch

    search, _ = SavedSearch.objects.get_or_create(
        organisation=cast.organisation,
        name="Northshire mentions",
        defaults={"keywords": "Northshire"},
    )
    return search.pk


FILLS = {
    "listening_search": _search,
    "listening_search_edit": _search,
    "listening_search_run": _search,
}
