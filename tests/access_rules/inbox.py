"""The inbox's live parts: the list's poll, the open conversation's poll, the "replying" mark
and tags; and Settings → Saved replies."""

from tests.access_rules import DESK_ROLES, desk

EXPECTED = {
    "inbox_list": desk(DESK_ROLES),
    # Another organisation's conversation, or one on a team's account the contributor is not
    # in, does not exist for them (404).
    "conversation_live": desk({"admin", "officer"}, contributor=404, outsider=404),
    "conversation_replying": desk(set(), denied=405, viewer=403),
    "conversation_tags": desk(set(), denied=405, viewer=403, contributor=403),
    "saved_replies": desk({"admin", "officer", "outsider"}),
    "saved_reply_new": desk({"admin", "officer", "outsider"}),
    "saved_reply_edit": desk({"admin", "officer"}, outsider=404),
}
FILLS = {
    "saved_reply_edit": lambda cast: cast.organisation.saved_replies.first().pk,
}
