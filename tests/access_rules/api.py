"""Who gets what from the REST API and its pages, signed in with a session (the API also takes
the session of a signed-in member). The API answers 401 to anonymous requests, 403 when the
role does not allow the scope, 404 for another organisation's objects (or a contributor's view
of another team's), and 405 to a GET of an action that only takes POST."""

from tests.access_rules import ALL_MEMBERS, DESK_ROLES, desk, everyone

ADMINS = {"admin", "outsider"}  # the outsider is their own organisation's admin


def api(allowed, *, denied=403, **overrides):
    return desk(allowed, denied=denied, anonymous=401, **overrides)


def action(**overrides):
    return api(set(), denied=405, viewer=403, **overrides)


EXPECTED = {
    "api:schema": everyone(200),
    "api:conversations": api(DESK_ROLES),
    "api:conversation": api({"admin", "officer"}, contributor=404, outsider=404),
    "api:conversation_reply": action(),
    "api:conversation_assign": action(),
    "api:conversation_status": action(),
    "api:posts": api(DESK_ROLES),
    # The cast's post is the officer's: a contributor sees their own posts only.
    "api:post": api({"admin", "officer"}, contributor=404, outsider=404),
    "api:post_schedule": action(),
    "api:post_approve": action(contributor=403),
    "api:channels": api(DESK_ROLES),
    "api:channel": api({"admin", "officer"}, contributor=404, outsider=404),
    "api:searches": api(DESK_ROLES),
    "api:report_summary": api(ALL_MEMBERS),
    "api:webhooks": api(ADMINS),
    "api:webhook": api({"admin"}, outsider=404),
    "api:webhook_deliveries": api({"admin"}, outsider=404),
    # Pages: every member manages their own tokens; admins manage webhooks.
    "api:tokens_page": desk(ALL_MEMBERS),
    "api:token_revoke": desk(set(), denied=405),
    "api:webhooks_page": desk(ADMINS),
    "api:webhook_action": desk(set(), denied=405, officer=403, contributor=403, viewer=403),
}


def _endpoint(cast):
    from sociable.api.models import WebhookEndpoint

    endpoint, _ = WebhookEndpoint.objects.get_or_create(
        organisation=cast.organisation,
        url="https://hooks.northshire.example/sociable",
        defaults={"events": ["alert.raised"]},
    )
    return endpoint.pk


FILLS = {
    "api:post": lambda cast: cast.post.pk,
    "api:channel": lambda cast: cast.channel.pk,
    "api:webhook": _endpoint,
    "api:webhook_deliveries": _endpoint,
}
