"""The one query-value validator: request paths, query names and values no database can store answer 400.

A NUL in ``?expo=``, a lead search or any filter used to reach PostgreSQL (text and jsonb refuse it)
and end as a server error; the pull log stores the query as jsonb, so every keyed list was exposed.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _

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
