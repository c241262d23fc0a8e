"""Hostile spreadsheets: each is refused with a clear message before anything is written."""

from __future__ import annotations

import io
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from delegations import importing
from delegations.importing import sheets
from delegations.models import Contact, ContactImport

pytestmark = pytest.mark.django_db

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="{workbook}"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
PLAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
MACRO = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Contacts" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)


def sheet_xml(rows: str, *, prolog: str = "", dimension: str = "A1:B2") -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="{dimension}"/><sheetData>{rows}</sheetData></worksheet>'
    )


GOOD_ROWS = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>Name</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>Country</t></is></c></row>'
    '<row r="2"><c r="A2" t="inlineStr"><is><t>Kim Min-jun</t></is></c>'
    '<c r="B2" t="inlineStr"><is><t>KR</t></is></c></row>'
)


def workbook(
    sheet: str, *, content_type: str = PLAIN, extra: dict[str, bytes] | None = None, book: str = WORKBOOK
) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES.format(workbook=content_type))
        archive.writestr("_rels/.rels", RELS)
        archive.writestr("xl/workbook.xml", book)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_a_plain_handmade_workbook_reads():
    sheet = importing.read_sheet(workbook(sheet_xml(GOOD_ROWS)))
    assert (sheet.headers, sheet.rows) == (["Name", "Country"], [["Kim Min-jun", "KR"]])


def test_a_formula_with_its_saved_result_gives_the_result():
    rows = GOOD_ROWS.replace(
        '<c r="B2" t="inlineStr"><is><t>KR</t></is></c>', '<c r="B2" t="str"><f>LEFT("KRW",2)</f><v>KR</v></c>'
    )
    assert importing.read_sheet(workbook(sheet_xml(rows))).rows == [["Kim Min-jun", "KR"]]


BILLION_LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
)
EXTERNAL = '<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'


def _bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES.format(workbook=PLAIN))
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/worksheets/sheet1.xml", sheet_xml(GOOD_ROWS) + " " * (50 * 1024 * 1024))
    return buffer.getvalue()


def _wide_claim() -> bytes:
    # A few bytes that claim a sheet of 16,384 columns by a million rows.
    return workbook(sheet_xml(GOOD_ROWS, dimension="A1:XFD1048576"))


def _too_wide() -> bytes:
    cells = "".join(f'<c r="{_col(i)}1" t="inlineStr"><is><t>h{i}</t></is></c>' for i in range(1, 260))
    return workbook(sheet_xml(f'<row r="1">{cells}</row>' + GOOD_ROWS.split("</row>", 1)[1]))


def _col(index: int) -> str:
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


HOSTILE = {
    "entity expansion": (workbook(sheet_xml(GOOD_ROWS.replace("KR", "&lol3;"), prolog=BILLION_LAUGHS)), "XML"),
    "external entity": (workbook(sheet_xml(GOOD_ROWS.replace("KR", "&x;"), prolog=EXTERNAL)), "XML"),
    "zip bomb": (_bomb(), "unpacks to too much data"),
    "macros (content type)": (workbook(sheet_xml(GOOD_ROWS), content_type=MACRO), "macros"),
    "macros (vba part)": (workbook(sheet_xml(GOOD_ROWS), extra={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0"}), "macros"),
    "too many columns": (_too_wide(), "more than 200 columns"),
    "no sheet": (
        workbook(sheet_xml(GOOD_ROWS), book=WORKBOOK.replace('<sheet name="Contacts" sheetId="1" r:id="rId1"/>', "")),
        "could not be read|no sheet",
    ),
    "broken sheet xml": (workbook("<worksheet><sheetData><row>"), "could not be read"),
    "csv too many rows": (b"Name\n" + b"x\n" * (importing.MAX_ROWS + 5), "more than 20000 rows"),
    "csv over-long field": (b"Name,Notes\nKim," + b"y" * 200_000 + b"\n", "broken"),
    "csv too many columns": (b",".join([b"c"] * 300) + b"\n" + b",".join([b"v"] * 300) + b"\n", "columns"),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_files_are_refused_quickly_with_a_message(name):
    data, message = HOSTILE[name]
    started = time.monotonic()
    with pytest.raises(importing.ImportFileError, match=message):
        importing.read_sheet(data)
    assert time.monotonic() - started < 10


def test_a_lying_dimension_costs_nothing():
    started = time.monotonic()
    sheet = importing.read_sheet(_wide_claim())
    assert sheet.rows == [["Kim Min-jun", "KR"]]
    assert time.monotonic() - started < 5


def test_the_parse_time_limit_refuses(monkeypatch):
    monkeypatch.setattr(sheets, "MAX_PARSE_SECONDS", -1.0)
    data = b"Name\n" + b"".join(b"Person %d\n" % i for i in range(500))
    with pytest.raises(importing.ImportFileError, match="too long"):
        importing.read_sheet(data)


@pytest.mark.parametrize("name", ["entity expansion", "zip bomb", "macros (vba part)", "no sheet"])
def test_the_upload_page_answers_400_and_writes_nothing(client, office_user, name):
    client.force_login(office_user)
    data, _message = HOSTILE[name]
    upload = SimpleUploadedFile("contacts.xlsx", data, content_type="application/octet-stream")
    response = client.post(reverse("contact-import"), {"file": upload})
    assert response.status_code == 400
    assert "error" in response.content.decode().lower()
    assert not ContactImport.objects.exists() and not Contact.objects.exists()
