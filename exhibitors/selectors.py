"""Reads of the pavilion side; every list is already narrowed to what the user may see."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypedDict

import rules
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import Count, Max, Q, QuerySet

from common.rules import OFFICE
from delegations import selectors as contact_selectors
from delegations.models import Contact
from exhibitors.models import BoothProfile, Exhibitor, ExhibitorMembership, GalleryImage, Lead, Pavilion

if TYPE_CHECKING:
    import datetime as dt

    from django_stubs_ext import WithAnnotations


class LeadCounts(TypedDict):
    """What ``exhibitors_with_lead_counts`` adds to each exhibitor."""

    lead_count: int
    shared_lead_count: int
    last_lead_at: dt.datetime | None


def exhibitor_list() -> QuerySet[Exhibitor]:
    return Exhibitor.objects.select_related("pavilion", "booth", "profile")


def exhibitors_for_user(user) -> QuerySet[Exhibitor]:
    qs = exhibitor_list()
    if rules.has_perm(OFFICE, user):
        return qs
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    return qs.filter(memberships__user=user)


def exhibitor_ids_for_user(user) -> list[int]:
    return list(ExhibitorMembership.objects.filter(user=user).values_list("exhibitor_id", flat=True))


def leads_for_user(user) -> QuerySet[Lead]:
    return Lead.objects.select_related("exhibitor", "contact").filter(exhibitor__in=exhibitors_for_user(user))


def published_exhibitors() -> QuerySet[Exhibitor]:
    return (
        Exhibitor.objects.select_related("pavilion__expo", "profile")
        .filter(profile__published__isnull=False, pavilion__is_public=True)
        .order_by("name")
    )


# --- Booth profiles and the public pavilion ---------------------------------------------------


def exhibitors_with_profiles() -> QuerySet[Exhibitor]:
    """Every exhibitor with its profile and gallery (for completeness), ordered by name."""
    return (
        Exhibitor.objects.select_related("pavilion", "profile")
        .prefetch_related("profile__gallery")
        .order_by("pavilion__name", "name")
    )


def profile_for_page(exhibitor: Exhibitor) -> BoothProfile | None:
    """The exhibitor's profile with what the editing page shows (gallery, exhibitor)."""
    return (
        BoothProfile.objects.select_related("exhibitor").prefetch_related("gallery").filter(exhibitor=exhibitor).first()
    )


def public_pavilion() -> Pavilion | None:
    """The public pavilion of the latest expo (what /pavilion/ introduces)."""
    return Pavilion.objects.select_related("expo").filter(is_public=True).order_by("-expo__starts_on").first()


def profile_history(profile: BoothProfile) -> list[dict]:
    """Every recorded version of ``profile``, newest first, with who did it and what changed."""
    event_model = apps.get_model("exhibitors", "BoothProfileEvent")
    events = list(event_model.objects.filter(pgh_obj_id=profile.pk).select_related("pgh_context").order_by("pgh_id"))
    user_ids = {(e.pgh_context.metadata or {}).get("user") for e in events if e.pgh_context is not None} - {None}
    users = {u.pk: u for u in get_user_model().objects.filter(pk__in=user_ids)}
    tracked = [
        "company_name",
        "tagline",
        "description",
        "solutions",
        "patents",
        "website",
        "languages",
        "contact_name",
        "contact_email",
        "logo",
        "status",
        "published_at",
        "review_comment",
    ]
    rows = []
    previous = None
    for event in events:
        metadata = (event.pgh_context.metadata or {}) if event.pgh_context is not None else {}
        changed = [name for name in tracked if previous is None or getattr(previous, name) != getattr(event, name)]
        rows.append(
            {
                "event": event,
                "user": users.get(user_id) if isinstance(user_id := metadata.get("user"), int) else None,
                "action": metadata.get("action") or event.pgh_label,
                "changed": changed if previous is not None else [],
                "previous_version": previous.version if previous is not None else None,
            }
        )
        previous = event
    rows.reverse()
    return rows


PROFILE_VERSION_FIELDS = [
    "company_name",
    "tagline",
    "description",
    "solutions",
    "patents",
    "website",
    "languages",
    "contact_name",
    "contact_email",
]


def profile_version_snapshot(profile: BoothProfile, version: int) -> dict | None:
    """The editable fields of ``profile`` as they were at ``version`` (from its history), or None."""
    event_model = apps.get_model("exhibitors", "BoothProfileEvent")
    event = event_model.objects.filter(pgh_obj_id=profile.pk, version=version).order_by("-pgh_id").first()
    if event is None:
        return None
    snapshot = {name: getattr(event, name) for name in PROFILE_VERSION_FIELDS}
    snapshot["logo"] = event.logo.name if event.logo else ""
    return snapshot


# --- Booth leads -------------------------------------------------------------------------------


def leads_visible_to(user: Any) -> QuerySet[Lead]:
    """Leads the user may read: the office all, an exhibitor user those of their own exhibitors."""
    qs = Lead.objects.select_related("exhibitor__pavilion__expo", "contact__organization")
    if rules.has_perm(OFFICE, user):
        return qs
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    return qs.filter(exhibitor__memberships__user=user)


def shared_leads() -> QuerySet[Lead]:
    """Leads whose visitors agreed to be shared with the office."""
    return Lead.objects.select_related("exhibitor__pavilion__expo", "contact__organization").filter(
        shared_with_office=True
    )


def exhibitors_with_lead_counts() -> QuerySet[WithAnnotations[Exhibitor, LeadCounts]]:
    """Every exhibitor with its profile, lead count, shared-lead count and latest lead time (one query)."""
    return (
        Exhibitor.objects.select_related("pavilion__expo", "profile")
        .annotate(
            lead_count=Count("leads", distinct=True),
            shared_lead_count=Count("leads", filter=Q(leads__shared_with_office=True), distinct=True),
            last_lead_at=Max("leads__created_at"),
        )
        .order_by("pavilion__name", "name")
    )


def lead_match_contact(*, full_name: str = "", organization_name: str = "", email: str = "") -> Contact | None:
    """The contact this visitor already is, if any (see the module docstring for the rule)."""
    contacts = contact_selectors.contact_list()
    email = (email or "").strip()
    if email:
        found = contacts.filter(email__iexact=email).order_by("id").first()
        if found is not None:
            return found
    full_name = (full_name or "").strip()
    organization_name = (organization_name or "").strip()
    if full_name and organization_name:
        return (
            contacts.filter(Q(full_name__iexact=full_name) | Q(native_name__iexact=full_name))
            .filter(Q(organization__name__iexact=organization_name) | Q(organization__native_name=organization_name))
            .order_by("id")
            .first()
        )
    return None


def media_is_published(name: str) -> bool:
    """Whether the stored file ``name`` is part of some published booth profile (public then)."""
    return BoothProfile.objects.filter(
        Q(published__logo=name)
        | Q(published__logo_thumbnail=name)
        | Q(published__gallery__contains=[{"image": name}])
        | Q(published__gallery__contains=[{"thumbnail": name}])
    ).exists()


def media_exhibitor_ids(name: str) -> set[int]:
    """The exhibitors whose working copy (logo or gallery) holds the stored file ``name``."""
    owners = set(
        BoothProfile.objects.filter(Q(logo=name) | Q(logo_thumbnail=name)).values_list("exhibitor_id", flat=True)
    )
    owners.update(
        GalleryImage.objects.filter(Q(image=name) | Q(thumbnail=name)).values_list("profile__exhibitor_id", flat=True)
    )
    return owners
