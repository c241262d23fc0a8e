"""Reminder rows written by the scheduling services, inside their transaction.

* ``reminders_sync(meeting=...)`` after any change of a meeting's time, status or attendees;
* ``notify_meeting_rescheduled`` / ``notify_meeting_cancelled`` / ``notify_attendees_added``
  after a reschedule, a cancellation or new attendees.

Only rows are written, so a rolled-back transaction leaves nothing behind; after commit the
``notices_committed`` signal asks a worker to send the new notices at once (``meetings.tasks``
listens), and the beat sweep picks up whatever that missed.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence

from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone

from meetings.models import Meeting, MeetingAttendee, Reminder
from meetings.reminders.messages import attendee_recipient, member_preference

logger = logging.getLogger(__name__)

ACTIVE_STATUSES = frozenset({Meeting.Status.PROPOSED, Meeting.Status.CONFIRMED})
OPEN_STATES = (Reminder.State.PENDING, Reminder.State.SENDING)

# Sent after commit with ``reminder_ids``: notices ready to go out now.
notices_committed = Signal()


def attendee_offsets(attendee: MeetingAttendee, expo_offsets: Sequence[int]) -> list[int]:
    """Minutes before the start: the member's own choice if they made one, else the expo's."""
    member = attendee.member
    if member is not None and member.user is not None:
        preference = member_preference(member.user)
        if preference is not None and preference.reminder_offsets is not None:
            return sorted(set(preference.reminder_offsets))
    return sorted(set(expo_offsets or []))


def _attendees(meeting: Meeting, ids: Iterable[int] | None = None) -> list[MeetingAttendee]:
    qs = MeetingAttendee.objects.filter(meeting_id=meeting.pk).select_related("member__user__preference", "contact")
    if ids is not None:
        qs = qs.filter(id__in=list(ids))
    return list(qs.order_by("id"))


# --- Called by the scheduling services --------------------------------------------------------


def reminders_sync(*, meeting: Meeting) -> None:
    """Bring the meeting's reminder rows in line with its time, status and attendees.

    Side effects: creates rows for new (attendee, offset) pairs — ``skipped`` when their moment
    has already passed, since the confirmation covers it; moves the due time of rows whose
    meeting moved (``pending`` again, or ``skipped`` if the new moment has passed); cancels open
    rows of a meeting that is cancelled or held, of attendees without an address and of offsets
    no longer wanted. Sends nothing itself.
    """
    now = timezone.now()
    with transaction.atomic():
        rows = {
            (r.attendee_id, r.offset_minutes): r
            for r in Reminder.objects.select_for_update().filter(meeting_id=meeting.pk, kind=Reminder.Kind.REMINDER)
        }
        wanted: dict[tuple[int, int], dt.datetime] = {}
        if meeting.status in ACTIVE_STATUSES:
            # Elapsed time, not wall-clock time: subtract in UTC so a DST change between the
            # reminder and the meeting (in any zone the value may carry) cannot shift it.
            starts_at = meeting.starts_at.astimezone(dt.UTC)
            expo_offsets = meeting.expo.reminder_offsets
            for attendee in _attendees(meeting):
                if attendee_recipient(attendee, meeting=meeting) is None:
                    continue
                for offset in attendee_offsets(attendee, expo_offsets):
                    wanted[(attendee.pk, offset)] = starts_at - dt.timedelta(minutes=offset)

        new_rows: list[Reminder] = []
        changed: list[Reminder] = []
        for (attendee_id, offset), due_at in wanted.items():
            row = rows.get((attendee_id, offset))
            state = Reminder.State.PENDING if due_at > now else Reminder.State.SKIPPED
            if row is None:
                new_rows.append(
                    Reminder(
                        meeting_id=meeting.pk,
                        attendee_id=attendee_id,
                        kind=Reminder.Kind.REMINDER,
                        offset_minutes=offset,
                        due_at=due_at,
                        state=state,
                    )
                )
            elif row.due_at != due_at or row.state == Reminder.State.CANCELLED:
                _reset(row, due_at=due_at, state=state)
                changed.append(row)
        for key, row in rows.items():
            if key not in wanted and row.state in (*OPEN_STATES, Reminder.State.FAILED):
                row.state = Reminder.State.CANCELLED
                row.claimed_at = None
                row.next_attempt_at = None
                changed.append(row)
        if new_rows:
            Reminder.objects.bulk_create(new_rows)
        if changed:
            Reminder.objects.bulk_update(
                changed, ["due_at", "state", "attempts", "claimed_at", "next_attempt_at", "sent_at", "last_error"]
            )


def _reset(row: Reminder, *, due_at: dt.datetime, state: str) -> None:
    row.due_at = due_at
    row.state = state
    row.attempts = 0
    row.claimed_at = None
    row.next_attempt_at = None
    row.sent_at = None
    row.last_error = ""


def notify_meeting_rescheduled(
    *, meeting: Meeting, previous_starts_at: dt.datetime, include_contacts: bool = True
) -> None:
    """Queue a "time changed" notice (with the updated .ics) to every attendee with an address.

    Guests are included only when the meeting notifies them and ``include_contacts`` (the office
    may move a meeting without telling its guests yet). Side effects: one notice row per
    attendee, delivered after commit.
    """
    _notice(
        meeting=meeting,
        kind=Reminder.Kind.RESCHEDULED,
        previous_starts_at=previous_starts_at,
        include_contacts=include_contacts,
    )


def notify_meeting_cancelled(*, meeting: Meeting, include_contacts: bool = True) -> None:
    """Queue a cancellation notice (with a cancelled .ics) to every attendee with an address.

    Side effects: one notice row per attendee (guests as for ``notify_meeting_rescheduled``),
    delivered after commit; earlier notices of the meeting still waiting are dropped (the
    cancellation supersedes them).
    """
    Reminder.objects.filter(meeting_id=meeting.pk, state__in=OPEN_STATES).exclude(
        kind__in=[Reminder.Kind.REMINDER, Reminder.Kind.CANCELLED]
    ).update(state=Reminder.State.CANCELLED, claimed_at=None, next_attempt_at=None)
    _notice(meeting=meeting, kind=Reminder.Kind.CANCELLED, include_contacts=include_contacts)


def notify_attendees_added(*, meeting: Meeting, attendee_ids: Iterable[int], include_contacts: bool = True) -> None:
    """Queue a confirmation with the meeting's .ics to the given attendees (new meeting or late add).

    Side effects: one notice row per attendee with an address (guests only when the meeting
    notifies them and ``include_contacts``), delivered after commit.
    """
    _notice(
        meeting=meeting,
        kind=Reminder.Kind.CONFIRMATION,
        attendee_ids=list(attendee_ids),
        include_contacts=include_contacts,
    )


def _notice(
    *,
    meeting: Meeting,
    kind: str,
    attendee_ids: list[int] | None = None,
    previous_starts_at: dt.datetime | None = None,
    include_contacts: bool = True,
) -> None:
    now = timezone.now()
    rows = [
        Reminder(
            meeting_id=meeting.pk,
            attendee_id=attendee.pk,
            kind=kind,
            offset_minutes=0,
            due_at=now,
            state=Reminder.State.PENDING,
            previous_starts_at=previous_starts_at,
        )
        for attendee in _attendees(meeting, attendee_ids)
        if attendee_recipient(attendee, meeting=meeting) is not None
        and (include_contacts or attendee.contact_id is None)
    ]
    if not rows:
        return
    with transaction.atomic():
        created = Reminder.objects.bulk_create(rows)
    ids = [row.pk for row in created]
    transaction.on_commit(lambda: _nudge(ids))


def _nudge(ids: list[int]) -> None:
    """Announce freshly committed notices; the listener in ``meetings.tasks`` hands them to a worker."""
    notices_committed.send(sender=Reminder, reminder_ids=ids)
