"""Sweep and delivery of reminder rows (called by ``meetings.tasks``), and the morning reminders
of follow-ups and speaking-slot deadlines.

Delivery states: pending → sending (claimed by a sweep) → sent | pending again with back-off |
failed after the last attempt. See the package docstring for the guarantees.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
import time
import zoneinfo
from collections.abc import Callable, Sequence

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from meetings.models import FollowUp, Meeting, Reminder, SlotDeadline
from meetings.reminders.messages import (
    attendee_recipient,
    follow_up_message,
    member_preference,
    prefetch_meeting_attendees,
    reminder_message,
    slot_deadline_message,
)
from meetings.reminders.scheduling import ACTIVE_STATUSES, OPEN_STATES
from meetings.response_links import response_link_issue, response_url

logger = logging.getLogger(__name__)


def _setting(name: str, default: float) -> float:
    return float(getattr(settings, name, default))


def claim_timeout() -> dt.timedelta:
    """How long a claimed row may stay in ``sending`` before a later sweep claims it again."""
    return dt.timedelta(seconds=_setting("REMINDER_CLAIM_TIMEOUT", 30))


def max_attempts() -> int:
    return int(_setting("REMINDER_MAX_ATTEMPTS", 5))


def retry_delay(attempts: int) -> dt.timedelta:
    """Exponential back-off after ``attempts`` failed attempts: 30 s, 60 s, 120 s … capped at 1 h."""
    base = _setting("REMINDER_RETRY_BASE_SECONDS", 30)
    return dt.timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), 3600))


_CLAIM_SQL = """
UPDATE meetings_reminder SET state = 'sending', claimed_at = %(now)s
WHERE id IN (
    SELECT id FROM meetings_reminder
    WHERE (state = 'pending' AND due_at <= %(until)s
           AND (next_attempt_at IS NULL OR next_attempt_at <= %(now)s))
       OR (state = 'sending' AND claimed_at < %(stale)s)
    ORDER BY due_at, meeting_id, id
    LIMIT %(limit)s
    FOR UPDATE SKIP LOCKED
)
RETURNING id, due_at
"""


def reminders_claim(
    *, limit: int = 100, now: dt.datetime | None = None, horizon: dt.timedelta = dt.timedelta(0)
) -> list[tuple[int, dt.datetime]]:
    """Claim up to ``limit`` rows due by ``now + horizon`` (pending → sending): [(id, due_at)].

    Rows locked by another sweep are skipped, so two beats running at once claim disjoint rows;
    rows stuck in ``sending`` past the claim timeout are claimed again. A sweep looks one sweep
    interval ahead and hands those rows over with an ETA no later than that, so a reminder does
    not wait for the next sweep after its moment.
    """
    now = now or timezone.now()
    params: dict[str, dt.datetime | int] = {
        "now": now,
        "until": now + horizon,
        "stale": now - claim_timeout(),
        "limit": limit,
    }
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(_CLAIM_SQL, params)
        return sorted(cursor.fetchall(), key=lambda row: (row[1], row[0]))


def reminders_claim_due(*, limit: int = 100, now: dt.datetime | None = None) -> list[int]:
    """Claim up to ``limit`` rows already due; returns their ids (see ``reminders_claim``)."""
    return sorted(reminder_id for reminder_id, _due in reminders_claim(limit=limit, now=now))


def claim_horizon() -> dt.timedelta:
    """How far ahead a sweep claims: one sweep interval, never more than a minute."""
    return dt.timedelta(seconds=min(_setting("REMINDER_SWEEP_SECONDS", 10), 60))


def group_by_second(claimed: Sequence[tuple[int, dt.datetime]]) -> list[tuple[dt.datetime, list[int]]]:
    """Claimed rows grouped by the whole second at (or just after) which they fall due."""
    groups: dict[dt.datetime, list[int]] = {}
    for reminder_id, due_at in claimed:
        second = due_at.replace(microsecond=0)
        if second < due_at:
            second += dt.timedelta(seconds=1)
        groups.setdefault(second, []).append(reminder_id)
    return sorted(groups.items())


def reminders_sweep(*, hand_over: Callable[[list[int], dt.datetime | None], None]) -> int:
    """Claim every reminder due before the next sweep, in small batches, and pass each whole second's
    rows to ``hand_over(ids, eta)`` — ``eta`` None when already due, else at most one sweep interval
    ahead (short enough that no broker holds it long; if the message is lost, the claim times out).

    Returns how many rows were handed over. If ``hand_over`` raises (broker gone mid-sweep), the
    batch's rows are given back for the next sweep and the error propagates.
    """
    batch = int(getattr(settings, "REMINDER_BATCH_SIZE", 50))
    ceiling = int(getattr(settings, "REMINDER_SWEEP_MAX", 20_000))
    horizon = claim_horizon()
    handed = 0
    while handed < ceiling:
        now = timezone.now()
        claimed = reminders_claim(limit=batch, now=now, horizon=horizon)
        if not claimed:
            break
        try:
            for second, ids in group_by_second(claimed):
                hand_over(ids, second if second > now else None)
        except Exception:
            reminders_release(reminder_ids=[reminder_id for reminder_id, _due in claimed])
            raise
        handed += len(claimed)
        if len(claimed) < batch:
            break
    return handed


def reminders_release(*, reminder_ids: Sequence[int]) -> None:
    """Give claimed rows back (the broker refused the hand-over) so the next sweep retries them."""
    Reminder.objects.filter(id__in=list(reminder_ids), state=Reminder.State.SENDING).update(
        state=Reminder.State.PENDING, claimed_at=None
    )


class DeliveryOutcome:
    SENT = "sent"
    SKIPPED = "skipped"
    CANCELLED = "cancelled"
    RETRY = "retry"
    FAILED = "failed"
    NOTHING = "nothing"  # already delivered, not due, or gone


_RELATED = ("meeting__expo", "meeting__venue", "attendee__member__user__preference", "attendee__contact")


def _load(ids: Sequence[int]) -> dict[int, Reminder]:
    """Rows with everything their mail needs, the meetings' attendee lists prefetched once."""
    rows = {row.pk: row for row in Reminder.objects.filter(pk__in=list(ids)).select_related(*_RELATED)}
    meetings: dict[int, Meeting] = {}
    for row in rows.values():
        row.meeting = meetings.setdefault(row.meeting_id, row.meeting)
    prefetch_meeting_attendees(list(meetings.values()))
    return rows


def reminders_deliver(*, reminder_ids: Sequence[int], mail_connection=None) -> dict[str, int]:
    """Send the given reminders and notices, each at most once per successful commit.

    Everything the mails need is read up front in a few queries; then each row is handled in a
    transaction of its own that locks it (``SELECT … FOR UPDATE``), re-checks it, sends, and
    records the outcome — so a second task for the same row (claimed again after a timeout, or
    by a second beat) waits and then finds it sent, and a worker killed mid-batch repeats at most
    the one mail it was sending. Side effects: e-mails; each row becomes sent, skipped (the
    meeting has started), cancelled (meeting cancelled, no address), pending with back-off, or
    failed after ``REMINDER_MAX_ATTEMPTS``.
    """
    rows = _load(reminder_ids)
    # A batch handed over with an ETA may start a moment early (timer granularity, clock skew
    # between hosts): wait out a short gap rather than send early or bounce the rows.
    gap = max(((r.due_at - timezone.now()).total_seconds() for r in rows.values()), default=0.0)
    if 0 < gap <= EARLY_WAIT_SECONDS:
        time.sleep(gap)
    cache: dict = {}
    outcomes: dict[str, int] = {}
    for position, reminder_id in enumerate(reminder_ids):
        outcome = _deliver_one(reminder_id, rows.get(reminder_id), mail_connection, cache)
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
        if cache.get(_UNREACHABLE_KEY):
            # The mail server cannot be reached (refused, hung past EMAIL_TIMEOUT): trying each
            # remaining row would hold the worker for a timeout per row. They wait for the next
            # attempt instead, without counting one against them.
            rest = list(reminder_ids[position + 1 :])
            if rest:
                put_back = _postpone(rest)
                outcomes[DeliveryOutcome.RETRY] = outcomes.get(DeliveryOutcome.RETRY, 0) + put_back
            break
    return outcomes


_UNREACHABLE_KEY = "mail server unreachable"
# Errors that say the server, not this message, is the problem (smtplib's errors are OSErrors too,
# so a refused recipient must not count here).
_UNREACHABLE = (TimeoutError, ConnectionError, smtplib.SMTPConnectError, smtplib.SMTPServerDisconnected)


def _postpone(reminder_ids: Sequence[int]) -> int:
    """Give claimed rows back for a later attempt (one back-off step away); returns how many."""
    return Reminder.objects.filter(pk__in=list(reminder_ids), state=Reminder.State.SENDING).update(
        state=Reminder.State.PENDING, claimed_at=None, next_attempt_at=timezone.now() + retry_delay(1)
    )


def reminder_deliver(*, reminder_id: int, mail_connection=None) -> str:
    """Send one reminder or notice (see ``reminders_deliver``); returns a ``DeliveryOutcome``."""
    [(outcome, _count)] = reminders_deliver(reminder_ids=[reminder_id], mail_connection=mail_connection).items()
    return outcome


# One round trip: the commit that records "sent" need not wait for the disk flush (a worker that
# dies after it returns cannot undo it; only a crash of PostgreSQL itself could lose the last
# fraction of a second of such commits, and those reminders would then go out once more —
# never be lost), then the row lock.
_LOCK_SQL = (
    "SET LOCAL synchronous_commit TO off; "
    "SELECT state, due_at, next_attempt_at, attempts, last_error FROM meetings_reminder WHERE id = %s FOR UPDATE"
)
_LOCK_SQL_DURABLE = _LOCK_SQL.split("; ", 1)[1]
_RELEASE_SQL = "UPDATE meetings_reminder SET state = 'pending', claimed_at = NULL WHERE id = %s"
EARLY_WAIT_SECONDS = 2.0
_UPDATE_SQL = (
    "UPDATE meetings_reminder SET state = %s, attempts = %s, claimed_at = NULL, sent_at = %s, "
    "next_attempt_at = %s, last_error = %s WHERE id = %s"
)


def _deliver_one(reminder_id: int, row: Reminder | None, mail_connection, cache: dict) -> str:
    if row is None:
        return DeliveryOutcome.NOTHING
    with transaction.atomic(), connection.cursor() as cursor:
        async_commit = getattr(settings, "REMINDER_ASYNC_COMMIT", True)
        cursor.execute(_LOCK_SQL if async_commit else _LOCK_SQL_DURABLE, [reminder_id])
        locked = cursor.fetchone()
        now = timezone.now()
        if locked is None:
            return DeliveryOutcome.NOTHING
        state, due_at, next_attempt_at, _attempts, _error = locked
        if state not in OPEN_STATES:
            return DeliveryOutcome.NOTHING
        if state == Reminder.State.PENDING and (
            due_at > now or (next_attempt_at is not None and next_attempt_at > now)
        ):
            return DeliveryOutcome.NOTHING
        if state == Reminder.State.SENDING and due_at > now + dt.timedelta(seconds=EARLY_WAIT_SECONDS):
            # Claimed ahead but run far too early (no ETA honoured): give it back to the sweep.
            cursor.execute(_RELEASE_SQL, [reminder_id])
            return DeliveryOutcome.NOTHING
        if locked != (row.state, row.due_at, row.next_attempt_at, row.attempts, row.last_error):
            # Changed since the batch was read (moved, cancelled, retried — the lock may have
            # waited for that change): read it again. Changes of a meeting's time or status
            # always touch its reminder rows, so an unchanged row means an unchanged schedule.
            row = _load([reminder_id]).get(reminder_id)
            if row is None:
                return DeliveryOutcome.NOTHING

        def finish(state: str, error: str = "", sent_at=None, retry_at=None) -> None:
            cursor.execute(_UPDATE_SQL, [state, row.attempts, sent_at, retry_at, error, reminder_id])

        blocked = _pre_check(row, now)
        if blocked is not None:
            finish(blocked, row.last_error)
            return blocked
        recipient = attendee_recipient(row.attendee, meeting=row.meeting)
        assert recipient is not None  # checked by _pre_check
        link = ""
        if row.attendee.contact_id is not None and row.kind != Reminder.Kind.CANCELLED:
            # A guest's mail carries a personal response link (stored hashed, in this transaction).
            link = response_url(response_link_issue(attendee=row.attendee))
        row.attempts += 1
        try:
            reminder_message(
                reminder=row, recipient=recipient, connection=mail_connection, cache=cache, response_url=link
            ).send()
        except Exception as exc:  # noqa: BLE001 — any mail failure counts as one attempt
            error = f"{type(exc).__name__}: {exc}"[:2000]
            if isinstance(exc, _UNREACHABLE):
                cache[_UNREACHABLE_KEY] = True
            if row.attempts >= max_attempts():
                logger.error("reminder %s failed after %d attempts: %s", reminder_id, row.attempts, error)
                finish(Reminder.State.FAILED, error)
                return DeliveryOutcome.FAILED
            finish(Reminder.State.PENDING, error, retry_at=now + retry_delay(row.attempts))
            return DeliveryOutcome.RETRY
        finish(Reminder.State.SENT, sent_at=timezone.now())
        return DeliveryOutcome.SENT


def _pre_check(row: Reminder, now: dt.datetime) -> str | None:
    """Why the row must not be sent now (its new state, with ``last_error`` set), or None to send it."""
    meeting = row.meeting
    if row.kind == Reminder.Kind.CANCELLED:
        if meeting.status != Meeting.Status.CANCELLED:
            row.last_error = "meeting no longer cancelled"
            return Reminder.State.CANCELLED
    elif meeting.status not in ACTIVE_STATUSES:
        row.last_error = f"meeting {meeting.status}"
        return Reminder.State.CANCELLED
    if meeting.starts_at <= now:
        row.last_error = "meeting had started before the reminder could be sent"
        return Reminder.State.SKIPPED
    if attendee_recipient(row.attendee, meeting=meeting) is None:
        row.last_error = "attendee has no e-mail address, or is a guest the meeting does not e-mail"
        return Reminder.State.CANCELLED
    return None


# --- Reads -------------------------------------------------------------------------------------


# --- Follow-ups and speaking-slot deadlines ----------------------------------------------------

FOLLOW_UP_OPEN = (FollowUp.Status.OPEN, FollowUp.Status.IN_PROGRESS)


# A date-only deadline is reminded in the morning of that day where its owner is.
MORNING = dt.time(8, 0)


def _owner_zone(user, fallback: str | None) -> zoneinfo.ZoneInfo:
    for name in (getattr(member_preference(user), "home_time_zone", ""), fallback, "UTC"):
        try:
            if name:
                return zoneinfo.ZoneInfo(name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            continue
    return zoneinfo.ZoneInfo("UTC")


def _morning_has_come(due_on: dt.date, zone: zoneinfo.ZoneInfo, now: dt.datetime) -> bool:
    return now >= dt.datetime.combine(due_on, MORNING, tzinfo=zone)


def follow_ups_due(*, now: dt.datetime | None = None) -> list[int]:
    """Open follow-ups not yet reminded whose due day has reached 08:00 in the owner's home zone
    (their preference, else the expo's zone, else UTC)."""
    now = now or timezone.now()
    candidates = (
        FollowUp.objects.filter(
            status__in=FOLLOW_UP_OPEN,
            due_on__lte=(now + dt.timedelta(days=1)).date(),
            reminded_at__isnull=True,
            owner__isnull=False,
        )
        .exclude(owner__email="")
        .select_related("owner__preference", "expo")
        .order_by("due_on", "id")
    )
    return [
        f.pk
        for f in candidates[:2000]
        if f.due_on is not None
        and _morning_has_come(f.due_on, _owner_zone(f.owner, f.expo.time_zone if f.expo else None), now)
    ]


def slot_deadlines_due(*, now: dt.datetime | None = None) -> list[int]:
    """Speaking-slot deadlines not done nor reminded whose due day has reached 08:00 for the owner."""
    now = now or timezone.now()
    candidates = (
        SlotDeadline.objects.filter(
            done_at__isnull=True,
            due_on__lte=(now + dt.timedelta(days=1)).date(),
            reminded_at__isnull=True,
            owner__isnull=False,
        )
        .exclude(owner__email="")
        .select_related("owner__preference", "slot__expo")
        .order_by("due_on", "id")
    )
    return [
        d.pk for d in candidates[:2000] if _morning_has_come(d.due_on, _owner_zone(d.owner, d.slot.expo.time_zone), now)
    ]


def follow_up_remind(*, follow_up_id: int) -> bool:
    """E-mail the owner of a due follow-up once. Side effects: one e-mail; sets ``reminded_at``."""
    with transaction.atomic():
        follow_up = (
            FollowUp.objects.select_for_update(of=("self",))
            .select_related("owner__preference", "contact", "organization", "meeting", "expo")
            .filter(pk=follow_up_id)
            .first()
        )
        if follow_up is None or follow_up.reminded_at is not None or follow_up.status not in FOLLOW_UP_OPEN:
            return False
        if follow_up.owner is None or not follow_up.owner.email:
            return False
        follow_up_message(follow_up=follow_up).send()
        follow_up.reminded_at = timezone.now()
        follow_up.save(update_fields=["reminded_at"])
        return True


def slot_deadline_remind(*, deadline_id: int) -> bool:
    """E-mail the owner of a due speaking-slot deadline once. Side effects: one e-mail; ``reminded_at``."""
    with transaction.atomic():
        deadline = (
            SlotDeadline.objects.select_for_update(of=("self",))
            .select_related("owner__preference", "slot__expo")
            .filter(pk=deadline_id)
            .first()
        )
        if deadline is None or deadline.reminded_at is not None or deadline.done_at is not None:
            return False
        if deadline.owner is None or not deadline.owner.email:
            return False
        slot_deadline_message(deadline=deadline).send()
        deadline.reminded_at = timezone.now()
        deadline.save(update_fields=["reminded_at"])
        return True
