"""The API's one permission class.

- API keys: a view names its ``api_scope`` (e.g. ``"contacts"``); reads need ``<scope>:read``,
  writes ``<scope>:write``. Anything else is 403.
- Office staff (browser session): everything.
- Exhibitor users (users acting for at least one exhibitor): only views that set
  ``exhibitor_access = True``; those views narrow their querysets to the user's own exhibitors,
  so another exhibitor's objects answer 404. Users with no role at all get 403 everywhere.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rest_framework import permissions

from common.models import ApiKey

if TYPE_CHECKING:
    from rest_framework.request import Request
    from rest_framework.views import APIView
from common.roles import user_is_office


def required_scope(view: APIView, method: str) -> str | None:
    base = getattr(view, "api_scope", None)
    if base is None:
        return None
    action = "read" if method in permissions.SAFE_METHODS else "write"
    return f"{base}:{action}"


class PortalApiPermission(permissions.BasePermission):
    message = "You are not allowed to do this."

    def has_permission(self, request: Request, view: APIView) -> bool:
        if isinstance(request.auth, ApiKey):
            scope = required_scope(view, request.method or "GET")
            if scope is None or not request.auth.has_scope(scope):
                self.message = (
                    f"This API key lacks the scope {scope}." if scope else "API keys cannot use this endpoint."
                )
                return False
            return True
        user = request.user
        if not user or not user.is_authenticated:
            return False
        if user_is_office(user):
            return True
        if getattr(view, "exhibitor_access", False) and user.exhibitor_memberships.exists():
            allowed = getattr(view, "exhibitor_methods", permissions.SAFE_METHODS)
            return request.method in allowed
        return False


def is_office_request(request: Request) -> bool:
    return not isinstance(request.auth, ApiKey) and user_is_office(request.user)


def is_api_key_request(request: Request) -> bool:
    return isinstance(request.auth, ApiKey)
