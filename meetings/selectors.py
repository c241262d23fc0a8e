"""Reads of the schedule, narrowed to what the user may see."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from exhibitors.selectors import exhibitor_ids_for_user
from expo_portal.roles import user_is_office
from meetings.models import BoothShift, FollowUp, Meeting, MeetingAttendee, Reminder, SpeakingSlot


def meeting_list() -> QuerySet[Meeting]:
    return Meeting.objects.select_related("expo", "venue").prefetch_related(
        Prefetch("attendees", queryset=MeetingAttendee.objects.order_by("id"))
    )


def meetings_for_user(user) -> QuerySet[Meeting]:
    qs = meeting_list()
    if user is None or user_is_office(user):
        return qs
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    return qs.filter(attendees__exhibitor_id__in=exhibitor_ids_for_user(user)).distinct()


def speaking_slot_list() -> QuerySet[SpeakingSlot]:
    return SpeakingSlot.objects.select_related("expo", "stage", "moderator").prefetch_related("speakers", "panelists")


def follow_up_list() -> QuerySet[FollowUp]:
    return FollowUp.objects.select_related("owner", "contact", "organization", "meeting")


def meeting_attendee_list() -> QuerySet[MeetingAttendee]:
    return MeetingAttendee.objects.select_related("member", "contact__organization", "exhibitor").order_by("id")


def booth_shift_list() -> QuerySet[BoothShift]:
    return BoothShift.objects.select_related("exhibitor__booth", "member")


def failed_reminder_list() -> QuerySet[Reminder]:
    return Reminder.objects.select_related("meeting", "attendee__member", "attendee__contact").filter(
        state=Reminder.State.FAILED
    )
