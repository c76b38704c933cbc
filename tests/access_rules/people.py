"""Settings → People: admins only; another organisation's member is 404 to them. The
invitation link is open to anyone (an invalid link explains itself)."""

from tests.access_rules import desk, everyone

ADMINS = {"admin", "outsider"}  # the outsider is an admin of their own organisation
# Actions are POSTs: a GET by an admin is refused with 405 (before any lookup), by others 403.
POST_ONLY = desk(set(), denied=403, admin=405, outsider=405)

EXPECTED = {
    "people": desk(ADMINS),
    "people_invite": desk(ADMINS),
    "people_member": desk({"admin"}, outsider=404),
    "people_deactivate": POST_ONLY,
    "people_reactivate": POST_ONLY,
    "invitation_resend": POST_ONLY,
    "invitation_revoke": POST_ONLY,
    "invitation_accept": everyone(200),
}
FILLS = {"people_member": lambda cast: cast.officer.memberships.get().pk}
