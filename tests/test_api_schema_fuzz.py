"""Schemathesis sends property-based requests, valid and invalid, to every operation of the
OpenAPI schema the app serves, through the Django app itself (WSGI), as an admin whose token has
every scope, and runs every check it has (as `--checks all`): no 5xx; every answer's status,
content type, headers and body as the schema documents them (so a message's `url` is http(s)
or empty); requests that break the schema refused; auth not ignored. Path ids in valid requests
are often swapped for ids of real objects (the organisation's own and another's), so requests
reach the services rather than stopping at 404.

One check is left out: `positive_data_acceptance` (a request that fits the schema must be
accepted) cannot hold where rules span fields or the database, which a schema cannot say:
`since` after `until`, a user who is not in your organisation, a post not ready to schedule.
Those answer 400, 404 or 422 with the reason, which the other checks verify."""

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import positive_data_acceptance

from sociable.api.models import WebhookEndpoint
from tests.test_api_support import token_for

EXAMPLES = 15  # per operation and per mode (valid, invalid): about a minute in all


def real_ids(cast):
    endpoint = WebhookEndpoint(
        organisation=cast.organisation, url="https://hooks.example/in", events=["alert.raised"]
    )
    endpoint.secret = "whsec_fuzz"
    endpoint.save()
    # Links from networks are not checked on the way in: the API must not hand these out.
    cast.conversation.messages.update(url="javascript:alert(document.cookie)")
    cast.maternity_conversation.messages.update(url="data:text/html,<script>alert(1)</script>")
    return {
        "conversations": [
            cast.conversation.pk,
            cast.maternity_conversation.pk,
            cast.other_conversation.pk,
        ],
        "posts": [cast.post.pk],
        "channels": [cast.channel.pk, cast.other_channel.pk],
        "webhooks": [endpoint.pk],
    }


def fuzz(operation, mode, send):
    @given(case=operation.as_strategy(generation_mode=mode))
    @hypothesis_settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        send(case, mode)

    run()


@pytest.fixture
def connection_kept():
    """Like Django's test client: requests must not close the test's database connection."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


def test_no_request_makes_the_api_fail(cast, settings, connection_kept):
    settings.ALLOWED_HOSTS = ["localhost"]
    schema = schemathesis.openapi.from_wsgi("/api/schema", WSGIHandler())
    operations = [result.ok() for result in schema.get_all_operations()]
    operations.sort(key=lambda operation: operation.method.upper() == "DELETE")  # DELETE last
    assert len(operations) >= 18
    # Uncompressed, so the checks read the body the schema describes (compression is tested in
    # tests/test_pages_are_compressed.py; this client does not undo it).
    headers = {"Authorization": f"Bearer {token_for(cast.admin)}", "Accept-Encoding": "identity"}
    known = real_ids(cast)

    def send(case, mode):
        generated = (case.path_parameters or {}).get("id")
        ids = known.get(case.path.split("/")[2], [])
        if mode == GenerationMode.POSITIVE and ids and isinstance(generated, int) and generated % 4:
            case.path_parameters["id"] = ids[generated % len(ids)]
        case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance])

    failures, exercised = [], 0
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            try:
                fuzz(operation, mode, send)
                exercised += 1
            except Unsatisfiable:
                assert mode == GenerationMode.NEGATIVE, operation.label  # nothing to break
            except (Exception, BaseExceptionGroup) as failure:  # noqa: BLE001 (gather all)
                failures.append(f"{operation.label} ({mode.value}): {failure}")
    assert failures == [], "\n\n".join(failures)
    assert exercised >= len(operations)
