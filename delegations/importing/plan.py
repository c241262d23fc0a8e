"""Checking an import without writing: what each row would do, and every row's errors."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from delegations import services
from delegations.importing.sheets import (
    PROGRESS_EVERY,
)
from delegations.models import Contact, ContactImport, Organization


@dataclass
class RowPlan:
    """What one row will do."""

    number: int  # the spreadsheet's row number (header = 1)
    action: str  # "create" | "update" | "skip"
    contact_fields: dict[str, Any]
    organization_key: tuple[str, str] | None
    organization_fields: dict[str, Any]
    existing_id: int | None = None
    errors: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Outcome:
    plans: list[RowPlan]
    errors: list[dict[str, Any]]
    created: int = 0
    updated: int = 0
    skipped: int = 0
    organizations_created: int = 0


ProgressCallback = Callable[[int], None]


def _mapped(row: list[str], mapping: dict[str, str]) -> dict[str, str]:
    values: dict[str, str] = {}
    for index, target in mapping.items():
        if target and int(index) < len(row):
            values[target] = row[int(index)]
    return values


def _split(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[,;|/]", text) if part.strip()]


_KIND_WORDS = {str(label).lower(): value for value, label in Organization.Kind.choices} | {
    value: value for value in Organization.Kind.values
}


def _row_fields(
    values: dict[str, str], job: ContactImport
) -> tuple[dict[str, Any], dict[str, Any], list[tuple[str, str]]]:
    """Contact fields, organisation fields and per-column problems of one row."""
    problems: list[tuple[str, str]] = []
    contact: dict[str, Any] = {}
    for name in ("honorific", "full_name", "native_name", "title", "email", "phone", "notes", "preferred_language"):
        if name in values:
            contact[name] = values[name]
    if "country" in values:
        contact["country"] = values["country"].upper()
    if "languages" in values:
        contact["languages"] = [code.lower() for code in _split(values["languages"])]
    if "tags" in values:
        contact["tags"] = _split(values["tags"])
    if values.get("rank"):
        try:
            contact["rank"] = int(values["rank"])
            if contact["rank"] < 1:
                raise ValueError
        except ValueError:
            problems.append(("rank", _("Protocol rank must be a whole number from 1.")))
    organization: dict[str, Any] = {}
    if values.get("organization"):
        kind_text = values.get("organization_kind", "").strip().lower()
        kind = _KIND_WORDS.get(kind_text, job.new_organization_kind) if kind_text else job.new_organization_kind
        if kind_text and kind_text not in _KIND_WORDS:
            problems.append(
                (
                    "organization_kind",
                    _("Unknown organisation kind “%(kind)s”.") % {"kind": values["organization_kind"]},
                )
            )
        organization = {
            "name": values["organization"],
            "kind": kind,
            "country": contact.get("country", ""),
            "sector": values.get("organization_sector", ""),
        }
    return contact, organization, problems


def _validation_messages(exc: ValidationError) -> list[tuple[str, str]]:
    if hasattr(exc, "error_dict"):
        return [(name, message) for name, messages in exc.message_dict.items() for message in messages]
    return [("", message) for message in exc.messages]


def _column_of(job: ContactImport, target: str) -> str:
    for index, mapped in job.mapping.items():
        if mapped == target and int(index) < len(job.headers):
            return job.headers[int(index)]
    return ""


class _Index:
    """Existing contacts and organisations the file may match, loaded in a few queries."""

    def __init__(self, rows: list[dict[str, str]]) -> None:
        emails = {v["email"].lower() for v in rows if v.get("email")}
        org_names = {v["organization"].lower() for v in rows if v.get("organization")}
        self.by_email: dict[str, int] = {}
        for chunk in _chunks(sorted(emails), 2000):
            for pk, email in (
                Contact.objects.annotate(e=Lower("email")).filter(e__in=chunk).order_by("id").values_list("id", "e")
            ):
                self.by_email.setdefault(email, pk)
        self.organizations: dict[tuple[str, str], int] = {}
        for chunk in _chunks(sorted(org_names), 2000):
            for pk, name, country in (
                Organization.objects.annotate(n=Lower("name")).filter(n__in=chunk).values_list("id", "n", "country")
            ):
                self.organizations[(name, country)] = pk
                self.organizations.setdefault((name, ""), pk)
        self.by_name: dict[tuple[str, int | None], int] = {}
        org_ids = set(self.organizations.values())
        names = {v["full_name"].lower() for v in rows if v.get("full_name")}
        for chunk in _chunks(sorted(names), 2000):
            for pk, name, org_id in (
                Contact.objects.annotate(n=Lower("full_name"))
                .filter(n__in=chunk, organization_id__in=org_ids)
                .order_by("id")
                .values_list("id", "n", "organization_id")
            ):
                self.by_name.setdefault((name, org_id), pk)


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def plan(job: ContactImport, rows: list[list[str]], progress: ProgressCallback | None = None) -> Outcome:
    """Check every row and decide create / update / skip; writes nothing."""
    mapped_rows = [_mapped(row, job.mapping) for row in rows]
    index = _Index(mapped_rows)
    errors: list[dict[str, Any]] = []
    plans: list[RowPlan] = []
    seen_email: dict[str, int] = {}  # in-file duplicates: email -> row number of first occurrence
    seen_name: dict[tuple[str, tuple[str, str] | None], int] = {}
    new_orgs: set[tuple[str, str]] = set()
    outcome = Outcome(plans=plans, errors=errors)
    for offset, values in enumerate(mapped_rows):
        number = offset + 2
        contact, organization, problems = _row_fields(values, job)
        org_key = (organization["name"].lower(), organization["country"]) if organization else None
        org_id = None
        if org_key:
            org_id = index.organizations.get(org_key) or (
                index.organizations.get((org_key[0], "")) if not org_key[1] else None
            )
        # Validate without writing: an unsaved contact (organisation checked on its own).
        try:
            probe = Contact()
            services._apply_contact_fields(probe, dict(contact))
            services._validate_contact(probe)
        except ValidationError as exc:
            problems.extend(_validation_messages(exc))
        if organization and org_id is None and org_key not in new_orgs:
            try:
                Organization(**organization).full_clean(validate_unique=False, validate_constraints=False)
            except ValidationError as exc:
                for name, message in _validation_messages(exc):
                    if name == "country":
                        problems.append(("country", _("A new organisation needs a country: fill the country column.")))
                    elif name == "name":
                        problems.append(("organization", message))
                    else:
                        problems.append((f"organization_{name}", message))
        existing = None
        email = contact.get("email", "").lower()
        name_key = contact.get("full_name", "").lower()
        if email and email in index.by_email:
            existing = index.by_email[email]
        elif name_key and org_id is not None and (name_key, org_id) in index.by_name:
            existing = index.by_name[(name_key, org_id)]
        earlier = (email and seen_email.get(email)) or (name_key and seen_name.get((name_key, org_key)))
        if earlier or existing:
            action = "update" if job.on_duplicate == ContactImport.OnDuplicate.UPDATE else "skip"
        else:
            action = "create"
        row_plan = RowPlan(
            number=number,
            action=action,
            contact_fields=contact,
            organization_key=org_key,
            organization_fields=organization,
            existing_id=existing,
        )
        for column_field, message in problems:
            row_plan.errors.append(
                {"row": number, "field": column_field, "column": _column_of(job, column_field), "message": str(message)}
            )
        errors.extend(row_plan.errors)
        plans.append(row_plan)
        if not row_plan.errors:
            if org_key and org_id is None and org_key not in new_orgs:
                new_orgs.add(org_key)
                outcome.organizations_created += 1
            setattr(
                outcome,
                {"create": "created", "update": "updated", "skip": "skipped"}[action],
                getattr(outcome, {"create": "created", "update": "updated", "skip": "skipped"}[action]) + 1,
            )
            if email:
                seen_email.setdefault(email, number)
            if name_key:
                seen_name.setdefault((name_key, org_key), number)
        if progress and (offset + 1) % PROGRESS_EVERY == 0:
            progress(offset + 1)
    return outcome
