"""Streamed contact exports (CSV and vCard 4), used by the API and the staff pages.

Rows come from a server-side cursor in chunks, and the output is produced in small pieces, so
memory stays flat however many contacts are exported.

CSV: UTF-8 (optionally with a byte-order mark so that Excel recognises it), one header row with
the field names. Any cell a spreadsheet would evaluate — one starting with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return — is prefixed with an apostrophe, except an E.164 phone number
(``+821012345678``), which no spreadsheet executes. Native scripts pass through intact.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from django.db.models import QuerySet
from django.http import StreamingHttpResponse

from delegations.models import Contact
from delegations.selectors import contact_values

CHUNK_ROWS = 2000
FLUSH_ROWS = 500
BOM = "\ufeff"
# ASCII signs, their full-width forms (spreadsheets fold them to ASCII) and control characters that
# a spreadsheet skips before reading a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
E164 = re.compile(r"^\+[1-9]\d{1,14}$")
UID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://expo-portal.invalid/contacts")


def neutralise_cell(value: str) -> str:
    """Make a text cell inert in a spreadsheet (CSV/formula injection): the one rule for every export.

    A formula sign at the start, or behind leading blanks, gets a quote in front; E.164 phone
    numbers (``+4930…``) stay as they are.
    """
    if not value:
        return value
    stripped = value.lstrip()
    if value.startswith(("\t", "\r", "\n")) or (stripped.startswith(FORMULA_PREFIXES) and not E164.match(value)):
        return "'" + value
    return value


def csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return neutralise_cell("; ".join(str(item) for item in value))
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, bool | int | float):
        return str(value)
    return neutralise_cell(str(value))


def csv_stream(rows: Iterable[Sequence[Any]], *, header: Sequence[str], bom: bool = False) -> Iterator[bytes]:
    """Encode ``rows`` as CSV, yielding a chunk of bytes every ``FLUSH_ROWS`` rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if bom:
        buffer.write(BOM)
    writer.writerow(header)
    pending = 0
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
        pending += 1
        if pending >= FLUSH_ROWS:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
            pending = 0
    yield buffer.getvalue().encode()


def contact_rows(queryset: QuerySet[Contact], *, fields: tuple[str, ...]) -> Iterator[tuple]:
    """Rows of ``fields`` read through a server-side cursor, ``CHUNK_ROWS`` at a time."""
    return contact_values(queryset, fields=fields).iterator(chunk_size=CHUNK_ROWS)


def contact_csv_stream(queryset: QuerySet[Contact], *, fields: tuple[str, ...], bom: bool = False) -> Iterator[bytes]:
    return csv_stream(contact_rows(queryset, fields=fields), header=fields, bom=bom)


# --- vCard 4 (RFC 6350) --------------------------------------------------------------------------


def _escape(value: str) -> str:
    return (
        value.replace("\\", "\\\\")
        .replace("\r\n", "\n")
        .replace("\r", "\n")
        .replace("\n", "\\n")
        .replace(",", "\\,")
        .replace(";", "\\;")
    )


def _fold(line: str) -> str:
    """Fold a content line at 75 octets without splitting a UTF-8 character (RFC 6350 §3.2)."""
    encoded = line.encode()
    if len(encoded) <= 75:
        return line + "\r\n"
    parts: list[str] = []
    current = ""
    size = 0
    limit = 75
    for char in line:
        width = len(char.encode())
        if size + width > limit:
            parts.append(current)
            current, size, limit = "", 0, 74  # continuation lines start with a space
        current += char
        size += width
    parts.append(current)
    return "\r\n ".join(parts) + "\r\n"


def _language_tag(code: str) -> str | None:
    code = (code or "").strip()
    return code if re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*", code) else None


def vcard(record: dict[str, Any]) -> str:
    """One vCard 4.0 for a contact record (a dict of the fields the caller may see)."""
    lines = ["BEGIN:VCARD", "VERSION:4.0"]
    lines.append(f"UID:urn:uuid:{uuid.uuid5(UID_NAMESPACE, str(record['id']))}")
    full_name = record.get("full_name") or ""
    native_name = record.get("native_name") or ""
    language = _language_tag(record.get("preferred_language") or "")
    if native_name and full_name:
        lines.append(f"FN;ALTID=1;PREF=1:{_escape(full_name)}")
        lines.append(f"FN;ALTID=1{';LANGUAGE=' + language if language else ''}:{_escape(native_name)}")
    else:
        lines.append(f"FN:{_escape(full_name or native_name)}")
    honorific = record.get("honorific") or ""
    if honorific:
        lines.append(f"N:;;;{_escape(honorific)};")
    if record.get("organization_name"):
        lines.append(f"ORG:{_escape(record['organization_name'])}")
    if record.get("title"):
        lines.append(f"TITLE:{_escape(record['title'])}")
    if record.get("email"):
        lines.append(f"EMAIL;TYPE=work:{_escape(record['email'])}")
    if record.get("phone"):
        lines.append(f"TEL;VALUE=uri;TYPE=work:tel:{record['phone']}")
    if record.get("country"):
        lines.append(f"ADR;TYPE=work:;;;;;;{_escape(record['country'])}")
    preferred = (record.get("preferred_language") or "").lower()
    for code in record.get("languages") or []:
        tag = _language_tag(code)
        if tag:
            lines.append(f"LANG{';PREF=1' if tag.lower() == preferred else ''}:{tag}")
    tags = record.get("tags") or []
    if tags:
        lines.append("CATEGORIES:" + ",".join(_escape(tag) for tag in tags))
    updated_at = record.get("updated_at")
    if isinstance(updated_at, dt.datetime):
        lines.append(f"REV:{updated_at.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}")
    lines.append("END:VCARD")
    return "".join(_fold(line) for line in lines)


def vcard_stream(records: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    pending: list[str] = []
    for record in records:
        pending.append(vcard(record))
        if len(pending) >= FLUSH_ROWS:
            yield "".join(pending).encode()
            pending = []
    yield "".join(pending).encode()


def contact_vcard_stream(queryset: QuerySet[Contact], *, fields: tuple[str, ...]) -> Iterator[bytes]:
    rows = contact_rows(queryset, fields=fields)
    return vcard_stream(dict(zip(fields, row, strict=True)) for row in rows)


# --- Responses -----------------------------------------------------------------------------------


class _CountingStream:
    """Counts rows as they stream and reports once at the end (even when the client hangs up)."""

    def __init__(self, rows: Iterator[tuple], on_finish: Callable[[int], None] | None) -> None:
        self.rows = rows
        self.count = 0
        self.on_finish = on_finish

    def __iter__(self) -> Iterator[tuple]:
        try:
            for row in self.rows:
                self.count += 1
                yield row
        finally:
            if self.on_finish is not None:
                self.on_finish(self.count)


def contact_export_response(
    queryset: QuerySet[Contact],
    *,
    fields: tuple[str, ...],
    file_format: str,
    bom: bool = False,
    filename: str = "contacts",
    on_finish: Callable[[int], None] | None = None,
) -> StreamingHttpResponse:
    """A streamed download of ``queryset`` as ``csv`` or ``vcf``; ``on_finish(rows)`` runs at the end."""
    rows = iter(_CountingStream(contact_rows(queryset, fields=fields), on_finish))
    if file_format == "csv":
        body: Iterator[bytes] = csv_stream(rows, header=fields, bom=bom)
        content_type = "text/csv; charset=utf-8"
    elif file_format == "vcf":
        body = vcard_stream(dict(zip(fields, row, strict=True)) for row in rows)
        content_type = "text/vcard; charset=utf-8"
    else:
        raise ValueError(f"unknown export format {file_format!r}")
    response = StreamingHttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{file_format}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
