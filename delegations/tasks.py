"""Celery entry points of this app (thin: they call services)."""

from __future__ import annotations

import logging

from celery import shared_task
from django.contrib.auth import get_user_model

from delegations import importing
from delegations.models import ContactImport

logger = logging.getLogger(__name__)


@shared_task(name="delegations.check_contact_import")
def check_contact_import(*, job_id: int) -> None:
    """Check a mapped spreadsheet row by row (writes nothing but the job's figures)."""
    job = ContactImport.objects.filter(pk=job_id).first()
    if job is None:
        logger.warning("contact import %s vanished before it was checked", job_id)
        return
    importing.run_check(job)


@shared_task(name="delegations.run_contact_import")
def run_contact_import(*, job_id: int, actor_id: int | None) -> None:
    """Import a checked spreadsheet, all rows or none, updating the job's progress."""
    job = ContactImport.objects.filter(pk=job_id).first()
    if job is None:
        logger.warning("contact import %s vanished before it ran", job_id)
        return
    if job.state not in (ContactImport.State.QUEUED, ContactImport.State.VALID):
        logger.info("contact import %s is %s; not running it again", job_id, job.state)
        return
    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    importing.run_commit(job, actor=actor)
