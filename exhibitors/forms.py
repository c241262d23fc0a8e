"""Forms of the booth-profile, review and team pages (the services do the real validation)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from common.forms import choice_field, model_choices
from common.phones import PHONE_HELP_TEXT, phone_input_attrs, phone_region
from exhibitors.images import MAX_UPLOAD_BYTES, size_limit_message
from exhibitors.models import Exhibitor, Lead
from exhibitors.services import BOOTH_LANGUAGES

ACCEPT_IMAGES = "image/png,image/jpeg,image/webp"
# The browser checks the size before uploading (the server checks again); see static/js/profile-edit.js.
UPLOAD_ATTRS = {
    "accept": ACCEPT_IMAGES,
    "data-max-bytes": str(MAX_UPLOAD_BYTES),
    "data-too-large": _("The image is larger than 5 MB. Please upload a smaller file."),
    "data-wrong-type": _("SVG images are not accepted. Please upload a PNG, JPEG or WebP file."),
}


class ProfileForm(forms.Form):
    company_name = forms.CharField(label=_("Company name"), max_length=200)
    tagline = forms.CharField(
        label=_("Tagline"), max_length=200, required=False, help_text=_("One sentence visitors remember.")
    )
    category = forms.ChoiceField(label=_("Category"), choices=Exhibitor.Category.choices)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Paragraphs, lists, links, bold and italic. At least 30 words."),
    )
    website = forms.CharField(label=_("Website"), max_length=200, required=False)
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken at the booth"),
        choices=BOOTH_LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    contact_name = forms.CharField(label=_("Contact person"), max_length=200, required=False)
    contact_email = forms.CharField(label=_("Contact e-mail"), max_length=254, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["website"].widget.attrs.update({"type": "url", "placeholder": "https://", "inputmode": "url"})
        self.fields["contact_email"].widget.attrs.update({"type": "email", "autocomplete": "email"})

    @staticmethod
    def rows_from(data: QueryDict, prefix: str, keys: list[str]) -> list[dict[str, str]]:
        """Repeated inputs ``<prefix>-<key>`` (one per row, in order) → list of row dicts."""
        columns = [data.getlist(f"{prefix}-{key}") for key in keys]
        count = max((len(column) for column in columns), default=0)
        return [
            {key: (columns[i][n] if n < len(columns[i]) else "") for i, key in enumerate(keys)} for n in range(count)
        ]


def _check_size(upload: Any) -> Any:
    if upload is not None and upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(size_limit_message())
    return upload


class LogoForm(forms.Form):
    logo = forms.FileField(
        label=_("Logo"),
        help_text=_("PNG, JPEG or WebP, at most 5 MB. Square or wide logos look best."),
        widget=forms.ClearableFileInput(attrs=UPLOAD_ATTRS),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean_logo(self) -> Any:
        return _check_size(self.cleaned_data.get("logo"))


class GalleryForm(forms.Form):
    image = forms.FileField(
        label=_("Gallery image"),
        help_text=_("PNG, JPEG or WebP, at most 5 MB."),
        widget=forms.ClearableFileInput(attrs=UPLOAD_ATTRS),
    )
    caption = forms.CharField(label=_("Caption"), max_length=200, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean_image(self) -> Any:
        return _check_size(self.cleaned_data.get("image"))


class ReviewForm(forms.Form):
    ACTIONS = [("publish", _("Publish")), ("send_back", _("Send back"))]
    action = forms.ChoiceField(choices=ACTIONS)
    comment = forms.CharField(
        label=_("Comment for the exhibitor"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required when sending back: say what to change."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"))
    full_name = forms.CharField(label=_("Name"), max_length=200, required=False)
    is_admin = forms.BooleanField(label=_("Team admin (may invite and remove colleagues)"), required=False)


# --- Booth leads: short, phone-friendly, validated again by the service -------------------------


class LeadForm(forms.ModelForm):
    exhibitor = forms.ModelChoiceField(
        queryset=Exhibitor.objects.none(), label=_("Exhibitor"), required=True, empty_label=None
    )
    # Text as typed; the service reads national numbers with the visitor's or the expo's country.
    phone = forms.CharField(label=_("Phone"), required=False, max_length=40, help_text=PHONE_HELP_TEXT)

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
            "shared_with_office": _("The city's expo office may then contact them; leave unticked otherwise."),
        }
        widgets = {
            "full_name": forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "words"}),
            "organization_name": forms.TextInput(attrs={"autocomplete": "off"}),
            "email": forms.EmailInput(attrs={"autocomplete": "off", "inputmode": "email"}),
            "interest": forms.TextInput(attrs={"autocomplete": "off"}),
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, exhibitors=None, with_exhibitor: bool = True, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["full_name"].required = True
        country = choice_field(self, "country")
        # A country field's choices are a list of (code, name) pairs; the stub types what may be assigned.
        country.choices = [("", _("— not given —")), *list(cast("list[tuple[str, str]]", country.choices))[1:]]
        if with_exhibitor and exhibitors is not None:
            model_choices(self, "exhibitor").queryset = Exhibitor.objects.filter(
                pk__in=[e.pk for e in exhibitors]
            ).order_by("name")
            if len(exhibitors) == 1:
                self.fields["exhibitor"].initial = exhibitors[0].pk
                self.fields["exhibitor"].widget = forms.HiddenInput()
        else:
            del self.fields["exhibitor"]
        if self.instance.pk is None:
            self.fields["full_name"].widget.attrs["autofocus"] = True  # booth staff start typing at once
        self.fields["phone"].widget.attrs.update(phone_input_attrs(self._phone_region(exhibitors)))

    def _get_validation_exclusions(self) -> set[str]:
        # The model would refuse a national number before the service reads it with its region.
        return {*super()._get_validation_exclusions(), "phone"}  # type: ignore[misc]

    def _phone_region(self, exhibitors: list[Exhibitor] | None) -> str | None:
        """The country whose example the phone input shows: the visitor's, else the expo's."""
        if self.is_bound:
            chosen = str(self.data.get("country") or "")
        elif self.instance.pk is not None:
            chosen = self.instance.country.code if self.instance.country else ""
        else:
            chosen = str(self.initial.get("country") or "")
        if self.instance.pk is not None:
            expo_country = self.instance.exhibitor.pavilion.expo.country.code
        elif exhibitors:
            expo_country = exhibitors[0].pavilion.expo.country.code
        else:
            expo_country = ""
        return phone_region(chosen, expo_country)

    def lead_fields(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields}
