"""Signposting wording lives in inbox/signposting.py: templates and replies take it from there,
so a helpline number is written once."""

from pathlib import Path

from django.test import Client

from sociable.inbox import signposting

TEMPLATES = Path(__file__).resolve().parents[1] / "sociable" / "templates"
NUMBERS = (signposting.SAMARITANS, signposting.SHOUT)


def test_no_template_writes_a_helpline_number_itself():
    for template in TEMPLATES.rglob("*.html"):
        text = template.read_text("utf-8")
        assert not any(number in text for number in NUMBERS), template


def test_the_footer_signposting_comes_from_the_one_place(db):
    page = Client().get("/login/").content.decode()
    assert signposting.FOOTER in page
