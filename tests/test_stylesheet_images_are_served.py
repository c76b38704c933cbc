"""Every image the NHS.UK stylesheet asks for is one the desk serves (no 404 on every page)."""

import re
from pathlib import Path

import sociable

NHSUK = Path(sociable.__file__).parent / "static" / "nhsuk"


def test_every_url_in_the_nhsuk_stylesheet_points_at_a_file_beside_it():
    css = (NHSUK / "nhsuk-frontend.min.css").read_text()
    urls = {u.strip("'\"") for u in re.findall(r"url\(([^)]+)\)", css)}
    local = {u for u in urls if not u.startswith(("data:", "#"))}
    assert local, "the stylesheet names no images: this test would check nothing"
    missing = sorted(u for u in local if not (NHSUK / u).is_file())
    assert missing == []
