import re

from django import forms
from django.core.validators import validate_email

from sociable.accounts.models import Organisation
from sociable.inbox import clocks
from sociable.inbox.models import ROUTES
from sociable.triage import signposting

DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


class OrganisationSettingsForm(forms.ModelForm):
    """Staffed hours, response targets, out-of-hours reply and alerts, in one form."""

    class Meta:
        model = Organisation
        fields = [
            "name",
            "nation",
            "pals_phone",
            "pals_email",
            "auto_reply_enabled",
            "auto_reply_text",
            "on_call_emails",
            "alert_include_text",
            "alert_resend_minutes",
            "contributors_may_reply",
            "contributor_replies_need_approval",
            "hospital_number_patterns",
            "own_websites",
        ]
        widgets = {
            "auto_reply_text": forms.Textarea(attrs={"rows": 4}),
            "on_call_emails": forms.Textarea(attrs={"rows": 3}),
            "hospital_number_patterns": forms.Textarea(attrs={"rows": 2}),
            "own_websites": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {
            "name": "Organisation name",
            "nation": "UK nation",
            "pals_phone": "PALS phone number",
            "pals_email": "PALS e-mail address",
            "auto_reply_enabled": "Reply automatically when the accounts are not staffed",
            "auto_reply_text": "Out-of-hours reply",
            "on_call_emails": "On-call e-mail addresses",
            "alert_include_text": "Include the message in urgent alert e-mails",
            "alert_resend_minutes": "Send an unacknowledged alert again after (minutes)",
            "contributors_may_reply": "Contributors may reply",
            "contributor_replies_need_approval": "Contributors' replies need approval",
            "hospital_number_patterns": "Your hospital number formats",
        }
        help_texts = {
            "nation": "Sets which bank holidays the team takes off.",
            "auto_reply_text": "Write {back} where the reply should say when the team is back. "
            f"Urgent signposting ({signposting.ESSENTIALS_IN_WORDS}) is always "
            "added if the text leaves it out.",
            "alert_include_text": "Off: the alert e-mail carries only a link, so personal "
            "details stay out of mailboxes.",
            "on_call_emails": "Who is alerted at any hour about a crisis or safeguarding "
            "message: one address per line.",
            "hospital_number_patterns": "Posts and replies that contain one are held. One "
            "format per line, written as a pattern: RTX\\d{6} "
            "means RTX followed by six digits.",
            "alert_resend_minutes": "Until someone acknowledges it.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        weekly = (self.instance.staffed_hours or {}).get("weekly", {})
        for day, label in enumerate(DAYS):
            spans = weekly.get(str(day)) or []
            opens, closes = spans[0] if spans else ("", "")
            self.fields[f"opens_{day}"] = forms.TimeField(
                label=f"{label}: opens",
                required=False,
                initial=opens,
                widget=forms.TimeInput(format="%H:%M", attrs={"type": "time"}),
                help_text="Leave both times empty if the accounts are not staffed that day.",
            )
            self.fields[f"closes_{day}"] = forms.TimeField(
                label=f"{label}: closes",
                required=False,
                initial=closes,
                widget=forms.TimeInput(format="%H:%M", attrs={"type": "time"}),
            )
        for route, label in ROUTES:
            self.fields[f"target_{route}"] = forms.IntegerField(
                label=f"{label}: first response within (minutes of staffed time)",
                required=False,
                min_value=1,
                max_value=60 * 24 * 14,
                initial=clocks.target(self.instance, route, "first_response"),
                help_text="Empty: no target."
                if route not in clocks.ROUND_THE_CLOCK
                else "Counted round the clock: these are alerted at any hour.",
            )

    def clean_on_call_emails(self):
        raw = self.cleaned_data["on_call_emails"]
        addresses = [a.strip() for a in raw.replace(",", "\n").splitlines() if a.strip()]
        bad = []
        for address in addresses:
            try:
                validate_email(address)
            except forms.ValidationError:
                bad.append(address)
        if bad:
            raise forms.ValidationError("Not e-mail addresses: " + ", ".join(bad))
        return "\n".join(addresses)

    def clean_hospital_number_patterns(self):
        from sociable.triage.pii import compile_linear

        raw = self.cleaned_data["hospital_number_patterns"]
        lines = [x.strip() for x in raw.splitlines() if x.strip()]
        if len(lines) > 20 or any(len(line) > 200 for line in lines):
            raise forms.ValidationError("Use at most 20 patterns of up to 200 characters each.")
        for line in lines:
            try:
                re.compile(line)
            except re.error as error:
                raise forms.ValidationError(f"{line!r} is not a valid pattern: {error}") from None
            try:
                compile_linear(line)
            except ValueError:
                raise forms.ValidationError(
                    f"{line} cannot be used. Write it with letters, digits, classes like \\d "
                    "and counts like {6}; back-references and look-arounds are not supported."
                ) from None
        return raw

    def clean(self):
        cleaned = super().clean()
        weekly = {}
        for day, label in enumerate(DAYS):
            opens, closes = cleaned.get(f"opens_{day}"), cleaned.get(f"closes_{day}")
            if bool(opens) != bool(closes):
                self.add_error(f"opens_{day}", f"{label}: give both times, or neither.")
            elif opens and closes:
                if closes <= opens:
                    self.add_error(f"closes_{day}", f"{label}: closing must be after opening.")
                else:
                    weekly[str(day)] = [[opens.strftime("%H:%M"), closes.strftime("%H:%M")]]
        self.staffed_hours = {"weekly": weekly}
        self.sla_targets = {
            route: {"first_response": cleaned.get(f"target_{route}")} for route, _ in ROUTES
        }
        return cleaned

    def save(self, commit=True):
        organisation = super().save(commit=False)
        organisation.staffed_hours = self.staffed_hours
        organisation.sla_targets = self.sla_targets
        if commit:
            organisation.save()
        return organisation
