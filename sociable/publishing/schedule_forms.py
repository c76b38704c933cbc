"""Forms for changing a post after it is written: a new time, a pause on publishing."""

from django import forms

from sociable.publishing.forms import PostForm


class RescheduleForm(forms.Form):
    when = PostForm.base_fields["when"].__class__(
        label="New time (UK time)",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=PostForm.base_fields["when"].input_formats,
        error_messages={"required": "Choose the new time."},
    )
    clean_when = PostForm.clean_when  # UK wall-clock time, in the future, that exists


class PauseForm(forms.Form):
    reason = forms.CharField(
        label="Why publishing is paused",
        max_length=300,
        help_text="Everyone sees this on every page until the pause is lifted, e.g. "
        "\u201cMajor incident: all planned posts held\u201d or \u201cPre-election "
        "period\u201d.",
        error_messages={"required": "Say why: everyone sees it until the pause is lifted."},
    )
