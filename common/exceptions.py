"""One error shape for the whole API.

The domain's refusals (``common.errors``) become 409 (``Conflict``) or 400 (any other
``DomainError``, with its ``code``); Django's ``ValidationError`` becomes 400 with ``fields``.

``{"detail": "...", "code": "...", "fields": {...}}`` — ``fields`` only on validation errors,
``conflicts`` only on 409. Database refusals that reach a view become clear 4xx answers.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler, set_rollback

from common.errors import Conflict, DomainError


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The upload is too large."
    default_code = "too_large"


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DomainError):
        return _domain_response(exc)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    elif isinstance(exc, IntegrityError):
        converted = _integrity_to_api(exc)
        if isinstance(converted, DomainError):
            return _domain_response(converted)
        exc = converted
    response = exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    if isinstance(exc, exceptions.ValidationError):
        fields = data if isinstance(data, dict) else {"non_field_errors": data}
        response.data = {"detail": "Invalid input.", "code": "invalid", "fields": fields}
    else:
        detail = data.get("detail", data) if isinstance(data, dict) else data
        code = getattr(detail, "code", None) or getattr(exc, "default_code", "error")
        response.data = {"detail": str(detail), "code": code}
    return response


def _domain_response(exc: DomainError) -> Response:
    data: dict[str, Any] = {"detail": exc.message, "code": exc.code}
    if isinstance(exc, Conflict):
        data["conflicts"] = exc.conflicts
    data.update(exc.extra)
    set_rollback()
    return Response(data, status=status.HTTP_409_CONFLICT if isinstance(exc, Conflict) else status.HTTP_400_BAD_REQUEST)


def _integrity_to_api(exc: IntegrityError) -> Exception:
    pgcode = getattr(getattr(exc, "__cause__", None), "pgcode", None)
    if pgcode == "23P01":  # exclusion_violation: a double booking
        return Conflict("This would double-book a person or a place.")
    if pgcode == "23505":  # unique_violation
        return Conflict("An item with these values already exists.")
    return exceptions.ValidationError({"non_field_errors": ["The data breaks a rule of the database."]})
