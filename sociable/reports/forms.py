"""Forms: what a report covers, outcomes, and monthly report subscriptions."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from sociable.core import bounds
from sociable.reports import periods
from sociable.reports.models import Outcome, ReportSubscription
from sociable.reports.scope import Scope

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _scoped_choices(organisation):
    from sociable.strategy.models import Objective

    return (
        organisation.channels.exclude(status="disabled"),
        organisation.teams.all(),
        Objective.objects.filter(organisation=organisation),
    )


class ReportFilterForm(forms.Form):
    period = forms.ChoiceField(
        choices=list(periods.PRESETS.items()), initial="this_month", required=False
    )
    start = bounds.BoundedDateField(
        label="From",
        required=False,
        widget=DATE,
        help_text="For dates you choose: the first day, e.g. 2026-11-01.",
    )
    end = bounds.BoundedDateField(
        label="To", required=False, widget=DATE, help_text="The last day, included."
    )
    channel = forms.ModelChoiceField(
        label="Account", queryset=None, required=False, empty_label="All accounts"
    )
    team = forms.ModelChoiceField(queryset=None, required=False, empty_label="All teams")
    campaign = forms.CharField(
        max_length=100, required=False, help_text="A campaign or hashtag, e.g. #NursesDay."
    )
    objective = forms.ModelChoiceField(queryset=None, required=False, empty_label="No objective")

    def __init__(self, organisation, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        channels, teams, objectives = _scoped_choices(organisation)
        self.fields["channel"].queryset = channels
        self.fields["team"].queryset = teams
        self.fields["objective"].queryset = objectives

    def clean(self):
        data = super().clean()
        if data.get("period") == "custom":
            start, end = data.get("start"), data.get("end")
            if not start:
                self.add_error("start", "Enter the first day of the period.")
            if not end:
                self.add_error("end", "Enter the last day of the period.")
            if start and end:
                try:
                    data["custom_period"] = periods.custom(start, end)
                except ValueError as error:
                    self.add_error("end", str(error))
        return data

    def scope(self) -> Scope:
        """The scope the form asks for (the default, this month, if it is not valid)."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        key = data.get("period") or "this_month"
        period = data.get("custom_period") or periods.preset(
            key if key != "custom" else "this_month"
        )
        return Scope(
            self.organisation,
            period,
            channel=data.get("channel"),
            team=data.get("team"),
            campaign=(data.get("campaign") or "").strip(),
            objective=data.get("objective"),
        )


class OutcomeForm(forms.ModelForm):
    class Meta:
        model = Outcome
        fields = ["stage", "description", "count", "date", "campaign", "post", "source"]
        widgets = {"date": DATE}
        labels = {"count": "How many"}
        help_texts = {
            "stage": "Preference: attitudes changed (e.g. survey agreement). Impact: "
            "actions taken (e.g. bookings). Advocacy: people recommending "
            "or supporting (e.g. volunteers signed up)."
        }

    def clean_date(self):
        day = self.cleaned_data.get("date")
        return bounds.check_day(day) if day else day

    def __init__(self, organisation, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from sociable.publishing.models import Post

        self.fields["post"].queryset = Post.objects.filter(
            organisation=organisation, targets__status="published"
        ).distinct()
        self.fields["post"].required = False


def _emails(text: str) -> list[str]:
    return [line.strip() for line in text.replace(",", "\n").splitlines() if line.strip()]


class SubscriptionForm(forms.ModelForm):
    channel = forms.ModelChoiceField(
        label="Account", queryset=None, required=False, empty_label="All accounts"
    )
    team = forms.ModelChoiceField(queryset=None, required=False, empty_label="All teams")
    campaign = forms.CharField(max_length=100, required=False)
    objective = forms.ModelChoiceField(queryset=None, required=False, empty_label="No objective")

    class Meta:
        model = ReportSubscription
        fields = ["name", "emails", "active"]
        labels = {"emails": "E-mail addresses", "active": "Send it each month"}
        widgets = {"emails": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, organisation, *args, **kwargs):
        super().__init__(*args, **kwargs)
        channels, teams, objectives = _scoped_choices(organisation)
        self.fields["channel"].queryset = channels
        self.fields["team"].queryset = teams
        self.fields["objective"].queryset = objectives
        filters = self.instance.filters or {}
        for name in ("channel", "team", "objective", "campaign"):
            self.fields[name].initial = filters.get(name)

    def clean_emails(self):
        emails = _emails(self.cleaned_data["emails"])
        if not emails:
            raise ValidationError("Enter at least one e-mail address.")
        for email in emails:
            try:
                validate_email(email)
            except ValidationError:
                raise ValidationError(f"{email!r} is not an e-mail address.") from None
        return "\n".join(emails)

    def save(self, commit=True):
        data = self.cleaned_data
        self.instance.filters = {
            key: value
            for key, value in {
                "channel": data["channel"].pk if data.get("channel") else None,
                "team": data["team"].pk if data.get("team") else None,
                "objective": data["objective"].pk if data.get("objective") else None,
                "campaign": (data.get("campaign") or "").strip(),
            }.items()
            if value
        }
        return super().save(commit)
