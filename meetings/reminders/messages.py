"""E-mails of the schedule: who receives them, and the reminders, notices, follow-up and deadline
reminders themselves.

Each message is rendered in the recipient's language and carries ``X-Expo-Reminder`` (the row
id) so deliveries can be counted and traced; meeting mails attach the meeting's ``.ics``.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.core.mail import EmailMessage
from django.db.models import Prefetch, prefetch_related_objects
from django.template.loader import render_to_string
from django.utils import formats, translation
from django.utils.translation import gettext as _

from meetings.calendars import meeting_ics
from meetings.models import FollowUp, Meeting, MeetingAttendee, Reminder, SlotDeadline
from meetings.visibility import hidden_meeting_fields


@dataclass(frozen=True)
class Recipient:
    email: str
    name: str
    language: str
    home_time_zone: str


def attendee_recipient(attendee: MeetingAttendee, *, meeting: Meeting) -> Recipient | None:
    """The address, language and home zone of an attendee, or None when there is nobody to write to.

    Members are written to whenever they have an address. A guest (contact) only when the office
    said so for this meeting (``notify_contacts``) and the contact is not marked "never e-mail"
    (reached through their protocol office).
    """
    member = attendee.member
    if member is not None:
        if not member.email:
            return None
        preference = member_preference(member.user) if member.user_id else None
        language = member.preferred_language or getattr(preference, "language", "") or "en"
        home = member.home_time_zone or getattr(preference, "home_time_zone", "") or ""
        return Recipient(member.email, member.full_name, language, home)
    contact = attendee.contact
    if contact is not None:
        if not contact.email or contact.never_email or not meeting.notify_contacts:
            return None
        return Recipient(contact.email, contact.full_name, contact.preferred_language or "en", "")
    return None  # exhibitors are reached through their representatives, who are members


def member_preference(user):
    try:
        return user.preference
    except ObjectDoesNotExist:  # no preferences saved
        return None


TEMPLATES: dict[str, str] = {
    Reminder.Kind.REMINDER: "meetings/email/reminder.txt",
    Reminder.Kind.CONFIRMATION: "meetings/email/confirmation.txt",
    Reminder.Kind.RESCHEDULED: "meetings/email/rescheduled.txt",
    Reminder.Kind.CANCELLED: "meetings/email/cancelled.txt",
}
# Mails and the guests' response page also speak Korean (the host country's language at the
# expo), which the office's own pages do not offer.
GUEST_LANGUAGES = ("en", "zh-hant", "ko")
SUPPORTED_LANGUAGES = {code for code, _name in settings.LANGUAGES} | set(GUEST_LANGUAGES)


def recipient_language(code: str | None) -> str:
    """Map a stored language ('zh-TW', 'zh-Hant', 'en-GB', 'ko-KR' …) onto one mails are translated into."""
    code = (code or "").lower().replace("_", "-")
    if code in SUPPORTED_LANGUAGES:
        return code
    if code.startswith("zh") and any(part in code for part in ("hant", "tw", "hk", "mo")):
        return "zh-hant"
    base = code.split("-")[0]
    if base in SUPPORTED_LANGUAGES:
        return base
    return settings.LANGUAGE_CODE


def _zone(name: str) -> zoneinfo.ZoneInfo | None:
    try:
        return zoneinfo.ZoneInfo(name) if name else None
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


def time_range(starts_at: dt.datetime, ends_at: dt.datetime, zone: zoneinfo.ZoneInfo) -> str:
    """'Sat 4 Sep 2027, 10:00–11:00 (Asia/Seoul)' in the active language's date format."""
    start, end = starts_at.astimezone(zone), ends_at.astimezone(zone)
    day = formats.date_format(start, "DATE_FORMAT")
    if start.date() == end.date():
        return f"{day} {start:%H:%M}–{end:%H:%M} ({zone.key})"
    return f"{day} {start:%H:%M} – {formats.date_format(end, 'DATE_FORMAT')} {end:%H:%M} ({zone.key})"


@dataclass
class MeetingFacts:
    """What every mail about one meeting shares; built once per meeting per batch."""

    attendees: list[str]
    place: str
    ics: bytes


ATTENDEES = Prefetch(
    "attendees",
    queryset=MeetingAttendee.objects.select_related("member", "contact__organization", "exhibitor").order_by("id"),
)


def prefetch_meeting_attendees(meetings: list[Meeting]) -> None:
    """One query for the attendee lists of many meetings (what ``meeting_facts`` reads)."""
    prefetch_related_objects(meetings, ATTENDEES)


def attendee_label(person: object) -> str:
    """How a mail lists someone on the meeting: 'Name (native name), Organisation'."""
    label = str(person)
    native = getattr(person, "native_name", "")
    if native and native != label:
        label = f"{label} ({native})"
    organization = getattr(person, "organization", None)
    if organization is not None:
        label = f"{label}, {organization}"
    return label


def meeting_place(meeting: Meeting) -> str:
    """Venue, free-text place and the venue's address, as mails and the guests' page show them."""
    parts = [meeting.venue.name if meeting.venue else "", meeting.location]
    if meeting.venue and meeting.venue.address:
        parts.append(meeting.venue.address)
    return ", ".join(p for p in parts if p)


def meeting_facts(meeting: Meeting, cache: dict | None = None) -> MeetingFacts:
    key = (meeting.pk, meeting.sequence, meeting.status, meeting.updated_at)
    if cache is not None and key in cache:
        return cache[key]
    if "attendees" not in getattr(meeting, "_prefetched_objects_cache", {}):
        prefetch_meeting_attendees([meeting])
    names = [
        attendee_label(attendee.member or attendee.contact or attendee.exhibitor)
        for attendee in meeting.attendees.all()
    ]
    # Attached to mails for guests and exhibitors too: the calendar file of one who may see least.
    ics = meeting_ics(meeting=meeting, hidden=hidden_meeting_fields(None))
    facts = MeetingFacts(names, meeting_place(meeting), ics)
    if cache is not None:
        if len(cache) > 256:
            cache.clear()
        cache[key] = facts
    return facts


def render_meeting_mail(
    *,
    meeting: Meeting,
    kind: str,
    recipient: Recipient,
    place: str,
    attendees: list[str],
    offset_minutes: int = 0,
    previous_starts_at: dt.datetime | None = None,
    response_url: str = "",
) -> tuple[str, str, str]:
    """(language, subject, body) of a meeting mail: also what the meeting form previews for guests."""
    expo = meeting.expo
    language = recipient_language(recipient.language)
    home = _zone(recipient.home_time_zone)
    with translation.override(language):
        context = {
            "meeting": meeting,
            "expo": expo,
            "recipient": recipient,
            "offset": _offset_text(offset_minutes),
            "expo_time": time_range(meeting.starts_at, meeting.ends_at, expo.tz),
            "home_time": time_range(meeting.starts_at, meeting.ends_at, home)
            if home is not None and home.key != expo.time_zone
            else "",
            "previous_time": time_range(
                previous_starts_at,
                previous_starts_at + (meeting.ends_at - meeting.starts_at),
                expo.tz,
            )
            if previous_starts_at
            else "",
            "place": place,
            "attendees": attendees,
            "kind": meeting.get_kind_display(),
            "response_url": response_url,
        }
        subject = _subject(kind, meeting.title, str(context["expo_time"]))
        body = render_to_string(TEMPLATES[kind], context)
    return language, subject, body


def reminder_message(
    *, reminder: Reminder, recipient: Recipient, connection=None, cache: dict | None = None, response_url: str = ""
) -> EmailMessage:
    """The e-mail for one reminder or notice row, rendered in the recipient's language.

    A guest's mail (other than a cancellation) carries their personal ``response_url``.
    """
    meeting = reminder.meeting
    facts = meeting_facts(meeting, cache)
    language, subject, body = render_meeting_mail(
        meeting=meeting,
        kind=reminder.kind,
        recipient=recipient,
        place=facts.place,
        attendees=facts.attendees,
        offset_minutes=reminder.offset_minutes,
        previous_starts_at=reminder.previous_starts_at,
        response_url=response_url,
    )
    message = EmailMessage(
        subject=subject,
        body=body,
        to=[recipient.email],
        connection=connection,
        headers={
            "X-Expo-Reminder": str(reminder.pk),
            "X-Expo-Kind": reminder.kind,
            "Content-Language": language,
        },
    )
    message.attach("meeting.ics", facts.ics, "text/calendar")
    return message


def _offset_text(minutes: int) -> str:
    if minutes and minutes % (24 * 60) == 0:
        days = minutes // (24 * 60)
        return translation.ngettext("%(n)d day", "%(n)d days", days) % {"n": days}
    if minutes and minutes % 60 == 0:
        hours = minutes // 60
        return translation.ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours}
    return translation.ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes}


def _subject(kind: str, title: str, when: str) -> str:
    if kind == Reminder.Kind.CONFIRMATION:
        text = _("Meeting: %(title)s, %(when)s")
    elif kind == Reminder.Kind.RESCHEDULED:
        text = _("Time changed: %(title)s, now %(when)s")
    elif kind == Reminder.Kind.CANCELLED:
        text = _("Cancelled: %(title)s, %(when)s")
    else:
        text = _("Reminder: %(title)s, %(when)s")
    # Subjects must stay on one line whatever the title holds.
    return " ".join((text % {"title": title, "when": when}).split())


def _owner_language(user) -> str:
    preference = getattr(user, "preference", None)
    return recipient_language(getattr(preference, "language", "") if preference else "")


def follow_up_message(*, follow_up: FollowUp, connection=None) -> EmailMessage:
    """Reminder to the owner of a follow-up that has come due."""
    owner, due_on = follow_up.owner, follow_up.due_on
    if owner is None or due_on is None:
        raise ValueError("only a follow-up with an owner and a due date is reminded")
    language = _owner_language(owner)
    with translation.override(language):
        context = {"follow_up": follow_up, "owner": owner, "due": formats.date_format(due_on, "DATE_FORMAT")}
        subject = " ".join((_("Follow-up due: %(title)s") % {"title": follow_up.title}).split())
        body = render_to_string("meetings/email/follow_up.txt", context)
    return EmailMessage(
        subject=subject,
        body=body,
        to=[owner.email],
        connection=connection,
        headers={"X-Expo-Follow-Up": str(follow_up.pk), "Content-Language": language},
    )


def slot_deadline_message(*, deadline: SlotDeadline, connection=None) -> EmailMessage:
    """Reminder to the owner of a speaking-slot deadline (bio, photo, slides …) that has come due."""
    owner = deadline.owner
    if owner is None:
        raise ValueError("only a deadline with an owner is reminded")
    slot = deadline.slot
    language = _owner_language(owner)
    with translation.override(language):
        context = {
            "deadline": deadline,
            "slot": slot,
            "owner": owner,
            "what": deadline.get_kind_display(),
            "due": formats.date_format(deadline.due_on, "DATE_FORMAT"),
            "slot_time": time_range(slot.starts_at, slot.ends_at, slot.expo.tz),
        }
        subject = " ".join((_("Due for %(slot)s: %(what)s") % {"slot": slot.title, "what": context["what"]}).split())
        body = render_to_string("meetings/email/slot_deadline.txt", context)
    return EmailMessage(
        subject=subject,
        body=body,
        to=[owner.email],
        connection=connection,
        headers={"X-Expo-Slot-Deadline": str(deadline.pk), "Content-Language": language},
    )
