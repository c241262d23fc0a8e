"""Small request helpers shared by every app: ids from query strings, redirects to user-given targets, and
no-store answers to signed-in users."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase, HttpResponseRedirect
from django.utils.cache import patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme

MAX_ID = 2**63 - 1


def parse_id(raw: str | None) -> int | None:
    """A positive database id from request text, or None.

    ``str.isdigit`` accepts superscripts and other non-ASCII digits ("²") that ``int`` then refuses, so
    every id read from a request goes through here instead.
    """
    if not raw or not raw.isascii() or not raw.isdigit():
        return None
    value = int(raw)
    return value if 1 <= value <= MAX_ID else None


def safe_redirect_target(request: HttpRequest, target: str | None) -> str | None:
    """``target`` when it is a local absolute path on this host, else None.

    Only paths are accepted (never a URL name or a relative path): ``redirect("abc")`` would try to
    reverse "abc" as a view name and fail with a server error.
    """
    if not target or not target.startswith("/") or target.startswith("//") or "\x00" in target:
        return None
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        return None
    return target


def redirect_to_next(request: HttpRequest, target: str | None, fallback: str) -> HttpResponseRedirect:
    """Redirect to ``target`` if it is safe, else to ``fallback`` (a path the caller built)."""
    return HttpResponseRedirect(safe_redirect_target(request, target) or fallback)


class PrivatePagesMiddleware:
    """``Cache-Control: private, no-store`` on every answer to a signed-in user, unless the view made it public.

    Pages and API answers for a session show personal data; neither a shared cache nor the
    browser's back-forward cache on a shared computer may keep them after sign-out.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        chosen = response.get("Cache-Control", "")
        if user is not None and user.is_authenticated and "public" not in chosen and "no-store" not in chosen:
            patch_cache_control(response, private=True, no_store=True)
        return response
