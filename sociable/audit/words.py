"""What each kind of audit event means, in the words of the people who read the log. Events
without an entry here are shown by their name."""

WORDS = {
    "person.invited": "Invited a colleague",
    "person.invitation_resent": "Sent a new invitation link",
    "person.invitation_revoked": "Withdrew an invitation",
    "person.joined": "Accepted an invitation and joined",
    "person.role_changed": "Changed a colleague's role",
    "person.teams_changed": "Changed a colleague's teams",
    "person.deactivated": "Deactivated a colleague",
    "person.reactivated": "Reactivated a colleague",
}


def describe(verb: str) -> str:
    return WORDS.get(verb, verb)
