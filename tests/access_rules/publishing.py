"""Publishing: the composer's preview; changing posts after they are written, pausing
publishing, deleting a sent reply."""

from tests.access_rules import desk

EXPECTED = {
    # The preview is asked for with a POST as the person types; a GET is refused.
    "compose_preview": desk(set(), denied=405, viewer=403),
    # Admins pause and lift (the outsider is its own organisation's admin); a POST only.
    "publishing_pause": desk(set(), denied=403, admin=405, outsider=405),
    # Anyone who reads the inbox reaches it; the service decides whose reply (a POST only).
    "reply_delete": desk(set(), denied=405, viewer=403),
}
