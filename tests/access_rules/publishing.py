"""Publishing: the composer's preview is a POST for those who draft posts."""

from tests.access_rules import desk

EXPECTED = {
    # The preview is asked for with a POST as the person types; a GET is refused.
    "compose_preview": desk(set(), denied=405, viewer=403),
}
