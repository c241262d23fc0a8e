"""Filters over contacts and organisations, shared by the API and the staff pages.

Every filter validates its value: a malformed one (``updated_since=yesterday``, ``country=XX``,
``organization=abc``) makes the form invalid, which the API answers with 400 naming the
parameter and a page shows next to the field.

``q`` is the directory's search: case- and accent-insensitive substring match on the Latin and
native-script names, the e-mail and the organisation's names, plus typo tolerance through
pg_trgm word similarity (``portal_unaccent`` and the trigram indexes come from migration 0002).

An API key with a field allow-list filters only on fields it may see (``*_FILTER_FIELDS`` says
which fields each filter reveals; the API answers 400 naming any other) and its ``q`` searches
only the columns it may see — otherwise a filter would be an oracle for hidden values.
"""

from __future__ import annotations

from typing import Any, ClassVar

import django_filters
from django import forms
from django.db.models import BooleanField, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from common.api_keys.pulls import allowed_fields
from common.query import StorableIsoDateTimeFilter
from delegations.models import Contact, Expo, Organization

MAX_SEARCH_LENGTH = 100

# Ordering name -> columns; every ordering ends in ``id`` so each row has a unique position
# (keyset pagination relies on it; see common/pagination.py).
CONTACT_ORDERINGS: dict[str, tuple[str, ...]] = {
    "full_name": ("full_name", "id"),
    "-full_name": ("-full_name", "-id"),
    "updated_at": ("updated_at", "id"),
    "-updated_at": ("-updated_at", "-id"),
    "created_at": ("created_at", "id"),
    "-created_at": ("-created_at", "-id"),
    "id": ("id",),
    "-id": ("-id",),
}
CONTACT_DEFAULT_ORDERING = "full_name"
ORGANIZATION_ORDERINGS: dict[str, tuple[str, ...]] = {
    "name": ("name", "id"),
    "-name": ("-name", "-id"),
    "updated_at": ("updated_at", "id"),
    "-updated_at": ("-updated_at", "-id"),
    "id": ("id",),
    "-id": ("-id",),
}
ORGANIZATION_DEFAULT_ORDERING = "name"


# Filter parameter -> the resource fields whose values it reveals.
CONTACT_FILTER_FIELDS: dict[str, tuple[str, ...]] = {
    "country": ("country",),
    "organization": ("organization",),
    "organization_kind": ("organization_kind",),
    "sector": ("sector",),
    "tag": ("tags",),
    "expo": ("expos",),
    "owner": ("owner",),
    "updated_since": ("updated_at",),
}
ORGANIZATION_FILTER_FIELDS: dict[str, tuple[str, ...]] = {
    "country": ("country",),
    "kind": ("kind",),
    "sector": ("sector",),
    "updated_since": ("updated_at",),
}
# Fields ``q`` may search; a caller's search covers those of them it may see.
CONTACT_SEARCH_FIELDS = ("full_name", "native_name", "email", "organization_name")
ORGANIZATION_SEARCH_FIELDS = ("name", "native_name")


def _like_pattern(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def contact_search_condition(term: str, fields: tuple[str, ...] = CONTACT_SEARCH_FIELDS) -> RawSQL:
    """Rows whose names, e-mail or organisation match ``term`` (accents and case ignored, typos
    tolerated), looking only at ``fields`` (of ``CONTACT_SEARCH_FIELDS``; the organisation's
    native name counts as ``native_name``).

    Written as one id set per index (a UNION), so that each branch is a trigram-index scan and
    the page query only probes a hash of matching ids.
    """
    pattern = _like_pattern(term)
    branches: list[tuple[str, list[str]]] = []
    if "full_name" in fields:
        branches.append(("WHERE portal_unaccent(c.full_name) ILIKE portal_unaccent(%s)", [pattern]))
        branches.append(("WHERE portal_unaccent(%s) <%% portal_unaccent(c.full_name)", [term]))
    if "native_name" in fields:
        branches.append(("WHERE c.native_name ILIKE %s", [pattern]))
    if "email" in fields:
        branches.append(("WHERE c.email ILIKE %s", [pattern]))
    if "organization_name" in fields:
        organizations = [
            "SELECT o.id FROM delegations_organization o WHERE portal_unaccent(o.name) ILIKE portal_unaccent(%s)",
            "SELECT o.id FROM delegations_organization o WHERE portal_unaccent(%s) <%% portal_unaccent(o.name)",
        ]
        organization_params = [pattern, term]
        if "native_name" in fields:
            organizations.append("SELECT o.id FROM delegations_organization o WHERE o.native_name ILIKE %s")
            organization_params.append(pattern)
        branches.append((f"WHERE c.organization_id IN ({' UNION '.join(organizations)})", organization_params))
    if not branches:
        return RawSQL("FALSE", [], output_field=BooleanField())
    # Fixed SQL fragments chosen above; the search term only ever travels as a parameter.
    selects = (f"SELECT c.id FROM delegations_contact c {where}" for where, _params in branches)  # noqa: S608
    sql = '"delegations_contact"."id" IN (' + " UNION ".join(selects) + ")"
    params = [value for _where, values in branches for value in values]
    return RawSQL(sql, params, output_field=BooleanField())  # noqa: S611 - fixed SQL, input only as parameters


def organization_search_condition(term: str, fields: tuple[str, ...] = ORGANIZATION_SEARCH_FIELDS) -> RawSQL:
    pattern = _like_pattern(term)
    parts: list[tuple[str, list[str]]] = []
    if "name" in fields:
        parts.append(("portal_unaccent(delegations_organization.name) ILIKE portal_unaccent(%s)", [pattern]))
        parts.append(("portal_unaccent(%s) <%% portal_unaccent(delegations_organization.name)", [term]))
    if "native_name" in fields:
        parts.append(("delegations_organization.native_name ILIKE %s", [pattern]))
    if not parts:
        return RawSQL("FALSE", [], output_field=BooleanField())
    sql = "(" + " OR ".join(part for part, _params in parts) + ")"
    params = [value for _part, values in parts for value in values]
    return RawSQL(sql, params, output_field=BooleanField())  # noqa: S611 - fixed SQL, input only as parameters


class CountryCodeField(forms.CharField):
    """An ISO 3166-1 alpha-2 code, any case (``ma`` → ``MA``)."""

    def clean(self, value: Any) -> str:
        value = (super().clean(value) or "").strip().upper()
        if value and value not in countries:
            raise forms.ValidationError(
                _("%(value)s is not an ISO 3166-1 alpha-2 country code (e.g. KR, MA, ZA)."), params={"value": value}
            )
        return value


class SearchField(forms.CharField):
    def clean(self, value: Any) -> str:
        value = (super().clean(value) or "").strip()
        if len(value) > MAX_SEARCH_LENGTH:
            raise forms.ValidationError(
                _("Search for at most %(limit)d characters."), params={"limit": MAX_SEARCH_LENGTH}
            )
        if "\x00" in value:
            raise forms.ValidationError(_("The search contains a character that cannot be searched for."))
        return value


class ExpoField(forms.CharField):
    """An expo by id or slug."""

    def clean(self, value: Any) -> int | None:
        value = (super().clean(value) or "").strip()
        if not value:
            return None
        if value.isascii() and value.isdigit():
            if not 1 <= int(value) <= MAX_ID:
                raise forms.ValidationError(_("No expo has the id %(value)s."), params={"value": value})
            return int(value)
        expo_id = Expo.objects.filter(slug=value).values_list("id", flat=True).first()
        if expo_id is None:
            raise forms.ValidationError(_("No expo has the id or slug %(value)s."), params={"value": value})
        return expo_id


MAX_ID = 2**63 - 1


class IdField(forms.IntegerField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class CountryFilter(django_filters.CharFilter):
    field_class = CountryCodeField


class SearchFilter(django_filters.CharFilter):
    field_class = SearchField


class IdFilter(django_filters.NumberFilter):
    field_class = IdField


class ExpoFilter(django_filters.Filter):
    field_class = ExpoField


def _ordering_choices(orderings: dict[str, tuple[str, ...]]) -> list[tuple[str, str]]:
    return [(name, name) for name in orderings]


class CachedFormFilterSet(django_filters.FilterSet):
    """Builds its form class once, not on every request (the filters never change at run time)."""

    _form_classes: ClassVar[dict[type, type[forms.Form]]] = {}

    def get_form_class(self) -> type[forms.Form]:
        cls = type(self)
        form_class = CachedFormFilterSet._form_classes.get(cls)
        if form_class is None:
            form_class = CachedFormFilterSet._form_classes[cls] = super().get_form_class()
        return form_class


class ContactFilterSet(CachedFormFilterSet):
    country = CountryFilter(help_text=_("ISO 3166-1 alpha-2 code of the contact's country, e.g. `KR`."))
    organization = IdFilter(field_name="organization_id", help_text=_("Organisation id."))
    organization_kind = django_filters.ChoiceFilter(
        field_name="organization__kind", choices=Organization.Kind.choices, help_text=_("Kind of organisation.")
    )
    sector = django_filters.CharFilter(
        field_name="organization__sector", lookup_expr="iexact", help_text=_("Sector of the organisation.")
    )
    tag = django_filters.CharFilter(method="filter_tag", help_text=_("Contacts carrying this tag."))
    expo = ExpoFilter(method="filter_expo", help_text=_("Met at this expo (id or slug)."))
    owner = IdFilter(field_name="owner_id", help_text=_("User id of the office member who owns the relationship."))
    q = SearchFilter(
        method="filter_q",
        help_text=_(
            "Search names (Latin or native script), e-mail and organisation; accents and case are "
            "ignored and small typos tolerated."
        ),
    )
    updated_since = StorableIsoDateTimeFilter(
        field_name="updated_at",
        lookup_expr="gte",
        help_text=_(
            "ISO 8601 time (with offset; UTC when none): contacts created or changed at or after it. "
            "See the incremental sync rule in the description of this endpoint."
        ),
    )
    ordering = django_filters.ChoiceFilter(
        choices=_ordering_choices(CONTACT_ORDERINGS),
        method="filter_ordering",
        empty_label=None,
        help_text=_("Sort order; ties are broken by id. Default `full_name`."),
    )

    class Meta:
        model = Contact
        fields: list[str] = []

    def filter_tag(self, queryset: QuerySet[Contact], name: str, value: str) -> QuerySet[Contact]:
        return queryset.filter(tags__contains=[value.strip()]) if value.strip() else queryset

    def filter_expo(self, queryset: QuerySet[Contact], name: str, value: int | None) -> QuerySet[Contact]:
        if value is None:
            return queryset
        return queryset.filter(expos__id=value)

    def filter_q(self, queryset: QuerySet[Contact], name: str, value: str) -> QuerySet[Contact]:
        if not value:
            return queryset
        return queryset.filter(contact_search_condition(value, allowed_fields(self.request, CONTACT_SEARCH_FIELDS)))

    def filter_ordering(self, queryset: QuerySet[Contact], name: str, value: str) -> QuerySet[Contact]:
        return queryset.order_by(*CONTACT_ORDERINGS[value]) if value else queryset


class OrganizationFilterSet(CachedFormFilterSet):
    country = CountryFilter(help_text=_("ISO 3166-1 alpha-2 code, e.g. `KR`."))
    kind = django_filters.ChoiceFilter(choices=Organization.Kind.choices, help_text=_("Kind of organisation."))
    sector = django_filters.CharFilter(lookup_expr="iexact", help_text=_("Sector."))
    q = SearchFilter(
        method="filter_q",
        help_text=_("Search the name (Latin or native script); accents and case ignored, small typos tolerated."),
    )
    updated_since = StorableIsoDateTimeFilter(
        field_name="updated_at",
        lookup_expr="gte",
        help_text=_("ISO 8601 time: organisations created or changed at or after it (same rule as contacts)."),
    )
    ordering = django_filters.ChoiceFilter(
        choices=_ordering_choices(ORGANIZATION_ORDERINGS),
        method="filter_ordering",
        empty_label=None,
        help_text=_("Sort order; ties are broken by id. Default `name`."),
    )

    class Meta:
        model = Organization
        fields: list[str] = []

    def filter_q(self, queryset: QuerySet[Organization], name: str, value: str) -> QuerySet[Organization]:
        if not value:
            return queryset
        fields = allowed_fields(self.request, ORGANIZATION_SEARCH_FIELDS)
        return queryset.filter(organization_search_condition(value, fields))

    def filter_ordering(self, queryset: QuerySet[Organization], name: str, value: str) -> QuerySet[Organization]:
        return queryset.order_by(*ORGANIZATION_ORDERINGS[value]) if value else queryset
