"""The report page: AMEC stages with every rate's base, filters, charts with data tables, and
CSV and PDF exports; nothing from another organisation, no advertising value equivalents."""

import csv
import io
import re

import pytest
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from tests.conftest import CAST_PASSWORD
from tests.reports_support import published


@pytest.fixture
def viewer(cast):
    client = Client()
    assert client.login(username="viewer", password=CAST_PASSWORD)
    return client


def page_text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_the_engagement_rate_states_its_base(cast, viewer):
    published(cast, reach=12400, reactions=300, comments=50, shares=30, clicks=17)
    text = page_text(viewer.get("/reports/"))
    assert "engagements ÷ reach = 3.2% (of 12,400 people reached)" in text


def test_posts_without_reach_are_left_out_of_the_rate_not_guessed(cast, viewer):
    published(cast, reach=1000, reactions=40)
    published(cast, reactions=500)  # its network does not report reach
    text = page_text(viewer.get("/reports/"))
    assert "engagements ÷ reach = 4.0% (of 1,000 people reached)" in text
    assert "1 of 2 posts come from accounts whose network does not report reach" in text


def test_when_no_post_reports_reach_the_rate_is_unknown(cast, viewer):
    published(cast, reactions=25)
    text = page_text(viewer.get("/reports/"))
    assert "Engagement rate: unknown" in text and "% (of" not in text


def test_an_account_filter_keeps_only_that_accounts_posts(cast, viewer):
    published(cast, reach=1000, reactions=10, text="Parking changes at the main entrance")
    published(
        cast,
        channel=cast.maternity_channel,
        reach=2000,
        reactions=90,
        text="Meet our birth centre midwives",
    )
    text = page_text(viewer.get(f"/reports/?period=this_month&channel={cast.maternity_channel.pk}"))
    assert "Meet our birth centre midwives" in text
    assert "Parking changes" not in text


def test_a_campaign_matches_with_or_without_its_hash(cast, viewer):
    published(cast, reach=800, reactions=40, campaign="#FluJab", text="Flu jab clinic today")
    published(cast, reach=800, reactions=4, text="Car park resurfacing")
    text = page_text(viewer.get("/reports/?period=this_month&campaign=flujab"))
    assert "Flu jab clinic today" in text and "Car park resurfacing" not in text


def test_custom_dates_that_end_before_they_start_are_explained(cast, viewer):
    text = page_text(viewer.get("/reports/?period=custom&start=2026-11-20&end=2026-11-01"))
    assert "There is a problem" in text
    assert "The end date must be the same as or after the start date." in text


def test_custom_dates_choose_the_period(cast, viewer):
    text = page_text(viewer.get("/reports/?period=custom&start=2026-10-01&end=2026-10-31"))
    assert "1 October to 31 October 2026" in text


def test_each_chart_has_a_summary_for_screen_readers_and_a_data_table(cast, viewer):
    published(cast, reach=1000, reactions=40)
    html = viewer.get("/reports/").content.decode()
    charts = re.findall(r'<svg role="img" aria-label="([^"]+)"', html)
    assert len(charts) >= 3
    assert any("Reach of posts by day published, line chart" in label for label in charts)
    assert html.count('data-testid="table-daily"') == 2  # one under each line chart
    assert 'data-testid="table-volume"' in html and 'data-testid="table-response-times"' in html


def test_the_report_has_no_advertising_value_equivalents(cast, viewer):
    published(cast, reach=1000, reactions=40)
    text = page_text(viewer.get("/reports/"))
    assert "£" not in text and "AVE" not in text


def test_another_organisations_posts_are_never_counted(cast, viewer):
    published(
        cast,
        channel=cast.other_channel,
        reach=99999,
        reactions=5000,
        text="Southshire hospice open day",
    )
    text = page_text(viewer.get("/reports/"))
    assert "Southshire" not in text and "99,999" not in text


def test_the_top_posts_csv_carries_each_rate_with_its_base(cast, viewer):
    published(cast, reach=2000, reactions=100, text="Visiting hours are changing")
    response = viewer.get("/reports/tables/top-posts.csv?period=this_month")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][-2:] == ["Engagement rate", "Base"]
    assert rows[1][1] == "Visiting hours are changing"
    assert rows[1][-2:] == ["5.0", "engagements ÷ reach = 5.0% (of 2,000 people reached)"]


def test_a_csv_cell_that_looks_like_a_formula_is_defused(cast, viewer):
    published(cast, reach=500, reactions=50, text='=HYPERLINK("http://bad.example")')
    rows = list(
        csv.reader(io.StringIO(viewer.get("/reports/tables/top-posts.csv").content.decode()))
    )
    assert rows[1][1].startswith("'=")


def test_an_unknown_table_is_not_found(cast, viewer):
    assert viewer.get("/reports/tables/advertising-value.csv").status_code == 404


def test_the_pdf_holds_the_whole_report(cast, viewer):
    published(
        cast,
        reach=12400,
        reactions=300,
        comments=50,
        shares=30,
        clicks=17,
        text="Flu jabs for staff all week",
    )
    response = viewer.get("/reports/report.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = re.sub(r"\s+", " ", text)
    month = timezone.localdate().strftime("%B %Y")
    assert f"Social media report: Northshire Hospitals, {month}" in text
    for heading in (
        "Summary by AMEC stage",
        "Exposure",
        "Engagement",
        "Top posts",
        "Outcomes recorded",
        "Kudos by team",
        "First-response time by route",
        "Inbound messages by route",
    ):
        assert heading in text
    assert "engagements ÷ reach = 3.2% (of 12,400 people reached)" in text
    assert "Flu jabs for staff all week" in text


def test_an_objective_filter_shows_its_kpi_in_the_period_with_its_base(cast, viewer):
    from sociable.strategy.models import Objective

    goal = Objective.objects.create(
        organisation=cast.organisation, title="Start conversations", kpi="engagement_rate", target=3
    )
    goal.channels.add(cast.maternity_channel)
    published(cast, channel=cast.maternity_channel, reach=2000, reactions=100)
    published(cast, reach=1000, reactions=1, text="Not on the objective's account")
    text = page_text(viewer.get(f"/reports/?objective={goal.pk}"))
    assert (
        "Start conversations: Engagement rate (engagements ÷ reach) in this period is "
        "<strong>5.0%</strong> (engagements ÷ reach, of 2,000 people reached)"
    ) in text
    assert "Not on the objective" not in text


def test_a_report_link_without_a_period_shows_this_month(cast, viewer):
    response = viewer.get("/reports/?campaign=%23NursesDay")
    assert "There is a problem" not in page_text(response)
    assert "Campaign: #NursesDay" in page_text(response)


def test_the_pdf_draws_the_volume_chart_before_its_table(cast, viewer):
    # The cast's two conversations arrived today: one bar (a label and a count) at least.
    response = viewer.get("/reports/report.pdf")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = re.sub(r"\s+", " ", text)
    assert re.search(
        r"Inbound messages by route \(in messages\) .*?([A-Za-z ]+ \d+ )+"
        r"Route Inbound messages",
        text,
    )
