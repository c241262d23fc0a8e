"""The domain's own refusals. Services raise these (and Django's ``ValidationError`` for per-field
problems); they know nothing of HTTP. The API's exception handler (``common.exceptions``) and the
pages' form helper (``common.forms.apply_service_errors``) turn them into answers.
"""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A request the domain refuses, with a message fit to show to the user and a stable code."""

    code = "error"
    default_message = "The request cannot be carried out."

    def __init__(self, message: str | None = None, **extra: Any) -> None:
        self.message = str(message or self.default_message)
        self.extra = extra
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message


class Conflict(DomainError):
    """The request clashes with the current state (a double booking, a stale version, a duplicate)."""

    code = "conflict"
    default_message = "The request conflicts with the current state."

    def __init__(self, message: str | None = None, *, conflicts: list[dict[str, Any]] | None = None, **extra: Any):
        super().__init__(message, **extra)
        self.conflicts = conflicts or []


class NeedsConfirmation(DomainError):
    """Allowed only once the user confirms a warning (the request is repeated with an override)."""

    code = "needs_confirmation"
