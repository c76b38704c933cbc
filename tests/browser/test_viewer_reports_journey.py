"""A viewer signs in, reaches the reports, opens the outcomes and downloads the PDF: at a desk
(1366 px) and on a phone (390 px), every control seen before it is used, axe-core on each page.
The PDF prints Welsh letters as themselves and is tagged."""

import io
import re

import pytest
from pypdf import PdfReader

from tests.browser.conftest import screenshot, seen
from tests.browser.test_crisis_journey import axe_violations
from tests.conftest import CAST_PASSWORD
from tests.reports_support import published

pytestmark = pytest.mark.browser
WELSH = "Dŵr glân i bawb: ŷd a ŵyn ar y fferm"


@pytest.mark.parametrize("width", [1366, 390])
def test_a_viewer_opens_the_reports_and_downloads_the_pdf(
    live_server, transactional_db, cast, browser, settings, width
):
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False
    published(cast, reach=1500, reactions=40, comments=5, text=WELSH)
    context = browser.new_context(
        viewport={"width": width, "height": 900}, locale="en-GB", accept_downloads=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto(f"{live_server.url}/login/")
        screenshot(page, f"viewer-{width}-1-sign-in")
        seen(page.locator("#id_username")).fill("viewer")
        seen(page.locator("#id_password")).fill(CAST_PASSWORD)
        seen(page.locator("button[type=submit]")).click()
        page.wait_for_load_state()
        if "/reports/" not in page.url:  # where a viewer lands, once the desk sends them there
            page.goto(f"{live_server.url}/reports/")
        assert page.get_by_role("heading", level=1).first.inner_text() == "Reports"
        assert axe_violations(page) == []
        screenshot(page, f"viewer-{width}-2-reports")

        seen(page.get_by_role("link", name="Outcomes", exact=True)).click()
        page.wait_for_url("**/reports/outcomes/")
        assert axe_violations(page) == []
        screenshot(page, f"viewer-{width}-3-outcomes")
        page.go_back()
        page.wait_for_url("**/reports/")

        link = seen(page.get_by_test_id("pdf-link"))
        with page.expect_download() as download:
            link.click()
        content = open(download.value.path(), "rb").read()
        screenshot(page, f"viewer-{width}-4-downloaded")
    finally:
        context.close()

    reader = PdfReader(io.BytesIO(content))
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in reader.pages))
    assert WELSH in text
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and bool(root["/MarkInfo"]["/Marked"])
