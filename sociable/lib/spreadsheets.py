"""CSV files that are safe to open in a spreadsheet program."""

import csv
import io

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "|")


def safe_cell(value):
    """A cell a spreadsheet will show as text, never run as a formula (CSV injection)."""
    if value is None:
        return ""
    if isinstance(value, int | float):
        return value  # a number is never read as a formula
    text = str(value)
    if text[:1] in FORMULA_STARTS or text.lstrip()[:1] in FORMULA_STARTS:
        return "'" + text
    return text


def as_csv(rows) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return out.getvalue()
