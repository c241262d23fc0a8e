"""Pages of the pavilion side: the public pavilion, the exhibitor's landing page and switching.

Booth-profile editing and review live in ``views.profile``, the team and invitations in
``views.team``. Every page checks access on the server, per object: another exhibitor's page
answers 404.
"""

from __future__ import annotations

import re

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from common.http import parse_id, safe_redirect_target
from common.rules import OFFICE
from exhibitors import selectors
from exhibitors.completeness import profile_completeness
from exhibitors.current import current_exhibitor, set_current_exhibitor
from exhibitors.models import Exhibitor

# --- Public -----------------------------------------------------------------------------------


def _category(exhibitor: Exhibitor) -> str | None:
    """The category of the exhibitor's published profile."""
    return (exhibitor.profile.published or {}).get("category")


@require_safe
def pavilion(request: HttpRequest) -> HttpResponse:
    """The public pavilion: published profiles only, filterable by category."""
    published = list(selectors.published_exhibitors())
    # One pavilion at a time: the latest expo's (earlier years keep their exhibitor pages).
    pavilion_obj = (
        max((e.pavilion for e in published), key=lambda p: (p.expo.starts_on, p.pk))
        if published
        else selectors.public_pavilion()
    )
    exhibitors = [e for e in published if e.pavilion_id == pavilion_obj.pk] if published and pavilion_obj else []
    categories = sorted(
        {category for e in exhibitors if (category := _category(e))},
        key=lambda value: list(Exhibitor.Category.values).index(value) if value in Exhibitor.Category.values else 99,
    )
    chosen = request.GET.get("category", "")
    if chosen and chosen not in Exhibitor.Category.values:
        chosen = ""
    shown = [e for e in exhibitors if not chosen or _category(e) == chosen]
    return render(
        request,
        "exhibitors/pavilion.html",
        {
            "exhibitors": shown,
            "categories": [(value, Exhibitor.Category(value).label) for value in categories],
            "chosen_category": chosen,
            "pavilion": pavilion_obj,
            "total": len(exhibitors),
        },
    )


@require_safe
def public_exhibitor(request: HttpRequest, slug: str) -> HttpResponse:
    """One published profile; drafts never show here (only the published snapshot is read)."""
    # Slugs are unique per pavilion: the latest expo's exhibitor wins, older pages stay reachable.
    exhibitor = selectors.published_exhibitors().filter(slug=slug).order_by("-pavilion__expo__starts_on").first()
    if exhibitor is None:
        raise Http404(_("No published exhibitor with this address."))
    return render(
        request,
        "exhibitors/public_exhibitor.html",
        {"exhibitor": exhibitor, "profile": exhibitor.profile.published, "preview": False},
    )


# --- Exhibitor landing and switching --------------------------------------------------------------


@login_required
@require_safe
def exhibitor_home(request: HttpRequest) -> HttpResponse:
    """Exhibitor users land on their current exhibitor's profile; the office gets every exhibitor."""
    if request.user.has_perm(OFFICE):
        exhibitors = list(selectors.exhibitors_with_profiles())
        rows = [
            {
                "exhibitor": e,
                "profile": getattr(e, "profile", None),
                "completeness": profile_completeness(e.profile) if hasattr(e, "profile") else None,
            }
            for e in exhibitors
        ]
        return render(request, "exhibitors/office_list.html", {"rows": rows})
    exhibitor = current_exhibitor(request)
    if exhibitor is None:
        return render(request, "cockpit/no_role.html", status=403)
    return redirect("exhibitor-profile", exhibitor_id=exhibitor.pk)


@login_required
@require_safe
def exhibitor_team_current(request: HttpRequest) -> HttpResponse:
    if request.user.has_perm(OFFICE):
        return redirect("exhibitor-home")
    exhibitor = current_exhibitor(request)
    if exhibitor is None:
        return render(request, "cockpit/no_role.html", status=403)
    return redirect("exhibitor-team-detail", exhibitor_id=exhibitor.pk)


@login_required
@require_POST
def exhibitor_switch(request: HttpRequest) -> HttpResponse:
    exhibitor_id = parse_id(request.POST.get("exhibitor", ""))
    exhibitor = set_current_exhibitor(request, exhibitor_id) if exhibitor_id is not None else None
    if exhibitor is None:
        raise Http404(_("No such exhibitor."))
    target = safe_redirect_target(request, request.POST.get("next"))
    if target:
        # Pages of one exhibitor carry its id: switching lands on the same page of the other one.
        same_page = re.match(r"^/exhibitors/\d+/([\w/-]*)$", target)
        if same_page:
            return redirect(f"/exhibitors/{exhibitor.pk}/{same_page.group(1)}")
        return HttpResponseRedirect(target)
    return redirect("exhibitor-profile", exhibitor_id=exhibitor.pk)
