"""Small request helpers shared by every app: ids from query strings and redirects to user-given targets."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseRedirect
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
