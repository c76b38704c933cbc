"""The inbox as a desk, in Chromium at 1366 px and at 390 px: an officer triages by keyboard and
replies; two officers open the same conversation and each sees the other replying; a message
that arrives (through the product's ingest path) shows in the open inbox within 5 s, without a
reload. Every control is checked to be seeable before it is used, and axe-core checks each
state of the page."""

import time

import pytest
from django.contrib.auth import get_user_model

from sociable.accounts.models import Membership, Role
from sociable.inbox import actions
from sociable.inbox.models import Conversation, Message
from tests.browser.conftest import quiet, screenshot, seen
from tests.browser.test_crisis_journey import axe_violations
from tests.conftest import CAST_PASSWORD
from tests.inbox_support import arrive

pytestmark = pytest.mark.browser

SIZES = {"1366": {"width": 1366, "height": 900}, "390": {"width": 390, "height": 844}}
LIVE_WITHIN_MS = 5_000
NO_RELOAD = "window.__sameDocument === true"


@pytest.fixture
def desk_pages(browser, settings):
    """New browser pages of a chosen size, closed after the test."""
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False
    contexts = []

    def open_page(size: str):
        context = browser.new_context(viewport=SIZES[size], locale="en-GB")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        problems = PROBLEMS.setdefault(id(page), [])
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.on(
            "console", lambda message: message.type == "error" and problems.append(message.text)
        )
        return page

    yield open_page
    quiet(*contexts)


def sign_in(page, live_server, username):
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", CAST_PASSWORD)
    seen(page.locator("button[type=submit]")).click()
    page.wait_for_url("**/inbox/")
    page.evaluate("window.__sameDocument = true")  # gone if the page ever reloads


def no_wider_than_the_screen(page):
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page is {overflow} px wider than the screen"


def row_of(page, conversation):
    return page.locator(f"#conversation-list [data-conversation='{conversation.pk}']")


def focused_row(page) -> str:
    return page.evaluate(
        "document.activeElement.closest('[data-conversation]')?.dataset.conversation || ''"
    )


PROBLEMS: dict[int, list[str]] = {}  # script errors and policy refusals, per page
# What the requests the test cuts off (to show "not updating") leave in the console.
ABORTED_BY_THE_TEST = ("net::ERR_FAILED", "htmx:sendError", "htmx:afterRequest")


def check(page, name):
    problems = [
        p for p in PROBLEMS.get(id(page), []) if not any(mark in p for mark in ABORTED_BY_THE_TEST)
    ]
    assert problems == [], f"{name}: {problems}"
    assert axe_violations(page) == [], name
    no_wider_than_the_screen(page)
    screenshot(page, name)


def an_officer(cast, username, first, last):
    user = get_user_model().objects.create_user(
        username=username, password=CAST_PASSWORD, first_name=first, last_name=last
    )
    Membership.objects.create(user=user, organisation=cast.organisation, role=Role.OFFICER)
    return user


@pytest.mark.parametrize("size", SIZES)
def test_an_officer_triages_the_inbox_by_keyboard_and_replies(
    live_server, transactional_db, cast, desk_pages, size
):
    parking = arrive(
        cast.channel,
        "Is the multi-storey car park open on Sunday?",
        name="Pat Doe",
        handle="@patdoe",
    )
    arrive(
        cast.channel, "Thank you to everyone on the stroke unit!", name="Kim Ray", handle="@kimray"
    )
    page = desk_pages(size)
    sign_in(page, live_server, "officer")
    check(page, f"inbox-{size}-list")

    page.keyboard.press("?")
    keys = page.locator("#keys")
    seen(keys)
    assert "Write a reply" in keys.inner_text()
    check(page, f"inbox-{size}-keys")
    page.keyboard.press("Escape")
    assert not keys.is_visible()

    order = page.eval_on_selector_all(
        "#conversation-list [data-conversation]", "rows => rows.map(r => r.dataset.conversation)"
    )
    assert str(parking.conversation_id) in order and len(order) >= 3
    page.keyboard.press("j")
    assert focused_row(page) == order[0]
    page.keyboard.press("j")
    page.keyboard.press("j")
    assert focused_row(page) == order[2]
    page.keyboard.press("k")
    assert focused_row(page) == order[1]
    while focused_row(page) != str(parking.conversation_id):
        page.keyboard.press(
            "j"
            if order.index(str(parking.conversation_id)) > order.index(focused_row(page))
            else "k"
        )
    page.keyboard.press("Enter")
    title = page.locator("#conversation-title")
    seen(title)
    assert "Pat Doe" in title.inner_text()
    page.wait_for_url(f"**/inbox/{parking.conversation_id}/**")
    assert page.title().startswith("Conversation with Pat Doe – Sociable")
    assert "multi-storey car park" in seen(page.locator("#panes .sociable-messages")).inner_text()
    if size == "390":  # one pane at a time: the list gives way to the conversation
        assert not page.locator(".sociable-pane--list").is_visible()
        seen(page.get_by_role("link", name="Back to the list"))
    check(page, f"inbox-{size}-open")

    page.keyboard.press("r")
    reply = page.locator("#id_text")
    assert page.evaluate("document.activeElement.id") == "id_text"
    text = "Yes, it is open 7am to 10pm, every day. Take a ticket at the barrier: jk!"
    page.keyboard.type(text)  # the keys j, k, e, r, a and / are letters while typing
    assert reply.input_value() == text
    assert Conversation.objects.get(pk=parking.conversation_id).status != "closed"
    seen(page.get_by_test_id("send-reply")).click()
    flash = page.locator("#flash", has_text="Reply sent.")
    flash.wait_for()
    seen(flash)
    sent = Message.objects.get(conversation=parking.conversation, direction="out")
    assert sent.text == text and sent.delivery == "sent" and sent.author == cast.officer
    assert "Officer" in page.get_by_test_id("assigned").inner_text()  # a reply assigns
    check(page, f"inbox-{size}-replied")

    page.keyboard.press("a")
    assert page.evaluate("document.activeElement.id") == "assignee"
    page.keyboard.press("Escape")  # out of the box: the keys work again
    assert page.evaluate("document.activeElement.id") != "assignee"
    page.keyboard.press("e")
    status = page.get_by_test_id("status")
    status.filter(has_text="Closed").wait_for()
    assert Conversation.objects.get(pk=parking.conversation_id).status == "closed"
    assert page.evaluate(NO_RELOAD), "the page reloaded"
    check(page, f"inbox-{size}-closed")

    if size == "390":
        seen(page.get_by_role("link", name="Back to the list")).click()
        page.wait_for_url("**/inbox/")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "filter-q"
    page.keyboard.type("stroke unit")
    page.keyboard.press("Enter")
    page.wait_for_url("**/inbox/?q=stroke+unit**")
    names = page.locator("#conversation-list .sociable-row__link").all_inner_texts()
    assert names == ["Kim Ray"]
    check(page, f"inbox-{size}-searched")


@pytest.mark.parametrize("size", SIZES)
def test_two_officers_on_one_conversation_each_see_the_other_replying(
    live_server, transactional_db, cast, desk_pages, size
):
    an_officer(cast, "priya", "Priya", "Shah")
    question = arrive(cast.channel, "Can I bring my own food to the ward?", name="Sam Lee")
    url = f"{live_server.url}/inbox/{question.conversation_id}/"
    priya, officer = desk_pages(size), desk_pages(size)
    for page, username in ((priya, "priya"), (officer, "officer")):
        sign_in(page, live_server, username)
        page.goto(url)
        page.evaluate("window.__sameDocument = true")
        seen(page.locator("#conversation-title"))

    seen(priya.locator("#id_text")).click()
    priya.keyboard.type("Hello Sam, yes you can")
    started = time.monotonic()
    warning = officer.get_by_test_id("replying")
    warning.wait_for(state="visible", timeout=LIVE_WITHIN_MS)
    assert time.monotonic() - started < LIVE_WITHIN_MS / 1000
    seen(warning)
    assert "Priya Shah is replying" in warning.inner_text()
    check(officer, f"inbox-{size}-colleague-replying")

    seen(officer.locator("#id_text")).click()
    officer.keyboard.type("Hi Sam")
    back = priya.get_by_test_id("replying")
    back.wait_for(state="visible", timeout=LIVE_WITHIN_MS)
    assert "Officer is replying" in seen(back).inner_text()
    assert priya.get_by_test_id("replying").inner_text().count("Priya") == 0  # not herself

    seen(priya.get_by_test_id("send-reply")).click()
    priya.locator("#flash", has_text="Reply sent.").wait_for()
    seen(priya.locator("#flash"))
    # The officer sees Priya's reply arrive and her mark go, and the conversation now hers.
    officer.locator("#panes .sociable-message--out").filter(has_text="yes you can").wait_for(
        timeout=LIVE_WITHIN_MS
    )
    officer.get_by_test_id("assigned").filter(has_text="Priya").wait_for(timeout=LIVE_WITHIN_MS)
    assert officer.get_by_test_id("replying").count() == 0 or "Priya" not in (
        officer.get_by_test_id("replying").inner_text()
    )
    assert officer.locator("#id_text").input_value() == "Hi Sam"  # what they typed is kept
    assert officer.evaluate(NO_RELOAD) and priya.evaluate(NO_RELOAD), "a page reloaded"
    check(officer, f"inbox-{size}-colleague-replied")


@pytest.mark.parametrize("size", SIZES)
def test_a_new_message_shows_in_the_open_inbox_within_5_seconds_without_a_reload(
    live_server, transactional_db, cast, desk_pages, size
):
    first = arrive(
        cast.channel,
        "Where is the maternity unit?",
        name="Alex Kay",
        handle="@alexkay",
        thread="ask-1",
    )
    page = desk_pages(size)
    sign_in(page, live_server, "officer")
    page.goto(f"{live_server.url}/inbox/{first.conversation_id}/")
    page.evaluate("window.__sameDocument = true")
    seen(page.locator("#conversation-title"))

    # A follow-up in the open conversation, and a status change by a colleague.
    arrive(
        cast.channel,
        "Also, is there parking for blue badge holders?",
        name="Alex Kay",
        handle="@alexkay",
        thread="ask-1",
    )
    started = time.monotonic()
    page.locator("#panes .sociable-message").filter(has_text="blue badge holders").wait_for(
        timeout=LIVE_WITHIN_MS
    )
    actions.set_status(
        Conversation.objects.get(pk=first.conversation_id), cast.admin.memberships.get(), "waiting"
    )
    page.get_by_test_id("status").filter(has_text="Waiting").wait_for(timeout=LIVE_WITHIN_MS)
    assert time.monotonic() - started < 2 * LIVE_WITHIN_MS / 1000
    assert page.locator("#status").input_value() == "waiting"  # the control follows too
    check(page, f"inbox-{size}-live-conversation")

    if size == "390":  # back to the list, as a person on a phone would
        seen(page.get_by_role("link", name="Back to the list")).click()
        page.wait_for_url("**/inbox/**")
        page.evaluate("window.__sameDocument = true")
    newcomer = arrive(
        cast.channel,
        "My appointment letter has the wrong date on it",
        name="Jo Bloggs",
        handle="@jobloggs",
    )
    started = time.monotonic()
    row = row_of(page, newcomer.conversation)
    row.wait_for(timeout=LIVE_WITHIN_MS)
    assert time.monotonic() - started < LIVE_WITHIN_MS / 1000
    seen(row)
    assert "wrong date" in row.inner_text()
    assert page.evaluate(NO_RELOAD), "the page reloaded"
    check(page, f"inbox-{size}-live-list")

    # When the desk cannot be reached the page says the list is not updating, until it is.
    page.route("**/inbox/list/**", lambda route: route.abort())
    lost = page.get_by_test_id("desk-status").filter(has_text="not updating")
    lost.wait_for(timeout=LIVE_WITHIN_MS)
    seen(lost)
    check(page, f"inbox-{size}-not-updating")
    page.unroute("**/inbox/list/**")
    page.get_by_test_id("desk-status").filter(has_text="not updating").wait_for(
        state="hidden", timeout=LIVE_WITHIN_MS
    )


def test_a_saved_reply_goes_in_at_the_cursor_and_keeps_what_was_typed(
    live_server, transactional_db, cast, desk_pages
):
    thanks = arrive(cast.channel, "Thank you to the team on ward 7!", name="Sam Lee")
    page = desk_pages("1366")
    sign_in(page, live_server, "officer")
    page.goto(f"{live_server.url}/inbox/{thanks.conversation_id}/")
    box = seen(page.locator("#id_text"))
    box.click()
    page.keyboard.type("Best wishes, the comms team")
    page.keyboard.press("Control+Home")  # the cursor to the start: the reply goes before
    seen(page.locator("summary", has_text="All saved replies")).click()
    seen(page.locator("#panes a[data-insert]", has_text="Thank you").first).click()
    text = box.input_value()
    assert text.startswith("Thank you so much for your kind words, Sam.")
    assert text.endswith("Best wishes, the comms team")
    assert page.evaluate("document.activeElement.id") == "id_text"
    check(page, "inbox-1366-saved-reply")


@pytest.mark.parametrize("size", SIZES)
def test_a_busy_inbox_fits_the_screen_and_passes_axe(
    live_server, transactional_db, cast, desk_pages, size
):
    arrive(cast.channel, "I can't do this anymore, I've got my tablets saved up", name="Robin")
    complaint = arrive(
        cast.channel,
        "Waited 5 hours in A&E last night with my dad and nobody "
        "told us anything. Really not good enough.",
        name="Chris Evans",
        handle="@chrisevans",
    )
    for text, name in [
        ("Is the multi-storey car park open on Sunday?", "Pat Doe"),
        ("Huge thanks to Sister Aisha Rahman on Ward 7, she was wonderful", "Kim Ray"),
        ("Ble mae'r clinig profion gwaed? Diolch", "Gethin Jones"),
        ("Do you have the flu jab for children in stock at the walk-in centre?", "Sam Lee"),
        ("https://example.org/" + "a" * 120 + " is this true about the new ward?", "Jo Bloggs"),
    ]:
        arrive(cast.channel, text, name=name, handle="@" + name.lower().replace(" ", ""))
    actions.tag(complaint.conversation, cast.officer.memberships.get(), "a&e waits")
    page = desk_pages(size)
    sign_in(page, live_server, "officer")
    check(page, f"inbox-{size}")
    page.goto(f"{live_server.url}/inbox/{complaint.conversation_id}/")
    seen(page.locator("#conversation-title"))
    assert "a&e waits" in page.get_by_test_id("tags").inner_text()
    check(page, f"inbox-{size}-conversation")
