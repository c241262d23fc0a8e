"""The booth-lead form: short, phone-friendly, validated again by the service."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from exhibitors.models import Exhibitor, Lead


class LeadForm(forms.ModelForm):
    exhibitor = forms.ModelChoiceField(
        queryset=Exhibitor.objects.none(), label=_("Exhibitor"), required=True, empty_label=None
    )

    class Meta:
        model = Lead
        fields = [
            "full_name",
            "organization_name",
            "country",
            "email",
            "phone",
            "interest",
            "note",
            "shared_with_office",
        ]
        labels = {
            "full_name": _("Name"),
            "organization_name": _("Organisation"),
            "country": _("Country"),
            "email": _("E-mail"),
            "phone": _("Phone"),
            "interest": _("Interest"),
            "note": _("Note"),
            "shared_with_office": _("The visitor agrees to share this with the office"),
        }
        help_texts = {
            "phone": _("With the country code, e.g. +27 21 123 4567."),
            "shared_with_office": _("The city's expo office may then contact them; leave unticked otherwise."),
        }
        widgets = {
            "full_name": forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "words"}),
            "organization_name": forms.TextInput(attrs={"autocomplete": "off"}),
            "email": forms.EmailInput(attrs={"autocomplete": "off", "inputmode": "email"}),
            "phone": forms.TextInput(attrs={"autocomplete": "off", "inputmode": "tel"}),
            "interest": forms.TextInput(attrs={"autocomplete": "off"}),
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, exhibitors=None, with_exhibitor: bool = True, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["full_name"].required = True
        self.fields["country"].choices = [("", _("— not given —")), *list(self.fields["country"].choices)[1:]]
        if with_exhibitor and exhibitors is not None:
            self.fields["exhibitor"].queryset = Exhibitor.objects.filter(pk__in=[e.pk for e in exhibitors]).order_by(
                "name"
            )
            if len(exhibitors) == 1:
                self.fields["exhibitor"].initial = exhibitors[0].pk
                self.fields["exhibitor"].widget = forms.HiddenInput()
        else:
            del self.fields["exhibitor"]
        if self.instance.pk is None:
            self.fields["full_name"].widget.attrs["autofocus"] = True  # booth staff start typing at once

    def lead_fields(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields}
