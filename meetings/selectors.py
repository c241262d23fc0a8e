"""Reads of the schedule, narrowed to what the user may see."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import rules
from django.db.models import Case, Prefetch, QuerySet, When
from django.utils import timezone
from django.utils.translation import gettext as _
from psycopg2.extras import DateTimeTZRange

from common.models import UserPreference
from common.rules import OFFICE
from delegations.models import BusyTime, ItineraryItem, Member
from exhibitors.selectors import exhibitor_ids_for_user
from meetings.models import BoothShift, CalendarFeedToken, FollowUp, Meeting, MeetingAttendee, Reminder, SpeakingSlot
from meetings.services.common import FieldErrors, check_times
from meetings.services.feeds import feed_token_hash
from meetings.services.meetings import clean_attendees, meeting_footprint
from meetings.services.timeline import find_conflicts, travel_warnings


def meeting_list() -> QuerySet[Meeting]:
    return Meeting.objects.select_related("expo", "venue").prefetch_related(
        Prefetch(
            "attendees",
            queryset=MeetingAttendee.objects.select_related("member", "contact", "exhibitor").order_by("id"),
        )
    )


def meetings_for_user(user) -> QuerySet[Meeting]:
    qs = meeting_list()
    if user is None or rules.has_perm(OFFICE, user):
        return qs
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    return qs.filter(attendees__exhibitor_id__in=exhibitor_ids_for_user(user)).distinct()


def speaking_slot_list() -> QuerySet[SpeakingSlot]:
    return SpeakingSlot.objects.select_related("expo", "stage", "moderator").prefetch_related(
        "speakers", "panelists", "deadlines"
    )


def follow_up_list() -> QuerySet[FollowUp]:
    return FollowUp.objects.select_related("owner", "contact", "organization", "meeting")


def meeting_attendee_list() -> QuerySet[MeetingAttendee]:
    return MeetingAttendee.objects.select_related("member", "contact__organization", "exhibitor").order_by("id")


def booth_shift_list() -> QuerySet[BoothShift]:
    return BoothShift.objects.select_related("exhibitor__booth", "member")


def failed_reminder_list() -> QuerySet[Reminder]:
    """Reminders and notices given up after the last attempt, newest first, for the staff dashboard."""
    return (
        Reminder.objects.filter(state=Reminder.State.FAILED)
        .select_related("meeting__expo", "attendee__member", "attendee__contact", "attendee__exhibitor")
        .order_by("-due_at", "-id")
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


# --- Agendas: one timeline per person, per exhibitor, per delegation --------------------------


@dataclass(frozen=True)
class AgendaItem:
    """One row of an agenda, whatever it comes from."""

    kind: str  # meeting | speaking_slot | booth_shift | itinerary
    pk: int
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    place: str
    status: str
    status_label: str
    people: str
    cancelled: bool = False


def meeting_agenda_items(meetings) -> list[AgendaItem]:
    items = []
    for m in meetings:
        place = m.venue.name if m.venue else m.location
        people = ", ".join(str(a) for a in m.attendees.all())
        items.append(
            AgendaItem(
                "meeting",
                m.pk,
                m.title,
                m.starts_at,
                m.ends_at,
                place,
                m.status,
                m.get_status_display(),
                people,
                m.status == Meeting.Status.CANCELLED,
            )
        )
    return items


def _slot_items(slots) -> list[AgendaItem]:
    items = []
    for s in slots:
        people = ", ".join([m.full_name for m in s.speakers.all()] + [c.full_name for c in s.panelists.all()])
        items.append(
            AgendaItem(
                "speaking_slot",
                s.pk,
                f"{s.get_kind_display()}: {s.title}",
                s.starts_at,
                s.ends_at,
                s.stage.name if s.stage else s.event_name,
                s.status,
                s.get_status_display(),
                people,
                s.status == SpeakingSlot.Status.CANCELLED,
            )
        )
    return items


def shift_agenda_items(shifts) -> list[AgendaItem]:
    return [
        AgendaItem(
            "booth_shift",
            s.pk,
            _("Booth duty: %(exhibitor)s") % {"exhibitor": s.exhibitor.name},
            s.starts_at,
            s.ends_at,
            s.exhibitor.booth.name if s.exhibitor.booth else s.exhibitor.booth_code,
            "",
            "",
            s.member.full_name,
        )
        for s in shifts
    ]


def _itinerary_items(entries) -> list[AgendaItem]:
    return [
        AgendaItem(
            "itinerary",
            i.pk,
            i.title,
            i.starts_at,
            i.ends_at,
            i.venue.name if i.venue else " → ".join(p for p in (i.origin, i.destination) if p),
            i.kind,
            i.get_kind_display(),
            ", ".join(m.full_name for m in i.members.all()),
        )
        for i in entries
    ]


def _itinerary_qs():
    return ItineraryItem.objects.select_related("venue").prefetch_related("members")


def agenda_for_member(*, member, include_cancelled: bool = True) -> list[AgendaItem]:
    """Everything one member is in: meetings, speaking slots, booth duty, itinerary."""
    meetings = meeting_list().filter(attendees__member=member).distinct()
    slots = speaking_slot_list().filter(speakers=member)
    if not include_cancelled:
        meetings = meetings.exclude(status=Meeting.Status.CANCELLED)
        slots = slots.exclude(status=SpeakingSlot.Status.CANCELLED)
    items = meeting_agenda_items(meetings) + _slot_items(slots)
    items += shift_agenda_items(booth_shift_list().filter(member=member))
    items += _itinerary_items(_itinerary_qs().filter(members=member, blocks_time=True))
    return sorted(items, key=lambda i: (i.starts_at, i.kind, i.pk))


def agenda_for_exhibitor(*, exhibitor) -> list[AgendaItem]:
    """What an exhibitor takes part in: meetings it attends and duty at its booth."""
    meetings = meeting_list().filter(attendees__exhibitor=exhibitor).distinct()
    items = meeting_agenda_items(meetings) + shift_agenda_items(booth_shift_list().filter(exhibitor=exhibitor))
    return sorted(items, key=lambda i: (i.starts_at, i.kind, i.pk))


def agenda_for_expo(*, expo, delegation=None) -> list[AgendaItem]:
    """The whole delegation's programme at an expo."""
    items = meeting_agenda_items(meeting_list().filter(expo=expo))
    items += _slot_items(speaking_slot_list().filter(expo=expo))
    items += shift_agenda_items(booth_shift_list().filter(exhibitor__pavilion__expo=expo))
    itinerary = _itinerary_qs().filter(delegation__expo=expo, blocks_time=True)
    if delegation is not None:
        itinerary = itinerary.filter(delegation=delegation)
    items += _itinerary_items(itinerary)
    return sorted(items, key=lambda i: (i.starts_at, i.kind, i.pk))


def agenda_by_day(items: list[AgendaItem], tz) -> list[tuple[dt.date, list[AgendaItem]]]:
    """Items grouped by their local date in ``tz`` (the expo's zone), in order."""
    days: dict[dt.date, list[AgendaItem]] = {}
    for item in items:
        days.setdefault(item.starts_at.astimezone(tz).date(), []).append(item)
    return sorted(days.items())


def viewer_time_zone(user) -> str:
    """The signed-in viewer's home time zone: their preference, else their member record."""
    if not getattr(user, "is_authenticated", False):
        return ""
    zone = UserPreference.objects.filter(user=user).values_list("home_time_zone", flat=True).first()
    if zone:
        return zone
    return (
        Member.objects.filter(user=user).exclude(home_time_zone="").values_list("home_time_zone", flat=True).first()
        or ""
    )


def feed_token_member(raw_token: str):
    """The live feed token for a raw token from a URL, or None."""
    return (
        CalendarFeedToken.objects.select_related("member__delegation__expo")
        .filter(token_hash=feed_token_hash(raw_token), revoked_at__isnull=True)
        .first()
    )


def member_feed_items(*, member) -> tuple[QuerySet[Meeting], QuerySet[SpeakingSlot]]:
    """All of a member's meetings and slots for the calendar feed (cancelled ones included)."""
    return (
        meeting_list().filter(attendees__member=member).distinct(),
        speaking_slot_list().filter(speakers=member),
    )


# --- Guests' answers ----------------------------------------------------------------------------

FREE_SLOT_FIRST_HOUR = 8
FREE_SLOT_LAST_HOUR = 20
FREE_SLOT_STEP = dt.timedelta(minutes=30)


def meeting_free_slots(*, meeting: Meeting, limit: int = 6, now: dt.datetime | None = None) -> list[dt.datetime]:
    """Starts the office can offer a guest instead: on the expo's days, 08:00–20:00 expo time every
    half hour, the meeting's length, when every attendee and its bookable venue are free (the
    meeting's own busy time aside); the ``limit`` nearest to its current time, in time order."""
    footprint = meeting_footprint(meeting=meeting)
    if footprint is None:
        return []
    expo = meeting.expo
    tz = expo.tz
    now = now or timezone.now()
    duration = meeting.ends_at - meeting.starts_at
    first = dt.datetime.combine(expo.starts_on, dt.time(FREE_SLOT_FIRST_HOUR), tzinfo=tz)
    last = dt.datetime.combine(expo.ends_on, dt.time(FREE_SLOT_LAST_HOUR), tzinfo=tz)
    busy: list[tuple[dt.datetime, dt.datetime]] = []
    if not footprint.is_empty:
        rows = (
            BusyTime.objects.filter(footprint.subjects_q(), during__overlap=DateTimeTZRange(first, last, "[)"))
            .exclude(source=BusyTime.Source.MEETING, source_id=meeting.pk)
            .values_list("during", flat=True)
        )
        busy = [(r.lower, r.upper) for r in rows if r.lower is not None and r.upper is not None]
    candidates: list[dt.datetime] = []
    day = expo.starts_on
    while day <= expo.ends_on:
        start = dt.datetime.combine(day, dt.time(FREE_SLOT_FIRST_HOUR), tzinfo=tz)
        closes = dt.datetime.combine(day, dt.time(FREE_SLOT_LAST_HOUR), tzinfo=tz)
        while start + duration <= closes:
            end = start + duration
            if start > now and start != meeting.starts_at and not any(b < end and e > start for b, e in busy):
                candidates.append(start)
            start += FREE_SLOT_STEP
        day += dt.timedelta(days=1)
    nearest = sorted(candidates, key=lambda t: (abs(t - meeting.starts_at), t))[:limit]
    return sorted(nearest)


def guest_answer_choices() -> list[tuple[str, str]]:
    """The answers a guest can give (not "pending"), with their labels, in the order pages list them."""
    return [(code, str(label)) for code, label in MeetingAttendee.Response.choices if code != "pending"]


def guest_responses_for_expo(*, expo, limit: int = 20) -> list[MeetingAttendee]:
    """Guests' answers on the expo's upcoming meetings, proposals first, then the latest."""
    order = Case(When(response=MeetingAttendee.Response.PROPOSED, then=0), default=1)
    return list(
        MeetingAttendee.objects.filter(
            meeting__expo=expo,
            contact__isnull=False,
            meeting__status__in=[Meeting.Status.PROPOSED, Meeting.Status.CONFIRMED],
            meeting__starts_at__gt=timezone.now(),
        )
        .exclude(response=MeetingAttendee.Response.PENDING)
        .select_related("meeting", "contact__organization")
        .order_by(order, "-responded_at", "-id")[:limit]
    )
