"""A saved reply's variables are names in braces and nothing else: a format spec that pads to
twenty million characters, or an attribute lookup, is refused when saving and never expanded
when rendering."""

import time

import pytest
from django.test import Client

from sociable.inbox import saved_replies
from sociable.inbox.forms import SavedReplyForm
from sociable.inbox.models import SavedReply
from tests.conftest import CAST_PASSWORD, verified
from tests.inbox_support import arrive

HOSTILE = [
    "{first_name:>20000000}",
    "{first_name!r}",
    "{first_name.__class__.__mro__}",
    "{first_name[0]}",
    "{organisation:{pals_phone}}",
    "{0}",
    "{}",
]


@pytest.mark.parametrize("body", [b for b in HOSTILE if b.count("{") == 1])
def test_format_specs_and_lookups_are_refused_with_a_clear_message(body):
    form = SavedReplyForm({"title": "x", "body": f"Hi {body}", "language": "en"})
    assert not form.is_valid()
    assert "nothing else inside the braces" in str(form.errors["body"])


def test_a_lone_brace_is_plain_text_not_an_error():
    form = SavedReplyForm({"title": "x", "body": "Hi {first_name} :-{ see you", "language": "en"})
    assert form.is_valid(), form.errors


@pytest.mark.parametrize("body", HOSTILE)
def test_a_stored_hostile_reply_renders_small_and_fast(cast, body):
    conversation = arrive(cast.channel, "Hello", name="Jo Bloggs").conversation
    started = time.monotonic()
    text = saved_replies.render(f"Hi {{first_name}} {body}", conversation)
    assert time.monotonic() - started < 0.5
    assert text.startswith("Hi Jo {") and len(text) < len(body) + 100


def test_the_conversation_page_with_a_padded_reply_stays_small(cast):
    conversation = arrive(cast.channel, "Hello", name="Jo Bloggs").conversation
    reply = SavedReply.objects.create(
        organisation=cast.organisation, title="Padded", body="{first_name:>20000000}"
    )
    client = Client()
    client.login(username="admin", password=CAST_PASSWORD)
    page = verified(client).get(f"/inbox/{conversation.pk}/?use={reply.pk}")
    assert page.status_code == 200 and len(page.content) < 1_000_000


def test_a_very_long_reply_is_refused():
    form = SavedReplyForm({"title": "x", "body": "a" * 5001, "language": "en"})
    assert not form.is_valid()
