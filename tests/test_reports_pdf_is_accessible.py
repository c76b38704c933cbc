"""The report's PDF is tagged (structure tree, marked, titled, in English), prints Welsh letters
as themselves, and draws its charts with axes; unknown reach is a gap in the chart, never zero."""

import io
import re
from datetime import date

import pytest
from django.test import Client
from pypdf import PdfReader

from sociable.reports import charts
from sociable.reports.models import Outcome
from tests.conftest import CAST_PASSWORD, verified
from tests.reports_support import published


@pytest.fixture
def viewer(cast):
    client = Client()
    assert client.login(username="viewer", password=CAST_PASSWORD)
    return client


def pdf(viewer) -> PdfReader:
    response = viewer.get("/reports/report.pdf")
    assert response.status_code == 200
    return PdfReader(io.BytesIO(response.content))


def text_of(reader: PdfReader) -> str:
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def test_welsh_letters_are_printed_as_themselves(cast, viewer):
    published(cast, reach=500, reactions=20, text="Dŵr a bwyd i bawb yn yr ysbyty: ŷd, ŵyn")
    text = text_of(pdf(viewer))
    assert "Dŵr a bwyd i bawb yn yr ysbyty: ŷd, ŵyn" in text
    assert "D?r" not in text


def test_the_pdf_is_tagged_titled_and_in_english(cast, viewer):
    published(cast, reach=500, reactions=20)
    reader = pdf(viewer)
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "en-GB"
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    assert reader.metadata.title.startswith("Social media report")
    tree = root["/StructTreeRoot"].get_object()
    document = tree["/K"][0].get_object()
    kinds = [kid.get_object()["/S"] for kid in document["/K"]]
    for kind in ("/H1", "/H2", "/P", "/Table", "/Figure"):
        assert kind in kinds, kind
    figures = [kid.get_object() for kid in document["/K"] if kid.get_object()["/S"] == "/Figure"]
    assert all(str(f.get("/Alt", "")).strip() for f in figures)
    table = next(kid.get_object() for kid in document["/K"] if kid.get_object()["/S"] == "/Table")
    first_row = table["/K"][0].get_object()
    assert first_row["/S"] == "/TR"
    assert {cell.get_object()["/S"] for cell in first_row["/K"]} == {"/TH"}


def test_the_charts_have_axes_with_units(cast, viewer):
    published(cast, reach=1500, reactions=20)
    text = text_of(pdf(viewer))
    assert (
        "Reach of posts by day published (in people reached) People reached 0 1,000 2,000" in text
    )
    assert "Inbound messages by route (in messages)" in text


def test_unknown_reach_is_a_gap_never_zero():
    chart = charts.line_chart(
        "reach",
        "Reach",
        "people reached",
        [(date(2026, 5, 1), 100), (date(2026, 5, 2), None), (date(2026, 5, 3), 300)],
    )
    assert [p.value for p in chart.points] == [100, 300]
    assert len(chart.segments) == 2 and chart.polylines == []
    assert chart.unknown_days == 1 and "1 day not known" in chart.summary


def test_a_day_whose_posts_report_no_reach_is_unknown_on_the_page(cast, viewer):
    published(cast, reactions=20)  # reach unknown
    html = viewer.get("/reports/").content.decode()
    assert "not known: shown as a gap, not as zero" in html


@pytest.mark.parametrize("url", ["/reports/", "/reports/outcomes/", "/reports/monthly/"])
def test_every_link_on_the_report_pages_has_words(cast, url):
    client = Client()
    assert client.login(username="admin", password=CAST_PASSWORD)
    target = published(cast, reach=500, reactions=20)
    Outcome.objects.create(
        organisation=cast.organisation,
        post=target.post,
        stage="impact",
        count=3,
        description="Booked a jab",
        date=date.today(),
        recorded_by=None,
    )
    response = verified(client).get(url)
    assert response.status_code == 200
    links = re.findall(r"<a\b([^>]*)>(.*?)</a>", response.content.decode(), re.S)
    assert links
    for attributes, inner in links:
        words = re.sub(r"<[^>]+>", "", inner).strip()
        assert words or "aria-label=" in attributes, attributes


def test_any_text_a_post_can_hold_makes_a_pdf(cast, viewer):
    odd = "Jab day 🎉💉 你好 مرحبا \u202eevil\u202c tab\tnew\nline \u200d zero-width " + "x" * 400
    published(cast, reach=900, reactions=30, text=odd)
    text = text_of(pdf(viewer))
    assert "Jab day" in text


def test_a_viewer_is_not_offered_to_record_an_outcome(cast, viewer):
    html = viewer.get("/reports/").content.decode()
    assert "record an outcome" not in html and "/reports/outcomes/new/" not in html
    assert viewer.get("/reports/outcomes/new/").status_code == 403
