from django import forms

from sociable.inbox import saved_replies
from sociable.inbox.models import ROUTES, ConversationStatus, SavedReply


class ReplyForm(forms.Form):
    text = forms.CharField(
        label="Your reply", widget=forms.Textarea(attrs={"rows": 5}), max_length=5000,
        error_messages={"required": "Write a reply first."},
    )
    override_reason = forms.CharField(
        label="Reason to send despite the confidentiality check (admins only)", required=False,
        max_length=300,
    )


class NoteForm(forms.Form):
    text = forms.CharField(
        label="Internal note (only your organisation sees it)",
        widget=forms.Textarea(attrs={"rows": 3}), max_length=5000,
        error_messages={"required": "Write the note first."},
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=ConversationStatus.choices)


class RouteForm(forms.Form):
    route = forms.ChoiceField(choices=ROUTES, label="Correct the route")


class ModerateForm(forms.Form):
    action = forms.ChoiceField(choices=[("hide", "Hide"), ("unhide", "Unhide"),
                                        ("delete", "Delete")])
    reason = forms.CharField(max_length=300, error_messages={
        "required": "Give a reason: it is kept in the audit log."})


class SavedReplyForm(forms.ModelForm):
    language = forms.ChoiceField(choices=saved_replies.LANGUAGES, widget=forms.RadioSelect,
                                 initial="en", label="Language of the reply")
    routes = forms.MultipleChoiceField(
        choices=saved_replies.SUGGEST_FOR, required=False, widget=forms.CheckboxSelectMultiple,
        help_text="Suggest this reply for conversations on these routes.",
    )

    class Meta:
        model = SavedReply
        fields = ["title", "body", "routes", "language"]
        widgets = {"body": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "body": "Filled in when the reply is used: " + "; ".join(
                "{" + v + "} " + meaning for v, meaning in saved_replies.VARIABLES.items()) + ".",
        }

    def clean_body(self):
        body = self.cleaned_data["body"]
        if len(body) > saved_replies.MAX_LENGTH:
            raise forms.ValidationError(
                f"Keep a saved reply under {saved_replies.MAX_LENGTH:,} characters.")
        unknown = saved_replies.unknown_variables(body)
        if unknown:
            raise forms.ValidationError(
                "Unknown variable(s): " + ", ".join("{" + u + "}" for u in unknown)
                + ". Use only the variables listed, written exactly as shown, like {first_name},"
                " with nothing else inside the braces."
            )
        organisation = self.instance.organisation if self.instance.organisation_id else None
        blocked = saved_replies.guard_findings(body, organisation)
        if blocked:
            raise forms.ValidationError(
                "This reply contains patient-identifiable information: "
                + "; ".join(f"“{f['text']}” ({f['explanation']})" for f in blocked)
            )
        return body

