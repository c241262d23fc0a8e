"""Running a check or an import as a job, with progress visible from outside its transaction."""

from __future__ import annotations

from typing import Any

import psycopg2
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from delegations.importing.commit import commit
from delegations.importing.plan import (
    plan,
)
from delegations.importing.sheets import (
    MAX_STORED_ERRORS,
    job_rows,
)
from delegations.models import ContactImport


class ProgressWriter:
    """Writes ``processed`` on the job through its own autocommit connection.

    The import's transaction stays open until the last row, so a write through Django's
    connection would be invisible to the page polling for progress.
    """

    def __init__(self, job_id: int) -> None:
        self.job_id = job_id
        self._conn = None
        try:
            self._conn = psycopg2.connect(**connection.get_connection_params())
            self._conn.autocommit = True
        except psycopg2.Error:
            self._conn = None

    def __call__(self, processed: int) -> None:
        if self._conn is None:
            return
        try:
            with self._conn.cursor() as cursor:
                cursor.execute(
                    "UPDATE delegations_contactimport SET processed = %s WHERE id = %s", [processed, self.job_id]
                )
        except psycopg2.Error:
            self._conn = None

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


def _store_errors(job: ContactImport, errors: list[dict[str, Any]]) -> None:
    job.errors = errors[:MAX_STORED_ERRORS]
    job.error_count = len(errors)


def run_check(job: ContactImport) -> ContactImport:
    """Check the mapped file (no writes) and store the figures and per-row errors on the job."""
    progress = ProgressWriter(job.pk)
    try:
        ContactImport.objects.filter(pk=job.pk).update(state=ContactImport.State.VALIDATING, processed=0)
        outcome = plan(job, job_rows(job), progress=progress)
    finally:
        progress.close()
    _store_errors(job, outcome.errors)
    job.created_count, job.updated_count, job.skipped_count = outcome.created, outcome.updated, outcome.skipped
    job.organizations_created = outcome.organizations_created
    job.processed = job.total
    job.state = ContactImport.State.INVALID if outcome.errors else ContactImport.State.VALID
    job.save()
    return job


def run_commit(job: ContactImport, *, actor: Any) -> ContactImport:
    """Import the checked file all or nothing and record the result on the job."""
    progress = ProgressWriter(job.pk)
    ContactImport.objects.filter(pk=job.pk).update(state=ContactImport.State.RUNNING, processed=0)
    try:
        outcome = commit(job, actor=actor, progress=progress)
    except ValidationError:
        outcome = plan(job, job_rows(job))
        _store_errors(job, outcome.errors)
        job.state = ContactImport.State.INVALID
    except Exception as exc:  # noqa: BLE001 — any failure rolls back the whole import; say so on the page
        _store_errors(
            job,
            [
                {
                    "row": None,
                    "field": "",
                    "column": "",
                    "message": _("The import failed: %(error)s") % {"error": exc.__class__.__name__},
                }
            ],
        )
        job.state = ContactImport.State.FAILED
    else:
        _store_errors(job, [])
        job.created_count, job.updated_count, job.skipped_count = outcome.created, outcome.updated, outcome.skipped
        job.organizations_created = outcome.organizations_created
        job.processed = job.total
        job.state = ContactImport.State.DONE
    finally:
        progress.close()
    job.finished_at = timezone.now()
    job.save()
    return job
