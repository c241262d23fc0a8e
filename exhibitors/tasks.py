"""Celery entry points of this app (thin: they call services)."""

from __future__ import annotations

from celery import shared_task

from exhibitors.deadlines import profile_deadline_notices_send


@shared_task(name="exhibitors.send_profile_deadline_notices")
def send_profile_deadline_notices() -> int:
    """Daily (beat): e-mail exhibitors whose profile is still due; idempotent, so re-runs are harmless."""
    return len(profile_deadline_notices_send())
