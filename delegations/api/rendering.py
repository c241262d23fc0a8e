"""JSON answers of the contact book: rendered with orjson straight from database rows, with ETags.

Lists and details are built from ``values_list`` tuples (one query per page, no model instances,
no serializer per row) — the hot path API clients pull through. The OpenAPI schema still
describes them through the serializers in ``serializers.py`` (drf-spectacular annotations).

ETags are a hash of the exact body the caller receives (so a key with a field allow-list gets its
own), strong, and checked on ``If-None-Match`` (304) and — on writes — ``If-Match`` (409 when
the representation changed since the client read it).
"""

from __future__ import annotations

import hashlib
from typing import Any

import orjson
from django.http import HttpResponse
from rest_framework.request import Request

from common.errors import Conflict

JSON = "application/json"


def body_etag(body: bytes) -> str:
    return '"' + hashlib.blake2b(body, digest_size=16).hexdigest() + '"'


def _tags(header: str) -> list[str]:
    return [tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()]


def json_response(request: Request, data: Any, *, status: int = 200, headers: dict[str, str] | None = None) -> Any:
    """Render ``data``; answer 304 when the client's ``If-None-Match`` names this very body."""
    body = orjson.dumps(data)
    etag = body_etag(body)
    if status == 200 and request.method in ("GET", "HEAD"):
        match = request.headers.get("If-None-Match")
        if match and (match.strip() == "*" or etag in _tags(match)):
            response = HttpResponse(status=304)
            response["ETag"] = etag
            response["Cache-Control"] = "private, no-cache"
            return response
    response = HttpResponse(body, status=status, content_type=JSON)
    response["ETag"] = etag
    response["Cache-Control"] = "private, no-cache"
    response["Vary"] = "Authorization, Cookie"  # what a caller may see depends on who asks
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def check_if_match(request: Request, current: dict[str, Any]) -> None:
    """409 when the client sent ``If-Match`` and the record changed since it read it.

    Without ``If-Match`` the write proceeds (last writer wins); clients that edit what they read
    should always send the ETag they received.
    """
    header = request.headers.get("If-Match")
    if not header:
        return
    if header.strip() == "*":
        return
    etag = body_etag(orjson.dumps(current))
    if etag not in _tags(header):
        raise Conflict(
            "This record changed since you read it; fetch it again and re-apply your change.",
            current_etag=etag,
        )
