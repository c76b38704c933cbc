from datetime import timedelta

from django import forms
from django.utils import timezone

from sociable.api.models import WebhookEvent
from sociable.api.scopes import DESCRIPTIONS, allowed_scopes

EXPIRY_CHOICES = [
    ("30", "In 30 days"),
    ("90", "In 90 days"),
    ("365", "In a year"),
    ("", "Never (revoke it when it is no longer needed)"),
]


class TokenForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=100,
        help_text="What will use it, e.g. “Power BI dashboard”.",
        error_messages={"required": "Name the token, so you know later what uses it."},
    )
    scopes = forms.MultipleChoiceField(
        label="What it may do",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one thing the token may do."},
    )
    expires = forms.ChoiceField(
        label="Expires",
        choices=EXPIRY_CHOICES,
        initial="90",
        required=False,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scopes"].choices = [
            (str(scope), f"{DESCRIPTIONS[scope]} ({scope})") for scope in allowed_scopes(membership)
        ]

    def expires_at(self):
        days = self.cleaned_data.get("expires")
        return timezone.now() + timedelta(days=int(days)) if days else None


class WebhookForm(forms.Form):
    url = forms.URLField(
        label="Address (https://)",
        max_length=500,
        assume_scheme="https",
        help_text="Your system's address that receives the events.",
    )
    events = forms.MultipleChoiceField(
        label="Events",
        choices=WebhookEvent.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one event."},
    )
    description = forms.CharField(label="Description (optional)", max_length=200, required=False)
