"""iCalendar output: one meeting's ``.ics`` and a member's subscription feed.

Stable UIDs (``meeting-<id>@<domain>``) let calendar apps update an event in place; SEQUENCE
is the item's ``sequence``, bumped by the services on every change; a cancelled item stays in
the feed with STATUS:CANCELLED so subscribers remove it. Times are written in UTC; the
expo's time zone is named in X-WR-TIMEZONE and in each description.

The office's own notes (``meetings.visibility.OFFICE_NOTES``) stay out of every calendar file
unless the caller says its reader may see them: feeds and the files attached to e-mails never
carry them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vText

from meetings.models import Meeting, SpeakingSlot
from meetings.visibility import OFFICE_NOTES

PRODID = "-//Expo Portal//Schedule//EN"
UID_DOMAIN = getattr(settings, "CALENDAR_UID_DOMAIN", "expo-portal.invalid")

MEETING_STATUS: dict[str, str] = {
    Meeting.Status.PROPOSED: "TENTATIVE",
    Meeting.Status.CONFIRMED: "CONFIRMED",
    Meeting.Status.HELD: "CONFIRMED",
    Meeting.Status.CANCELLED: "CANCELLED",
}
SLOT_STATUS: dict[str, str] = {
    SpeakingSlot.Status.INVITED: "TENTATIVE",
    SpeakingSlot.Status.CONFIRMED: "CONFIRMED",
    SpeakingSlot.Status.DELIVERED: "CONFIRMED",
    SpeakingSlot.Status.CANCELLED: "CANCELLED",
}


def meeting_uid(meeting: Meeting) -> str:
    return f"meeting-{meeting.pk}@{UID_DOMAIN}"


def slot_uid(slot: SpeakingSlot) -> str:
    return f"speaking-slot-{slot.pk}@{UID_DOMAIN}"


def _utc(value: dt.datetime) -> dt.datetime:
    return value.astimezone(dt.UTC)


def _local_line(starts_at: dt.datetime, ends_at: dt.datetime, tz_name: str, tz) -> str:
    start, end = starts_at.astimezone(tz), ends_at.astimezone(tz)
    return f"{start:%Y-%m-%d %H:%M}–{end:%H:%M} ({tz_name})"


def _calendar(name: str | None = None, time_zone: str | None = None, method: str | None = None) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if method:
        cal.add("method", method)
    if name:
        cal.add("x-wr-calname", name)
    if time_zone:
        cal.add("x-wr-timezone", time_zone)
    return cal


def _meeting_event(meeting: Meeting, stamp: dt.datetime, hidden: frozenset[str] = OFFICE_NOTES) -> Event:
    expo = meeting.expo
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", _utc(stamp))
    event.add("last-modified", _utc(meeting.updated_at or stamp))
    event.add("dtstart", _utc(meeting.starts_at))
    event.add("dtend", _utc(meeting.ends_at))
    event.add("summary", meeting.title)
    event.add("status", MEETING_STATUS.get(meeting.status, "TENTATIVE"))
    place = ", ".join(p for p in [meeting.venue.name if meeting.venue else "", meeting.location] if p)
    if meeting.venue and meeting.venue.address:
        place = f"{place} ({meeting.venue.address})" if place else meeting.venue.address
    if place:
        event.add("location", place)
    lines = [
        f"{expo.name} — {_local_line(meeting.starts_at, meeting.ends_at, expo.time_zone, expo.tz)}",
        f"{meeting.get_kind_display()} · {meeting.get_status_display()}",
    ]
    if meeting.language_a:
        pair = meeting.language_a + (f" ↔ {meeting.language_b}" if meeting.language_b else "")
        lines.append(f"Languages: {pair}")
    names = [
        str(a) + (f" ({a.get_role_display()})" if a.role != "participant" else "") for a in meeting.attendees.all()
    ]
    if names:
        lines.append("Attendees: " + "; ".join(names))
    if meeting.objectives and "objectives" not in hidden:
        lines += ["", "Objectives:", meeting.objectives]
    if meeting.agenda:
        lines += ["", "Agenda:", meeting.agenda]
    event.add("description", "\n".join(lines))
    event.add("categories", [meeting.get_kind_display()])
    event["x-expo-time-zone"] = vText(expo.time_zone)
    return event


def _slot_event(slot: SpeakingSlot, stamp: dt.datetime) -> Event:
    expo = slot.expo
    event = Event()
    event.add("uid", slot_uid(slot))
    event.add("sequence", slot.sequence)
    event.add("dtstamp", _utc(stamp))
    event.add("last-modified", _utc(slot.updated_at or stamp))
    event.add("dtstart", _utc(slot.starts_at))
    event.add("dtend", _utc(slot.ends_at))
    event.add("summary", f"{slot.get_kind_display()}: {slot.title}")
    event.add("status", SLOT_STATUS.get(slot.status, "TENTATIVE"))
    if slot.stage:
        event.add("location", slot.stage.name)
    lines = [f"{expo.name} — {_local_line(slot.starts_at, slot.ends_at, expo.time_zone, expo.tz)}"]
    if slot.event_name:
        lines.append(slot.event_name)
    speakers = [m.full_name for m in slot.speakers.all()]
    if speakers:
        lines.append("Speakers: " + "; ".join(speakers))
    panelists = [c.full_name for c in slot.panelists.all()]
    if panelists:
        lines.append("Panelists: " + "; ".join(panelists))
    if slot.moderator:
        lines.append(f"Moderator: {slot.moderator.full_name}")
    event.add("description", "\n".join(lines))
    event["x-expo-time-zone"] = vText(expo.time_zone)
    return event


def meeting_ics(*, meeting: Meeting, hidden: frozenset[str] = OFFICE_NOTES) -> bytes:
    """The ``.ics`` of one meeting (METHOD:CANCEL once it is cancelled, else PUBLISH), without the
    fields in ``hidden`` (by default the office's notes: pass what the reader may not see)."""
    method = "CANCEL" if meeting.status == Meeting.Status.CANCELLED else "PUBLISH"
    cal = _calendar(time_zone=meeting.expo.time_zone, method=method)
    cal.add_component(_meeting_event(meeting, timezone.now(), hidden))
    return cal.to_ical()


def feed_ics(*, name: str, time_zone: str | None, meetings: Iterable[Meeting], slots: Iterable[SpeakingSlot]) -> bytes:
    """A subscription feed (calendar apps poll it): every item, cancelled ones marked so; a feed's
    URL is a bearer secret calendar apps share freely, so it never carries the office's notes."""
    cal = _calendar(name=name, time_zone=time_zone, method="PUBLISH")
    cal.add("refresh-interval", dt.timedelta(hours=1), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT1H")
    stamp = timezone.now()
    for meeting in meetings:
        cal.add_component(_meeting_event(meeting, stamp))
    for slot in slots:
        cal.add_component(_slot_event(slot, stamp))
    return cal.to_ical()
