"""The office's pages over the whole pavilion: the review overview and the printable brochure.

Office staff only: anonymous visitors are sent to sign in, everyone else gets 403.
"""

from __future__ import annotations

from typing import Any

from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import override as language_override
from django.views.decorators.http import require_safe

from common.permissions import office_required
from delegations.selectors import current_expo
from exhibitors import selectors as exhibitor_selectors
from exhibitors.completeness import profile_completeness
from exhibitors.models import BoothProfile, Exhibitor, GalleryImage, Pavilion
from exhibitors.sanitize import sanitize_rich_text
from exhibitors.services import BOOTH_LANGUAGES

SHARED_LEADS_PAGE_SIZE = 100
BROCHURE_LANGUAGES = ("en", "zh-hant")
# The brochure prints every label in both languages; profile content stays as written.
BROCHURE_LABELS = {
    "title": gettext_lazy("Pavilion brochure"),
    "exhibitors": gettext_lazy("Exhibitors"),
    "booth": gettext_lazy("Booth"),
    "category": gettext_lazy("Category"),
    "solutions": gettext_lazy("Solutions"),
    "patents": gettext_lazy("Patents"),
    "languages": gettext_lazy("Languages at the booth"),
    "website": gettext_lazy("Website"),
    "contact": gettext_lazy("Contact"),
    "print": gettext_lazy("Print"),
    "empty": gettext_lazy("No profile has been published yet."),
}


def bilingual(text: Any) -> dict[str, str]:
    """``text`` (a lazy translation) rendered in each brochure language."""
    rendered = {}
    for code in BROCHURE_LANGUAGES:
        with language_override(code):
            rendered[code.replace("-", "_")] = str(text)
    return rendered


def _review_url(exhibitor: Exhibitor) -> str | None:
    """The per-profile review page, when the profile pages offer one."""
    try:
        return reverse("exhibitor-profile-review", args=[exhibitor.pk])
    except NoReverseMatch:
        return None


def _pavilion_or_404(request: HttpRequest) -> Pavilion | None:
    raw = request.GET.get("pavilion", "")
    if not raw:
        return None
    pavilion = Pavilion.objects.filter(slug=raw).first()
    if pavilion is None:
        raise Http404(_("No such pavilion."))
    return pavilion


@office_required
@require_safe
def pavilion_review(request: HttpRequest) -> HttpResponse:
    pavilion = _pavilion_or_404(request)
    exhibitors = exhibitor_selectors.exhibitors_with_lead_counts().prefetch_related(
        Prefetch("profile__gallery", queryset=GalleryImage.objects.only("id", "profile_id"))
    )
    shared = exhibitor_selectors.shared_leads().order_by("-created_at", "-id")
    if pavilion is not None:
        exhibitors = exhibitors.filter(pavilion=pavilion)
        shared = shared.filter(exhibitor__pavilion=pavilion)
    rows = []
    totals = {"leads": 0, "shared": 0, "published": 0, "complete": 0}
    for exhibitor in exhibitors:
        profile = getattr(exhibitor, "profile", None)
        completeness = profile_completeness(profile) if profile is not None else None
        rows.append(
            {
                "exhibitor": exhibitor,
                "profile": profile,
                "completeness": completeness,
                "percent": completeness.percent if completeness else 0,
                "missing": [str(item.label) for item in completeness.missing] if completeness else [],
                "is_published": bool(profile and profile.published),
                "review_url": _review_url(exhibitor),
            }
        )
        totals["leads"] += exhibitor.lead_count
        totals["shared"] += exhibitor.shared_lead_count
        totals["published"] += bool(profile and profile.published)
        totals["complete"] += bool(completeness and completeness.is_complete)
    page = Paginator(shared, SHARED_LEADS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "exhibitors/office/pavilion_review.html",
        {
            "rows": rows,
            "totals": totals,
            "page": page,
            "shared_leads": page.object_list,
            "pavilion": pavilion,
            "pavilions": Pavilion.objects.order_by("name"),
        },
    )


def brochure_entries(pavilion: Pavilion | None = None) -> list[dict[str, Any]]:
    """The published snapshot of every exhibitor, ready for the brochure (drafts never appear)."""
    profiles = (
        BoothProfile.objects.select_related("exhibitor__pavilion")
        .filter(published__isnull=False)
        .order_by("exhibitor__pavilion__name", "exhibitor__name")
    )
    if pavilion is not None:
        profiles = profiles.filter(exhibitor__pavilion=pavilion)
    language_names = dict(BOOTH_LANGUAGES)
    entries = []
    for profile in profiles:
        snapshot = profile.published or {}
        logo = snapshot.get("logo") or ""
        category = snapshot.get("category") or profile.exhibitor.category
        entries.append(
            {
                "exhibitor": profile.exhibitor,
                "company_name": snapshot.get("company_name") or profile.exhibitor.name,
                "tagline": snapshot.get("tagline", ""),
                "category": category,
                "category_label": bilingual(Exhibitor.Category(category).label)
                if category in Exhibitor.Category.values
                else {"en": category, "zh_hant": category},
                # Stored sanitised; cleaned again here because the brochure prints it as HTML.
                "description": mark_safe(sanitize_rich_text(snapshot.get("description", ""))),  # noqa: S308
                "solutions": [s for s in snapshot.get("solutions") or [] if isinstance(s, dict)],
                "patents": [p for p in snapshot.get("patents") or [] if isinstance(p, dict)],
                "website": snapshot.get("website", ""),
                "languages": [language_names.get(code, code) for code in snapshot.get("languages") or []],
                "contact_name": snapshot.get("contact_name", ""),
                "contact_email": snapshot.get("contact_email", ""),
                "logo_url": default_storage.url(logo) if logo and default_storage.exists(logo) else "",
                "booth": profile.exhibitor.booth_code,
            }
        )
    return entries


def _current_pavilion() -> Pavilion | None:
    """The pavilion of the expo the office is working on (the next or running one), else the first."""
    expo = current_expo()
    pavilion = Pavilion.objects.select_related("expo").filter(expo=expo).first() if expo else None
    return pavilion or Pavilion.objects.select_related("expo").order_by("name").first()


@office_required
@require_safe
def pavilion_brochure(request: HttpRequest) -> HttpResponse:
    pavilion = _pavilion_or_404(request) or _current_pavilion()
    return render(
        request,
        "exhibitors/brochure.html",
        {
            "pavilion": pavilion,
            "entries": brochure_entries(pavilion),
            "labels": {key: bilingual(text) for key, text in BROCHURE_LABELS.items()},
        },
    )
