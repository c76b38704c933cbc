"""Browser tests: Playwright driving Debian's Chromium against the live desk."""

import os
import shutil
import threading
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from tests.support import wait_until

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# between browser steps are ordinary synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    path = shutil.which(os.environ.get("CHROMIUM_PATH", "chromium"))
    if not path:
        pytest.fail(
            "Chromium is not installed: `make test` installs it (scripts/ensure-chromium.sh)"
        )
    return path


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, settings):
    # The live server speaks plain http.
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    quiet(context)


def quiet(*contexts) -> None:
    """Close browser contexts and wait until the live server has finished every request their
    pages made (the inbox polls every few seconds): a request still being served while the test
    database is flushed fails the flush ("database table is locked"). The live server serves
    each connection in a thread of its own, which ends once the browser has closed it."""
    for context in contexts:
        context.close()
    wait_until(
        lambda: (
            not any(
                thread.name.endswith("(process_request_thread)") for thread in threading.enumerate()
            )
        ),
        seconds=10,
        every=0.02,
    )


def log_in(page, live_server, username, password):
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/login/" not in url)  # to where the role works


# Playwright counts an element at opacity 0, or inside an ancestor at opacity 0, as visible. A
# person does not: this walks up the tree and names the first reason a person could not see it.
_WHY_UNSEEN = """(el) => {
  const box = el.getBoundingClientRect();
  if (box.width < 2 || box.height < 2) return `it is ${box.width}×${box.height} px`;
  for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
    const style = getComputedStyle(node);
    const name = node.tagName.toLowerCase() + (node.className ? '.' + node.className : '');
    if (style.display === 'none') return `${name} is not displayed`;
    if (style.visibility !== 'visible') return `${name} is ${style.visibility}`;
    if (parseFloat(style.opacity) < 0.1) return `${name} has opacity ${style.opacity}`;
    const own = node.getBoundingClientRect();
    if (style.overflow !== 'visible' && (own.width < 2 || own.height < 2))
      return `${name} clips it to ${own.width}×${own.height} px`;
  }
  return '';
}"""


def seen(locator):
    """The element a person would look at or click: fails, naming why, unless it can be seen.
    For NHS.UK radios and checkboxes that is the label (the input itself is drawn by the label)."""
    locator.scroll_into_view_if_needed()
    why = locator.evaluate(_WHY_UNSEEN)
    assert why == "", f"a person cannot see {locator}: {why}"
    return locator


def choose(page, label: str):
    """Tick a checkbox or radio the way a person does: by clicking its visible label."""
    seen(page.locator("label", has_text=label).first).click()
    assert page.get_by_label(label).is_checked(), f"{label!r} was not ticked"


def screenshot(page, name: str) -> None:
    """Keep a picture of the page for a person to look at, when SOCIABLE_SCREENSHOTS names a
    folder (screenshots are never committed)."""
    folder = os.environ.get("SOCIABLE_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)
