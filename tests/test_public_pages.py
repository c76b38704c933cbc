"""The public pages, open to anyone: how the organisation uses social media (from its settings)
and the official accounts it runs."""

import html
import re

import pytest
from django.test import Client

from sociable.channels.models import Channel, ChannelStatus
from sociable.strategy.models import Strategy


def read(path):
    response = Client().get(path)
    return response, html.unescape(re.sub(r"\s+", " ", response.content.decode()))


def how_we_use(cast):
    return read(f"/public/{cast.organisation.slug}/how-we-use-social-media/")


def test_anyone_can_read_how_we_use_social_media_without_signing_in(cast):
    response, text = how_we_use(cast)
    assert response.status_code == 200
    assert "How Northshire Hospitals uses social media" in text


def test_staffed_hours_and_the_nations_bank_holidays_come_from_the_settings(cast):
    cast.organisation.nation = "scotland"
    cast.organisation.staffed_hours = {
        "weekly": {
            "0": [["08:30", "17:00"]],
            "1": [["08:30", "17:00"]],
            "2": [["08:30", "17:00"]],
            "3": [["08:30", "17:00"]],
            "4": [["08:30", "16:00"]],
            "5": [["10:00", "12:00"]],
        }
    }
    cast.organisation.save()
    _, text = how_we_use(cast)
    assert "Monday to Thursday: 8:30am to 5pm" in text
    assert "Friday: 8:30am to 4pm" in text and "Saturday: 10am to midday" in text
    assert "closed on bank holidays in Scotland" in text
    assert "Saint Andrew's Day" in text  # a Scottish bank holiday, always in the next year


def test_the_page_signposts_urgent_help(cast):
    _, text = how_we_use(cast)
    for number in ("999", "NHS 111", "mental health option", "116 123", "85258"):
        assert number in text


def test_the_page_says_clinical_questions_are_signposted_not_answered(cast):
    _, text = how_we_use(cast)
    assert "We can't give medical advice on social media." in text


def test_the_pals_contact_comes_from_the_settings(cast):
    cast.organisation.pals_phone, cast.organisation.pals_email = "01632 960000", "pals@ns.example"
    cast.organisation.save()
    _, text = how_we_use(cast)
    assert "Phone: 01632 960000" in text and "pals@ns.example" in text


def test_reply_times_come_from_the_response_targets(cast):
    cast.organisation.sla_targets = {"query": {"first_response": 90}}
    cast.organisation.save()
    _, text = how_we_use(cast)
    assert (
        'Questions about our services</th><td class="nhsuk-table__cell">1 hour 30 minutes' in text
    )


def test_the_moderation_policy_says_what_is_hidden_and_why(cast):
    response, _ = how_we_use(cast)
    policy = response.content.decode().split('data-testid="moderation"')[1].split("</ul>")[0]
    for reason in ("personal details", "spam", "abusive"):
        assert reason in policy


def test_the_organisations_own_policy_notes_are_added(cast):
    Strategy.objects.create(
        organisation=cast.organisation, policy_notes="We post in Welsh and English."
    )
    _, text = how_we_use(cast)
    assert "We post in Welsh and English." in text


def test_find_us_online_lists_the_official_accounts_except_disabled_ones(cast):
    Channel.objects.filter(pk=cast.maternity_channel.pk).update(status=ChannelStatus.DISABLED)
    response, text = read(f"/public/{cast.organisation.slug}/find-us-online/")
    assert response.status_code == 200
    assert "@NorthshireNHS" in text
    assert "@NorthshireMaternity" not in text and "@SouthshireHospice" not in text


@pytest.mark.parametrize("page", ["how-we-use-social-media", "find-us-online"])
def test_an_unknown_organisation_is_not_found(cast, page):
    response, _ = read(f"/public/no-such-trust/{page}/")
    assert response.status_code == 404
