"""Bounds on what a request may name, so that crafted input is answered 400 or 404, never 500.

- Ids in URLs are digits that fit a 64-bit integer (`<id:pk>`): anything else is not found.
- Dates typed into forms or passed in query strings lie between 2000 and 2100: nothing the desk
  plans or reports on is outside them, and dates near year 1 or 9999 overflow date arithmetic.
"""

from __future__ import annotations

from datetime import date, datetime

from django import forms
from django.core.exceptions import BadRequest
from django.urls import register_converter
from django.urls.converters import get_converters

EARLIEST = date(2000, 1, 1)
LATEST = date(2100, 12, 31)
OUT_OF_RANGE = "Choose a date between 2000 and 2100."
MAX_ID = 10**18 - 1


class IdConverter:
    """A database id: 1 to 18 digits (longer ones, or negative ones, are simply not found)."""

    regex = "[0-9]{1,18}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


if "id" not in get_converters():
    register_converter(IdConverter, "id")


def in_range(day: date) -> bool:
    return EARLIEST <= (day.date() if isinstance(day, datetime) else day) <= LATEST


def check_day(day: date) -> date:
    """`day`, or a ValidationError saying which years are allowed."""
    if not in_range(day):
        raise forms.ValidationError(OUT_OF_RANGE)
    return day


class BoundedDateField(forms.DateField):
    """A date between 2000 and 2100."""

    def validate(self, value):
        super().validate(value)
        if value:
            check_day(value)


def id_or_none(value) -> int | None:
    """An id from a query string or form: None when it is not one (non-numeric, negative,
    beyond 64 bits)."""
    text = str(value or "").strip()
    if not text.isascii() or not text.isdigit() or len(text) > 18:
        return None
    return int(text)


def query_text(request_data, key: str, limit: int = 200) -> str:
    """A free-text query parameter as the database can take it: control characters (NUL among
    them, which PostgreSQL refuses in a string) removed, trimmed and bounded."""
    value = str(request_data.get(key, "") or "")
    return "".join(c for c in value if c >= " " or c == "\t").strip()[:limit]


def query_day(
    request_data, key: str, fmt: str = "%Y-%m-%d", *, ignore_unreadable: bool = False
) -> date | None:
    """A date from a query string: None when absent (or unreadable, if `ignore_unreadable`);
    400 when it is out of range, or unreadable otherwise."""
    raw = request_data.get(key, "")
    if not raw:
        return None
    try:
        day = datetime.strptime(raw, fmt).date()
    except ValueError:
        if ignore_unreadable:
            return None
        raise BadRequest(f"{key}: not a date") from None
    if not in_range(day):
        raise BadRequest(f"{key}: {OUT_OF_RANGE}")
    return day
