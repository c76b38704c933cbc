"""The composer: accounts grouped by network, a preview per account counted by that network's
own rule, words per network, campaign tracking on links and the confidentiality check as the
person types (the same check as on save)."""

import html
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from sociable.channels.models import Channel
from sociable.networks.registry import adapter_class
from sociable.publishing import posts, preview
from sociable.publishing.links import tag_links
from sociable.publishing.models import LinkTracking, Post, PostStatus
from tests.conftest import CAST_PASSWORD

NHS_NUMBER = "943 476 5919"  # a valid Modulus 11 check digit


@pytest.fixture
def accounts(cast):
    cast.organisation.own_websites = "https://www.northshire.nhs.uk/\nnorthshire-charity.org.uk"
    cast.organisation.save()
    make = lambda network, handle, **options: Channel.objects.create(  # noqa: E731
        organisation=cast.organisation,
        team=cast.comms,
        network=network,
        handle=handle,
        display_name="Northshire NHS",
        options=options,
    )
    return {
        "x": make("x", "@NorthshireX"),
        "bluesky": make("bluesky", "northshire.bsky.social"),
        "mastodon": make("mastodon", "@nhs@toot.example", max_characters=1000),
        "linkedin": make("linkedin", "northshire-nhs"),
    }


def officer():
    client = Client()
    client.login(username="officer", password=CAST_PASSWORD)
    return client


def ask_preview(client, **data):
    answer = client.post("/publish/preview/", {"language": "en", **data})
    assert answer.status_code == 200
    return answer.content.decode()


def section(fragment, handle):
    found = re.search(rf'data-testid="preview-{re.escape(handle)}">(.*?)</section>', fragment, re.S)
    assert found, f"no preview for {handle}"
    return found.group(1)


def counters(fragment, handle):
    return [
        html.unescape(re.sub(r"<[^>]+>", "", c)).strip()
        for c in re.findall(r'data-testid="counter">(.*?)</p>', section(fragment, handle), re.S)
    ]


def test_the_accounts_are_grouped_by_network_with_their_picture_and_handle(cast, accounts):
    page = officer().get("/publish/new/").content.decode()
    legends = re.findall(r'sociable-choice-group__legend">([^<]+)<', page)
    assert legends == sorted(legends) and {
        "X",
        "Bluesky",
        "Mastodon",
        "LinkedIn",
        "Demo network",
    } <= set(legends)
    x_group = page[page.index('legend">X<') :]
    assert '<span class="sociable-avatar sociable-avatar--x" aria-hidden="true">NN</span>' in (
        x_group
    )
    assert "@NorthshireX" in x_group
    # A contributor is offered only their own team's accounts.
    contributor = Client()
    contributor.login(username="contributor", password=CAST_PASSWORD)
    page = contributor.get("/publish/new/").content.decode()
    assert "@NorthshireMaternity" in page and "@NorthshireX" not in page


@pytest.mark.parametrize(
    "text",
    [
        "Flu jabs this week 💉🏽 at https://northshire.nhs.uk/flu?x=1 — ask @nurse@toot.example",
        "Brechlyn ffliw: ŵyn, ŷd 👩‍⚕️ " * 12,
        "診療所は月曜日に開きます " * 30,
        "a" * 301,
    ],
)
def test_each_preview_counts_as_its_network_does_and_marks_what_is_past_the_limit(
    cast, accounts, text
):
    text = text.strip()  # as the form keeps it
    fragment = ask_preview(
        officer(), text=text, link_tracking="none", channels=[c.pk for c in accounts.values()]
    )
    for network, channel in accounts.items():
        used = adapter_class(network).count_length(text)
        limit = posts.limit_of(channel)
        shown = counters(fragment, channel.handle)[0]
        assert shown.startswith(f"{used} of {limit}")
        assert ("too long by" in shown) == (used > limit)
    built = preview.build(
        cast.organisation, list(accounts.values()), {"text": text, "link_tracking": "none"}, {}
    )
    for account in built.accounts:
        part = account.parts[0]
        count = adapter_class(account.channel.network).count_length
        assert part.text + part.overflow == text
        if part.over:
            assert count(part.text) <= part.limit < count(part.text + part.overflow[:1] + "x")
            assert html.escape(part.overflow[-20:]) in section(fragment, account.channel.handle)


def test_an_instance_that_allows_more_is_counted_against_its_own_limit(cast, accounts):
    fragment = ask_preview(officer(), text="a" * 700, channels=[accounts["mastodon"].pk])
    assert counters(fragment, "@nhs@toot.example") == ["700 of 1000"]


def test_thread_parts_and_words_per_network_are_previewed_and_saved(cast, accounts):
    client = officer()
    chosen = [accounts["x"].pk, accounts["bluesky"].pk]
    data = {
        "text": "Our new birth centre opens on Monday.",
        "variant_x": "New birth centre: open Monday.",
        "thread_text": "Tours daily.\n---\nAsk the midwives anything.",
        "channels": chosen,
    }
    fragment = ask_preview(client, **data)
    assert "Its own words for X." in section(fragment, "@NorthshireX")
    assert "New birth centre: open Monday." in section(fragment, "@NorthshireX")
    assert "Our new birth centre opens on Monday." in section(fragment, "northshire.bsky.social")
    assert "Part 3 of 3" in section(fragment, "northshire.bsky.social")

    when = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    client.post("/publish/new/", {**data, "language": "en", "when": when, "action": "save"})
    post = Post.objects.exclude(pk=cast.post.pk).get()
    assert {t.channel.network: t.parts() for t in post.targets.all()} == {
        "x": ["New birth centre: open Monday.", "Tours daily.", "Ask the midwives anything."],
        "bluesky": [
            "Our new birth centre opens on Monday.",
            "Tours daily.",
            "Ask the midwives anything.",
        ],
    }
    # The post page shows them to whoever approves it; editing shows them where they were left.
    page = client.get(f"/publish/{post.pk}/").content.decode()
    assert "Its own words: New birth centre: open Monday." in page
    page = client.get(f"/publish/{post.pk}/edit/").content.decode()
    assert re.search(r'name="variant_x"[^>]*>\s*New birth centre: open Monday\.</textarea>', page)
    assert re.search(r'name="variant_bluesky"[^>]*>\s*</textarea>', page)


def test_the_guard_warns_as_you_type_with_the_same_findings_as_on_save(cast, accounts):
    client = officer()
    for field in ("text", "variant_bluesky", "thread_text", "text_cy"):
        data = {
            "text": "Visiting times change on Monday.",
            "channels": [accounts["bluesky"].pk],
            field: f"Well done to the ward: patient {NHS_NUMBER} went home",
        }
        fragment = ask_preview(client, **data)
        assert 'data-testid="guard-warning"' in fragment, field
        assert NHS_NUMBER in fragment
        if field != "text_cy":  # the Welsh text goes out only when Welsh is chosen
            assert re.search(
                rf'sociable-preview__flagged">(<[^>]+>[^<]*</span>)?{NHS_NUMBER}<',
                section(fragment, "northshire.bsky.social"),
            ), field
    fragment = ask_preview(
        client, text="Visiting times change on Monday.", channels=[accounts["bluesky"].pk]
    )
    assert "guard-warning" not in fragment

    text = f"Thank you, patient {NHS_NUMBER}, for your card"
    built = preview.build(cast.organisation, [accounts["x"]], {"text": text}, {})
    post = Post.objects.create(organisation=cast.organisation, author=cast.officer, text=text)
    posts.set_targets(post, cast.officer.memberships.get(), [accounts["x"]])
    assert built.findings == posts.check(post).findings != []


def test_campaign_tracking_goes_on_our_own_links_by_default_and_is_a_choice(cast, accounts):
    client = officer()
    text = "Flu clinics: https://northshire.nhs.uk/flu and https://www.nhs.uk/flu"
    base = {"text": text, "campaign": "#FluJab", "channels": [accounts["x"].pk]}
    page = client.get("/publish/new/").content.decode()
    assert "Links to our own websites (northshire.nhs.uk, northshire-charity.org.uk)" in page
    own = section(ask_preview(client, **base), "@NorthshireX")
    assert (
        "https://northshire.nhs.uk/flu?utm_source=x&amp;utm_medium=social&amp;"
        "utm_campaign=flujab and https://www.nhs.uk/flu<"
    ) in own
    every = section(ask_preview(client, **base, link_tracking="all"), "@NorthshireX")
    assert "https://www.nhs.uk/flu?utm_source=x&amp;utm_medium=social&amp;utm_campaign=flujab" in (
        every
    )
    none = section(ask_preview(client, **base, link_tracking="none"), "@NorthshireX")
    assert "utm_" not in none


def test_links_are_tagged_per_network_keeping_what_they_carried():
    tagged = tag_links(
        "See https://Shop.Northshire.nhs.uk/a?b=c%20d#top, www.northshire.nhs.uk. "
        "https://northshire.nhs.uk/x?utm_source=poster and https://evil-northshire.nhs.uk.example/",
        source="bluesky",
        campaign="#Nurses Day 2026",
        only_domains=["northshire.nhs.uk"],
    )
    assert tagged == (
        "See https://Shop.Northshire.nhs.uk/a?b=c%20d&utm_source=bluesky&utm_medium=social"
        "&utm_campaign=nurses-day-2026#top, www.northshire.nhs.uk/?utm_source=bluesky"
        "&utm_medium=social&utm_campaign=nurses-day-2026. https://northshire.nhs.uk/x?"
        "utm_source=poster&utm_medium=social&utm_campaign=nurses-day-2026 and "
        "https://evil-northshire.nhs.uk.example/"
    )
    assert tag_links("No links here.", source="x") == "No links here."


def test_the_link_goes_out_at_the_end_of_the_post_with_its_tracking(cast, accounts):
    post = Post.objects.create(
        organisation=cast.organisation,
        author=cast.officer,
        text="Flu jabs all week.",
        link="https://northshire.nhs.uk/flu",
        campaign="FluJab",
        link_tracking=LinkTracking.OWN,
    )
    posts.set_targets(post, cast.officer.memberships.get(), [accounts["x"], accounts["linkedin"]])
    assert {t.channel.network: t.parts()[0] for t in post.targets.all()} == {
        "x": "Flu jabs all week.\n\nhttps://northshire.nhs.uk/flu?utm_source=x&utm_medium=social"
        "&utm_campaign=flujab",
        "linkedin": "Flu jabs all week.\n\nhttps://northshire.nhs.uk/flu?utm_source=linkedin"
        "&utm_medium=social&utm_campaign=flujab",
    }


def test_the_preview_shows_only_the_members_own_accounts(cast, accounts):
    fragment = ask_preview(
        officer(), text="Hello", channels=[cast.other_channel.pk, accounts["x"].pk, "1e99", "<b>"]
    )
    assert "@SouthshireHospice" not in fragment
    assert 'data-testid="preview-@NorthshireX"' in fragment
    contributor = Client()
    contributor.login(username="contributor", password=CAST_PASSWORD)
    fragment = ask_preview(
        contributor, text="Hello", channels=[accounts["x"].pk, cast.maternity_channel.pk]
    )
    assert "@NorthshireX" not in fragment and "@NorthshireMaternity" in fragment


def test_without_javascript_the_preview_button_shows_the_preview_and_saves_nothing(cast, accounts):
    answer = officer().post(
        "/publish/new/",
        {"text": "a" * 290, "channels": [accounts["x"].pk], "language": "en", "action": "preview"},
    )
    assert answer.status_code == 200
    assert "290 of 280 · too long by 10" in " ".join(
        counters(answer.content.decode(), "@NorthshireX")
    )
    assert Post.objects.exclude(pk=cast.post.pk).count() == 0


def test_a_post_too_long_for_one_network_is_not_scheduled(cast, accounts):
    when = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    officer().post(
        "/publish/new/",
        {
            "text": "a" * 290,
            "channels": [accounts["x"].pk, accounts["bluesky"].pk],
            "language": "en",
            "when": when,
            "action": "schedule",
        },
    )
    post = Post.objects.exclude(pk=cast.post.pk).get()
    assert post.status == PostStatus.DRAFT
