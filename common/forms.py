"""What every page form shares."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from common.errors import DomainError


def apply_service_errors(
    form: forms.BaseForm, error: ValidationError | DomainError, *, field_map: Mapping[str, str] | None = None
) -> None:
    """Show a service's refusal on the form: each message of a ``ValidationError`` on its field when
    the form has it (``field_map`` renames service fields to form fields), else on the form as a
    whole; a ``DomainError``'s message on the form as a whole."""
    if isinstance(error, DomainError):
        form.add_error(None, error.message)
        return
    if not hasattr(error, "error_dict"):
        for message in error.messages:
            form.add_error(None, message)
        return
    for field, messages in error.message_dict.items():
        target = (field_map or {}).get(field, field)
        for message in messages:
            form.add_error(target if target in form.fields else None, message)


def model_choices(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:
    """The form's model choice field ``name`` (single or multiple), to narrow its queryset."""
    field = form.fields[name]
    if not isinstance(field, forms.ModelChoiceField):
        raise TypeError(f"{name!r} is not a model choice field")
    return field


def choice_field(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    """The form's choice field ``name``, to set its choices."""
    field = form.fields[name]
    if not isinstance(field, forms.ChoiceField):
        raise TypeError(f"{name!r} is not a choice field")
    return field


# --- Date and time inputs ---------------------------------------------------------------------
#
# A browser's date, datetime-local and time inputs only take ISO values (``2028-02-28``,
# ``2028-02-28T09:30``, ``09:30``) and show them in the reader's own way. Django would render a
# date in the active language's first input format (``2028/02/28`` in Traditional Chinese), which
# the browser rejects: the field then shows empty and saving the untouched form clears it. These
# widgets render ISO whatever the language.

ISO_DATE = "%Y-%m-%d"
ISO_DATETIME_LOCAL = "%Y-%m-%dT%H:%M"
ISO_TIME = "%H:%M"


class IsoDateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format=ISO_DATE)


class IsoDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format=ISO_DATETIME_LOCAL)


class IsoTimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format=ISO_TIME)


ISO_WIDGETS: dict[type[forms.Field], type[forms.Widget]] = {
    forms.DateTimeField: IsoDateTimeInput,
    forms.DateField: IsoDateInput,
    forms.TimeField: IsoTimeInput,
}


def iso_widget_for(field: forms.Field) -> type[forms.Widget] | None:
    """The ISO widget a date, datetime or time field must use (None for any other field)."""
    for field_class, widget in ISO_WIDGETS.items():
        if isinstance(field, field_class):
            return widget
    return None


def focus_first_error(form: forms.BaseForm) -> str | None:
    """Put the cursor in the first field (in page order) that has an error, and nowhere else.

    A re-shown form then opens where the person has to act — not on its first field — and the
    browser scrolls that field into view. Returns the field's name (None when no field has an error).
    """
    first = next((name for name in form.fields if name in form.errors and not form[name].is_hidden), None)
    for name, field in form.fields.items():
        if name == first:
            field.widget.attrs["autofocus"] = True
        else:
            field.widget.attrs.pop("autofocus", None)
    return first
