"""Filters of the schedule API (validated: a bad value answers 400, never 500)."""

from __future__ import annotations

import django_filters

from common.query import StorableIsoDateTimeFilter
from meetings.models import Meeting, SpeakingSlot


class MeetingFilter(django_filters.FilterSet):
    member = django_filters.NumberFilter(field_name="attendees__member", distinct=True)
    contact = django_filters.NumberFilter(field_name="attendees__contact", distinct=True)
    exhibitor = django_filters.NumberFilter(field_name="attendees__exhibitor", distinct=True)
    venue = django_filters.NumberFilter(field_name="venue")
    starts_after = StorableIsoDateTimeFilter(field_name="starts_at", lookup_expr="gte")
    starts_before = StorableIsoDateTimeFilter(field_name="starts_at", lookup_expr="lt")
    updated_since = StorableIsoDateTimeFilter(field_name="updated_at", lookup_expr="gt")

    class Meta:
        model = Meeting
        fields = ["expo", "kind", "status"]


class SpeakingSlotFilter(django_filters.FilterSet):
    speaker = django_filters.NumberFilter(field_name="speakers", distinct=True)
    stage = django_filters.NumberFilter(field_name="stage")
    starts_after = StorableIsoDateTimeFilter(field_name="starts_at", lookup_expr="gte")
    starts_before = StorableIsoDateTimeFilter(field_name="starts_at", lookup_expr="lt")

    class Meta:
        model = SpeakingSlot
        fields = ["expo", "kind", "status"]
