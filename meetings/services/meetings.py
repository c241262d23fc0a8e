"""Meetings: create, edit, reschedule, cancel — with their busy time, calendars and reminders."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import EllipsisType
from typing import TYPE_CHECKING, Any, TypedDict

import pghistory
from django.db import transaction
from django.utils.translation import gettext as _

from delegations.models import BusyTime, Contact, Expo, Member, Venue
from exhibitors.models import Exhibitor
from meetings import reminders
from meetings.models import Meeting, MeetingAttendee
from meetings.services.common import FieldErrors, check_times
from meetings.services.timeline import Footprint, TravelBufferWarning, timeline_write, travel_warnings

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from common.actors import Actor

SOURCE = BusyTime.Source.MEETING
ATTENDEE_TYPES = ("member", "contact", "exhibitor")

# Which status may follow which; cancelling frees the busy time, reinstating re-checks it.
TRANSITIONS: dict[str, set[str]] = {
    Meeting.Status.PROPOSED: {Meeting.Status.CONFIRMED, Meeting.Status.CANCELLED},
    Meeting.Status.CONFIRMED: {Meeting.Status.PROPOSED, Meeting.Status.HELD, Meeting.Status.CANCELLED},
    Meeting.Status.HELD: {Meeting.Status.CONFIRMED},
    Meeting.Status.CANCELLED: {Meeting.Status.PROPOSED},
}

EDITABLE = frozenset(
    {
        "title",
        "kind",
        "status",
        "starts_at",
        "ends_at",
        "venue",
        "location",
        "language_a",
        "language_b",
        "objectives",
        "agenda",
        "outcome",
        "notify_contacts",
    }
)
TEXT_LIMITS = {"title": 300, "location": 300, "language_a": 12, "language_b": 12}


class MeetingFields(TypedDict, total=False):
    """The fields ``meeting_update`` may change (``EDITABLE``)."""

    title: str
    kind: str
    status: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    venue: Venue | None
    location: str | None
    language_a: str | None
    language_b: str | None
    objectives: str | None
    agenda: str | None
    outcome: str | None
    notify_contacts: bool


class AttendeeInput(TypedDict, total=False):
    """One attendee as callers give it: ``{"type": "member", "id": 3, "role": "lead"}``.

    Pages and the API pass what people sent, so every key is checked again (``clean_attendees``)."""

    type: str
    id: int
    role: str | None


def _actor_id(actor: Actor | None) -> int | None:
    return getattr(actor, "pk", None) if getattr(actor, "is_authenticated", False) else None


# --- Attendees ---------------------------------------------------------------------------------


def _attendee_key(row: MeetingAttendee) -> tuple[str, int]:
    if row.member_id:
        return ("member", row.member_id)
    if row.contact_id:
        return ("contact", row.contact_id)
    if row.exhibitor_id:
        return ("exhibitor", row.exhibitor_id)
    raise ValueError("an attendee is a member, a contact or an exhibitor")  # a check constraint of the table


def clean_attendees(
    *, expo: Expo, attendees: Iterable[AttendeeInput], errors: FieldErrors
) -> dict[tuple[str, int], str]:
    """``[{"type","id","role"}]`` → {(type, id): role}; every problem is one message on ``attendees``."""
    wanted: dict[tuple[str, int], str] = {}
    roles = set(MeetingAttendee.Role.values)
    for position, raw in enumerate(attendees, start=1):
        kind, pk, role = raw.get("type"), raw.get("id"), raw.get("role") or MeetingAttendee.Role.PARTICIPANT
        if kind not in ATTENDEE_TYPES:
            errors.add("attendees", _("Attendee %(n)d: type must be member, contact or exhibitor.") % {"n": position})
            continue
        if isinstance(pk, bool) or not isinstance(pk, int):
            errors.add("attendees", _("Attendee %(n)d: id must be a whole number.") % {"n": position})
            continue
        if role not in roles:
            errors.add(
                "attendees",
                _("Attendee %(n)d: role must be one of %(roles)s.")
                % {"n": position, "roles": ", ".join(sorted(roles))},
            )
            continue
        if (kind, pk) in wanted:
            errors.add(
                "attendees",
                _("Attendee %(n)d: %(type)s %(id)d is listed twice.") % {"n": position, "type": kind, "id": pk},
            )
            continue
        wanted[(kind, pk)] = role
    ids = {kind: {pk for (k, pk) in wanted if k == kind} for kind in ATTENDEE_TYPES}
    found = {
        "member": set(Member.objects.filter(pk__in=ids["member"], delegation__expo=expo).values_list("pk", flat=True)),
        "contact": set(Contact.objects.filter(pk__in=ids["contact"]).values_list("pk", flat=True)),
        "exhibitor": set(
            Exhibitor.objects.filter(pk__in=ids["exhibitor"], pavilion__expo=expo).values_list("pk", flat=True)
        ),
    }
    for kind in ATTENDEE_TYPES:
        for pk in sorted(ids[kind] - found[kind]):
            errors.add("attendees", _("There is no %(type)s %(id)d at this expo.") % {"type": kind, "id": pk})
    return wanted


def _write_attendees(*, meeting: Meeting, wanted: dict[tuple[str, int], str]) -> list[int]:
    """Make the attendee rows match ``wanted``; returns the ids of rows that are new."""
    existing = {_attendee_key(row): row for row in meeting.attendees.all()}
    gone = [row.pk for key, row in existing.items() if key not in wanted]
    if gone:
        MeetingAttendee.objects.filter(pk__in=gone).delete()
    added: list[int] = []
    for key, role in wanted.items():
        row = existing.get(key)
        if row is None:
            kind, pk = key
            row = MeetingAttendee.objects.create(meeting=meeting, role=role, **{f"{kind}_id": pk})
            added.append(row.pk)
        elif row.role != role:
            row.role = role
            row.save(update_fields=["role"])
    return added


# --- Validation ---------------------------------------------------------------------------------


def _check_fields(*, meeting: Meeting, errors: FieldErrors, confirm_outside_expo: bool) -> None:
    if not (meeting.title or "").strip():
        errors.add("title", _("Give the meeting a title."))
    for field, limit in TEXT_LIMITS.items():
        if len(getattr(meeting, field) or "") > limit:
            errors.add(field, _("At most %(limit)d characters.") % {"limit": limit})
    if meeting.kind not in Meeting.Kind.values:
        errors.add("kind", _("Choose one of: %(kinds)s.") % {"kinds": ", ".join(Meeting.Kind.values)})
    if meeting.status not in Meeting.Status.values:
        errors.add("status", _("Choose one of: %(statuses)s.") % {"statuses": ", ".join(Meeting.Status.values)})
    if meeting.venue is not None and meeting.venue.expo_id != meeting.expo_id:
        errors.add("venue", _("This venue belongs to another expo."))
    if meeting.language_b and not meeting.language_a:
        errors.add("language_a", _("Give the language the meeting is held in."))
    check_times(
        expo=meeting.expo,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        errors=errors,
        confirm_outside_expo=confirm_outside_expo,
    )


def meeting_footprint(*, meeting: Meeting, wanted: dict[tuple[str, int], str] | None = None) -> Footprint | None:
    """The busy time a meeting holds: its members and contacts, and its venue if bookable.

    Exhibitors as attendees hold no busy time themselves (their people are members).
    A cancelled meeting holds none.
    """
    if meeting.status == Meeting.Status.CANCELLED:
        return None
    keys = wanted.keys() if wanted is not None else [_attendee_key(row) for row in meeting.attendees.all()]
    venue_ids: tuple[int, ...] = ()
    if meeting.venue is not None and meeting.venue.bookable:
        venue_ids = (meeting.venue.pk,)
    return Footprint(
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        member_ids=tuple(sorted(pk for kind, pk in keys if kind == "member")),
        contact_ids=tuple(sorted(pk for kind, pk in keys if kind == "contact")),
        venue_ids=venue_ids,
        label=meeting.title,
    )


def _check_travel(*, meeting: Meeting, footprint: Footprint | None, override_travel: bool) -> None:
    if override_travel or footprint is None:
        return
    warnings = travel_warnings(
        expo=meeting.expo, footprint=footprint, venue_id=meeting.venue_id, source=SOURCE, source_id=meeting.pk
    )
    if warnings:
        raise TravelBufferWarning(warnings=warnings)


# --- What an update changed ----------------------------------------------------------------------


_TEXT_FIELDS = ("location", "language_a", "language_b", "objectives", "agenda", "outcome")


def _apply_fields(*, meeting: Meeting, fields: Mapping[str, Any]) -> None:
    """Set the given fields on ``meeting`` (title trimmed, empty texts as "")."""
    for name, value in fields.items():
        if name == "title":
            value = str(value or "").strip()
        elif name in _TEXT_FIELDS:
            value = value or ""
        setattr(meeting, name, value)


def _check_transition(*, old: str, new: str, errors: FieldErrors) -> None:
    if new != old and new in Meeting.Status.values and new not in TRANSITIONS.get(old, set()):
        errors.add("status", _("A %(old)s meeting cannot become %(new)s.") % {"old": old, "new": new})


@dataclass(frozen=True)
class _State:
    """A meeting's editable fields (the venue as its id) and its attendees with their roles."""

    fields: dict[str, Any]
    attendees: dict[tuple[str, int], str]

    @classmethod
    def of(cls, meeting: Meeting, *, attendees: dict[tuple[str, int], str]) -> _State:
        fields = {name: getattr(meeting, name) for name in EDITABLE if name != "venue"}
        fields["venue_id"] = meeting.venue_id
        return cls(fields=fields, attendees=dict(attendees))


@dataclass(frozen=True)
class _Change:
    before: _State
    after: _State

    def _differs(self, name: str) -> bool:
        return self.before.fields[name] != self.after.fields[name]

    @property
    def any(self) -> bool:
        return self.before != self.after

    @property
    def times(self) -> bool:
        return self._differs("starts_at") or self._differs("ends_at")

    @property
    def moved(self) -> bool:
        """Other time, other place or other people: travel buffers are checked again."""
        return self.times or self._differs("venue_id") or self.before.attendees.keys() != self.after.attendees.keys()

    @property
    def timeline(self) -> bool:
        """Anything the busy time shows (it carries the title as its label)."""
        return self.moved or self._differs("status") or self._differs("title")

    @property
    def cancelled(self) -> bool:
        return self.after.fields["status"] == Meeting.Status.CANCELLED

    @property
    def reinstated(self) -> bool:
        return self.before.fields["status"] == Meeting.Status.CANCELLED and not self.cancelled

    @property
    def newly_cancelled(self) -> bool:
        return self.cancelled and self.before.fields["status"] != Meeting.Status.CANCELLED


def _notify_change(*, meeting: Meeting, change: _Change, added: list[int], tell_contacts: bool) -> None:
    """A cancellation notice, or a "time changed" notice and confirmations to new attendees.

    Guests hear only from a meeting that notifies them (``notify_contacts``), and not of this
    change when ``tell_contacts`` is false. Switching ``notify_contacts`` on sends them the
    invitation (instead of a "time changed" notice).
    """
    if change.newly_cancelled:
        reminders.notify_meeting_cancelled(meeting=meeting, include_contacts=tell_contacts)
        return
    if change.cancelled:
        return
    newly_inviting = meeting.notify_contacts and not change.before.fields["notify_contacts"]
    if change.times:
        reminders.notify_meeting_rescheduled(
            meeting=meeting,
            previous_starts_at=change.before.fields["starts_at"],
            include_contacts=tell_contacts and not newly_inviting,
        )
    invited = set(added)
    if newly_inviting and tell_contacts:
        invited |= {row.pk for row in meeting.attendees.all() if row.contact_id is not None}
    if invited:
        reminders.notify_attendees_added(meeting=meeting, attendee_ids=sorted(invited), include_contacts=tell_contacts)


def _reset_responses(*, meeting: Meeting) -> None:
    """A new time asks the guests again: earlier answers were about the old one (the log keeps them)."""
    MeetingAttendee.objects.filter(meeting_id=meeting.pk, contact__isnull=False).exclude(
        response=MeetingAttendee.Response.PENDING
    ).update(response=MeetingAttendee.Response.PENDING, proposed_starts_at=None, responded_at=None)


# --- Services ------------------------------------------------------------------------------------


@transaction.atomic
def meeting_create(
    *,
    actor: Actor | None,
    expo: Expo,
    title: str,
    kind: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    attendees: Iterable[AttendeeInput] = (),
    venue: Venue | None = None,
    location: str = "",
    status: str = Meeting.Status.PROPOSED,
    language_a: str = "",
    language_b: str = "",
    objectives: str = "",
    agenda: str = "",
    outcome: str = "",
    notify_contacts: bool = False,
    confirm_outside_expo: bool = False,
    override_travel: bool = False,
    notify: bool = True,
) -> Meeting:
    """Schedule a meeting.

    Side effects: a ``Meeting`` and its ``MeetingAttendee`` rows; ``BusyTime`` for member and
    contact attendees and a bookable venue (unless cancelled); reminder rows
    (``reminders_sync``) and a confirmation with the ``.ics`` to each attendee
    (``notify_attendees_added``, sent on commit) — to guests (contacts) only with
    ``notify_contacts``, their mails carrying a personal response link; a history event (pghistory).
    Raises ``ValidationError`` (per field), ``SchedulingConflict`` (double booking) or
    ``TravelBufferWarning`` (unless ``override_travel``); nothing is saved then.
    ``notify=False`` skips the confirmation e-mails (imports, demo data); reminders still apply.
    """
    errors = FieldErrors()
    meeting = Meeting(
        expo=expo,
        title=(title or "").strip(),
        kind=kind,
        status=status,
        starts_at=starts_at,
        ends_at=ends_at,
        venue=venue,
        location=location or "",
        language_a=language_a or "",
        language_b=language_b or "",
        objectives=objectives or "",
        agenda=agenda or "",
        outcome=outcome or "",
        notify_contacts=bool(notify_contacts),
        created_by_id=_actor_id(actor),
    )
    _check_fields(meeting=meeting, errors=errors, confirm_outside_expo=confirm_outside_expo)
    if status not in (Meeting.Status.PROPOSED, Meeting.Status.CONFIRMED) and "status" not in errors:
        errors.add("status", _("A new meeting is proposed or confirmed."))
    wanted = clean_attendees(expo=expo, attendees=attendees, errors=errors)
    errors.raise_if_any()

    with pghistory.context(user=_actor_id(actor), action="meeting.save"):
        meeting.save()
        added = _write_attendees(meeting=meeting, wanted=wanted)
    footprint = meeting_footprint(meeting=meeting, wanted=wanted)
    timeline_write(source=SOURCE, source_id=meeting.pk, footprint=footprint)
    _check_travel(meeting=meeting, footprint=footprint, override_travel=override_travel)

    reminders.reminders_sync(meeting=meeting)
    if added and notify:
        reminders.notify_attendees_added(meeting=meeting, attendee_ids=added)
    return meeting


@transaction.atomic
def meeting_update(
    *,
    meeting: Meeting,
    actor: Actor | None,
    attendees: Iterable[AttendeeInput] | None = None,
    confirm_outside_expo: bool = False,
    override_travel: bool = False,
    notify: bool = True,
    tell_contacts: bool = True,
    **fields: Unpack[MeetingFields],
) -> Meeting:
    """Change any of a meeting's fields, its status or its attendees (``None`` keeps them).

    Side effects: bumps ``sequence`` (calendar revision) on every change; rewrites its
    ``BusyTime`` when time, venue, status or attendees change (clashes raise
    ``SchedulingConflict``; cancelling frees it); re-syncs reminders; a "time changed" notice
    after a move, a cancellation notice after cancelling, a confirmation to new attendees
    (all sent on commit; ``notify=False`` skips them). Guests (contacts) get these only when
    the meeting has ``notify_contacts`` and ``tell_contacts`` is true; switching
    ``notify_contacts`` on sends them the invitation, switching it off stops their reminders.
    A new time puts the guests' answers back to pending. A history event. On any error
    nothing changes.
    """
    unknown = set(fields) - EDITABLE
    if unknown:
        raise TypeError(f"meeting_update() got unexpected fields: {', '.join(sorted(unknown))}")
    locked = Meeting.objects.select_for_update(of=("self",)).select_related("expo", "venue").get(pk=meeting.pk)
    before = _State.of(locked, attendees={_attendee_key(row): row.role for row in locked.attendees.all()})

    errors = FieldErrors()
    _apply_fields(meeting=locked, fields=fields)
    _check_transition(old=before.fields["status"], new=fields.get("status", before.fields["status"]), errors=errors)
    times_changed = locked.starts_at != before.fields["starts_at"] or locked.ends_at != before.fields["ends_at"]
    # The expo's-days check applies to new times only, so editing notes of an (already
    # confirmed) out-of-hours meeting needs no fresh confirmation.
    _check_fields(meeting=locked, errors=errors, confirm_outside_expo=confirm_outside_expo or not times_changed)
    wanted = (
        clean_attendees(expo=locked.expo, attendees=attendees, errors=errors)
        if attendees is not None
        else dict(before.attendees)
    )
    errors.raise_if_any()

    change = _Change(before=before, after=_State.of(locked, attendees=wanted))
    if not change.any:
        return locked

    locked.sequence += 1
    with pghistory.context(user=_actor_id(actor), action="meeting.save"):
        locked.save()
        added = _write_attendees(meeting=locked, wanted=wanted) if attendees is not None else []

    if change.timeline:
        footprint = meeting_footprint(meeting=locked, wanted=wanted)
        timeline_write(source=SOURCE, source_id=locked.pk, footprint=footprint)
        if change.moved or change.reinstated:
            _check_travel(meeting=locked, footprint=footprint, override_travel=override_travel)

    if change.times:
        _reset_responses(meeting=locked)
    reminders.reminders_sync(meeting=locked)
    if notify:
        _notify_change(meeting=locked, change=change, added=added, tell_contacts=tell_contacts)
    meeting.refresh_from_db()
    return locked


def meeting_reschedule(
    *,
    meeting: Meeting,
    actor: Actor | None,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    venue: Venue | EllipsisType | None = ...,
    confirm_outside_expo: bool = False,
    override_travel: bool = False,
    notify: bool = True,
    tell_contacts: bool = True,
) -> Meeting:
    """Move a meeting in time (and optionally to another venue); see ``meeting_update``."""
    fields: MeetingFields = {"starts_at": starts_at, "ends_at": ends_at}
    if not isinstance(venue, EllipsisType):
        fields["venue"] = venue
    return meeting_update(
        meeting=meeting,
        actor=actor,
        confirm_outside_expo=confirm_outside_expo,
        override_travel=override_travel,
        notify=notify,
        tell_contacts=tell_contacts,
        **fields,
    )


def meeting_cancel(
    *, meeting: Meeting, actor: Actor | None, notify: bool = True, tell_contacts: bool = True
) -> Meeting:
    """Cancel a meeting: frees its busy time, stops its reminders, tells the attendees.

    Side effects: as ``meeting_update`` with ``status="cancelled"`` (guests are told only when
    the meeting notifies them and ``tell_contacts``; their response links stop working).
    Cancelling a cancelled meeting changes nothing.
    """
    if meeting.status == Meeting.Status.CANCELLED:
        return meeting
    return meeting_update(
        meeting=meeting, actor=actor, status=Meeting.Status.CANCELLED, notify=notify, tell_contacts=tell_contacts
    )
