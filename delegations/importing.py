"""Importing contacts from a spreadsheet (CSV or XLSX): read, map, check, then commit all or nothing.

The file is hostile until checked: its type is sniffed from the bytes (the name and the
browser's content type are ignored), its size and row count are capped, an XLSX is opened
read-only with cached values (formulas are never evaluated) after checking its unpacked size,
and control characters are stripped from every cell.

Checking (``validate``) writes nothing. Committing (``commit``) re-checks and then writes every
row through the contact services in ONE transaction: a single bad row imports nothing.
Duplicates — same e-mail (case-insensitive), or same name at the same organisation, in the
database or earlier in the file — are updated or skipped instead of created again.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import psycopg2
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from delegations import services
from delegations.models import Contact, ContactImport, Organization

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_UNPACKED_XLSX_BYTES = 60 * 1024 * 1024
MAX_ROWS = 20_000
# Above this many rows, checking and importing run as a Celery task with progress on the page.
BACKGROUND_ROWS = 500
MAX_STORED_ERRORS = 500
PROGRESS_EVERY = 250

# Contact fields a column can fill, with the header words that suggest them.
TARGETS: dict[str, Any] = {
    "": gettext_lazy("— ignore this column —"),
    "honorific": gettext_lazy("Honorific"),
    "full_name": gettext_lazy("Full name (Latin script)"),
    "native_name": gettext_lazy("Name in native script"),
    "title": gettext_lazy("Title / position"),
    "rank": gettext_lazy("Protocol rank"),
    "organization": gettext_lazy("Organisation name"),
    "organization_kind": gettext_lazy("Organisation kind"),
    "organization_sector": gettext_lazy("Organisation sector"),
    "email": gettext_lazy("E-mail"),
    "phone": gettext_lazy("Phone"),
    "country": gettext_lazy("Country (ISO code)"),
    "languages": gettext_lazy("Languages"),
    "preferred_language": gettext_lazy("Preferred language"),
    "tags": gettext_lazy("Tags"),
    "notes": gettext_lazy("Notes"),
}
SYNONYMS = {
    "honorific": ["honorific", "salutation", "prefix", "courtesy title", "稱謂", "敬稱"],
    "full_name": ["full name", "name", "contact", "contact name", "person", "english name", "姓名", "英文姓名", "名字"],
    "native_name": ["native name", "native", "name native", "local name", "original name", "中文姓名", "原文姓名"],
    "title": ["title", "position", "job title", "role", "designation", "職稱", "職位"],
    "rank": ["rank", "protocol rank", "precedence", "順位"],
    "organization": [
        "organization",
        "organisation",
        "company",
        "agency",
        "institution",
        "employer",
        "org",
        "機構",
        "公司",
        "單位",
    ],
    "organization_kind": [
        "organization kind",
        "organisation kind",
        "organization type",
        "organisation type",
        "kind",
        "type",
        "機構類型",
    ],
    "organization_sector": ["sector", "industry", "field", "產業", "領域"],
    "email": ["email", "e mail", "mail", "email address", "e mail address", "電郵", "電子郵件", "信箱"],
    "phone": ["phone", "telephone", "tel", "mobile", "cell", "phone number", "電話", "手機"],
    "country": ["country", "country code", "nation", "國家", "國別"],
    "languages": ["languages", "language", "spoken languages", "語言"],
    "preferred_language": ["preferred language", "pref language", "correspondence language", "偏好語言"],
    "tags": ["tags", "tag", "labels", "keywords", "標籤"],
    "notes": ["notes", "note", "comments", "comment", "remarks", "備註"],
}

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_HEADER_NOISE = re.compile(r"[\s_\-.:/()]+")


class ImportFileError(Exception):
    """The file as a whole cannot be read (wrong type, too big, broken); nothing is imported."""


@dataclass
class Sheet:
    file_format: str
    encoding: str
    headers: list[str]
    rows: list[list[str]]


def clean_cell(value: Any) -> str:
    """A cell as plain, single-line-safe text: no NULs, no bidi overrides or other control characters."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    text = unicodedata.normalize("NFC", text)
    return _CONTROL.sub("", text).strip()


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as exc:
        raise ImportFileError(_("The file is not text in UTF-8 or Windows-1252; save it as “CSV UTF-8”.")) from exc


def _read_csv(data: bytes) -> Sheet:
    if b"\x00" in data[:4096]:
        raise ImportFileError(_("This is not a CSV or XLSX file."))
    text, encoding = _decode(data)
    sample = text[:8192]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        reader = csv.reader(io.StringIO(text, newline=""), dialect)
        rows = []
        for row in reader:
            rows.append([clean_cell(c) for c in row])
            if len(rows) > MAX_ROWS + 1:
                raise ImportFileError(_("The file has more than %(max)d rows; split it.") % {"max": MAX_ROWS})
    except csv.Error as exc:
        raise ImportFileError(_("The CSV file is broken: %(error)s") % {"error": exc}) from exc
    return _sheet("csv", encoding, rows)


def _read_xlsx(data: bytes) -> Sheet:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_XLSX_BYTES:
                raise ImportFileError(_("The spreadsheet unpacks to too much data."))
            if "xl/workbook.xml" not in archive.namelist():
                raise ImportFileError(_("This is not a CSV or XLSX file."))
    except zipfile.BadZipFile as exc:
        raise ImportFileError(_("The XLSX file is broken.")) from exc
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds of error for a damaged file
        raise ImportFileError(_("The XLSX file could not be read.")) from exc
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for row in sheet.iter_rows(values_only=True):
            rows.append([clean_cell(c) for c in row])
            if len(rows) > MAX_ROWS + 1:
                raise ImportFileError(_("The file has more than %(max)d rows; split it.") % {"max": MAX_ROWS})
    finally:
        workbook.close()
    return _sheet("xlsx", "", rows)


def _sheet(file_format: str, encoding: str, rows: list[list[str]]) -> Sheet:
    rows = [row for row in rows if any(row)]
    if not rows:
        raise ImportFileError(_("The file is empty."))
    headers = rows[0]
    while headers and not headers[-1]:
        headers = headers[:-1]
    if not headers:
        raise ImportFileError(_("The first row must hold the column names."))
    body = [(row + [""] * len(headers))[: len(headers)] for row in rows[1:]]
    if not body:
        raise ImportFileError(_("The file has column names but no rows."))
    return Sheet(file_format=file_format, encoding=encoding, headers=headers, rows=body)


def read_sheet(data: bytes) -> Sheet:
    """Sniff and read an upload. Raises ``ImportFileError`` with a message for the user."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise ImportFileError(_("The file is larger than %(mb)d MB.") % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)})
    if not data.strip():
        raise ImportFileError(_("The file is empty."))
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(data)
    if data.startswith((b"\xd0\xcf\x11\xe0", b"%PDF", b"\x89PNG", b"\xff\xd8")):
        raise ImportFileError(_("This is not a CSV or XLSX file (old .xls files: save as .xlsx or CSV)."))
    return _read_csv(data)


def guess_mapping(headers: list[str]) -> dict[str, str]:
    """Column index → contact field, guessed from the header words (each field used once)."""
    lookup: dict[str, str] = {}
    for target, words in SYNONYMS.items():
        for word in words:
            lookup.setdefault(_HEADER_NOISE.sub(" ", word.lower()).strip(), target)
    mapping: dict[str, str] = {}
    used: set[str] = set()
    for index, header in enumerate(headers):
        key = _HEADER_NOISE.sub(" ", header.lower()).strip()
        target = lookup.get(key, "")
        if target and target not in used:
            mapping[str(index)] = target
            used.add(target)
        else:
            mapping[str(index)] = ""
    return mapping


def create_job(*, user: Any, filename: str, data: bytes) -> ContactImport:
    """Read and keep an upload; raises ``ImportFileError`` when the file cannot be used."""
    sheet = read_sheet(data)
    return ContactImport.objects.create(
        created_by=user if getattr(user, "pk", None) else None,
        filename=filename[:255],
        file_format=sheet.file_format,
        encoding=sheet.encoding,
        content=data,
        headers=sheet.headers,
        mapping=guess_mapping(sheet.headers),
        total=len(sheet.rows),
    )


def job_rows(job: ContactImport) -> list[list[str]]:
    return read_sheet(bytes(job.content)).rows


# --- Checking and committing --------------------------------------------------------------------


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


# --- Progress seen from outside the import's transaction ---------------------------------------


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
