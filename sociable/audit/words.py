"""What each kind of audit event means, in the words of the people who read the log. An event
without an entry here is still shown in words (its name with the dots and underscores taken out),
never as its code."""

WORDS = {
    "account.connect_started": "Started connecting an account",
    "account.connect_authorised": "Authorised an account connection",
    "account.connect_cancelled": "Cancelled connecting an account",
    "account.connect_failed": "Could not connect an account",
    "account.connect_refused_state": "Refused an out-of-date sign-in link",
    "account.connected": "Connected an account",
    "account.reconnected": "Reconnected an account",
    "account.disconnected": "Disconnected an account",
    "account.developer_app_saved": "Saved a developer app",
    "account.developer_app_removed": "Removed a developer app",
    "account.token_refreshed": "Renewed an account's sign-in",
    "account.refresh_refused": "An account's sign-in could not be renewed",
    "alert.raised": "Raised an urgent alert",
    "alert.sent": "Sent the urgent alert to the on-call people",
    "alert.acknowledged": "Acknowledged an urgent alert",
    "api_token.created": "Created an API key",
    "api_token.revoked": "Revoked an API key",
    "audit.exported": "Downloaded the audit log",
    "audience.saved": "Saved an audience",
    "audience.deleted": "Deleted an audience",
    "awareness.confirmed": "Confirmed an awareness day",
    "conversation.assigned": "Assigned the conversation",
    "conversation.noted": "Added a note",
    "conversation.tagged": "Tagged the conversation",
    "conversation.untagged": "Took a tag off the conversation",
    "conversation.status": "Changed the conversation's status",
    "listening.search_created": "Created a listening search",
    "listening.search_changed": "Changed a listening search",
    "listening.search_deleted": "Deleted a listening search",
    "listening.alert_raised": "Raised a listening alert",
    "listening.alert_acknowledged": "Acknowledged a listening alert",
    "message.auto_moderated": "Hid a message automatically",
    "message.hidden": "Hid a message",
    "message.unhidden": "Showed a hidden message again",
    "message.deleted": "Deleted a message",
    "message.rerouted": "Moved a message to another route",
    "objective.saved": "Saved an objective",
    "objective.deleted": "Deleted an objective",
    "organisation.settings": "Changed the organisation's settings",
    "outcome.recorded": "Recorded an outcome",
    "outcome.deleted": "Deleted an outcome",
    "person.invited": "Invited a colleague",
    "person.invitation_resent": "Sent a new invitation link",
    "person.invitation_revoked": "Withdrew an invitation",
    "person.joined": "Accepted an invitation and joined",
    "person.role_changed": "Changed a colleague's role",
    "person.teams_changed": "Changed a colleague's teams",
    "person.deactivated": "Deactivated a colleague",
    "person.reactivated": "Reactivated a colleague",
    "post.saved": "Saved a post",
    "post.submitted": "Sent a post for approval",
    "post.approved": "Approved a post",
    "post.changes_requested": "Asked for changes to a post",
    "post.rejected": "Rejected a post",
    "post.scheduled": "Scheduled a post",
    "post.rescheduled": "Moved a post to another time",
    "post.published": "Published a post",
    "post.marked_published": "Marked a post as published",
    "post.failed": "A post could not be published",
    "post.held": "Held a post for a person to check",
    "post.retried": "Tried a post again",
    "post.missed_approval": "A post missed its time waiting for approval",
    "post.guard_overridden": "Published despite a confidentiality warning",
    "privacy.contact_erased": "Erased a person's data",
    "privacy.retention_applied": "Deleted old data under the retention rules",
    "privacy.retention_changed": "Changed the retention rules",
    "privacy.subject_access_exported": "Downloaded a person's data (subject access)",
    "reply.written": "Wrote a reply",
    "reply.approved": "Approved a reply",
    "reply.rejected": "Rejected a reply",
    "reply.sent": "Sent a reply",
    "reply.auto_sent": "Sent the out-of-hours reply",
    "reply.failed": "A reply could not be sent",
    "reply.guard_overridden": "Sent a reply despite a confidentiality warning",
    "report.emailed": "E-mailed a report",
    "report_subscription.saved": "Saved a report e-mail",
    "report_subscription.deleted": "Stopped a report e-mail",
    "security.enrol_link_sent": "Sent a two-step verification set-up link",
    "security.enrol_link_opened": "Opened a two-step verification set-up link",
    "security.two_factor_enrolled": "Turned on two-step verification",
    "security.two_factor_disabled": "Turned off two-step verification",
    "security.recovery_code_used": "Signed in with a recovery code",
    "security.recovery_codes_replaced": "Made new recovery codes",
    "strategy.saved": "Saved the strategy",
    "webhook.created": "Added a webhook",
    "webhook.deleted": "Deleted a webhook",
    "webhook.disabled": "Turned off a webhook",
    "webhook.enabled": "Turned on a webhook",
    "webhook.redelivered": "Sent a webhook again",
}

# The kinds of object an event is about, as a person would name them.
NOUNS = {
    "accounts.organisation": "Organisation",
    "accounts.membership": "Colleague",
    "accounts.invitation": "Invitation",
    "api.apitoken": "API key",
    "api.webhookendpoint": "Webhook",
    "api.webhookdelivery": "Webhook delivery",
    "audit.auditevent": "Audit log",
    "auth.user": "Colleague",
    "channels.channel": "Account",
    "channels.developerapp": "Developer app",
    "inbox.alert": "Urgent alert",
    "inbox.contact": "Contact",
    "inbox.conversation": "Conversation",
    "inbox.message": "Message",
    "inbox.note": "Note",
    "inbox.savedreply": "Saved reply",
    "listening.savedsearch": "Listening search",
    "listening.listeningalert": "Listening alert",
    "privacy.retentionpolicy": "Retention rules",
    "publishing.awarenessdateconfirmation": "Awareness day",
    "publishing.organisationawarenessday": "Awareness day",
    "publishing.post": "Post",
    "reports.outcome": "Outcome",
    "reports.reportsubscription": "Report e-mail",
    "strategy.strategy": "Strategy",
    "strategy.objective": "Objective",
    "strategy.audience": "Audience",
    "security.secondfactor": "Two-step verification",
}

SYSTEM = "system"


def in_words(code: str) -> str:
    words = code.replace(".", " ").replace("_", " ").split()
    return " ".join(words).capitalize() if words else ""


def describe(verb: str) -> str:
    return WORDS.get(verb) or in_words(verb)


def noun(object_type: str) -> str:
    if not object_type:
        return ""
    return NOUNS.get(object_type) or in_words(object_type.rpartition(".")[2])


def who(actor_label: str) -> str:
    return "Sociable (automatic)" if actor_label == SYSTEM else actor_label

# The areas of work an event belongs to (the part of its name before the dot), for the filter.
AREAS = {
    "account": "Connected accounts",
    "alert": "Urgent alerts",
    "api_token": "API keys",
    "audit": "Audit log",
    "audience": "Strategy: audiences",
    "awareness": "Awareness days",
    "conversation": "Conversations",
    "listening": "Listening",
    "message": "Messages",
    "objective": "Strategy: objectives",
    "organisation": "Organisation settings",
    "outcome": "Outcomes",
    "person": "People",
    "post": "Posts",
    "privacy": "Data protection",
    "reply": "Replies",
    "report": "Report e-mails",
    "report_subscription": "Report e-mail settings",
    "security": "Two-step verification",
    "strategy": "Strategy",
    "webhook": "Webhooks",
}
