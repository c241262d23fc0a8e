"""Celery entry points of this app (thin: they call services).

Only short sweeps and immediate sends go through the broker — never a task with a long ETA:
the ``Reminder`` rows are the schedule, and beat's sweep turns due rows into send tasks.
"""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import get_connection
from django.db import InterfaceError, OperationalError
from django.utils import timezone

from meetings import reminders

logger = logging.getLogger(__name__)

TRANSIENT = (OperationalError, InterfaceError)
RETRY = {
    "acks_late": True,
    "autoretry_for": TRANSIENT,
    "retry_backoff": 2,
    "retry_backoff_max": 60,
    "retry_jitter": True,
    "max_retries": 5,
}


@shared_task(name="meetings.sweep_reminders", ignore_result=True, **RETRY)
def sweep_reminders() -> int:
    """Claim every reminder due before the next sweep, in small batches, and hand them to
    ``send_reminders`` — at once if due, else with an ETA of at most one sweep interval (short
    enough that no broker holds it long; if the message is lost, the claim times out)."""
    batch = int(getattr(settings, "REMINDER_BATCH_SIZE", 50))
    ceiling = int(getattr(settings, "REMINDER_SWEEP_MAX", 20_000))
    horizon = reminders.claim_horizon()
    handed = 0
    while handed < ceiling:
        now = timezone.now()
        claimed = reminders.reminders_claim(limit=batch, now=now, horizon=horizon)
        if not claimed:
            break
        try:
            for second, ids in reminders.group_by_second(claimed):
                send_reminders.apply_async(kwargs={"reminder_ids": ids}, eta=second if second > now else None)
        except Exception:  # broker gone mid-sweep: give the rows back for the next sweep
            reminders.reminders_release(reminder_ids=[reminder_id for reminder_id, _due in claimed])
            raise
        handed += len(claimed)
        if len(claimed) < batch:
            break
    return handed


@shared_task(name="meetings.send_reminders", ignore_result=True, **RETRY)
def send_reminders(*, reminder_ids: list[int]) -> dict[str, int]:
    """Deliver the given reminders and notices, each in its own transaction, over one mail connection."""
    # A mail server that hangs must not hold the rows (and the worker) forever.
    with get_connection(timeout=getattr(settings, "EMAIL_TIMEOUT", None) or 30) as connection:
        return reminders.reminders_deliver(reminder_ids=reminder_ids, mail_connection=connection)


@shared_task(name="meetings.sweep_follow_ups", ignore_result=True, **RETRY)
def sweep_follow_ups() -> int:
    """Hand due follow-ups and speaking-slot deadlines to their send tasks (each sends at most once)."""
    count = 0
    for follow_up_id in reminders.follow_ups_due():
        remind_follow_up.delay(follow_up_id=follow_up_id)
        count += 1
    for deadline_id in reminders.slot_deadlines_due():
        remind_slot_deadline.delay(deadline_id=deadline_id)
        count += 1
    return count


@shared_task(name="meetings.remind_follow_up", ignore_result=True, **RETRY)
def remind_follow_up(*, follow_up_id: int) -> bool:
    return reminders.follow_up_remind(follow_up_id=follow_up_id)


@shared_task(name="meetings.remind_slot_deadline", ignore_result=True, **RETRY)
def remind_slot_deadline(*, deadline_id: int) -> bool:
    return reminders.slot_deadline_remind(deadline_id=deadline_id)
