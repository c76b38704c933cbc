from django.test import Client

from sociable.inbox.settings_forms import OrganisationSettingsForm
from tests.conftest import CAST_PASSWORD, verified


def form_data(organisation, **changes):
    data = {
        "name": organisation.name,
        "nation": "wales",
        "pals_phone": "01632 960000",
        "pals_email": "pals@northshire.example",
        "auto_reply_enabled": "on",
        "auto_reply_text": "We're away. {back}.",
        "on_call_emails": "lead@northshire.example",
        "alert_resend_minutes": "15",
        "contributor_replies_need_approval": "on",
        "hospital_number_patterns": r"RTX\d{6}",
        **{f"opens_{d}": "08:30" for d in range(5)},
        **{f"closes_{d}": "18:00" for d in range(5)},
    }
    data.update(changes)
    return data


def test_an_admin_sets_staffed_hours_nation_and_alerts(cast):
    client = Client()
    client.login(username="admin", password=CAST_PASSWORD)
    verified(client)
    answer = client.post("/settings/organisation/", form_data(cast.organisation))
    assert answer.status_code == 302
    cast.organisation.refresh_from_db()
    assert cast.organisation.staffed_hours["weekly"]["0"] == [["08:30", "18:00"]]
    assert "5" not in cast.organisation.staffed_hours["weekly"]
    assert cast.organisation.nation == "wales"
    assert cast.organisation.on_call_list == ["lead@northshire.example"]


def test_bad_settings_are_explained_and_nothing_is_saved(cast):
    form = OrganisationSettingsForm(
        form_data(
            cast.organisation,
            on_call_emails="lead@northshire.example\nnot-an-address",
            closes_0="07:00",
            opens_1="",
            hospital_number_patterns="RTX(",
        ),
        instance=cast.organisation,
    )
    assert not form.is_valid()
    assert "not-an-address" in str(form.errors["on_call_emails"])
    assert "closing must be after opening" in str(form.errors["closes_0"])
    assert "give both times" in str(form.errors["opens_1"])
    assert "not a valid pattern" in str(form.errors["hospital_number_patterns"])
    cast.organisation.refresh_from_db()
    assert cast.organisation.nation == "england"


def test_the_settings_page_shows_an_error_summary(cast):
    client = Client()
    client.login(username="admin", password=CAST_PASSWORD)
    verified(client)
    page = client.post(
        "/settings/organisation/", form_data(cast.organisation, on_call_emails="nope")
    )
    assert b"There is a problem" in page.content
