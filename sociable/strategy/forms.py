from django import forms

from sociable.strategy import kpis
from sociable.strategy.models import Audience, Objective, Strategy


class StrategyForm(forms.ModelForm):
    class Meta:
        model = Strategy
        fields = ["purpose", "content_pillars", "policy_notes"]
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "content_pillars": forms.Textarea(attrs={"rows": 5}),
            "policy_notes": forms.Textarea(attrs={"rows": 4}),
        }


def _accounts(organisation):
    return organisation.channels.exclude(status="disabled")


class ObjectiveForm(forms.ModelForm):
    kpi = forms.ChoiceField(
        label="KPI",
        choices=kpis.CHOICES,
        help_text="The report figure that measures the objective.",
    )

    class Meta:
        model = Objective
        fields = ["title", "kpi", "target", "period", "campaign", "channels", "order"]
        widgets = {"channels": forms.CheckboxSelectMultiple}
        labels = {"period": "Target for", "order": "Position on the page"}
        help_texts = {
            "target": "For a rate, a percentage (e.g. 3.5); for response time, "
            "minutes of staffed time; otherwise a count."
        }

    def __init__(self, organisation, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channels"].queryset = _accounts(organisation)
        self.fields["channels"].label = "Accounts it covers"

    def clean_target(self):
        target = self.cleaned_data["target"]
        if target is not None and target < 0:
            raise forms.ValidationError("The target cannot be negative.")
        return target


class AudienceForm(forms.ModelForm):
    class Meta:
        model = Audience
        fields = ["name", "power", "interest", "channels", "elsewhere", "notes"]
        widgets = {
            "channels": forms.CheckboxSelectMultiple,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, organisation, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["channels"].queryset = _accounts(organisation)
        self.fields["channels"].label = "Accounts where it is found"

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        clash = Audience.objects.filter(organisation=self.organisation, name__iexact=name)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError("There is already an audience with this name.")
        return name
