"""Reads of the people side, shaped for pages and the API."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db.models import BigIntegerField, BooleanField, F, QuerySet, TextField
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast
from django.utils import timezone

from delegations.models import (
    Contact,
    ContactTombstone,
    Delegation,
    Expo,
    ItineraryItem,
    Member,
    Organization,
    TravelTime,
    Venue,
)


def expo_list() -> QuerySet[Expo]:
    return Expo.objects.all()


def delegation_list() -> QuerySet[Delegation]:
    return Delegation.objects.select_related("expo")


def member_list() -> QuerySet[Member]:
    return Member.objects.select_related("delegation")


def organization_list() -> QuerySet[Organization]:
    return Organization.objects.all()


def contact_list() -> QuerySet[Contact]:
    return Contact.objects.select_related("organization")


def contact_merged_into(pk: int) -> int | None:
    """The id of the contact a merged-away contact now lives on (following later merges too),
    or None when ``pk`` was never merged away (or its successor was deleted since)."""
    seen: set[int] = set()
    current = pk
    while current not in seen:
        seen.add(current)
        successor = ContactTombstone.objects.filter(contact_id=current).values_list("merged_into_id", flat=True).first()
        if successor is None:
            break
        current = successor
    if current == pk or not Contact.objects.filter(pk=current).exists():
        return None
    return current


def current_expo() -> Expo | None:
    """The expo the office is working on: the next or running one, else the latest."""
    today = timezone.now().date()
    upcoming = Expo.objects.filter(ends_on__gte=today).order_by("starts_on").first()
    return upcoming or Expo.objects.order_by("-starts_on").first()


def venue_list() -> QuerySet[Venue]:
    return Venue.objects.select_related("expo")


def itinerary_list() -> QuerySet[ItineraryItem]:
    return ItineraryItem.objects.select_related("delegation", "venue").prefetch_related("members")


def travel_time_list() -> QuerySet[TravelTime]:
    return TravelTime.objects.select_related("origin", "destination")


# --- Contact book as API clients and exports see it --------------------------------------------
#
# Rows are read as tuples of exactly the fields a caller may receive (an API key's field allow-list
# narrows the SELECT itself), in one query per page whatever the page size: the organisation name
# comes from a join and the "met at" expos from an array subquery, never one query per row.

# Seconds a change must be old before incremental sync serves it (see contact_sync_horizon).
SYNC_SAFETY_SECONDS_DEFAULT = 1.0

CONTACT_PUBLIC_FIELDS: tuple[str, ...] = (
    "id",
    "honorific",
    "full_name",
    "native_name",
    "title",
    "rank",
    "organization",
    "organization_name",
    "organization_kind",
    "country",
    "email",
    "phone",
    "languages",
    "preferred_language",
    "never_email",
    "tags",
    "consent",
    "owner",
    "expos",
    "created_at",
    "updated_at",
)
ORGANIZATION_PUBLIC_FIELDS: tuple[str, ...] = (
    "id",
    "name",
    "native_name",
    "kind",
    "country",
    "city",
    "sector",
    "website",
    "created_at",
    "updated_at",
)


# Output field -> the SQL alias / tuple attribute that carries it in ``contact_values`` rows.
_CONTACT_COLUMNS = {
    "organization": "organization_id",
    "organization_name": "organization_name_",
    "organization_kind": "organization_kind_",
    "phone": "phone_",
    "owner": "owner_id",
    "expos": "expos_",
}


def _contact_sources() -> dict[str, str | tuple[str, Any]]:
    through = Contact.expos.through._meta.db_table
    table = Contact._meta.db_table
    # A plain correlated ARRAY(...) (one index probe per row, no query per row); written as SQL
    # because the ORM's ArraySubquery costs more to compile than the page costs to run.
    expos_sql = f'ARRAY(SELECT e.expo_id FROM "{through}" e WHERE e.contact_id = "{table}"."id" ORDER BY e.expo_id)'  # noqa: S608 - table names come from the models
    expos = RawSQL(  # noqa: S611 - no input in it
        expos_sql,
        [],
        output_field=ArrayField(BigIntegerField()),
    )
    columns = _CONTACT_COLUMNS
    return {
        "organization": columns["organization"],
        "organization_name": (columns["organization_name"], F("organization__name")),
        "organization_kind": (columns["organization_kind"], F("organization__kind")),
        "phone": (columns["phone"], Cast("phone", TextField())),
        "owner": columns["owner"],
        "expos": (columns["expos"], expos),
    }


def _value_columns(queryset: QuerySet, fields: tuple[str, ...], sources: dict[str, Any]) -> QuerySet:
    annotations: dict[str, Any] = {}
    columns: list[str] = []
    for name in fields:
        source = sources.get(name, name)
        if isinstance(source, tuple):
            annotations[source[0]] = source[1]
            columns.append(source[0])
        else:
            columns.append(source)
    if annotations:
        queryset = queryset.annotate(**annotations)
    return queryset.values_list(*columns, named=True)


def contact_values(queryset: QuerySet[Contact], *, fields: tuple[str, ...]) -> QuerySet:
    """``queryset`` read as named tuples of ``fields`` (``CONTACT_PUBLIC_FIELDS`` names, in order).

    Tuple attribute names are the column names (``organization_id``, ``phone_`` …); pair them
    with ``fields`` to build the output (see delegations/api/rendering.py).
    """
    return _value_columns(queryset, fields, _contact_sources())


def organization_values(queryset: QuerySet[Organization], *, fields: tuple[str, ...]) -> QuerySet:
    return _value_columns(queryset, fields, {})


def contact_column_name(field: str) -> str:
    """The tuple attribute (SQL alias) that carries ``field`` in ``contact_values`` rows."""
    return _CONTACT_COLUMNS.get(field, field)


def sync_horizon_sql() -> str:
    """SQL for the newest ``updated_at`` that incremental sync may serve (exclusive).

    A row becomes visible when its transaction commits, but carries the time it was written.
    A slow transaction may therefore commit a change stamped *before* rows another client has
    already received. Serving only rows stamped before both (a) ``now()`` minus a small safety
    margin and (b) the start of the oldest transaction that has written and not yet committed
    means no row can later appear behind what a client has seen — so "ask again from the newest
    ``updated_at`` you received" never misses a change. The stamp comes from the database clock
    (trigger on INSERT and UPDATE), never an application server's. ``pg_stat_activity`` shows the
    portal's own sessions because they all use the one database role.
    """
    return (
        "(SELECT LEAST(statement_timestamp() - make_interval(secs => %s), "
        "COALESCE((SELECT min(a.xact_start) FROM pg_stat_activity a "
        "WHERE a.datname = current_database() AND a.backend_xid IS NOT NULL "
        "AND a.pid <> pg_backend_pid()), 'infinity'::timestamptz)))"
    )


def sync_safety_seconds() -> float:
    return float(getattr(settings, "CONTACT_SYNC_SAFETY_SECONDS", SYNC_SAFETY_SECONDS_DEFAULT))


def settled_before_horizon(queryset: QuerySet, *, column: str) -> QuerySet:
    """Only rows whose ``column`` (a database-clock stamp) lies safely before the sync horizon."""
    table = queryset.model._meta.db_table
    condition = RawSQL(  # noqa: S611 - table and column names come from code, the margin is a parameter
        f'"{table}"."{column}" < {sync_horizon_sql()}', [sync_safety_seconds()], output_field=BooleanField()
    )
    return queryset.filter(condition)


def contact_tombstones_since(since: Any = None) -> QuerySet[ContactTombstone]:
    """Tombstones of contacts deleted (or merged away) at or after ``since``, settled for sync."""
    queryset = ContactTombstone.objects.all()
    if since is not None:
        queryset = queryset.filter(deleted_at__gte=since)
    return settled_before_horizon(queryset, column="deleted_at")
