"""Data protection pages and the audit log: admins only; another organisation's person is 404."""

from tests.access_rules import desk

ADMINS = {"admin", "outsider"}  # the outsider is an admin of their own organisation

EXPECTED = {
    "retention_rules": desk(ADMINS),
    "privacy_people": desk(ADMINS),
    "subject_access": desk({"admin"}, outsider=404),
    "subject_access_json": desk({"admin"}, outsider=404),
    "subject_access_csv": desk({"admin"}, outsider=404),
    "contact_erase": desk({"admin"}, outsider=404),
    "audit_log": desk(ADMINS),
    "audit_csv": desk(ADMINS),
}
FILLS = {
    name: (lambda cast: cast.conversation.contact.pk)
    for name in ("subject_access", "subject_access_json", "subject_access_csv", "contact_erase")
}
