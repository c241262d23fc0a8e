"""Celery entry points of the plumbing: the outbox sweep (see ``common.outbox``)."""

from __future__ import annotations

from celery import shared_task
from django.db import InterfaceError, OperationalError

from common import outbox


@shared_task(
    name="common.sweep_outbox",
    ignore_result=True,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=2,
    retry_backoff_max=60,
    max_retries=3,
)
def sweep_outbox() -> int:
    return outbox.sweep()
