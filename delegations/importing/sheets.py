"""Reading an uploaded spreadsheet: sniff the type, cap the size, clean every cell, guess the columns."""

from __future__ import annotations

import csv
import io
import re
import time
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
MAX_COLUMNS = 200
# Parsing stops with a clear refusal past this many characters in all cells or this many seconds
# (well within a web worker's timeout); together with the caps above they bound memory and time.
MAX_TOTAL_CHARACTERS = 30_000_000
MAX_PARSE_SECONDS = 20.0
MAX_ZIP_MEMBERS = 2_000
# A real workbook's parts compress 5-20 times; a zip bomb's compress thousands of times.
MAX_COMPRESSION_RATIO = 200
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


class _Budget:
    """Counts rows, columns, characters and time while a sheet is read; refuses past the caps."""

    def __init__(self) -> None:
        self.rows: list[list[str]] = []
        self.characters = 0
        self.deadline = time.monotonic() + MAX_PARSE_SECONDS

    def add(self, cells: list[str]) -> None:
        while cells and not cells[-1]:
            cells.pop()
        if len(cells) > MAX_COLUMNS:
            raise ImportFileError(
                _("Row %(row)d has more than %(max)d columns; remove the columns you do not need.")
                % {"row": len(self.rows) + 1, "max": MAX_COLUMNS}
            )
        self.rows.append(cells)
        if len(self.rows) > MAX_ROWS + 1:
            raise ImportFileError(_("The file has more than %(max)d rows; split it.") % {"max": MAX_ROWS})
        self.characters += sum(len(c) for c in cells)
        if self.characters > MAX_TOTAL_CHARACTERS:
            raise ImportFileError(_("The file holds too much text to import at once; split it."))
        if len(self.rows) % 200 == 0 and time.monotonic() > self.deadline:
            raise ImportFileError(_("The file takes too long to read; split it or save it as CSV."))


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
    budget = _Budget()
    try:
        reader = csv.reader(io.StringIO(text, newline=""), dialect)
        for row in reader:
            budget.add([clean_cell(c) for c in row])
    except csv.Error as exc:
        raise ImportFileError(_("The CSV file is broken: %(error)s") % {"error": exc}) from exc
    return _sheet("csv", encoding, budget.rows)


_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")


def _check_archive(data: bytes) -> bool:
    """Refuse what no plain workbook holds before any XML is parsed: too many or too large parts,
    zip-bomb compression, macros, and DTDs (entity expansion, external entities). Returns whether
    any worksheet holds a formula."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            names = {info.filename for info in members}
            if "xl/workbook.xml" not in names:
                raise ImportFileError(_("This is not a CSV or XLSX file."))
            if len(members) > MAX_ZIP_MEMBERS or sum(info.file_size for info in members) > MAX_UNPACKED_XLSX_BYTES:
                raise ImportFileError(_("The spreadsheet unpacks to too much data."))
            for info in members:
                if info.file_size > 1024 * 1024 and info.file_size > MAX_COMPRESSION_RATIO * max(info.compress_size, 1):
                    raise ImportFileError(_("The spreadsheet unpacks to too much data."))
            if any(name.lower().endswith("vbaproject.bin") for name in names) or (
                b"macroEnabled" in archive.read("[Content_Types].xml") if "[Content_Types].xml" in names else False
            ):
                raise ImportFileError(
                    _("This workbook contains macros. Save it as a plain Excel workbook (.xlsx) and upload again.")
                )
            has_formulas = False
            for info in members:
                if not info.filename.lower().endswith((".xml", ".rels")):
                    continue
                declares_dtd, formulas = _scan_part(archive, info)
                if declares_dtd:
                    raise ImportFileError(_("The spreadsheet contains XML declarations that are not allowed."))
                has_formulas = has_formulas or (formulas and info.filename.startswith("xl/worksheets/"))
            return has_formulas
    except zipfile.BadZipFile as exc:
        raise ImportFileError(_("The XLSX file is broken.")) from exc


def _scan_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> tuple[bool, bool]:
    """Whether an XML part holds a ``<!DOCTYPE``/``<!ENTITY``, and whether it holds a formula
    (read in chunks, never whole)."""
    tail = b""
    formulas = False
    with archive.open(info) as part:
        while chunk := part.read(256 * 1024):
            window = tail + chunk
            upper = window.upper()
            if b"<!DOCTYPE" in upper or b"<!ENTITY" in upper:
                return True, formulas
            formulas = formulas or _FORMULA_TAG.search(window) is not None
            tail = chunk[-16:]
    return False, formulas


def _read_xlsx(data: bytes) -> Sheet:
    has_formulas = _check_archive(data)
    import openpyxl  # noqa: PLC0415 - openpyxl loads only when an XLSX file arrives
    from openpyxl.utils import get_column_letter  # noqa: PLC0415 - as above

    budget = _Budget()
    try:
        values = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        # A second reading, of the formulas themselves, only when the sheet has any.
        formulas = openpyxl.load_workbook(io.BytesIO(data), read_only=True) if has_formulas else None
    except Exception as exc:  # openpyxl raises many kinds of error for a damaged file
        raise ImportFileError(_("The XLSX file could not be read.")) from exc
    try:
        if not values.worksheets:
            raise ImportFileError(_("The XLSX file has no sheet."))
        value_sheet = values.worksheets[0]
        # The sheet's own size claim is not trusted (a tiny file may claim a million columns):
        # without it rows hold the cells the file has, unpadded; width is capped per row.
        value_sheet.reset_dimensions()
        if formulas is None:
            for row in value_sheet.iter_rows(values_only=True):
                budget.add([clean_cell(value) for value in row])
        else:
            formula_sheet = formulas.worksheets[0]
            formula_sheet.reset_dimensions()
            pairs = zip(value_sheet.iter_rows(), formula_sheet.iter_rows(), strict=False)
            for row_number, (value_row, formula_row) in enumerate(pairs, start=1):
                cells = []
                for column, (value_cell, formula_cell) in enumerate(zip(value_row, formula_row, strict=False), 1):
                    if getattr(formula_cell, "data_type", "") == "f" and value_cell.value is None:
                        raise ImportFileError(
                            _(
                                "Cell %(cell)s holds a formula whose result was never saved. Open the file in "
                                "a spreadsheet and save it, or paste the cells as values, and upload again."
                            )
                            % {"cell": f"{get_column_letter(column)}{row_number}"}
                        )
                    cells.append(clean_cell(value_cell.value))
                budget.add(cells)
    except ImportFileError:
        raise
    except Exception as exc:  # damaged XML inside the archive surfaces while rows are read
        raise ImportFileError(_("The XLSX file could not be read.")) from exc
    finally:
        values.close()
        if formulas is not None:
            formulas.close()
    return _sheet("xlsx", "", budget.rows)


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
