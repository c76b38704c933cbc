"""Nothing a stranger sends stops the alert path: whatever is in a batch (NUL, lone surrogates,
control characters, direction overrides, a megabyte of padding, NaN in JSON, an item with no
identity), the crisis message in the same batch is stored and alerted, every other item is
stored or set aside with a reason, and the account's cursor moves on.

Runs on SQLite by default and on PostgreSQL (which refuses NUL) with DATABASE_URL set:
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sociable_ingest \
        pytest tests/test_ingest_accepts_anything_a_network_sends.py
"""

import itertools
import math
from datetime import UTC, datetime

import pytest
from django.core import mail
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from sociable.channels import polling
from sociable.channels.models import Channel, ChannelStatus
from sociable.inbox.ingest import ingest
from sociable.inbox.models import Alert, Contact, Message, QuarantinedItem
from sociable.listening import running
from sociable.listening.models import Mention, SavedSearch, SearchSource
from sociable.networks.base import Author, InboundBatch, InboundItem

CRISIS = "I've taken all my tablets tonight, I just want it to stop"
MEGABYTE = "padding " * 131_072
_ids = itertools.count(1)

hostile_pieces = st.sampled_from(
    [
        "\x00",
        "\ud800",
        "\udfff",
        "\ud83d\ude00",
        "\u202e",
        "\u2066",
        "\r\n",
        "\x1b[31m",
        "\x7f",
        "\ufeff",
        "\uffff",
        "'; DROP TABLE inbox_message; --",
        "{{ 7*7 }}",
        "<script>",
        "\t",
    ]
)
any_char = st.characters(exclude_categories=())  # every code point, surrogates included
hostile_text = st.lists(st.one_of(hostile_pieces, st.text(any_char, max_size=40)), max_size=12).map(
    "".join
)
long_text = st.builds(lambda head, tail: head + "x" * 25_000 + tail, hostile_text, hostile_text)
json_value = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | hostile_text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(hostile_text, inner, max_size=4),
    max_leaves=12,
)
maybe_time = st.one_of(
    st.datetimes(
        min_value=datetime(1970, 1, 2), max_value=datetime(2200, 1, 1), timezones=st.just(UTC)
    ),
    st.datetimes(min_value=datetime(1970, 1, 2), max_value=datetime(2200, 1, 1)),  # naive
    st.none(),
)


@st.composite
def hostile_items(draw):
    n = next(_ids)
    network_id = draw(
        st.one_of(
            st.just(f"h-{n}"),
            hostile_text.map(lambda t: f"h-{n}-{t}"),
            st.just(""),
            st.just(f"h-{n}-" + "9" * 400),
        )
    )
    return InboundItem(
        network_id=network_id,
        kind=draw(st.one_of(st.just("mention"), hostile_text)),
        text=draw(st.one_of(hostile_text, long_text)),
        author=Author(
            network_user_id=draw(hostile_text),
            handle=draw(hostile_text),
            name=draw(hostile_text),
            followers=draw(st.one_of(st.none(), st.integers(-10, 10**12))),
        ),
        created_at=draw(maybe_time),
        thread_key=draw(hostile_text),
        url=draw(st.one_of(st.just(""), hostile_text, st.just("https://example.org/" + "a" * 600))),
        metrics=draw(
            st.dictionaries(hostile_text, st.one_of(st.integers(), st.floats()), max_size=3)
        ),
        extra=draw(st.dictionaries(hostile_text, json_value, max_size=3)),
    )


def crisis_item(author_name: str) -> InboundItem:
    n = next(_ids)
    return InboundItem(
        network_id=f"crisis-{n}",
        kind="direct",
        text=CRISIS,
        author=Author(
            network_user_id=f"person\x00{n}", handle=f"@person{n}\u202e", name=author_name
        ),
        created_at=datetime(2026, 11, 28, 23, 0, tzinfo=UTC),
        thread_key=f"crisis-thread-{n}",
    )


def _on_call(cast):
    cast.organisation.on_call_emails = "oncall@northshire.example"
    cast.organisation.save()


def _clean(text: str) -> bool:
    return "\x00" not in text and not any(0xD800 <= ord(c) <= 0xDFFF for c in text)


@pytest.mark.django_db(transaction=True)
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
@given(
    items=st.lists(hostile_items(), max_size=5),
    author_name=hostile_text,
    crisis_first=st.booleans(),
)
@example(
    items=[
        InboundItem(
            network_id="nul-1",
            kind="mention",
            text="bad\x00text",
            author=Author("nul\x00user", "@nul\x00", "N\x00ame"),
            created_at=datetime(2026, 1, 1, tzinfo=UTC),
            thread_key="t\x00",
        )
    ],
    author_name="Alex\x00 \ud800",
    crisis_first=False,
)
@example(
    items=[
        InboundItem(
            network_id="mega-1",
            kind="mention",
            text=MEGABYTE + "\x00",
            author=Author("mega", "@mega"),
            created_at=datetime(2026, 1, 1),
            thread_key="mega",
            extra={"score": math.nan, "n\x00": "\ud800"},
        )
    ],
    author_name="",
    crisis_first=True,
)
def test_a_crisis_message_is_alerted_whatever_else_is_in_its_batch(
    cast, items, author_name, crisis_first
):
    _on_call(cast)
    crisis = crisis_item(author_name)
    batch = [crisis, *items] if crisis_first else [*items, crisis]
    sent_before = len(mail.outbox)
    set_aside_before = QuarantinedItem.objects.count()

    result = ingest(cast.channel, batch)

    stored = Message.objects.get(channel=cast.channel, network_id=crisis.network_id)
    assert stored.route == "crisis"
    assert Alert.objects.filter(message=stored).exists()
    assert len(mail.outbox) > sent_before
    set_aside = QuarantinedItem.objects.count() - set_aside_before
    assert len(result.created) + result.duplicates + set_aside == len(batch)
    assert result.quarantined == set_aside
    for message in result.created:
        assert _clean(message.text) and len(message.text) <= 100_000
        contact = message.conversation.contact
        assert _clean(contact.name) and _clean(contact.handle) and "\u202e" not in contact.handle
    for item in QuarantinedItem.objects.order_by("-pk")[:set_aside]:
        assert item.reason and item.item.isascii()


@pytest.mark.django_db(transaction=True)
def test_an_item_with_no_identity_is_set_aside_with_the_reason_and_counted_in_settings(
    cast, client
):
    from tests.conftest import CAST_PASSWORD, verified

    result = ingest(
        cast.channel,
        [
            InboundItem(
                network_id="",
                kind="mention",
                text="who am I\x00",
                author=Author("a", "@a"),
                created_at=datetime(2026, 1, 1, tzinfo=UTC),
                thread_key="x",
            ),
            InboundItem(
                network_id="ok-1",
                kind="mention",
                text="Where is ward 7?",
                author=Author("b", "@b"),
                created_at=datetime(2026, 1, 1, tzinfo=UTC),
                thread_key="y",
            ),
        ],
    )
    assert [m.network_id for m in result.created] == ["ok-1"] and result.quarantined == 1
    [item] = QuarantinedItem.objects.filter(channel=cast.channel)
    assert item.reason == "The network gave this item no identity."
    assert "who am I\\u0000" in item.item
    client.login(username="admin", password=CAST_PASSWORD)
    page = verified(client).get("/settings/").content.decode()
    assert "1 message from this account could not be stored and was set aside" in page


def test_text_after_the_first_twenty_thousand_characters_is_triaged(cast):
    n = next(_ids)
    item = InboundItem(
        network_id=f"late-{n}",
        kind="direct",
        text="Lovely weather today. " * 2_000 + CRISIS,
        author=Author("c", "@c"),
        created_at=datetime(2026, 1, 1, tzinfo=UTC),
        thread_key=f"late-{n}",
    )
    [message] = ingest(cast.channel, [item]).created
    assert len(item.text) > 40_000
    assert message.route == "crisis" and Alert.objects.filter(message=message).exists()


class _Adapter:
    def __init__(self, items):
        self.items = items

    def fetch_inbound(self, cursor):
        return InboundBatch(items=self.items, cursor={"since": "after-the-bad-one"})


@pytest.mark.django_db(transaction=True)
def test_a_poll_with_a_nul_in_a_name_stores_the_crisis_moves_the_cursor_and_alerts(
    cast, monkeypatch
):
    _on_call(cast)
    crisis = crisis_item("Sam\x00")
    bad = InboundItem(
        network_id="nul-\x00",
        kind="mention",
        text="\x00" * 10,
        author=Author("\x00", "\x00", "\x00"),
        created_at=None,
        thread_key="",
    )
    monkeypatch.setattr(polling, "adapter_of", lambda channel: _Adapter([bad, crisis]))
    assert polling.poll(cast.channel) == 1
    channel = Channel.objects.get(pk=cast.channel.pk)
    assert channel.cursor == {"since": "after-the-bad-one"}
    assert channel.status == ChannelStatus.CONNECTED
    assert Alert.objects.filter(message__network_id=crisis.network_id).exists()
    assert QuarantinedItem.objects.filter(channel=cast.channel).count() == 1
    assert all(_clean(c.name + c.handle + c.network_user_id) for c in Contact.objects.all())


@pytest.mark.django_db(transaction=True)
def test_a_listening_feed_with_hostile_items_stores_the_rest_and_moves_its_cursor(
    cast, monkeypatch
):
    search = SavedSearch.objects.create(
        organisation=cast.organisation, name="Our hospital", keywords="hospital"
    )
    source = SearchSource.objects.create(search=search, feed_url="https://news.example/feed")
    good = InboundItem(
        network_id="feed-good",
        kind="article",
        text="hospital\x00 news \ud800",
        author=Author("\x00", "\x00"),
        created_at=datetime(2026, 1, 1),
        thread_key="",
        extra={"source": "News\x00", "nan": math.nan},
    )
    bad = InboundItem(
        network_id="",
        kind="article",
        text="hospital",
        author=Author("x", "x"),
        created_at=datetime(2026, 1, 1),
        thread_key="",
    )
    monkeypatch.setattr(running, "adapter_for", lambda *a: _Adapter([bad, good]))
    [mention] = running.run_source(source)
    assert mention.text == "hospital news \ufffd" and mention.source == "News"
    assert SearchSource.objects.get(pk=source.pk).cursor == {"since": "after-the-bad-one"}
    assert QuarantinedItem.objects.filter(organisation=cast.organisation).count() == 1
    assert Mention.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_items_set_aside_are_kept_no_longer_than_inbound_messages(cast):
    from datetime import timedelta

    from django.utils import timezone

    from sociable.privacy import retention

    ingest(
        cast.channel,
        [
            InboundItem(
                network_id="",
                kind="mention",
                text="x",
                author=Author("a", "@a"),
                created_at=None,
                thread_key="",
            )
        ],
    )
    assert QuarantinedItem.objects.count() == 1
    assert retention.apply(cast.organisation)["set_aside_items"] == 0
    later = timezone.now() + timedelta(days=3 * 366)
    assert retention.apply(cast.organisation, now=later)["set_aside_items"] == 1
    assert not QuarantinedItem.objects.exists()


@settings(max_examples=300, deadline=None)
@given(item=hostile_items())
def test_every_normalised_item_fits_its_columns_or_is_refused_with_a_reason(item):
    from sociable.inbox import untrusted

    try:
        clean = untrusted.clean_item(item)
    except untrusted.Unfit as refused:
        assert str(refused)
        return
    for value in (
        clean.network_id,
        clean.thread_key,
        clean.author.network_user_id,
        clean.author.handle,
        clean.author.name,
        clean.url,
        clean.kind,
        clean.text,
    ):
        assert _clean(value)
        assert not any(ord(c) < 0x20 and c not in "\n\t" for c in value)
    assert len(clean.network_id) <= 200 and len(clean.thread_key) <= 300
    assert len(clean.author.handle) <= 200 and len(clean.author.name) <= 200
    assert len(clean.url) <= 500 and len(clean.kind) <= 20
    assert "\u202e" not in clean.author.name + clean.author.handle
    assert clean.created_at.tzinfo is not None
    import json

    json.dumps(clean.extra, allow_nan=False)  # what PostgreSQL's jsonb accepts
    assert "\x00" not in json.dumps(clean.extra, ensure_ascii=False)
