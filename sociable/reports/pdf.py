"""The whole report as a PDF (fpdf2, pure Python: works offline, no system libraries).

The PDF carries the same tables as the page, every rate with its base. It uses the PDF core
font, so text is reduced to Latin-1 (dashes and quotes become their plain forms)."""

from __future__ import annotations

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from sociable.reports.build import Report
from sociable.reports.rates import number
from sociable.reports.tables import all_tables, minutes

_PLAIN = str.maketrans({
    "–": "-", "—": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "…": "...", "→": "->",
    "•": "-", "\u00a0": " ",
})
ORDER = ["amec", "exposure", "engagement", "top_posts", "outcomes", "kudos", "response_times",
         "volume", "daily"]


def plain(text: str) -> str:
    return str(text).translate(_PLAIN).encode("latin-1", "replace").decode("latin-1")


class _Document(FPDF):
    def __init__(self, title: str):
        super().__init__(orientation="landscape", format="A4")
        self.report_title = title
        self.set_title(plain(title))
        self.set_author("Sociable")
        self.set_creator("Sociable")
        self.set_auto_page_break(auto=True, margin=15)

    def footer(self):
        self.set_y(-12)
        self.set_font("Helvetica", size=8)
        self.cell(0, 8, plain(f"{self.report_title} - page {self.page_no()}"), align="C")


def render(report: Report) -> bytes:
    doc = _Document(report.title)
    doc.add_page()
    doc.set_font("Helvetica", "B", 18)
    doc.multi_cell(0, 9, plain(report.title), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    doc.set_font("Helvetica", size=10)
    for line in report.scope.describe():
        doc.cell(0, 6, plain(line), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    doc.cell(0, 6, plain(f"Made {report.generated_at:%-d %B %Y at %H:%M} (UTC)"),
             new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    doc.ln(2)
    doc.multi_cell(0, 5, plain(
        "Measured with the AMEC framework: exposure, engagement, preference, impact and "
        "advocacy. Every rate states its base. No advertising value equivalents are used."),
        new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    for note in report.notes:
        doc.multi_cell(0, 5, plain(f"Note: {note}"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    tables = all_tables(report)
    charts = {
        "volume": ("Inbound messages by route", [(label, n) for _, label, n in report.volume],
                   number),
        "response_times": ("Median first-response time by route (staffed time)",
                           [(r.label, r.median) for r in report.response_times
                            if r.median is not None], lambda v: str(minutes(v))),
    }
    for key in ORDER:
        if key in charts:
            _bars(doc, *charts[key])
        _table(doc, tables[key])
    return bytes(doc.output())


def _bars(doc: FPDF, title: str, rows: list[tuple[str, float]], value_text) -> None:
    """A horizontal bar chart drawn in the PDF (its figures are in the table that follows)."""
    if not rows:
        return
    doc.ln(4)
    doc.set_font("Helvetica", "B", 11)
    doc.cell(0, 6, plain(title), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    doc.set_font("Helvetica", size=8)
    largest = max(value for _, value in rows) or 1
    label_width, room, height = 60, 150, 5
    doc.set_fill_color(0, 94, 184)
    for label, value in rows:
        if doc.will_page_break(height + 1):
            doc.add_page()
        y = doc.get_y()
        doc.cell(label_width, height, plain(label)[:40], align="R")
        width = room * value / largest
        if width:
            doc.rect(doc.l_margin + label_width + 2, y + 0.5, width, height - 1, style="F")
        doc.set_xy(doc.l_margin + label_width + 4 + width, y)
        doc.cell(30, height, plain(value_text(value)), new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _table(doc: FPDF, table) -> None:
    doc.ln(4)
    doc.set_font("Helvetica", "B", 13)
    doc.multi_cell(0, 7, plain(table.caption), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    doc.set_font("Helvetica", size=8)
    if not table.rows:
        doc.multi_cell(0, 5, plain(table.empty), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        return
    with doc.table(text_align="LEFT", line_height=4.5) as grid:
        header = grid.row()
        for heading in table.headers:
            header.cell(plain(heading))
        for row in table.rows:
            line = grid.row()
            for value in row:
                line.cell(plain(value.text))
