"""Django reads `{# … #}` as a comment only on one line: spread over several lines it is shown to
people on the page. Longer notes in templates use {% comment %}."""

from pathlib import Path

import sociable

TEMPLATES = Path(sociable.__file__).parent / "templates"


def test_no_template_spreads_a_one_line_comment_over_several_lines():
    spread = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text()
        start = text.find("{#")
        while start != -1:
            end = text.find("#}", start)
            if end == -1 or "\n" in text[start:end]:
                spread.append(f"{path.relative_to(TEMPLATES)}:{text.count(chr(10), 0, start) + 1}")
            start = text.find("{#", start + 2)
    assert spread == []
