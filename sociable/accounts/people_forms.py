"""Forms of the People pages: invite a colleague, change a member's role and teams, accept an
invitation (name and password, checked by Django's password validators)."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import SetPasswordMixin

from sociable.accounts.models import Role, Team

ROLE_HELP = (
    "Admin: everything, including people and settings. Comms officer: replies and "
    "publishes on every account. Contributor: drafts posts for approval and works on "
    "their teams' accounts. Viewer: reports only."
)
GOOD_CHOICE = (
    "At least 12 characters. Not a common password, not only numbers, and not "
    "too like your name or e-mail address."
)


class _RoleAndTeams(forms.Form):
    role = forms.ChoiceField(
        label="Role",
        choices=Role.choices,
        widget=forms.RadioSelect,
        help_text=ROLE_HELP,
        error_messages={"required": "Choose a role."},
    )
    teams = forms.ModelMultipleChoiceField(
        label="Teams",
        queryset=Team.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Contributors see the conversations of their teams' accounts.",
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["teams"].queryset = Team.objects.filter(organisation=organisation)
        self.fields["teams"].empty_text = "Your organisation has no teams yet."


class InviteForm(_RoleAndTeams):
    email = forms.EmailField(
        label="E-mail address",
        max_length=254,
        help_text="Their work address. The invitation link is sent there and works for 7 days.",
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": "Enter their e-mail address."},
    )
    field_order = ["email", "role", "teams"]


class MemberForm(_RoleAndTeams):
    pass


class AcceptInvitationForm(SetPasswordMixin, forms.Form):
    first_name = forms.CharField(
        label="First name",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
        error_messages={"required": "Enter your first name."},
    )
    last_name = forms.CharField(
        label="Last name",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
        error_messages={"required": "Enter your last name."},
    )
    password1, password2 = SetPasswordMixin.create_password_fields(
        label1="Password", label2="Password again"
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email
        self.fields["password1"].help_text = GOOD_CHOICE
        self.fields["password2"].help_text = "Type the same password again, to be sure of it."
        self.fields["password1"].error_messages["required"] = "Choose a password."
        self.fields["password2"].error_messages["required"] = "Type the password again."

    def clean(self):
        cleaned = super().clean()
        self.validate_passwords()
        user = get_user_model()(
            username=self.email,
            email=self.email,
            first_name=cleaned.get("first_name", ""),
            last_name=cleaned.get("last_name", ""),
        )
        self.validate_password_for_user(user)
        return cleaned
