"""Reads of the pavilion side; every list is already narrowed to what the user may see."""

from __future__ import annotations

from django.db.models import QuerySet

from exhibitors.models import BoothProfile, Exhibitor, ExhibitorMembership, Lead
from expo_portal.roles import user_is_office


def exhibitor_list() -> QuerySet[Exhibitor]:
    return Exhibitor.objects.select_related("pavilion", "booth", "profile")


def exhibitors_for_user(user) -> QuerySet[Exhibitor]:
    qs = exhibitor_list()
    if user_is_office(user):
        return qs
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    return qs.filter(memberships__user=user)


def exhibitor_ids_for_user(user) -> list[int]:
    return list(ExhibitorMembership.objects.filter(user=user).values_list("exhibitor_id", flat=True))


def profiles_for_user(user) -> QuerySet[BoothProfile]:
    return BoothProfile.objects.select_related("exhibitor").filter(exhibitor__in=exhibitors_for_user(user))


def leads_for_user(user) -> QuerySet[Lead]:
    return Lead.objects.select_related("exhibitor", "contact").filter(exhibitor__in=exhibitors_for_user(user))


def published_exhibitors() -> QuerySet[Exhibitor]:
    return (
        Exhibitor.objects.select_related("pavilion", "profile")
        .filter(profile__published__isnull=False, pavilion__is_public=True)
        .order_by("name")
    )
