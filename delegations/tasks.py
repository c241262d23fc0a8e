"""Celery entry points of this app (thin: they call services)."""

from __future__ import annotations

import logging

from celery import shared_task
from django.contrib.auth import get_user_model
from django.db import connection

from delegations import importing
from delegations.models import ContactImport

logger = logging.getLogger(__name__)

# First key of the advisory locks taken while an import runs (the second is the job id).
IMPORT_LOCK_NAMESPACE = 7301


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
    """Import a checked spreadsheet, all rows or none, updating the job's progress.

    A session advisory lock makes a second delivery of the same task (the broker redelivers
    after a worker crash) wait its turn instead of importing the file twice; a crash rolls the
    import's transaction back, so the redelivered task starts again from nothing.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [IMPORT_LOCK_NAMESPACE, job_id])
        (locked,) = cursor.fetchone()
    if not locked:
        logger.info("contact import %s is being run by another worker", job_id)
        return
    try:
        job = ContactImport.objects.filter(pk=job_id).first()
        if job is None:
            logger.warning("contact import %s vanished before it ran", job_id)
            return
        if job.state not in (ContactImport.State.QUEUED, ContactImport.State.VALID, ContactImport.State.RUNNING):
            logger.info("contact import %s is %s; not running it again", job_id, job.state)
            return
        actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
        importing.run_commit(job, actor=actor)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [IMPORT_LOCK_NAMESPACE, job_id])
