"""Forms of the contact book pages (directory filters, contact/organisation edit, merge, import)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from common.forms import choice_field, model_choices
from common.languages import language_choices
from common.phones import PHONE_HELP_TEXT, phone_input_attrs, phone_region
from delegations.models import Contact, Expo, Organization
from delegations.selectors import current_expo

if TYPE_CHECKING:
    from django.contrib.auth.models import User

COUNTRY_CHOICES = [("", _("Any country")), *list(countries)]


def _office_users() -> QuerySet:
    return (
        get_user_model().objects.filter(Q(is_superuser=True) | Q(groups__name="office")).distinct().order_by("username")
    )


class ContactDirectoryForm(forms.Form):
    """The directory's search box and filters as the page shows them (labelled selects).

    The parameter names are those of ``delegations.filters.ContactFilterSet`` (shared with the
    API), which does the filtering and validation; this form only renders the controls.
    """

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    country = forms.ChoiceField(label=_("Country"), required=False, choices=COUNTRY_CHOICES)
    organization_kind = forms.ChoiceField(
        label=_("Organisation kind"), required=False, choices=[("", _("Any kind")), *Organization.Kind.choices]
    )
    sector = forms.CharField(label=_("Sector"), required=False, max_length=100)
    tag = forms.CharField(label=_("Tag"), required=False, max_length=50)
    expo = forms.ChoiceField(label=_("Met at"), required=False)
    owner = forms.ChoiceField(label=_("Owner"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "expo").choices = [("", _("Any expo"))] + [
            (str(pk), name) for pk, name in Expo.objects.order_by("-starts_on").values_list("pk", "name")
        ]
        choice_field(self, "owner").choices = [("", _("Anyone"))] + [
            (str(pk), username) for pk, username in _office_users().values_list("pk", "username")
        ]


class OrganizationDirectoryForm(forms.Form):
    """Controls of the organisation directory (filtering: ``OrganizationFilterSet``)."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    country = forms.ChoiceField(label=_("Country"), required=False, choices=COUNTRY_CHOICES)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("Any kind")), *Organization.Kind.choices])
    sector = forms.CharField(label=_("Sector"), required=False, max_length=100)


class CommaListField(forms.CharField):
    """A list typed as "ko, en" in one box."""

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return ", ".join(value)
        return value

    # Text in the box, a list once cleaned: the narrower CharField return type does not hold here.
    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value) or ""
        return [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]


def organization_label(organization: Organization) -> str:
    return f"{organization.name} ({organization.country.code})"


class OrganizationNameField(forms.CharField):
    """An organisation chosen by name (a select of every organisation would be huge).

    "Name (KR)" picks the one in that country; a bare name must match exactly one organisation.
    """

    _WITH_COUNTRY = re.compile(r"^(?P<name>.+?)\s*\((?P<code>[A-Za-z]{2})\)$")

    def clean(self, value: Any) -> Organization | None:
        text = (super().clean(value) or "").strip()
        if not text:
            return None
        match = self._WITH_COUNTRY.match(text)
        candidates = Organization.objects.none()
        if match:
            candidates = Organization.objects.filter(name__iexact=match["name"].strip(), country=match["code"].upper())
        if not candidates.exists():
            candidates = Organization.objects.filter(name__iexact=text)
        found = list(candidates[:2])
        if not found:
            raise forms.ValidationError(
                _("No organisation is called “%(name)s”. Check the spelling or create the organisation first."),
                params={"name": text},
            )
        if len(found) > 1:
            raise forms.ValidationError(
                _("Several organisations are called “%(name)s”; add the country code, e.g. “%(example)s”."),
                params={"name": text, "example": organization_label(found[0])},
            )
        return found[0]


class ContactForm(forms.Form):
    """Collects the fields; validation itself is the service's (errors are mapped back per field)."""

    honorific = forms.CharField(label=_("Honorific"), required=False, max_length=50, help_text=_("e.g. H.E., Dr., Mr."))
    full_name = forms.CharField(label=_("Full name (Latin script)"), max_length=200)
    native_name = forms.CharField(label=_("Name in native script"), required=False, max_length=200)
    title = forms.CharField(label=_("Title / position"), required=False, max_length=200)
    rank = forms.IntegerField(label=_("Protocol rank"), required=False, min_value=1, help_text=_("1 = most senior."))
    organization = OrganizationNameField(
        label=_("Organisation"),
        required=False,
        max_length=320,
        help_text=_("Type to choose; several with one name: add the country, e.g. “Smart City Office (KR)”."),
        widget=forms.TextInput(
            attrs={"list": "organization-options", "autocomplete": "off", "data-organization-search": "1"}
        ),
    )
    email = forms.CharField(label=_("E-mail"), required=False, max_length=254)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=40, help_text=PHONE_HELP_TEXT)
    country = forms.ChoiceField(label=_("Country"), required=False, choices=[("", "—"), *list(countries)])
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        required=False,
        help_text=_("Choose one or more; type a name to jump to it."),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    preferred_language = forms.ChoiceField(label=_("Preferred language"), required=False)
    never_email = forms.BooleanField(
        label=_("Never e-mail"),
        required=False,
        help_text=_("Reached through their protocol office: the portal never e-mails this person."),
    )
    tags = CommaListField(label=_("Tags"), required=False, help_text=_("Comma-separated."))
    consent = forms.ChoiceField(
        label=_("How consent was obtained"), required=False, choices=[("", "—"), *Contact.Consent.choices]
    )
    owner: forms.ModelChoiceField[User] = forms.ModelChoiceField(
        label=_("Owner in the office"), required=False, queryset=None
    )
    expos = forms.ModelMultipleChoiceField(
        label=_("Met at"),
        required=False,
        queryset=Expo.objects.order_by("-starts_on"),
        widget=forms.CheckboxSelectMultiple,
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choices(self, "owner").queryset = _office_users()
        expo = current_expo()
        region = phone_region(
            str(self.data.get("country") or "") if self.is_bound else str(self.initial.get("country") or ""),
            expo.country.code if expo else "",
        )
        self.fields["phone"].widget.attrs.update(phone_input_attrs(region))
        # Languages from the list; a code stored before the list existed stays shown (and the
        # service says what to choose instead) rather than silently dropped.
        listed = language_choices()
        stored = [str(code) for code in (self.initial.get("languages") or [])]
        preferred = str(self.initial.get("preferred_language") or "")
        extra = [(code, code) for code in dict.fromkeys([*stored, preferred]) if code and code not in dict(listed)]
        choice_field(self, "languages").choices = [*listed, *extra]
        choice_field(self, "preferred_language").choices = [("", "—"), *listed, *extra]
        if not Expo.objects.exists():
            del self.fields["expos"]  # nothing to tick yet

    @staticmethod
    def initial_from(contact: Contact) -> dict[str, Any]:
        initial = {name: getattr(contact, name) for name in ContactForm.base_fields if name != "expos"}
        initial["phone"] = str(contact.phone) if contact.phone else ""
        initial["organization"] = organization_label(contact.organization) if contact.organization else ""
        initial["country"] = contact.country.code if contact.country else ""
        initial["expos"] = list(contact.expos.all())
        return initial

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        if "expos" in self.fields:
            data["expos"] = list(data.get("expos") or [])
        return data


class OrganizationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=300)
    native_name = forms.CharField(label=_("Name in native script"), required=False, max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=Organization.Kind.choices)
    country = forms.ChoiceField(label=_("Country"), choices=[("", "—"), *list(countries)])
    city = forms.CharField(label=_("City"), required=False, max_length=100)
    sector = forms.CharField(label=_("Sector"), required=False, max_length=100)
    website = forms.CharField(label=_("Website"), required=False, max_length=200)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    @staticmethod
    def initial_from(organization: Organization) -> dict[str, Any]:
        initial = {name: getattr(organization, name) for name in OrganizationForm.base_fields}
        initial["country"] = organization.country.code if organization.country else ""
        return initial


class MergeForm(forms.Form):
    """One radio per field where the two contacts differ: whose value to keep."""

    def __init__(self, *args: Any, keep: Contact, duplicate: Contact, fields: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in fields:
            model_field = Contact._meta.get_field(name)
            if not isinstance(model_field, models.Field):
                raise TypeError(f"{name!r} is not a column of a contact")
            self.fields[name] = forms.ChoiceField(
                label=model_field.verbose_name,
                choices=[("keep", _("Keep")), ("duplicate", _("Duplicate"))],
                initial="keep",
                widget=forms.RadioSelect,
            )

    def picks(self) -> dict[str, str]:
        return {name: value for name, value in self.cleaned_data.items() if value in ("keep", "duplicate")}
