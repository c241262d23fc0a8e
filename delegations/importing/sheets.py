"""Reading an uploaded spreadsheet: sniff the type, cap the size, clean every cell, guess the columns."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from delegations.models import ContactImport

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
    import openpyxl  # noqa: PLC0415 - openpyxl loads only when an XLSX file arrives

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds of error for a damaged file
        raise ImportFileError(_("The XLSX file could not be read.")) from exc
    try:
        if not workbook.worksheets:
            raise ImportFileError(_("The XLSX file has no sheet."))
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
