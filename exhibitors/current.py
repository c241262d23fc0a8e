"""The exhibitor a signed-in exhibitor user currently acts for (users of several switch between them).

The choice lives in the session and is checked against the user's memberships on every request
that uses it, so a removed membership or a forged session value never grants access.
"""

from __future__ import annotations

from django.http import HttpRequest

from exhibitors.models import Exhibitor
from exhibitors.selectors import exhibitors_for_user

SESSION_KEY = "current_exhibitor_id"


def user_exhibitors(request: HttpRequest) -> list[Exhibitor]:
    """The exhibitors the user is a member of (office staff: only those they are members of too)."""
    if not request.user.is_authenticated:
        return []
    cached = getattr(request, "_member_exhibitors", None)
    if cached is None:
        cached = list(
            exhibitors_for_user(request.user).filter(memberships__user=request.user).order_by("name").distinct()
        )
        # Kept on the request: asked several times while one page renders.
        request._member_exhibitors = cached  # type: ignore[attr-defined]
    return cached


def current_exhibitor(request: HttpRequest) -> Exhibitor | None:
    """The validated current exhibitor of the user, or None when they act for none."""
    exhibitors = user_exhibitors(request)
    if not exhibitors:
        request.session.pop(SESSION_KEY, None)
        return None
    wanted = request.session.get(SESSION_KEY)
    for exhibitor in exhibitors:
        if exhibitor.pk == wanted:
            return exhibitor
    request.session[SESSION_KEY] = exhibitors[0].pk
    return exhibitors[0]


def set_current_exhibitor(request: HttpRequest, exhibitor_id: int) -> Exhibitor | None:
    """Switch to ``exhibitor_id`` if the user is a member of it; return the exhibitor or None."""
    for exhibitor in user_exhibitors(request):
        if exhibitor.pk == exhibitor_id:
            if request.session.get(SESSION_KEY) != exhibitor.pk:  # no session write on every page view
                request.session[SESSION_KEY] = exhibitor.pk
            return exhibitor
    return None
