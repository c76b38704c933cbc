"""What an API token may be used for, and which role capability each scope needs.

A token's effective rights are its scopes intersected with its user's role *at request time*
(sociable.accounts.access decides the role's capabilities): a viewer's token that carries
posts:write still cannot write.
"""

from enum import StrEnum

from sociable.accounts.access import Capability, can


class Scope(StrEnum):
    CONVERSATIONS_READ = "conversations:read"
    CONVERSATIONS_WRITE = "conversations:write"
    POSTS_READ = "posts:read"
    POSTS_WRITE = "posts:write"
    POSTS_APPROVE = "posts:approve"
    CHANNELS_READ = "channels:read"
    SEARCHES_READ = "searches:read"
    REPORTS_READ = "reports:read"
    WEBHOOKS_MANAGE = "webhooks:manage"


# The role capability each scope needs. Services check the finer rules (who may reply on which
# account, nobody approves their own post, ...).
CAPABILITY = {
    Scope.CONVERSATIONS_READ: Capability.VIEW_INBOX,
    Scope.CONVERSATIONS_WRITE: Capability.VIEW_INBOX,
    Scope.POSTS_READ: Capability.DRAFT_POSTS,
    Scope.POSTS_WRITE: Capability.DRAFT_POSTS,
    Scope.POSTS_APPROVE: Capability.PUBLISH,
    Scope.CHANNELS_READ: Capability.VIEW_INBOX,
    Scope.SEARCHES_READ: Capability.VIEW_LISTENING,
    Scope.REPORTS_READ: Capability.VIEW_REPORTS,
    Scope.WEBHOOKS_MANAGE: Capability.MANAGE_ORGANISATION,
}

DESCRIPTIONS = {
    Scope.CONVERSATIONS_READ: "Read conversations and their messages",
    Scope.CONVERSATIONS_WRITE: "Reply to, assign and change the status of conversations",
    Scope.POSTS_READ: "Read posts and where they were published",
    Scope.POSTS_WRITE: "Create posts and schedule or submit them",
    Scope.POSTS_APPROVE: "Approve other people's posts",
    Scope.CHANNELS_READ: "Read connected accounts and their status",
    Scope.SEARCHES_READ: "Read saved listening searches",
    Scope.REPORTS_READ: "Read report summaries",
    Scope.WEBHOOKS_MANAGE: "Manage webhook endpoints and read their deliveries",
}


def allowed_scopes(membership) -> list[Scope]:
    """The scopes this member's role can make use of now."""
    return [scope for scope in Scope if can(membership, CAPABILITY[scope])]


def grants(membership, scopes, scope: Scope) -> bool:
    """Whether a request carrying `scopes` (None: a signed-in session, every scope) may use
    `scope`: the token must carry it and the member's role must allow it."""
    if scopes is not None and scope not in scopes:
        return False
    return can(membership, CAPABILITY[scope])
