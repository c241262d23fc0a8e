from __future__ import annotations

import time
from typing import Any, ClassVar, TypeVar

from django.db import transaction
from django.db.models import Model, QuerySet
from django.shortcuts import get_object_or_404
from django_filters.rest_framework import FilterSet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, status, viewsets
from rest_framework import serializers as drf_serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from common.actors import actor_of
from common.api_keys.pulls import (
    KeyWriteRecordMixin,
    allowed_fields,
    fetch_page_logging_pull,
    hidden_from_key,
    key_may_read,
    record_pull,
    refuse_hidden_filters,
    refuse_hidden_writes,
)
from common.pagination import keyset_paginator, resolve_ordering
from delegations import selectors, services
from delegations.api import serializers
from delegations.api.rendering import check_if_match, json_response
from delegations.exports import contact_export_response
from delegations.filters import (
    CONTACT_DEFAULT_ORDERING,
    CONTACT_FILTER_FIELDS,
    CONTACT_ORDERINGS,
    CONTACT_SEARCH_FIELDS,
    ORGANIZATION_DEFAULT_ORDERING,
    ORGANIZATION_FILTER_FIELDS,
    ORGANIZATION_ORDERINGS,
    ORGANIZATION_SEARCH_FIELDS,
    ContactFilterSet,
    OrganizationFilterSet,
)
from delegations.models import Contact, ContactTombstone, Organization


class ExpoViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.ExpoSerializer
    api_scope = "meetings"  # the key scope whose ":read" lets a writer see what it wrote
    permission_rules: ClassVar[dict[str, str]] = {"read": "delegations.view_delegations"}

    def get_queryset(self):
        return selectors.expo_list()


class DelegationViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.DelegationSerializer
    api_scope = "meetings"  # the key scope whose ":read" lets a writer see what it wrote
    permission_rules: ClassVar[dict[str, str]] = {"read": "delegations.view_delegations"}
    filterset_fields = ["expo"]

    def get_queryset(self):
        return selectors.delegation_list()


class MemberViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.MemberSerializer
    api_scope = "meetings"  # the key scope whose ":read" lets a writer see what it wrote
    permission_rules: ClassVar[dict[str, str]] = {"read": "delegations.view_delegations"}
    filterset_fields = ["delegation", "role"]

    def get_queryset(self):
        return selectors.member_list()


# --- The contact book ------------------------------------------------------------------------------

SYNC_RULE = """
**Incremental sync (mirroring the contact book).** Walk `GET /api/v1/contacts/?ordering=updated_at`
following `next` until it is null, and remember the largest `updated_at` you received. Next time
ask `?updated_since=<that value>` (ordered by `updated_at` unless you say otherwise) and walk again; then
`GET /api/v1/contacts/deleted/?since=<the time of your previous deletion sync>` for deletions and
merges. `updated_since` is inclusive (`updated_at >= T`), so rows sharing the boundary time are
sent again rather than lost — upsert by `id`. `updated_at` is stamped by the database clock, and
these walks only serve changes that have settled: a change appears once it is committed and
older than the oldest transaction still writing (plus a second's margin), so a slow
transaction can never commit a change behind a point you have already passed. A change of the
contact's "met at" expos counts as a change of the contact; `organization_name` and
`organization_kind` are copied from the organisation, so follow renames by syncing
`/api/v1/organizations/` the same way.
"""

ALLOWLIST_RULE = """
**Field allow-lists.** A key limited to a field allow-list receives only those fields (plus `id`)
from every contact-book resource — contacts, organisations, exports — and may order and filter only
by them: a filter on another field answers 400 naming the parameter, `q` searches only the columns
the key may see (400 when it may see none of them), and a write naming a field outside the list
answers 400 naming it (a `PUT` leaves those fields as they are).
"""

WRITE_RULE = """
Send `If-Match: <ETag of your last read>` to refuse the write (409) when someone changed the record
since; without `If-Match` the write applies to the current version (last writer wins).
A key holding `contacts:write` without `contacts:read` is answered with the record's `id` only
(and ETags over that); every write made with a key is logged like a pull.
"""

M = TypeVar("M", bound=Model)

CURSOR_PARAMETERS = [
    OpenApiParameter("cursor", OpenApiTypes.STR, description="Opaque position from a `next`/`previous` link."),
    OpenApiParameter("page_size", OpenApiTypes.INT, description="Rows per page, 1–1000 (default 100)."),
]


def _as(model: type[M], instance: Model) -> M:
    """``instance`` as the view's own model (what ``get_object`` of that view returns)."""
    if not isinstance(instance, model):
        raise TypeError(f"expected a {model.__name__}, got {type(instance).__name__}")
    return instance


def _default_ordering(request: Request, default: str, available: dict[str, tuple[str, ...]]) -> str:
    """The ordering when the client names none: change order for a sync, else the directory's."""
    if request.query_params.get("updated_since") and "updated_at" in available:
        return "updated_at"
    return default if default in available else "id"


class RowResourceViewSet(KeyWriteRecordMixin, viewsets.GenericViewSet):
    """Shared shape of contacts and organisations: rows in, orjson out, services for writes.

    A key that may write but not read is answered with the id only (its ETags cover that id);
    its writes are logged like pulls.
    """

    model: ClassVar[type[Model]]
    public_fields: ClassVar[tuple[str, ...]]
    orderings: ClassVar[dict[str, tuple[str, ...]]]
    default_ordering: ClassVar[str]
    write_serializer_class: ClassVar[type[drf_serializers.Serializer]]
    filterset_class: ClassVar[type[FilterSet]]
    # Which fields each filter reveals, and which ones ``q`` searches (field allow-lists).
    filter_fields: ClassVar[dict[str, tuple[str, ...]]]
    search_fields: ClassVar[tuple[str, ...]]
    lookup_value_regex = r"\d+"
    api_scope = "contacts"  # the key scope whose ":read" lets a writer see what it wrote
    permission_rules: ClassVar[dict[str, str]] = {
        "read": "delegations.view_contacts",
        "write": "delegations.change_contacts",
    }

    # Keyset pagination reads these.
    @property
    def keyset_orderings(self) -> dict[str, tuple[str, ...]]:
        fields = set(self.output_fields())
        return {name: cols for name, cols in self.orderings.items() if all(c.lstrip("-") in fields for c in cols)}

    @property
    def keyset_default(self) -> str:
        return _default_ordering(self.request, self.default_ordering, self.keyset_orderings)

    def output_fields(self) -> tuple[str, ...]:
        if not hasattr(self, "_output_fields"):
            readable = self.public_fields if key_may_read(self.request, self.api_scope) else ("id",)
            self._output_fields = allowed_fields(self.request, readable)
        return self._output_fields

    def get_queryset(self) -> QuerySet:
        return self.model._default_manager.all()

    def get_serializer_class(self) -> type[drf_serializers.BaseSerializer]:
        if self.action in ("create", "update", "partial_update"):
            return self.write_serializer_class
        return super().get_serializer_class()

    def values(self, queryset: QuerySet) -> QuerySet:
        raise NotImplementedError

    def record(self, pk: int) -> dict[str, Any]:
        fields = self.output_fields()
        row = self.values(self.get_queryset().filter(pk=pk)).first()
        if row is None:
            raise NotFound()
        return dict(zip(fields, row, strict=True))

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        # No filter parameter at all (a plain walk): skip building and validating the filter form.
        params = self.request.query_params
        if not any(name in params for name in self.filterset_class.base_filters):
            return queryset
        refuse_hidden_filters(self.request, self.filter_fields, search=self.search_fields)
        return super().filter_queryset(queryset)

    def list_queryset(self) -> QuerySet:
        queryset = self.filter_queryset(self.get_queryset())
        params = self.request.query_params
        if params.get("updated_since") or (params.get("ordering") or self.keyset_default) == "updated_at":
            # An incremental sync walk: serve only settled changes (see SYNC_RULE).
            queryset = selectors.settled_before_horizon(queryset, column="updated_at")
        return queryset

    def column_name(self, field: str) -> str:
        return field

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        fields = self.output_fields()
        columns = [self.column_name(field) for field in fields]
        queryset = self.list_queryset()

        def fetch(window: QuerySet, ordering: tuple[str, ...]) -> list[dict[str, Any]]:
            # The page and its pull-log row in one statement: one round trip.
            return fetch_page_logging_pull(
                request, window, ordering, fields=fields, columns=columns, started=self.started
            )

        paginator = keyset_paginator(self)
        records = paginator.paginate_queryset(self.values(queryset), request, self, fetch=fetch)
        return json_response(request, paginator.envelope(records))

    def retrieve(self, request: Request, pk: str, *args: Any, **kwargs: Any) -> Any:
        return json_response(request, self.record(int(pk)))

    # Writes ------------------------------------------------------------------------------------

    def service_create(self, **fields: Any) -> Model:
        raise NotImplementedError

    def service_update(self, instance: Model, **fields: Any) -> Model:
        raise NotImplementedError

    def service_delete(self, instance: Model) -> None:
        raise NotImplementedError

    def put_defaults(self) -> dict[str, Any]:
        """Values a PUT gives to the optional fields it leaves out (a PUT replaces the record)."""
        return {}

    def refuse_hidden_writes(self, request: Request) -> None:
        refuse_hidden_writes(request, self.write_serializer_class().fields)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        self.refuse_hidden_writes(request)
        serializer = self.write_serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        instance = self.service_create(**serializer.validated_data)
        record = self.record(instance.pk)
        location = request.build_absolute_uri(f"{request.path.rstrip('/')}/{instance.pk}/")
        return json_response(request, record, status=status.HTTP_201_CREATED, headers={"Location": location})

    def _write(self, request: Request, pk: str, *, partial: bool) -> Any:
        self.refuse_hidden_writes(request)
        with transaction.atomic():
            instance = get_object_or_404(self.get_queryset().select_for_update(), pk=int(pk))
            check_if_match(request, self.record(instance.pk))
            serializer = self.write_serializer_class(data=request.data, partial=partial)
            serializer.is_valid(raise_exception=True)
            fields = dict(serializer.validated_data)
            if not partial:
                # A PUT resets what it leaves out, except the fields the key may not see.
                defaults = self.put_defaults()
                kept = set(hidden_from_key(request, defaults))
                fields = {**{k: v for k, v in defaults.items() if k not in kept}, **fields}
            self.service_update(instance, **fields)
        return json_response(request, self.record(instance.pk))

    def update(self, request: Request, pk: str, *args: Any, **kwargs: Any) -> Any:
        return self._write(request, pk, partial=False)

    def partial_update(self, request: Request, pk: str, *args: Any, **kwargs: Any) -> Any:
        return self._write(request, pk, partial=True)

    def destroy(self, request: Request, pk: str, *args: Any, **kwargs: Any) -> Any:
        with transaction.atomic():
            instance = get_object_or_404(self.get_queryset().select_for_update(), pk=int(pk))
            check_if_match(request, self.record(instance.pk))
            self.service_delete(instance)
        return Response(status=status.HTTP_204_NO_CONTENT)


ERRORS = {
    400: OpenApiResponse(description="Malformed filter or invalid input; `fields` names the parameter."),
    401: OpenApiResponse(description="No, invalid, expired or revoked credentials."),
    403: OpenApiResponse(description="The key lacks the scope, or the user is not office staff."),
    429: OpenApiResponse(description="Throttled; `Retry-After` says how many seconds to wait."),
}
NOT_FOUND = {404: OpenApiResponse(description="No such record.")}
NOT_MODIFIED = {304: OpenApiResponse(description="`If-None-Match` names the current ETag: nothing changed.")}
READ_ERRORS = {**ERRORS, **NOT_MODIFIED}
DETAIL_ERRORS = {**READ_ERRORS, **NOT_FOUND}
WRITE_ERRORS = {
    **ERRORS,
    **NOT_FOUND,
    409: OpenApiResponse(description="`If-Match` names an older version than the current one."),
}


@extend_schema_view(
    list=extend_schema(
        summary="List contacts",
        description="Keyset-paginated; one query per page whatever `page_size`.\n" + SYNC_RULE + ALLOWLIST_RULE,
        responses={200: serializers.ContactSerializer(many=True), **READ_ERRORS},
    ),
    retrieve=extend_schema(summary="One contact", responses={200: serializers.ContactSerializer, **DETAIL_ERRORS}),
    create=extend_schema(
        summary="Create a contact",
        request=serializers.ContactWriteSerializer,
        responses={201: serializers.ContactSerializer, **ERRORS},
    ),
    update=extend_schema(
        summary="Replace a contact",
        description=WRITE_RULE,
        request=serializers.ContactWriteSerializer,
        responses={200: serializers.ContactSerializer, **WRITE_ERRORS},
    ),
    partial_update=extend_schema(
        summary="Change some fields of a contact",
        description=WRITE_RULE,
        request=serializers.ContactWriteSerializer,
        responses={200: serializers.ContactSerializer, **WRITE_ERRORS},
    ),
    destroy=extend_schema(
        summary="Delete a contact (leaves a tombstone for syncing clients)",
        description=WRITE_RULE,
        responses={204: None, **WRITE_ERRORS},
    ),
)
class ContactViewSet(RowResourceViewSet):
    model = Contact
    public_fields = selectors.CONTACT_PUBLIC_FIELDS
    orderings = CONTACT_ORDERINGS
    default_ordering = CONTACT_DEFAULT_ORDERING
    serializer_class = serializers.ContactSerializer
    write_serializer_class = serializers.ContactWriteSerializer
    filterset_class = ContactFilterSet
    filter_fields = CONTACT_FILTER_FIELDS
    search_fields = CONTACT_SEARCH_FIELDS
    queryset = Contact.objects.all()

    def values(self, queryset: QuerySet) -> QuerySet:
        return selectors.contact_values(queryset, fields=self.output_fields())

    def column_name(self, field: str) -> str:
        return selectors.contact_column_name(field)

    def put_defaults(self) -> dict[str, Any]:
        return {
            **dict.fromkeys(
                ("honorific", "native_name", "title", "email", "phone", "country", "preferred_language", "consent"), ""
            ),
            "notes": "",
            "rank": None,
            "organization": None,
            "owner": None,
            "languages": [],
            "tags": [],
            "expos": [],
        }

    def service_create(self, **fields: Any) -> Model:
        return services.contact_create(actor=actor_of(self.request), **fields)

    def service_update(self, instance: Model, **fields: Any) -> Model:
        return services.contact_update(contact=_as(Contact, instance), actor=actor_of(self.request), **fields)

    def service_delete(self, instance: Model) -> None:
        services.contact_delete(contact=_as(Contact, instance), actor=actor_of(self.request))


@extend_schema_view(
    list=extend_schema(
        summary="List organisations",
        description="Keyset-paginated like the contacts; `ordering=updated_at` walks changes in order.",
        responses={200: serializers.OrganizationSerializer(many=True), **READ_ERRORS},
    ),
    retrieve=extend_schema(
        summary="One organisation", responses={200: serializers.OrganizationSerializer, **DETAIL_ERRORS}
    ),
    create=extend_schema(
        request=serializers.OrganizationWriteSerializer,
        responses={201: serializers.OrganizationSerializer, **ERRORS},
    ),
    update=extend_schema(
        description=WRITE_RULE,
        request=serializers.OrganizationWriteSerializer,
        responses={200: serializers.OrganizationSerializer, **WRITE_ERRORS},
    ),
    partial_update=extend_schema(
        description=WRITE_RULE,
        request=serializers.OrganizationWriteSerializer,
        responses={200: serializers.OrganizationSerializer, **WRITE_ERRORS},
    ),
    destroy=extend_schema(description=WRITE_RULE, responses={204: None, **WRITE_ERRORS}),
)
class OrganizationViewSet(RowResourceViewSet):
    model = Organization
    public_fields = selectors.ORGANIZATION_PUBLIC_FIELDS
    orderings = ORGANIZATION_ORDERINGS
    default_ordering = ORGANIZATION_DEFAULT_ORDERING
    serializer_class = serializers.OrganizationSerializer
    write_serializer_class = serializers.OrganizationWriteSerializer
    filterset_class = OrganizationFilterSet
    filter_fields = ORGANIZATION_FILTER_FIELDS
    search_fields = ORGANIZATION_SEARCH_FIELDS
    queryset = Organization.objects.all()

    def values(self, queryset: QuerySet) -> QuerySet:
        return selectors.organization_values(queryset, fields=self.output_fields())

    def put_defaults(self) -> dict[str, Any]:
        return dict.fromkeys(("native_name", "city", "sector", "website", "notes"), "")

    def service_create(self, **fields: Any) -> Model:
        return services.organization_create(actor=actor_of(self.request), **fields)

    def service_update(self, instance: Model, **fields: Any) -> Model:
        return services.organization_update(
            organization=_as(Organization, instance), actor=actor_of(self.request), **fields
        )

    def service_delete(self, instance: Model) -> None:
        services.organization_delete(organization=_as(Organization, instance), actor=actor_of(self.request))


class TombstoneSinceSerializer(drf_serializers.Serializer):
    since = drf_serializers.DateTimeField(required=False)


@extend_schema(
    summary="Contacts deleted or merged away",
    description=(
        "Tombstones of contacts deleted at or after `since` (inclusive), oldest first, paginated like "
        "every list. `merged_into_id` names the contact a merged duplicate now lives in. Only settled "
        "deletions are served (see the sync rule on the contact list), so remember the largest "
        "`deleted_at` you received and pass it as `since` next time."
    ),
    parameters=[
        OpenApiParameter("since", OpenApiTypes.DATETIME, description="ISO 8601 time (UTC when no offset)."),
    ],
    responses={200: serializers.ContactTombstoneSerializer(many=True), **READ_ERRORS},
)
class ContactDeletedView(generics.ListAPIView):
    api_scope = "contacts"  # the key scope whose ":read" lets a writer see what it wrote
    permission_rules: ClassVar[dict[str, str]] = {
        "read": "delegations.view_contacts",
        "write": "delegations.change_contacts",
    }
    serializer_class = serializers.ContactTombstoneSerializer
    filter_backends = ()
    keyset_orderings: ClassVar[dict[str, tuple[str, ...]]] = {"deleted_at": ("deleted_at", "id")}
    keyset_default = "deleted_at"
    queryset = ContactTombstone.objects.all()

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        self.started = time.monotonic()
        super().initial(request, *args, **kwargs)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        params = TombstoneSinceSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        queryset = selectors.contact_tombstones_since(params.validated_data.get("since"))
        paginator = keyset_paginator(self)
        rows = paginator.paginate_queryset(
            queryset.values_list("id", "contact_id", "deleted_at", "merged_into_id", named=True), request, self
        )
        results = [{"id": r.contact_id, "deleted_at": r.deleted_at, "merged_into_id": r.merged_into_id} for r in rows]
        record_pull(request, rows=len(rows), started=self.started)
        return json_response(request, paginator.envelope(results))


class ExportOptionsSerializer(drf_serializers.Serializer):
    bom = drf_serializers.BooleanField(required=False, default=False)


@extend_schema(
    summary="Export contacts (streamed)",
    description=(
        "The contacts matching the same filters as the list, in the same ordering, streamed as CSV "
        "(UTF-8; `bom=true` adds a byte-order mark for Excel; cells a spreadsheet would evaluate are "
        "prefixed with an apostrophe) or vCard 4. A key's field allow-list applies."
    ),
    filters=True,
    parameters=[
        OpenApiParameter("bom", OpenApiTypes.BOOL, description="CSV only: start with a UTF-8 byte-order mark."),
        OpenApiParameter("file_format", OpenApiTypes.STR, OpenApiParameter.PATH, enum=["csv", "vcf"]),
    ],
    responses={
        (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="CSV file"),
        (200, "text/vcard"): OpenApiResponse(OpenApiTypes.STR, description="vCard 4 file"),
        **ERRORS,
    },
)
class ContactExportView(generics.GenericAPIView):
    api_scope = "contacts"  # the key scope whose ":read" lets a writer see what it wrote
    permission_rules: ClassVar[dict[str, str]] = {
        "read": "delegations.view_contacts",
        "write": "delegations.change_contacts",
    }
    filterset_class = ContactFilterSet
    queryset = Contact.objects.all()
    serializer_class = serializers.ContactSerializer
    pagination_class = None

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        self.started = time.monotonic()
        super().initial(request, *args, **kwargs)

    def output_fields(self) -> tuple[str, ...]:
        return allowed_fields(self.request, selectors.CONTACT_PUBLIC_FIELDS)

    @property
    def keyset_orderings(self) -> dict[str, tuple[str, ...]]:
        fields = set(self.output_fields())
        return {n: cols for n, cols in CONTACT_ORDERINGS.items() if all(c.lstrip("-") in fields for c in cols)}

    @property
    def keyset_default(self) -> str:
        return _default_ordering(self.request, CONTACT_DEFAULT_ORDERING, self.keyset_orderings)

    def get(self, request: Request, file_format: str) -> Any:
        if file_format not in ("csv", "vcf"):
            raise NotFound()
        options = ExportOptionsSerializer(data=request.query_params)
        if not options.is_valid():
            raise ValidationError(options.errors)
        refuse_hidden_filters(request, CONTACT_FILTER_FIELDS, search=CONTACT_SEARCH_FIELDS)
        queryset = self.filter_queryset(self.get_queryset())
        _name, ordering = resolve_ordering(request, self)
        if request.query_params.get("updated_since") or _name == "updated_at":
            queryset = selectors.settled_before_horizon(queryset, column="updated_at")
        path = request.path

        def log(rows: int) -> None:
            record_pull(request, rows=rows, started=self.started, path=path)

        return contact_export_response(
            queryset.order_by(*ordering),
            fields=self.output_fields(),
            file_format=file_format,
            bom=options.validated_data["bom"],
            on_finish=log,
        )
