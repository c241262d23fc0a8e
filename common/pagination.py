"""Keyset (cursor) pagination: every page costs the same, and ``next`` reaches every row once.

A page is "the ``page_size`` rows after the last row of the previous page in the chosen
ordering". The ordering always ends in the primary key, so every row has a unique position;
the cursor carries that position (signed, so it cannot be forged into an arbitrary filter).
Rows inserted while a client walks the list land either before its position (not seen in this
walk) or after it (seen once) — never twice, never shifting others out of reach as offsets do.

Views choose their orderings with two attributes::

    keyset_orderings = {"name": ("name", "id"), "-name": ("-name", "-id")}
    keyset_default = "name"

and the ``ordering`` query parameter picks one (anything else answers 400 naming ``ordering``).
Views without them are walked by ``id``. Ordering columns must be NOT NULL.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from django.core import signing
from django.db.models import Q, QuerySet
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

if TYPE_CHECKING:
    # A run-time import would be circular: DRF loads this module while it builds GenericAPIView.
    from rest_framework.generics import GenericAPIView

MAX_PAGE_SIZE = 1000
DEFAULT_PAGE_SIZE = 100
_SIGNER_SALT = "common.pagination.cursor"


def _page_size_error() -> ValidationError:
    return ValidationError({"page_size": [f"Must be a whole number from 1 to {MAX_PAGE_SIZE}."]})


def parse_page_size(raw: str | None, default: int = DEFAULT_PAGE_SIZE) -> int:
    if raw is None or raw == "":
        return default
    try:
        size = int(raw)
    except ValueError:
        raise _page_size_error() from None
    if not 1 <= size <= MAX_PAGE_SIZE:
        raise _page_size_error()
    return size


def resolve_ordering(request: Request, view: Any, param: str = "ordering") -> tuple[str, tuple[str, ...]]:
    """The (name, fields) of the ordering a request asks for; 400 naming ``ordering`` otherwise."""
    choices: Mapping[str, Sequence[str]] | None = getattr(view, "keyset_orderings", None)
    if not choices:
        fields = tuple(getattr(view, "keyset_ordering", ("id",)))
        return ",".join(fields), _with_tie_breaker(fields)
    default = getattr(view, "keyset_default", next(iter(choices)))
    name = request.query_params.get(param) or default
    if name not in choices:
        raise ValidationError({param: [f"Unknown ordering {name!r}; choose one of: {', '.join(choices)}."]})
    return name, _with_tie_breaker(tuple(choices[name]))


def _with_tie_breaker(fields: tuple[str, ...]) -> tuple[str, ...]:
    if fields and fields[-1].lstrip("-") in ("id", "pk"):
        return fields
    descending = bool(fields) and fields[-1].startswith("-")
    return (*fields, "-id" if descending else "id")


def _encode_value(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def keyset_filter(fields: Sequence[str], values: Sequence[Any], *, backwards: bool = False) -> Q:
    """Rows strictly after (or before) ``values`` in the ordering ``fields``.

    ``(a, b) > (x, y)`` is written as ``a >= x AND (a > x OR (a = x AND b > y))`` so that the
    index on the first column bounds the scan and mixed directions work too.
    """
    condition = Q()
    for depth in range(len(fields) - 1, -1, -1):
        name = fields[depth].lstrip("-")
        ascending = not fields[depth].startswith("-")
        if backwards:
            ascending = not ascending
        step = Q(**{f"{name}__{'gt' if ascending else 'lt'}": values[depth]})
        condition = step if depth == len(fields) - 1 else step | (Q(**{name: values[depth]}) & condition)
    first = fields[0].lstrip("-")
    ascending = not fields[0].startswith("-")
    if backwards:
        ascending = not ascending
    return Q(**{f"{first}__{'gte' if ascending else 'lte'}": values[0]}) & condition


def _row_value(row: Any, name: str) -> Any:
    if isinstance(row, Mapping):
        return row[name]
    if name == "id" and not hasattr(row, "id"):
        return row.pk
    return getattr(row, name)


class KeysetPagination(BasePagination):
    """``{"next": url|null, "previous": url|null, "results": [...]}``, ``page_size`` 1–1000."""

    page_size = DEFAULT_PAGE_SIZE
    max_page_size = MAX_PAGE_SIZE
    page_size_query_param = "page_size"
    cursor_query_param = "cursor"
    ordering_query_param = "ordering"
    cursor_description = "Opaque position from a previous page's `next` or `previous` link."
    page_size_description = f"Rows per page, 1–{MAX_PAGE_SIZE} (default {DEFAULT_PAGE_SIZE})."

    # Set by paginate_queryset.
    request: Request
    fields: tuple[str, ...] = ("id",)
    next_position: list[Any] | None = None
    previous_position: list[Any] | None = None

    def get_page_size(self, request: Request) -> int:
        return parse_page_size(request.query_params.get(self.page_size_query_param), self.page_size)

    def decode_cursor(self, request: Request, ordering_name: str) -> tuple[list[Any], bool] | None:
        raw = request.query_params.get(self.cursor_query_param)
        if not raw:
            return None
        try:
            payload = signing.loads(
                base64.urlsafe_b64decode(raw.encode() + b"=" * (-len(raw) % 4)).decode(), salt=_SIGNER_SALT
            )
            position, backwards, cursor_ordering = payload["p"], bool(payload["b"]), payload["o"]
        except (signing.BadSignature, binascii.Error, UnicodeError, ValueError, KeyError, TypeError):
            raise ValidationError(
                {self.cursor_query_param: ["Invalid cursor; follow the next/previous links."]}
            ) from None
        if cursor_ordering != ordering_name or not isinstance(position, list) or len(position) != len(self.fields):
            raise ValidationError(
                {self.cursor_query_param: ["This cursor belongs to another ordering; start again without it."]}
            )
        return position, backwards

    def encode_cursor(self, position: list[Any], *, backwards: bool, ordering_name: str) -> str:
        signed = signing.dumps({"p": position, "b": backwards, "o": ordering_name}, salt=_SIGNER_SALT, compress=True)
        return base64.urlsafe_b64encode(signed.encode()).decode().rstrip("=")

    def paginate_queryset(
        self,
        queryset: QuerySet,
        request: Request,
        view: Any = None,
        *,
        fetch: Callable[[QuerySet, tuple[str, ...]], list[Any]] | None = None,
    ) -> list[Any]:
        """The rows of this page. ``fetch(queryset, ordering)`` may replace ``list(queryset)``
        (e.g. to run the page query together with other work in one statement)."""
        self.request = request
        page_size = self.get_page_size(request)
        self.ordering_name, self.fields = resolve_ordering(request, view, self.ordering_query_param)
        cursor = self.decode_cursor(request, self.ordering_name)
        self.position_fields = [name.lstrip("-") for name in self.fields]

        backwards = bool(cursor and cursor[1])
        if cursor:
            queryset = queryset.filter(keyset_filter(self.fields, cursor[0], backwards=backwards))
        order = self.fields
        if backwards:
            order = tuple(name[1:] if name.startswith("-") else f"-{name}" for name in self.fields)
        window = queryset.order_by(*order)[: page_size + 1]
        rows = fetch(window, order) if fetch is not None else list(window)
        more = len(rows) > page_size
        rows = rows[:page_size]
        if backwards:
            rows.reverse()

        self.next_position = self.previous_position = None
        if rows:
            first = [_encode_value(_row_value(rows[0], name)) for name in self.position_fields]
            last = [_encode_value(_row_value(rows[-1], name)) for name in self.position_fields]
            if backwards:
                self.next_position = last
                self.previous_position = first if more else None
            else:
                self.next_position = last if more else None
                self.previous_position = first if cursor else None
        elif cursor and backwards:
            # Walked back past the start: offer the way forward from where the client was.
            self.next_position = cursor[0]
        return rows

    def _link(self, position: list[Any] | None, *, backwards: bool) -> str | None:
        if position is None:
            return None
        url = self.request.build_absolute_uri()
        cursor = self.encode_cursor(position, backwards=backwards, ordering_name=self.ordering_name)
        return replace_query_param(url, self.cursor_query_param, cursor)

    def get_next_link(self) -> str | None:
        return self._link(self.next_position, backwards=False)

    def get_previous_link(self) -> str | None:
        if self.previous_position is None:
            return None
        return self._link(self.previous_position, backwards=True)

    def get_first_link(self) -> str:
        return remove_query_param(self.request.build_absolute_uri(), self.cursor_query_param)

    def envelope(self, results: list[Any]) -> dict[str, Any]:
        return {"next": self.get_next_link(), "previous": self.get_previous_link(), "results": results}

    def get_paginated_response(self, data: list[Any]) -> Response:
        return Response(OrderedDict(self.envelope(data)))

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        return {
            "type": "object",
            "required": ["results"],
            "properties": {
                "next": {"type": "string", "nullable": True, "format": "uri"},
                "previous": {"type": "string", "nullable": True, "format": "uri"},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": self.cursor_description,
                "schema": {"type": "string"},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": self.page_size_description,
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
            },
        ]


def keyset_paginator(view: GenericAPIView) -> KeysetPagination:
    """The paginator of a keyset-paged list view (the API's default pagination)."""
    paginator = view.paginator
    if not isinstance(paginator, KeysetPagination):
        raise TypeError(f"{type(view).__name__} does not page with keyset pagination")
    return paginator
