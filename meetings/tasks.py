"""Celery entry points of this app (thin: they call services).

Only short sweeps and immediate sends go through the broker — never a task with a long ETA:
the ``Reminder`` rows are the schedule, and beat's sweep turns due rows into send tasks.
"""

from __future__ import annotations

import datetime as dt
import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import get_connection
from django.db import InterfaceError, OperationalError
from django.dispatch import receiver

from common.health import record_heartbeat
from meetings import reminders
from meetings.models import Reminder

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
    """Hand every reminder due before the next sweep to ``send_reminders`` (see ``reminders_sweep``)."""

    def hand_over(ids: list[int], eta: dt.datetime | None) -> None:
        send_reminders.apply_async(kwargs={"reminder_ids": ids}, eta=eta)

    handed = reminders.reminders_sweep(hand_over=hand_over)
    record_heartbeat()
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


@receiver(reminders.notices_committed, sender=Reminder)
def hand_over_notices(*, reminder_ids: list[int], **_kwargs: object) -> None:
    """New notices go to a worker at once; if the broker is unreachable the next sweep sends them."""
    try:
        send_reminders.delay(reminder_ids=reminder_ids)
    except Exception:  # the rows are committed; the next sweep delivers them
        logger.warning("broker unreachable, %d notices left to the sweep", len(reminder_ids), exc_info=True)
