"""The one query-value validator: request paths, query names and values no database can store answer 400.

A NUL in ``?expo=``, a lead search or any filter used to reach PostgreSQL (text and jsonb refuse it)
and end as a server error; the pull log stores the query as jsonb, so every keyed list was exposed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _
from django_filters import IsoDateTimeFilter
from django_filters.fields import IsoDateTimeField

from common.parsers import bad_text


def bad_query_names(request: HttpRequest) -> list[str]:
    """Names of the query parameters whose name or value holds a NUL or a lone surrogate."""
    bad = []
    for name, values in request.GET.lists():
        if bad_text(name) or any(bad_text(value) for value in values):
            bad.append(name.replace("\x00", "\\x00").encode("utf-8", "backslashreplace").decode())
    return bad


class QueryValueMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        bad = bad_query_names(request)
        if bad or bad_text(request.path):
            message = _("Query values may not contain NUL characters: %(names)s.") % {"names": ", ".join(bad)}
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message, "code": "invalid_query", "parameters": bad}, status=400)
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


# PostgreSQL stores offsets up to ±15:59; Python accepts up to ±23:59, and a year-1 or year-9999
# moment may not survive the move to UTC. Either used to end as a server error in the query.
MAX_STORABLE_OFFSET = dt.timedelta(hours=15, minutes=59)


class StorableIsoDateTimeField(IsoDateTimeField):
    """An ISO 8601 moment that the database can compare with: other offsets and overflows answer 400."""

    def clean(self, value: Any) -> dt.datetime | None:
        moment = super().clean(value)
        if moment is None:
            return None
        offset = moment.utcoffset()
        try:
            if offset is not None and abs(offset) > MAX_STORABLE_OFFSET:
                raise OverflowError
            moment.astimezone(dt.UTC)
        except OverflowError:
            raise forms.ValidationError(
                _("Enter a date and time with an offset between -15:59 and +15:59."), code="invalid"
            ) from None
        return moment


class StorableIsoDateTimeFilter(IsoDateTimeFilter):
    """``IsoDateTimeFilter`` for any moment the database can store; every API time filter uses it."""

    field_class = StorableIsoDateTimeField
