"""The gates of pages and API. Neither decides anything itself: both ask the rules of
``common/rules.py``.

Pages: ``permission_required(rule)`` sends anonymous visitors to the sign-in page and answers 403
to a signed-in user whom the rule refuses; ``office_required`` is that gate with ``common.office``.
Object rules are asked inside the view, with the object (``request.user.has_perm(rule, obj)``),
after the object was looked up among those the user may see (another exhibitor's answers 404).

API: ``PortalApiPermission``, the default permission class of every API view. A view declares

- ``permission_rules``: the rule for each action (``list``, ``create``, ``publish``, … — or the
  method name, ``get``, for a plain view), with ``"read"`` (safe methods) and ``"write"`` as
  fallbacks; asked without an object before the view runs. A view that declares no rule for the
  request is refused (403): nothing is open by default.
- ``object_rules`` (optional, same keys): asked with the object that ``get_object`` found.

An API key's stand-in user is asked the same rules; only scope predicates let it pass. Anonymous
requests answer 401 before any rule; a method the view does not handle answers 405.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import wraps
from typing import TYPE_CHECKING, Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _
from rest_framework import permissions

from common.models import ApiKey
from common.rules import KEY_SCOPES, OFFICE

if TYPE_CHECKING:
    from rest_framework.request import Request
    from rest_framework.views import APIView

View = Callable[..., HttpResponseBase]


def permission_required(perm: str, *, message: str = "") -> Callable[[View], View]:
    """Page gate: anonymous → sign-in page (coming back here after); a signed-in user whom the rule
    ``perm`` refuses → 403 with ``message``."""

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
    """The office's pages (the rule ``common.office``): everyone else signed in gets 403."""
    return permission_required(OFFICE, message=_("Only the project office may open this page."))(view)


def _handles(view: APIView, request: Request) -> bool:
    """Whether the view has a handler for the request's method (else DRF answers 405)."""
    if hasattr(view, "action_map"):  # a viewset: the router mapped the methods it serves
        return getattr(view, "action", None) is not None
    return hasattr(view, (request.method or "").lower())


def rule_for(rules_by_key: Mapping[str, str], view: APIView, request: Request) -> str | None:
    key = getattr(view, "action", None) or (request.method or "").lower()
    if key in rules_by_key:
        return rules_by_key[key]
    return rules_by_key.get("read" if request.method in permissions.SAFE_METHODS else "write")


class PortalApiPermission(permissions.BasePermission):
    message = "You are not allowed to do this."

    def has_permission(self, request: Request, view: APIView) -> bool:
        user = request.user
        if not user or not user.is_authenticated:
            return False
        if not _handles(view, request):
            return True  # the view answers 405
        rule = rule_for(getattr(view, "permission_rules", {}), view, request)
        if rule is None or not user.has_perm(rule):
            self.message = _refusal(request, rule)
            return False
        return True

    def has_object_permission(self, request: Request, view: APIView, obj: Any) -> bool:
        rule = rule_for(getattr(view, "object_rules", {}), view, request)
        if rule is None or request.user.has_perm(rule, obj):
            return True
        self.message = _refusal(request, rule)
        return False


def _refusal(request: Request, rule: str | None) -> str:
    if isinstance(request.auth, ApiKey):
        scopes = KEY_SCOPES.get(rule or "", ())
        if scopes:
            return f"This API key lacks the scope {' or '.join(scopes)}."
        return "API keys cannot use this endpoint."
    return "You are not allowed to do this."


def is_api_key_request(request: Request) -> bool:
    return isinstance(request.auth, ApiKey)
