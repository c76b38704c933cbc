"""The whole report as a PDF (fpdf2, pure Python: works offline, no system libraries).

The PDF carries the page's charts (with axes and units; an unknown value is a gap) and the same
tables, every rate with its base. It is a tagged PDF: a structure tree of headings, paragraphs,
figures (each with the chart's summary as alternate text) and tables (rows, header cells and data
cells), with the document title shown and the language set; page footers are artifacts. Text is
set in DejaVu Sans (shipped in ``fonts/``, Bitstream Vera licence), which covers Welsh (ŵ, ŷ)."""

from __future__ import annotations

import logging
from contextlib import contextmanager
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.prefs import ViewerPreferences
from fpdf.structure_tree import StructElem, StructureTreeBuilder

from sociable.reports import charts
from sociable.reports.build import Report
from sociable.reports.tables import all_tables, minutes

FONTS = Path(__file__).parent / "fonts"
logging.getLogger("fontTools").setLevel(logging.WARNING)  # it logs every glyph it keeps
FONT = "DejaVu"
BLUE, GREY, TEXT, PALE = (0, 94, 184), (76, 98, 114), (33, 43, 50), (216, 221, 224)
ORDER = [
    "amec",
    "exposure",
    "engagement",
    "top_posts",
    "outcomes",
    "kudos",
    "response_times",
    "volume",
    "daily",
    "ratings",
]
LINE = 4.5


class _Structure(StructureTreeBuilder):
    """fpdf2's structure tree, with elements nested below the document's children (a table's
    rows and cells) written out too."""

    def __init__(self):
        super().__init__()
        self.nested: list[StructElem] = []

    def __iter__(self):
        yield from super().__iter__()
        yield from self.nested


class _Document(FPDF):
    def __init__(self, title: str):
        super().__init__(orientation="landscape", format="A4")
        self.report_title = title
        self.struct_builder = _Structure()
        self.add_font(FONT, "", FONTS / "DejaVuSans.ttf")
        self.add_font(FONT, "B", FONTS / "DejaVuSans-Bold.ttf")
        self.set_title(title)
        self.set_lang("en-GB")
        self.set_subject("Social media report (AMEC framework)")
        self.set_author("Sociable")
        self.set_creator("Sociable")
        self.viewer_preferences = ViewerPreferences(display_doc_title=True)
        self.set_auto_page_break(auto=True, margin=15)
        self.set_text_color(*TEXT)

    # -- tagging ---------------------------------------------------------------------------

    def element(self, tag: str, parent: StructElem | None = None) -> StructElem:
        """A structure element that holds others (a table, a row)."""
        doc = self.struct_builder.doc_struct_elem
        elem = StructElem(f"/{tag}", parent or doc, kids=[], page_number=self.page)
        (parent.k if parent is not None else doc.k).append(elem)
        if parent is not None:
            self.struct_builder.nested.append(elem)
        return elem

    @contextmanager
    def tagged(self, tag: str, parent: StructElem | None = None, alt: str | None = None):
        """Marked content for one structure element on the current page."""
        builder = self.struct_builder
        doc = builder.doc_struct_elem
        spid = builder.spid_per_page_number.get(self.page)
        if spid is None:
            spid = builder.spid_per_page_number[self.page] = len(builder.spid_per_page_number)
        leaves = builder.struct_tree_root.parent_tree.nums[spid]
        mcid = len(leaves)
        elem = StructElem(f"/{tag}", parent or doc, kids=[mcid], page_number=self.page, alt=alt)
        elem.pg = self.pages[self.page]
        leaves.append(elem)
        if parent is not None:
            parent.k.append(elem)
            builder.nested.append(elem)
        else:
            doc.k.append(elem)
        self.pages[self.page].struct_parents = spid
        self._set_min_pdf_version("1.4")
        page = self.page
        self._out(f"/{tag} <</MCID {mcid}>> BDC")
        yield elem
        assert self.page == page, "a tagged element may not run over a page"
        self._out("EMC")

    @contextmanager
    def artifact(self):
        self._out("/Artifact BMC")
        yield
        self._out("EMC")

    def room_for(self, height: float) -> None:
        if self.will_page_break(height):
            self.add_page()

    def footer(self):
        with self.artifact():
            self.set_y(-12)
            self.set_font(FONT, size=8)
            self.cell(0, 8, f"{self.report_title}: page {self.page_no()}", align="C")

    # -- blocks ----------------------------------------------------------------------------

    def lines(self, width: float, text: str) -> int:
        return max(
            1, len(self.multi_cell(width, LINE, text, align="L", dry_run=True, output="LINES"))
        )

    def heading(self, text: str, level: int) -> None:
        size = {1: 18, 2: 13, 3: 11}[level]
        self.set_font(FONT, "B", size)
        height = size * 0.5
        # keep a heading with what follows it
        self.room_for(height * self.lines(self.epw, text) + (40 if level > 1 else 12))
        with self.tagged(f"H{level}"):
            self.multi_cell(0, height, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def paragraph(self, text: str, size: float = 10) -> None:
        self.set_font(FONT, size=size)
        self.room_for(LINE * self.lines(self.epw, text) + 1)
        with self.tagged("P"):
            self.multi_cell(0, LINE + 0.5, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def render(report: Report) -> bytes:
    doc = _Document(report.title)
    doc.add_page()
    doc.heading(report.title, 1)
    for line in report.scope.describe():
        doc.paragraph(line)
    doc.paragraph(f"Made {report.generated_at:%-d %B %Y at %H:%M} (UTC)")
    doc.ln(2)
    doc.paragraph(
        "Measured with the AMEC framework: exposure, engagement, preference, impact and "
        "advocacy. Every rate states its base. No advertising value equivalents are used."
    )
    for note in report.notes:
        doc.paragraph(f"Note: {note}")
    tables = all_tables(report)
    figures = {
        "exposure": charts.line_chart(
            "reach-by-day",
            "Reach of posts by day published",
            "people reached",
            [(d.day, d.reach) for d in report.days],
        ),
        "volume": charts.bar_chart(
            "volume-by-route",
            "Inbound messages by route",
            "messages",
            [(label, n) for _, label, n in report.volume],
        ),
        "response_times": charts.bar_chart(
            "median-response",
            "Median first-response time by route",
            "staffed minutes",
            [(r.label, round(r.median)) for r in report.response_times if r.median is not None],
            value_text=lambda v: str(minutes(v)),
        ),
        "daily": charts.line_chart(
            "inbound-by-day",
            "Inbound messages by day",
            "messages",
            [(d.day, d.inbound) for d in report.days],
        ),
    }
    for key in ORDER:
        table = tables[key]
        if key == "ratings":
            if report.ratings:  # only organisations with rated locations
                doc.ln(3)
                doc.heading(table.title, 2)
                for chart in charts.rating_charts(report.ratings):
                    _line(doc, chart)
                _table(doc, table)
            continue
        chart = figures.get(key)
        drawn = (isinstance(chart, charts.BarChart) and chart.bars) or (
            isinstance(chart, charts.LineChart)
            and (chart.unknown_days or any(p.value for p in chart.points))
        )
        doc.ln(3)
        if drawn:
            doc.room_for(chart.height * MM + 25)  # the heading stays with its chart
        doc.heading(table.caption, 2)
        if drawn:
            (_bars if isinstance(chart, charts.BarChart) else _line)(doc, chart)
        _table(doc, table)
    return bytes(doc.output())


MM = 0.36  # millimetres per chart pixel


def _chart_title(doc: _Document, chart) -> None:
    doc.set_font(FONT, "B", 10)
    with doc.tagged("Caption"):
        doc.cell(0, 6, f"{chart.title} (in {chart.unit})", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _bars(doc: _Document, chart: charts.BarChart) -> None:
    """Horizontal bars over a value axis, from the same figures as the page's chart."""
    height = chart.height * MM
    doc.room_for(height + 10)
    _chart_title(doc, chart)
    x0, y0 = doc.l_margin, doc.get_y()
    with doc.tagged("Figure", alt=chart.summary):
        doc.set_font(FONT, size=7)
        doc.set_draw_color(*GREY)
        axis_y = y0 + chart.axis_y * MM
        left = x0 + chart.label_width * MM
        doc.line(left, y0, left, axis_y)
        doc.line(left, axis_y, x0 + chart.axis_right * MM, axis_y)
        for tick in chart.ticks:
            x = x0 + tick.at * MM
            doc.line(x, axis_y, x, axis_y + 1.5)
            doc.set_xy(x - 15, axis_y + 2)
            doc.cell(30, 3.5, tick.text, align="C")
        doc.set_xy(x0 + chart.axis_right * MM - 60, axis_y + 6)
        doc.cell(60, 3.5, chart.unit.capitalize(), align="R")
        doc.set_fill_color(*BLUE)
        for bar in chart.bars:
            y = y0 + bar.y * MM
            doc.set_xy(x0, y)
            doc.cell(chart.label_width * MM - 3, bar.bar_height * MM, bar.label[:48], align="R")
            if bar.width:
                doc.rect(left, y, bar.width * MM, bar.bar_height * MM, style="F")
            doc.set_xy(x0 + bar.value_x * MM, y)
            doc.cell(30, bar.bar_height * MM, bar.value_text)
    doc.set_xy(doc.l_margin, y0 + height + 2)


def _line(doc: _Document, chart: charts.LineChart) -> None:
    """A line per day with axes, ticks and units; unknown days are a gap in the line."""
    height = chart.height * MM
    doc.room_for(height + 14)
    _chart_title(doc, chart)
    x0, y0 = doc.l_margin, doc.get_y()
    with doc.tagged("Figure", alt=chart.summary):
        doc.set_font(FONT, size=7)
        left, right = x0 + chart.plot_left * MM, x0 + chart.plot_right * MM
        top, bottom = y0 + chart.y_axis * MM, y0 + chart.x_axis * MM
        doc.set_xy(left - 20, top - 7)
        doc.cell(40, 3.5, chart.unit.capitalize(), align="C")
        for tick in chart.y_ticks:
            y = y0 + tick.at * MM
            doc.set_draw_color(*PALE)
            doc.line(left - 1.5, y, right, y)
            doc.set_xy(left - 30, y - 1.75)
            doc.cell(28, 3.5, tick.text, align="R")
        doc.set_draw_color(*GREY)
        doc.line(left, top, left, bottom)
        doc.line(left, bottom, right, bottom)
        for i, tick in enumerate(chart.x_ticks):
            x = x0 + tick.at * MM
            doc.line(x, bottom, x, bottom + 1.5)
            align = "L" if i == 0 else "R" if i == len(chart.x_ticks) - 1 else "C"
            doc.set_xy(x - (0 if align == "L" else 30 if align == "R" else 15), bottom + 2)
            doc.cell(30, 3.5, tick.text, align=align)
        doc.set_xy(right - 30, bottom + 6)
        doc.cell(30, 3.5, "Day", align="R")
        doc.set_draw_color(*BLUE)
        doc.set_fill_color(*BLUE)
        doc.set_line_width(0.6)
        for run in chart.segments:
            for a, b in zip(run, run[1:], strict=False):
                doc.line(x0 + a.x * MM, y0 + a.y * MM, x0 + b.x * MM, y0 + b.y * MM)
            for p in run:
                doc.circle(x0 + p.x * MM, y0 + p.y * MM, 0.7, style="F")
        doc.set_line_width(0.2)
    doc.set_xy(doc.l_margin, y0 + height + 2)
    if chart.unknown_days:
        doc.paragraph(
            f"{chart.unknown_days} day{'s' if chart.unknown_days != 1 else ''} "
            "not known: shown as a gap, not as zero.",
            size=8,
        )


def _row(
    doc: _Document,
    values: list[str],
    widths: list[float],
    parent,
    cell_tag: str,
    bold: bool = False,
) -> None:
    doc.set_font(FONT, "B" if bold else "", 8)
    height = max(doc.lines(w - 2, v) for w, v in zip(widths, values, strict=True)) * LINE + 1
    doc.room_for(height)
    y = doc.get_y()
    row = doc.element("TR", parent) if parent is not None else None
    x = doc.l_margin
    for width, value in zip(widths, values, strict=True):
        doc.set_xy(x + 1, y + 0.5)
        if row is not None:
            with doc.tagged(cell_tag, parent=row):
                doc.multi_cell(width - 2, LINE, value, align="L")
        else:
            doc.multi_cell(width - 2, LINE, value, align="L")
        x += width
    with doc.artifact():
        doc.set_draw_color(*PALE)
        doc.line(doc.l_margin, y + height, doc.l_margin + sum(widths), y + height)
    doc.set_xy(doc.l_margin, y + height)


def _table(doc: _Document, table) -> None:
    doc.set_font(FONT, size=8)
    if not table.rows:
        doc.paragraph(table.empty, size=8)
        return
    columns = len(table.headers)
    longest = [
        max([len(table.headers[i])] + [min(len(r[i].text), 60) for r in table.rows])
        for i in range(columns)
    ]
    total = sum(max(n, 9) + 3 for n in longest)
    widths = [doc.epw * (max(n, 9) + 3) / total for n in longest]
    grid = doc.element("Table")
    headers = [str(h) for h in table.headers]
    _row(doc, headers, widths, grid, "TH", bold=True)
    page = doc.page
    for values in table.rows:
        texts = [v.text for v in values]
        doc.set_font(FONT, size=8)
        height = max(doc.lines(w - 2, t) for w, t in zip(widths, texts, strict=True)) * LINE + 1
        if doc.will_page_break(height):
            doc.add_page()
        if doc.page != page:  # the header again on the new page, as an artifact
            page = doc.page
            with doc.artifact():
                _row(doc, headers, widths, None, "TH", bold=True)
        _row(doc, texts, widths, grid, "TD")
