"""Input fields that refuse what the database would choke on, so bad input is a 400, not a 500."""

from datetime import UTC

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from sociable.security.templatetags.safe_urls import web_url

MAX_ID = 2**63 - 1


class Text(serializers.CharField):
    """Text without NUL characters (DRF refuses those) or lone surrogates (not valid UTF-8)."""

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise serializers.ValidationError("The text is not valid Unicode.") from None
        return value


class Id(serializers.IntegerField):
    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)


class Moment(serializers.DateTimeField):
    """An ISO 8601 date and time; without an offset it is read as UK time."""

    def to_internal_value(self, value):
        try:
            moment = super().to_internal_value(value)
            in_range = 2000 <= moment.astimezone(UTC).year <= 2200
        except (OverflowError, ValueError):
            in_range = False
        if not in_range:
            raise serializers.ValidationError("Choose a date between the years 2000 and 2200.")
        return moment


@extend_schema_field(
    {
        "type": "string",
        "pattern": "^(https?://.*)?$",
        "description": "An http(s) address, or empty.",
    }
)
class WebUrl(serializers.Field):
    """A link that came from outside (a network, a feed): shown only if it is http(s), else
    empty, so a client that renders it as a link cannot be handed `javascript:` or `data:`."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return web_url(value)
