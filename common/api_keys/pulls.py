"""What an API key may see, and the record of what it pulled or wrote.

- ``allowed_fields``: a key's ``field_allowlist`` narrows every resource it reads; ``id`` always
  stays (a mirror needs it to match rows). Fields outside the list are never selected from the
  database for that key, so they cannot leak through lists, details or exports; nor through
  filters and search (``refuse_hidden_filters``: 400 naming the parameter) or writes
  (``refuse_hidden_writes``: 400 naming the field).
- ``key_may_read``: whether the caller holds the read scope of a resource. A key with only
  ``<scope>:write`` may change records, but what it is answered is what it may read: the id.
- ``record_pull``: one INSERT per list, export or write request made with a key (who, method,
  path, filters, rows, duration). Browser sessions are not logged here. API views that write
  take ``KeyWriteRecordMixin``, which logs each write and narrows the answer of a write-only key.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Mapping, Sequence
from operator import itemgetter
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import QuerySet
from django.http import HttpRequest
from rest_framework.exceptions import ValidationError

from common.models import ApiKey, ApiPullLog

ALWAYS_ALLOWED = ("id",)
# Query parameters that only move through a list; the log records the filter, not the position.
_NOT_FILTERS = frozenset({"cursor"})
_MAX_FILTER_VALUE = 200


def request_key(request: Any) -> ApiKey | None:
    auth = getattr(request, "auth", None)
    return auth if isinstance(auth, ApiKey) else None


def allowed_fields(request: Any, fields: Iterable[str]) -> tuple[str, ...]:
    """``fields`` (in their order) narrowed to the key's allow-list; all of them for staff."""
    fields = tuple(fields)
    key = request_key(request)
    if key is None or not key.field_allowlist:
        return fields
    allowed = set(key.field_allowlist) | set(ALWAYS_ALLOWED)
    return tuple(name for name in fields if name in allowed)


def hidden_from_key(request: Any, fields: Iterable[str]) -> list[str]:
    """Those of ``fields`` the key's allow-list leaves out (none for staff or a key without one)."""
    key = request_key(request)
    if key is None or not key.field_allowlist:
        return []
    allowed = set(key.field_allowlist) | set(ALWAYS_ALLOWED)
    return [name for name in dict.fromkeys(fields) if name not in allowed]


def refuse_hidden_filters(
    request: Any, filters: Mapping[str, Sequence[str]], *, search: Sequence[str] = (), search_param: str = "q"
) -> None:
    """400 naming each query parameter that would filter on a field the key may not see.

    ``filters`` maps a parameter to the fields whose values it reveals; ``search`` lists the
    fields ``search_param`` may look at, at least one of which the key must see (the search then
    covers only those, see ``allowed_fields``).
    """
    if request_key(request) is None:
        return
    params = getattr(request, "query_params", None) or request.GET
    refused: dict[str, list[str]] = {}
    for name, fields in filters.items():
        if name in params and (hidden := hidden_from_key(request, fields)):
            refused[name] = [f"This API key may not filter on {', '.join(hidden)} (outside its field allow-list)."]
    if search and search_param in params and not allowed_fields(request, search):
        refused[search_param] = [
            f"This API key may search only fields it may see; its allow-list holds none of {', '.join(search)}."
        ]
    if refused:
        raise ValidationError(refused)


def refuse_hidden_writes(request: Any, writable: Iterable[str]) -> None:
    """400 naming each field of the request body outside the key's allow-list: an allow-listed
    key neither reads nor changes the fields it may not see."""
    data = getattr(request, "data", None)
    if not isinstance(data, Mapping):
        return
    sent = [name for name in writable if name in data]
    hidden = hidden_from_key(request, sent)
    if hidden:
        raise ValidationError(
            {name: ["This API key may not write this field (outside its field allow-list)."] for name in hidden}
        )


def key_may_read(request: Any, scope: str | None) -> bool:
    """True unless ``request`` is made with a key that lacks ``<scope>:read`` (sessions: the
    permission layer already decided what they may see)."""
    key = request_key(request)
    if key is None:
        return True
    return scope is not None and key.has_scope(f"{scope}:read")


def pull_filters(request: HttpRequest | Any) -> dict[str, str | list[str]]:
    params = getattr(request, "query_params", None) or request.GET
    filters: dict[str, str | list[str]] = {}
    for name in params:
        if name in _NOT_FILTERS:
            continue
        values = [value[:_MAX_FILTER_VALUE] for value in params.getlist(name)]
        filters[name[:_MAX_FILTER_VALUE]] = values[0] if len(values) == 1 else values
    if params.get("cursor"):
        filters["cursor"] = "…"  # a later page of the same pull
    return filters


def record_pull(request: Any, *, rows: int, started: float, path: str | None = None) -> None:
    """Log one pull or write made with an API key (no-op for browser sessions). One INSERT.

    Committed with ``synchronous_commit`` off (set inside the same statement): a log row lost in
    a crash within the last fraction of a second is acceptable, a disk flush on every page an
    integration pulls is not.
    """
    key = request_key(request)
    if key is None:
        return
    duration_ms = max(0, round((time.monotonic() - started) * 1000))
    table = ApiPullLog._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f'INSERT INTO "{table}" (key_id, at, method, path, filters, rows, duration_ms) '  # noqa: S608 - fixed names
            "SELECT %s, statement_timestamp(), %s, %s, %s::jsonb, %s, %s "
            "FROM (SELECT set_config('synchronous_commit', 'off', true)) AS relaxed",
            [
                key.pk,
                _method(request),
                (path or request.path)[:300],
                json.dumps(pull_filters(request)),
                rows,
                duration_ms,
            ],
        )


def _method(request: Any) -> str:
    return str(getattr(request, "method", None) or "GET")[:10]


class KeyWriteRecordMixin:
    """For API views that write: each write made with a key is logged like a pull (one row, the
    method, ``rows`` = 1 when it succeeded, 0 when it was refused), and a key without the view's
    read scope is answered with the written record's id only — a write scope never reads."""

    api_scope: str | None = None

    def initial(self, request: Any, *args: Any, **kwargs: Any) -> None:
        self.started = time.monotonic()
        super().initial(request, *args, **kwargs)  # type: ignore[misc]

    def answer_for_writer(self, data: dict[str, Any]) -> dict[str, Any]:
        """What a key that may write but not read receives instead of ``data``: the id only."""
        return {"id": data["id"]} if "id" in data else {}

    def finalize_response(self, request: Any, response: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]
        # Only once authentication ran (a request refused before it has no key to log).
        if not isinstance(request.__dict__.get("_auth"), ApiKey) or request.method in ("GET", "HEAD", "OPTIONS"):
            return response
        if response.status_code == 429:
            return response  # a throttled flood must not turn into a flood of log rows
        succeeded = 200 <= response.status_code < 300
        data = getattr(response, "data", None)
        if isinstance(data, dict) and not key_may_read(request, self.api_scope):
            response.data = self.answer_for_writer(data) if succeeded else self.refusal_for_writer(data)
        record_pull(request, rows=1 if succeeded else 0, started=getattr(self, "started", time.monotonic()))
        return response

    def refusal_for_writer(self, data: dict[str, Any]) -> dict[str, Any]:
        """An error answer as a key that may not read receives it (views naming other records in
        their refusals narrow them here)."""
        return data


def fetch_page_logging_pull(
    request: Any,
    window: QuerySet,
    ordering: Sequence[str],
    *,
    fields: Sequence[str],
    columns: Sequence[str],
    started: float,
) -> list[dict[str, Any]]:
    """Run one page query and — for an API key — its pull-log INSERT in the same statement.

    ``window`` is the sliced, ordered ``values_list`` queryset of the page; ``columns`` the SQL
    aliases that carry ``fields``. Returns one dict per row keyed by ``fields``. The log row
    counts the rows served (not the look-ahead row) and the time since the request began,
    including the query itself (measured by the database clock, so no clock skew enters).
    """
    key = request_key(request)
    try:
        sql, params = window.query.get_compiler(using=window.db).as_sql()
    except EmptyResultSet:  # a filter Django knows matches nothing (e.g. an id beyond bigint)
        record_pull(request, rows=0, started=started)
        return []
    if key is None:
        statement, all_params = sql, list(params)
    else:
        limit = (window.query.high_mark or 0) - 1
        order = ", ".join(f'page."{name.lstrip("-")}" {"DESC" if name.startswith("-") else "ASC"}' for name in ordering)
        prelude_ms = (time.monotonic() - started) * 1000
        table = ApiPullLog._meta.db_table
        statement = (
            f"WITH page AS MATERIALIZED ({sql}), "  # noqa: S608 - fixed names; values are parameters
            f'pull AS (INSERT INTO "{table}" (key_id, at, method, path, filters, rows, duration_ms) '
            "SELECT %s, statement_timestamp(), %s, %s, %s::jsonb, LEAST((SELECT count(*) FROM page), %s), "
            "round(%s + 1000 * extract(epoch FROM clock_timestamp() - statement_timestamp()))::int "
            "FROM (SELECT set_config('synchronous_commit', 'off', true)) AS relaxed) "
            f"SELECT page.* FROM page ORDER BY {order}"
        )
        all_params = [
            *params,
            key.pk,
            _method(request),
            request.path[:300],
            json.dumps(pull_filters(request)),
            limit,
            prelude_ms,
        ]
    with connection.cursor() as cursor:
        cursor.execute(statement, all_params)
        names = [column.name for column in cursor.description]
        rows = cursor.fetchall()
    pick = itemgetter(*[names.index(column) for column in columns])
    if len(columns) == 1:
        return [{fields[0]: pick(row)} for row in rows]
    return [dict(zip(fields, pick(row), strict=True)) for row in rows]
