from django import forms

from sociable.privacy.models import RetentionPolicy


class RetentionPolicyForm(forms.ModelForm):
    class Meta:
        model = RetentionPolicy
        fields = ["inbound_months", "outbound_months", "mentions_months", "audit_years"]
        labels = {
            "inbound_months": "Messages people sent (months)",
            "outbound_months": "Replies your team sent (months)",
            "mentions_months": "Listening mentions (months)",
            "audit_years": "Audit log (years)",
        }
        widgets = {name: forms.NumberInput(attrs={"inputmode": "numeric"}) for name in fields}


class FindPersonForm(forms.Form):
    q = forms.CharField(
        label="Handle, name or their account number on the network", max_length=200, strip=True
    )


class EraseForm(forms.Form):
    confirm = forms.CharField(
        label="Type the person's handle to confirm",
        max_length=200,
        strip=True,
        help_text="Erasing deletes their conversations, messages, notes and kudos for good.",
    )

    def __init__(self, *args, contact, **kwargs):
        super().__init__(*args, **kwargs)
        self.contact = contact

    def clean_confirm(self):
        typed = self.cleaned_data["confirm"]
        if typed != self.contact.handle:
            raise forms.ValidationError(f"Type {self.contact.handle} exactly to confirm.")
        return typed
