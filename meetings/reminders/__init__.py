"""Reminders and notices: rows in the database, swept by beat, delivered by workers.

The database is the source of truth (DESIGN.md). ``scheduling`` writes the rows inside the
scheduling services' transactions; ``delivery`` claims and sends them; ``messages`` renders the
mails. ``meetings.tasks`` only calls in.

Scheduling services only write ``Reminder`` rows (notices are rows of another ``kind``), so a
rolled-back transaction leaves nothing behind and a committed one cannot lose its mail even if the
broker is down at that moment. After commit a worker is nudged so notices go out at once; the beat
sweep (``reminders_claim``) picks up whatever the nudge missed.

Delivery states: pending → sending (claimed by a sweep) → sent | pending again with back-off |
failed after the last attempt. A sweep claims what falls due before the next sweep and hands it
over with an ETA of at most one sweep interval, so reminders go out on time, not up to one
interval late; no message ever waits on the broker longer than that. A row left in
``sending`` longer than ``REMINDER_CLAIM_TIMEOUT`` (worker killed after the claim, broker lost
the message) is claimed again, so a crash delays a reminder but never drops it. A row is sent
twice only if its worker dies between handing the mail to the mail server and committing
``sent`` (or PostgreSQL itself crashes within a fraction of a second of that commit, which is
made without waiting for the disk flush — see ``delivery._LOCK_SQL``; ``REMINDER_ASYNC_COMMIT=False``
makes it wait).
"""

from meetings.reminders.delivery import (
    DeliveryOutcome,
    follow_up_remind,
    follow_ups_due,
    reminder_deliver,
    reminders_claim,
    reminders_claim_due,
    reminders_deliver,
    reminders_release,
    reminders_sweep,
    slot_deadline_remind,
    slot_deadlines_due,
)
from meetings.reminders.messages import Recipient, attendee_recipient
from meetings.reminders.scheduling import (
    notices_committed,
    notify_attendees_added,
    notify_meeting_cancelled,
    notify_meeting_rescheduled,
    reminders_sync,
)

__all__ = [
    "DeliveryOutcome",
    "Recipient",
    "attendee_recipient",
    "follow_up_remind",
    "follow_ups_due",
    "notices_committed",
    "notify_attendees_added",
    "notify_meeting_cancelled",
    "notify_meeting_rescheduled",
    "reminder_deliver",
    "reminders_claim",
    "reminders_claim_due",
    "reminders_deliver",
    "reminders_release",
    "reminders_sweep",
    "reminders_sync",
    "slot_deadline_remind",
    "slot_deadlines_due",
]
