"""The gates of pages and API, both deciding through the django-rules permissions of the apps.

Pages: ``permission_required(perm)`` (and ``office_required``, the rule ``common.office``) sends
anonymous visitors to the sign-in page and answers 403 to a signed-in user whom the rule refuses.

API (``PortalApiPermission``):

- API keys: a view names its ``api_scope`` (e.g. ``"contacts"``); reads need ``<scope>:read``,
  writes ``<scope>:write``. Anything else is 403.
- Office staff (browser session): everything.
- Exhibitor users (users acting for at least one exhibitor): only views that set
  ``exhibitor_access = True``; those views narrow their querysets to the user's own exhibitors,
  so another exhibitor's objects answer 404. Users with no role at all get 403 everywhere.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any

import rules
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _
from rest_framework import permissions

from common.models import ApiKey
from common.roles import is_office, user_is_office

if TYPE_CHECKING:
    from rest_framework.request import Request
    from rest_framework.views import APIView

OFFICE = "common.office"
rules.add_perm(OFFICE, is_office)

View = Callable[..., HttpResponseBase]


def permission_required(perm: str, *, message: str = "") -> Callable[[View], View]:
    """Page gate: anonymous → sign-in page (coming back here after); a signed-in user whom the rule
    ``perm`` refuses → 403 with ``message``. Object-level rules are asked inside the view, with the
    object (``request.user.has_perm(perm, obj)``)."""

    def decorate(view: View) -> View:
        @wraps(view)
        def gate(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not request.user.has_perm(perm):
                raise PermissionDenied(message or _("You may not open this page."))
            return view(request, *args, **kwargs)

        return gate

    return decorate


def office_required(view: View) -> View:
    """The office's pages: everyone else signed in gets 403."""
    return permission_required(OFFICE, message=_("Only the project office may open this page."))(view)


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
