"""Times are stored in UTC and shown in Europe/London, across the clock changes."""

from datetime import UTC, datetime

from sociable.publishing.forms import PostForm
from sociable.publishing.models import Post


def form(cast, when):
    return PostForm(
        {
            "text": "Clocks change this weekend",
            "channels": [cast.channel.pk],
            "language": "en",
            "when": when,
        },
        instance=Post(organisation=cast.organisation),
        channels=cast.organisation.channels.all(),
    )


def test_summer_time_is_one_hour_ahead_of_utc(cast):
    f = form(cast, "2027-03-28T09:00")  # the Sunday the clocks went forward
    assert f.is_valid(), f.errors
    assert f.cleaned_data["when"].astimezone(UTC) == datetime(2027, 3, 28, 8, 0, tzinfo=UTC)


def test_winter_time_is_utc(cast):
    f = form(cast, "2027-10-31T09:00")  # the Sunday the clocks went back
    assert f.is_valid(), f.errors
    assert f.cleaned_data["when"].astimezone(UTC) == datetime(2027, 10, 31, 9, 0, tzinfo=UTC)


def test_a_time_that_does_not_exist_is_refused_with_an_explanation(cast):
    f = form(cast, "2027-03-28T01:30")
    assert not f.is_valid()
    assert "clocks go forward" in str(f.errors["when"])


def test_the_repeated_hour_in_autumn_is_the_first_one(cast):
    f = form(cast, "2027-10-31T01:30")
    assert f.is_valid(), f.errors
    assert f.cleaned_data["when"].astimezone(UTC) == datetime(2027, 10, 31, 0, 30, tzinfo=UTC)
