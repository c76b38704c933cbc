"""Rendering Django form fields with the NHS.UK frontend's classes and error wiring."""

from django import template
from django.forms import CheckboxInput, CheckboxSelectMultiple, RadioSelect, Select, Textarea

register = template.Library()


def _widget_class(field) -> str:
    widget = field.field.widget
    if isinstance(widget, Textarea):
        base = "nhsuk-textarea"
    elif isinstance(widget, Select):
        base = "nhsuk-select"
    elif isinstance(widget, CheckboxInput):
        base = "nhsuk-checkboxes__input"
    else:
        base = "nhsuk-input"
    return f"{base} {base}--error" if field.errors else base


@register.simple_tag
def nhsuk_widget(field):
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}-hint")
    if field.errors:
        described.append(f"{field.auto_id}-error")
    attrs = {"class": _widget_class(field)}
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return field.as_widget(attrs=attrs)


@register.filter
def is_checkbox(field) -> bool:
    return isinstance(field.field.widget, CheckboxInput)


@register.filter
def choice_kind(field) -> str:
    """ "checkboxes" or "radios" for a choice field (rendered by forms/choices.html), else ""."""
    widget = field.field.widget
    if isinstance(widget, CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, RadioSelect):
        return "radios"
    return ""


@register.filter
def choice_groups(field) -> list:
    """A choice field's options as (group name, options): one group named None unless its
    choices are grouped (the accounts to post to, by network)."""
    widget = field.field.widget
    options = iter(field.subwidgets)
    return [
        (name, [next(options) for _ in group])
        for name, group, _index in widget.optgroups(
            field.html_name, widget.format_value(field.value())
        )
    ]
