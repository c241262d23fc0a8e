"""Reads of the people side, shaped for pages and the API."""

from __future__ import annotations

from django.db.models import QuerySet

from delegations.models import (
    Contact,
    ContactTombstone,
    Delegation,
    Expo,
    ItineraryItem,
    Member,
    Organization,
    TravelTime,
    Venue,
)


def expo_list() -> QuerySet[Expo]:
    return Expo.objects.all()


def delegation_list() -> QuerySet[Delegation]:
    return Delegation.objects.select_related("expo")


def member_list() -> QuerySet[Member]:
    return Member.objects.select_related("delegation")


def organization_list() -> QuerySet[Organization]:
    return Organization.objects.all()


def contact_list() -> QuerySet[Contact]:
    return Contact.objects.select_related("organization")


def contact_tombstones() -> QuerySet[ContactTombstone]:
    return ContactTombstone.objects.all()


def current_expo() -> Expo | None:
    """The expo the office is working on: the next or running one, else the latest."""
    from django.utils import timezone

    today = timezone.now().date()
    upcoming = Expo.objects.filter(ends_on__gte=today).order_by("starts_on").first()
    return upcoming or Expo.objects.order_by("-starts_on").first()


def venue_list() -> QuerySet[Venue]:
    return Venue.objects.select_related("expo")


def itinerary_list() -> QuerySet[ItineraryItem]:
    return ItineraryItem.objects.select_related("delegation", "venue").prefetch_related("members")


def travel_time_list() -> QuerySet[TravelTime]:
    return TravelTime.objects.select_related("origin", "destination")
