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


def meeting_check(
    *,
    expo,
    starts_at,
    ends_at,
    venue=None,
    attendees=(),
    meeting_id: int | None = None,
    status: str = Meeting.Status.PROPOSED,
) -> dict:
    """What saving a meeting like this would hit, without saving anything.

    ``{"conflicts": [...], "warnings": [...], "outside_expo_days": bool, "errors": {field: [msg]}}``
    — conflicts and travel warnings have the shape of ``SchedulingConflict`` and
    ``TravelBufferWarning``; the form shows them before the user saves.
    """
    from delegations.models import BusyTime
    from meetings.services.common import FieldErrors, check_times
    from meetings.services.meetings import clean_attendees, meeting_footprint
    from meetings.services.timeline import find_conflicts, travel_warnings

    errors = FieldErrors()
    check_times(expo=expo, starts_at=starts_at, ends_at=ends_at, errors=errors, confirm_outside_expo=True)
    wanted = clean_attendees(expo=expo, attendees=attendees, errors=errors)
    result: dict = {"conflicts": [], "warnings": [], "outside_expo_days": False, "errors": errors.errors}
    if "starts_at" in errors or "ends_at" in errors:
        return result
    outside = FieldErrors()
    check_times(expo=expo, starts_at=starts_at, ends_at=ends_at, errors=outside, confirm_outside_expo=False)
    result["outside_expo_days"] = bool(outside.errors)
    probe = Meeting(expo=expo, starts_at=starts_at, ends_at=ends_at, venue=venue, status=status, title="")
    footprint = meeting_footprint(meeting=probe, wanted=wanted)
    if footprint is None:
        return result
    source = BusyTime.Source.MEETING
    result["conflicts"] = find_conflicts(footprint=footprint, source=source, source_id=meeting_id)
    result["warnings"] = travel_warnings(
        expo=expo, footprint=footprint, venue_id=getattr(venue, "pk", None), source=source, source_id=meeting_id
    )
    return result
