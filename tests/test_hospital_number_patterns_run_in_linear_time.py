"""An admin's hospital-number pattern cannot make triage crawl: patterns run on a linear-time
engine (RE2), so `NSH(\\d+)+X`, which backtracks for seconds in Python's engine, takes
milliseconds; patterns the engine cannot run are refused when saved."""

import re
import time

import pytest
from django.test import Client

from sociable.inbox.settings_forms import OrganisationSettingsForm
from sociable.triage import TriageContext, check_draft
from tests.conftest import CAST_PASSWORD, verified

EVIL = r"NSH(\d+)+X"
TEXT = "My number is NSH" + "1" * 40 + " thanks"


def test_python_s_own_engine_would_take_seconds_on_this_pattern():
    started = time.monotonic()
    re.search(r"NSH(\d+)+X", "NSH" + "1" * 24)
    assert time.monotonic() - started > 0.2


def test_a_backtracking_pattern_checks_a_message_in_milliseconds():
    context = TriageContext(hospital_number_patterns=[EVIL])
    started = time.monotonic()
    check_draft(TEXT, context=context)
    assert time.monotonic() - started < 1.0


def test_the_organisations_pattern_still_finds_its_numbers():
    context = TriageContext(hospital_number_patterns=[r"NSH\d{6}"])
    found = check_draft("Patient NSH123456 is on ward 4", context=context).to_dict()
    assert any(f["type"] == "HOSPITAL_NUMBER" for f in found["findings"])


@pytest.mark.parametrize("pattern", [r"(NSH)\d+\1", r"NSH(?=\d{6})", r"NSH(?<!X)\d+"])
def test_patterns_the_linear_engine_cannot_run_are_refused_when_saved(cast, pattern):
    form = OrganisationSettingsForm(
        {"name": "N", "nation": "england", "hospital_number_patterns": pattern},
        instance=cast.organisation,
    )
    assert not form.is_valid()
    assert "cannot be used" in str(form.errors["hospital_number_patterns"])


def test_the_settings_page_accepts_a_backtracking_shape_that_now_runs_safely(cast):
    client = Client()
    client.login(username="admin", password=CAST_PASSWORD)
    page = verified(client).get("/settings/organisation/")
    assert page.status_code == 200
    form = OrganisationSettingsForm({"hospital_number_patterns": EVIL}, instance=cast.organisation)
    form.is_valid()
    assert "hospital_number_patterns" not in form.errors
