"""Phone numbers as people type them: national formats read with a country as region, stored E.164.

A business card from Seoul reads ``02 1234 5678`` or ``010 1234 5678``; with South Korea as the
region that is ``+82212345678`` / ``+821012345678``. The region comes from the country chosen on
the form, else from the expo's country; a number starting with ``+`` needs none.
"""

from __future__ import annotations

import functools
import json

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries
from phonenumber_field.phonenumber import PhoneNumber


def phone_region(*codes: str | None) -> str | None:
    """The first of ``codes`` (ISO 3166-1 alpha-2) that has a telephone numbering plan."""
    for code in codes:
        code = (code or "").strip().upper()
        if code and code in phonenumbers.SUPPORTED_REGIONS:
            return code
    return None


@functools.cache
def phone_example(region: str | None) -> str:
    """One example number for ``region`` in international format (a mobile number, as on most cards)."""
    if region:
        number = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
        number = number or phonenumbers.example_number(region)
        if number is not None:
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return "+82 10-2000-0000"


@functools.cache
def phone_examples() -> dict[str, str]:
    """Every country's example, for the page to show the one of the country chosen."""
    return {code: phone_example(code) for code, _name in countries if code in phonenumbers.SUPPORTED_REGIONS}


PHONE_HELP_TEXT = gettext_lazy("As dialled in the chosen country, or with the country code.")


@functools.cache
def _examples_json() -> str:
    return json.dumps(phone_examples(), separators=(",", ":"))


def phone_input_attrs(region: str | None, *, country_field: str = "country") -> dict[str, str]:
    """Attributes of a phone input: the example of ``region`` as placeholder, and every country's
    example for static/js/phone-example.js to follow the country chosen in ``country_field``."""
    return {
        "placeholder": phone_example(region),
        "inputmode": "tel",
        "autocomplete": "off",
        "data-phone-examples": _examples_json(),
        "data-phone-country-field": country_field,
        "data-phone-default": phone_example(region),
    }


def parse_phone(text: object, region: str | None) -> PhoneNumber | None:
    """``text`` as a valid number (None when empty); ``ValidationError`` naming an example otherwise."""
    if isinstance(text, PhoneNumber):
        if text.is_valid():
            return text
        text = text.raw_input or str(text)
    raw = str(text or "").strip()
    if not raw:
        return None
    try:
        number = PhoneNumber.from_string(raw, region=region)
    except phonenumbers.NumberParseException:
        number = None
    if number is not None and number.is_valid():
        return number
    if region is None and not raw.startswith("+"):
        raise ValidationError(
            _("Add the country code (e.g. %(example)s) or choose the country.") % {"example": phone_example(None)}
        )
    country = countries.name(region) if region and not raw.startswith("+") else ""
    if country:
        message = _("“%(value)s” is not a phone number in %(country)s. Example: %(example)s.") % {
            "value": raw,
            "country": country,
            "example": phone_example(region),
        }
    else:
        message = _("“%(value)s” is not a valid phone number. Example: %(example)s.") % {
            "value": raw,
            "example": phone_example(region),
        }
    raise ValidationError(message)
