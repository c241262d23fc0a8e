"""One error shape for the whole API.

``{"detail": "...", "code": "...", "fields": {...}}`` — ``fields`` only on validation errors,
``conflicts`` only on 409. Database refusals that reach a view become clear 4xx answers.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The request conflicts with the current state."
    default_code = "conflict"

    def __init__(
        self, detail: str | None = None, *, conflicts: list[dict[str, Any]] | None = None, **extra: Any
    ) -> None:
        super().__init__(detail)
        self.conflicts = conflicts or []
        self.extra = extra


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The upload is too large."
    default_code = "too_large"


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    elif isinstance(exc, IntegrityError):
        exc = _integrity_to_api(exc)
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
        if isinstance(exc, Conflict):
            response.data["conflicts"] = exc.conflicts
            response.data.update(exc.extra)
    return response


def _integrity_to_api(exc: IntegrityError) -> exceptions.APIException:
    pgcode = getattr(getattr(exc, "__cause__", None), "pgcode", None)
    if pgcode == "23P01":  # exclusion_violation: a double booking
        return Conflict("This would double-book a person or a place.")
    if pgcode == "23505":  # unique_violation
        return Conflict("An item with these values already exists.")
    return exceptions.ValidationError({"non_field_errors": ["The data breaks a rule of the database."]})
