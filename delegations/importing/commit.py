"""Committing a checked import: every row through the contact services in one transaction."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from delegations import services
from delegations.importing.plan import (
    Outcome,
    ProgressCallback,
    plan,
)
from delegations.importing.sheets import (
    PROGRESS_EVERY,
    job_rows,
)
from delegations.models import Contact, ContactImport, Organization


class _Draft:
    """A contact not written yet, seen as attributes (for ``_update_fields``)."""

    def __init__(self, fields: dict[str, Any]) -> None:
        self.tags = fields.get("tags", [])
        self.languages = fields.get("languages", [])


def _update_fields(contact: Contact | _Draft, fields: dict[str, Any]) -> dict[str, Any]:
    """Non-empty cells overwrite; tags and languages are added to what the contact has."""
    changes: dict[str, Any] = {}
    for name, value in fields.items():
        if value in ("", [], None):
            continue
        if name in ("tags", "languages"):
            united = list(dict.fromkeys([*getattr(contact, name), *value]))
            if united != getattr(contact, name):
                changes[name] = united
        else:
            changes[name] = value
    return changes


@transaction.atomic
def commit(job: ContactImport, *, actor: Any, progress: ProgressCallback | None = None) -> Outcome:
    """Check, then write every row in this one transaction; on any error nothing is written.

    Side effects: creates organisations and contacts, updates matched contacts (through the
    contact services: history events carry the actor). Raises ``ValidationError`` listing the
    rows in error when the check fails.
    """
    rows = job_rows(job)
    outcome = plan(job, rows)
    if outcome.errors:
        raise ValidationError(_("%(count)d row(s) have errors.") % {"count": len(outcome.errors)})
    organizations: dict[tuple[str, str], Organization] = {}
    created_ids_by_email: dict[str, int] = {}
    created_ids_by_name: dict[tuple[str, tuple[str, str] | None], int] = {}
    # New contacts wait here and are inserted together (one chunk at a time); a later row of the
    # same person in the chunk is merged into the waiting one.
    pending: list[dict[str, Any]] = []
    pending_keys: list[tuple[str, tuple[str, tuple[str, str] | None]]] = []
    pending_by_email: dict[str, int] = {}
    pending_by_name: dict[tuple[str, tuple[str, str] | None], int] = {}

    def flush() -> None:
        created = services.contact_bulk_create(actor=actor, rows=pending)
        for contact, (email, name_key) in zip(created, pending_keys, strict=True):
            if email:
                created_ids_by_email.setdefault(email, contact.pk)
            created_ids_by_name.setdefault(name_key, contact.pk)
        pending.clear()
        pending_keys.clear()
        pending_by_email.clear()
        pending_by_name.clear()

    update = job.on_duplicate == ContactImport.OnDuplicate.UPDATE
    for done, row_plan in enumerate(outcome.plans, start=1):
        organization = None
        if row_plan.organization_key:
            key = row_plan.organization_key
            organization = organizations.get(key)
            if organization is None:
                organization = (
                    Organization.objects.annotate(n=Lower("name"))
                    .filter(n=key[0], **({"country": key[1]} if key[1] else {}))
                    .order_by("id")
                    .first()
                )
                if organization is None:
                    organization = services.organization_create(actor=actor, **row_plan.organization_fields)
                organizations[key] = organization
        fields = dict(row_plan.contact_fields)
        if organization is not None:
            fields["organization"] = organization
        email = fields.get("email", "").lower()
        name_key = (fields.get("full_name", "").lower(), row_plan.organization_key)
        target_id = (
            row_plan.existing_id or (email and created_ids_by_email.get(email)) or created_ids_by_name.get(name_key)
        )
        waiting = pending_by_email.get(email) if email else None
        if waiting is None:
            waiting = pending_by_name.get(name_key)
        if target_id:
            if update:
                contact = Contact.objects.get(pk=target_id)
                changes = _update_fields(contact, fields)
                if changes:
                    services.contact_update(contact=contact, actor=actor, **changes)
        elif waiting is not None:
            if update:
                pending[waiting].update(_update_fields(_Draft(pending[waiting]), fields))
        else:
            if email:
                pending_by_email.setdefault(email, len(pending))
            pending_by_name.setdefault(name_key, len(pending))
            pending.append(fields)
            pending_keys.append((email, name_key))
        if done % PROGRESS_EVERY == 0:
            if pending:
                flush()
            if progress:
                progress(done)
    if pending:
        flush()
    return outcome
