"""Forms for connecting accounts and setting developer apps. They validate; views stay thin."""

import re

from django import forms

from sociable.accounts.models import Team
from sociable.networks import oauth
from sociable.networks.base import NetworkError

APP_PASSWORD = re.compile(r"^[a-z0-9]{4}(-[a-z0-9]{4}){3}$")
HANDLE = re.compile(r"^(did:[a-z]+:[A-Za-z0-9._:%-]+|[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+)$")
CALLBACK_ERROR = re.compile(r"^[A-Za-z0-9_.\-]{1,100}$")


class TeamForm(forms.Form):
    """Which team owns the account (hidden when reconnecting: the account keeps its team)."""

    team = forms.ModelChoiceField(
        queryset=Team.objects.none(),
        empty_label=None,
        label="Team that owns the account",
        help_text="People in this team see the account's messages and can post to it.",
    )

    def __init__(self, *args, organisation, channel=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.channel = channel
        teams = Team.objects.filter(organisation=organisation).order_by("-is_comms", "name")
        self.fields["team"].queryset = teams
        self.fields["team"].initial = teams.first()
        if channel is not None:
            del self.fields["team"]

    def chosen_team(self):
        return self.channel.team if self.channel is not None else self.cleaned_data["team"]


class MastodonForm(TeamForm):
    instance = forms.CharField(
        label="Your Mastodon server",
        max_length=300,
        help_text="The address of the server the account is on, for example mastodon.social or "
        "https://social.example.nhs.uk",
    )
    field_order = ["instance", "team"]

    def __init__(self, *args, channel=None, **kwargs):
        super().__init__(*args, channel=channel, **kwargs)
        if channel is not None:  # the account stays on its server
            del self.fields["instance"]

    def chosen_instance(self) -> str:
        if self.channel is not None:
            return str(self.channel.options.get("instance", ""))
        return self.cleaned_data["instance"]

    def clean_instance(self):
        try:
            return oauth.normalise_instance(self.cleaned_data["instance"])
        except NetworkError:
            raise forms.ValidationError(
                "Enter the server's address, for example mastodon.social"
            ) from None


class BlueskyForm(TeamForm):
    handle = forms.CharField(
        label="Handle",
        max_length=253,
        help_text="For example northshirenhs.bsky.social, or your own domain.",
    )
    app_password = forms.CharField(
        label="App password",
        max_length=64,
        strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text="Create one in Bluesky: Settings → Privacy and security → App passwords. It "
        "looks like abcd-efgh-ijkl-mnop. Never use the account's own password.",
    )
    service = forms.URLField(
        label="Your own server (PDS), if you host one",
        required=False,
        max_length=300,
        assume_scheme="https",
        help_text="Leave blank for accounts hosted by Bluesky.",
    )
    field_order = ["handle", "app_password", "service", "team"]

    def __init__(self, *args, channel=None, **kwargs):
        super().__init__(*args, channel=channel, **kwargs)
        if channel is not None:
            self.fields["handle"].initial = channel.handle.lstrip("@")
            self.fields["service"].initial = channel.options.get("service", "")

    def clean_handle(self):
        handle = self.cleaned_data["handle"].strip().lstrip("@").lower()
        if not HANDLE.match(handle):
            raise forms.ValidationError(
                "Enter the account's handle, for example northshirenhs.bsky.social"
            )
        return handle

    def clean_app_password(self):
        value = self.cleaned_data["app_password"].strip().lower()
        if not APP_PASSWORD.match(value):
            raise forms.ValidationError(
                "This is not an app password. Create one in Bluesky (Settings → Privacy and "
                "security → App passwords); it looks like abcd-efgh-ijkl-mnop."
            )
        return value

    def clean_service(self):
        value = (self.cleaned_data.get("service") or "").strip().rstrip("/")
        if value and not value.startswith(("https://", "http://")):
            raise forms.ValidationError("Enter the server's address, starting https://")
        return value


class XKeysForm(TeamForm):
    consumer_key = forms.CharField(label="API key (consumer key)", max_length=200)
    consumer_secret = forms.CharField(
        label="API key secret", max_length=200, widget=forms.PasswordInput(render_value=False)
    )
    access_token = forms.CharField(label="Access token", max_length=200)
    access_token_secret = forms.CharField(
        label="Access token secret", max_length=200, widget=forms.PasswordInput(render_value=False)
    )
    field_order = ["consumer_key", "consumer_secret", "access_token", "access_token_secret", "team"]

    def clean(self):
        data = super().clean()
        for name in ("consumer_key", "consumer_secret", "access_token", "access_token_secret"):
            value = (data.get(name) or "").strip()
            if value and not re.fullmatch(r"[A-Za-z0-9\-_%.=]+", value):
                self.add_error(name, "This does not look like a key from X: copy it again.")
        return data

    def keys(self) -> dict:
        return {
            name: self.cleaned_data[name].strip()
            for name in ("consumer_key", "consumer_secret", "access_token", "access_token_secret")
        }


class ChooseAccountsForm(forms.Form):
    accounts = forms.MultipleChoiceField(
        widget=forms.CheckboxSelectMultiple,
        label="Accounts to connect",
        error_messages={"required": "Choose at least one account to connect."},
    )

    def __init__(self, *args, choices, label, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["accounts"].choices = choices
        self.fields["accounts"].label = label


class CallbackForm(forms.Form):
    """What the network sends back to the redirect URI."""

    state = forms.CharField(required=False, max_length=200)
    code = forms.CharField(required=False, max_length=2000)
    error = forms.CharField(required=False, max_length=100)
    error_description = forms.CharField(required=False, max_length=500)
    error_reason = forms.CharField(required=False, max_length=100)  # Facebook

    def clean_error(self):
        error = self.cleaned_data.get("error", "")
        return error if not error or CALLBACK_ERROR.match(error) else "invalid_response"

    def clean(self):
        data = super().clean()
        # Facebook says user_denied in error_reason when the person cancels.
        if data.get("error_reason") == "user_denied":
            data["error"] = "access_denied"
        return data


class DeveloperAppForm(forms.Form):
    network = forms.ChoiceField(
        choices=[
            ("x", "X"),
            ("facebook", "Facebook"),
            ("threads", "Threads"),
            ("youtube", "YouTube"),
            ("linkedin", "LinkedIn"),
        ],
        widget=forms.HiddenInput,
    )
    client_id = forms.CharField(label="Client ID", max_length=300)
    client_secret = forms.CharField(
        label="Client secret",
        max_length=300,
        required=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
    )
    config_id = forms.CharField(
        label="Facebook Login for Business configuration ID (optional)",
        max_length=100,
        required=False,
        help_text="If your app uses Facebook Login for Business, the ID of its configuration.",
    )

    def __init__(self, *args, has_secret=False, **kwargs):
        super().__init__(*args, **kwargs)
        network = self.initial.get("network") or self.data.get(self.add_prefix("network"))
        labels = {
            "facebook": ("App ID", "App secret"),
            "threads": ("Threads app ID", "Threads app secret"),
            "youtube": ("Google OAuth client ID", "Google OAuth client secret"),
        }
        if network in labels:
            self.fields["client_id"].label, self.fields["client_secret"].label = labels[network]
        if network != "facebook":
            del self.fields["config_id"]
        self.has_secret = has_secret
        if has_secret:
            self.fields["client_secret"].help_text = "Stored. Leave blank to keep it."

    def clean_client_id(self):
        value = self.cleaned_data["client_id"].strip()
        if not re.fullmatch(r"[A-Za-z0-9\-_.:~]+", value):
            raise forms.ValidationError("This does not look like a client ID: copy it again.")
        return value

    def clean(self):
        data = super().clean()
        network = data.get("network")
        if (
            network in ("facebook", "threads", "youtube", "linkedin")
            and not data.get("client_secret")
            and not self.has_secret
        ):
            self.add_error("client_secret", "Enter the secret as well.")
        return data
