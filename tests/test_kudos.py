import csv
import io

from django.test import Client

from sociable.inbox.models import Kudos
from tests.conftest import CAST_PASSWORD
from tests.inbox_support import arrive


def test_praise_naming_staff_is_collected_per_person_and_team(cast):
    arrive(
        cast.maternity_channel,
        "Huge thanks to Sister Aisha Rahman on Ward 7 who looked after my mum so kindly",
    )
    kudos = Kudos.objects.get()
    assert kudos.staff_name == "Sister Aisha Rahman"
    assert kudos.team == cast.maternity


def test_the_kudos_page_and_csv_show_it_to_every_member(cast):
    arrive(cast.channel, "Huge thanks to Sister Aisha Rahman on Ward 7 who looked after my mum")
    client = Client()
    client.login(username="viewer", password=CAST_PASSWORD)
    page = client.get("/kudos/")
    assert b"Sister Aisha Rahman" in page.content
    rows = list(csv.reader(io.StringIO(client.get("/kudos.csv").content.decode())))
    assert rows[0][:3] == ["date", "staff", "team"] and rows[1][1] == "Sister Aisha Rahman"
    assert b"Printable" in page.content


def test_a_csv_cell_cannot_become_a_spreadsheet_formula(cast):
    message = arrive(cast.channel, "Huge thanks to Sister Aisha Rahman on Ward 7")
    message.text = '=HYPERLINK("http://evil.example")'
    message.save()
    client = Client()
    client.login(username="viewer", password=CAST_PASSWORD)
    rows = list(csv.reader(io.StringIO(client.get("/kudos.csv").content.decode())))
    assert rows[1][-1].startswith("'=")


def test_a_staff_name_stops_where_the_name_stops():
    from sociable.triage.engine import triage

    cases = {
        "Thank you to midwife Ffion who delivered our baby, she was amazing": ["midwife Ffion"],
        "Huge thanks to Sister Aisha Rahman and Dr Patel who looked after mum": [
            "Sister Aisha Rahman",
            "Dr Patel",
        ],
        "The nurse Gareth Jones was so kind to my dad, thank you": ["nurse Gareth Jones"],
        "thanks to the porter who found my bag": [],
    }
    for text, names in cases.items():
        assert triage(text).staff_named == names, text
