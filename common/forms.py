"""What every page form shares."""

from __future__ import annotations

from collections.abc import Mapping

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
