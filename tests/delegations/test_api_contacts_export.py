"""Streamed exports: CSV (BOM, native scripts, formula neutralisation) and vCard 4."""

from __future__ import annotations

import csv
import io

import pytest

from delegations.exports import csv_cell, neutralise_cell, vcard
from tests.factories import ContactFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(key_client):
    return key_client("contacts:read")


def _body(response) -> bytes:
    assert response.status_code == 200
    assert response.streaming
    return b"".join(response.streaming_content)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+SUM(A1:A2)", "'+SUM(A1:A2)"),
        ("-2+3", "'-2+3"),
        ("@cmd", "'@cmd"),
        ("\tindent", "'\tindent"),
        ("\r=1", "'\r=1"),
        ("+821012345678", "+821012345678"),  # an E.164 number is data, not a formula
        ("Kim Min-jun", "Kim Min-jun"),
        ("김민준", "김민준"),
        ("", ""),
    ],
)
def test_neutralise_cell(value, expected):
    assert neutralise_cell(value) == expected


def test_csv_cell_formats_lists_and_neutralises_them():
    assert csv_cell(["vip", "mou"]) == "vip; mou"
    assert csv_cell(["=cmd"]) == "'=cmd"
    assert csv_cell(None) == ""
    assert csv_cell(3) == "3"


def test_export_csv_keeps_native_scripts_and_neutralises_formulas(reader):
    org = OrganizationFactory(name='=HYPERLINK("http://evil")', country="KR")
    ContactFactory(full_name="Kim Min-jun", native_name="김민준", organization=org, phone="+821012345678")
    ContactFactory(full_name="@Fatima", native_name="فاطمة الزهراء", organization=org, tags=["-vip"])
    ContactFactory(full_name="Wang Xiaoming", native_name="王小明", organization=org)
    body = _body(reader.get("/api/v1/contacts/export.csv"))
    assert not body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8"))))
    assert [row["native_name"] for row in rows] == ["فاطمة الزهراء", "김민준", "王小明"]
    assert rows[0]["full_name"] == "'@Fatima"
    assert rows[0]["tags"] == "'-vip"
    assert {row["organization_name"] for row in rows} == {'\'=HYPERLINK("http://evil")'}
    assert rows[1]["phone"] == "+821012345678"


def test_export_csv_with_bom_for_excel(reader):
    ContactFactory(full_name="José Álvarez")
    response = reader.get("/api/v1/contacts/export.csv?bom=true")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    body = _body(response)
    assert body.startswith(b"\xef\xbb\xbfid,")
    assert "José Álvarez".encode() in body


def test_export_applies_list_filters_and_rejects_bad_ones(reader):
    ContactFactory(full_name="In Morocco", country="MA", organization=OrganizationFactory(country="MA"))
    ContactFactory(full_name="In Korea", country="KR", organization=OrganizationFactory(country="KR"))
    rows = list(csv.DictReader(io.StringIO(_body(reader.get("/api/v1/contacts/export.csv?country=MA")).decode())))
    assert [row["full_name"] for row in rows] == ["In Morocco"]
    for query, parameter in [
        ("country=XX", "country"),
        ("bom=perhaps", "bom"),
        ("updated_since=yesterday", "updated_since"),
    ]:
        response = reader.get(f"/api/v1/contacts/export.csv?{query}")
        assert response.status_code == 400
        assert list(response.json()["fields"]) == [parameter]


def test_export_of_many_rows_streams_in_chunks(reader):
    org = OrganizationFactory()
    ContactFactory.create_batch(1200, organization=org)
    response = reader.get("/api/v1/contacts/export.csv")
    chunks = list(response.streaming_content)
    assert len(chunks) >= 3
    assert b"".join(chunks).count(b"\r\n") == 1201


def _unfold(text: str) -> list[str]:
    assert "\n" not in text.replace("\r\n", "")
    return text.replace("\r\n ", "").split("\r\n")


def test_export_vcf_is_valid_vcard_4(reader):
    org = OrganizationFactory(name="Seoul Digital Foundation; Smart, City", country="KR")
    ContactFactory(
        full_name="Kim Min-jun",
        native_name="김민준",
        honorific="Dr.",
        title="Director General of the Smart City Policy Bureau and Chief Digital Officer",
        organization=org,
        email="kim@sdf.seoul.kr",
        phone="+821012345678",
        country="KR",
        languages=["ko", "en"],
        preferred_language="ko",
        tags=["vip"],
    )
    response = reader.get("/api/v1/contacts/export.vcf")
    assert response["Content-Type"] == "text/vcard; charset=utf-8"
    text = _body(response).decode("utf-8")
    for raw_line in text.split("\r\n"):
        assert len(raw_line.encode()) <= 75
    lines = _unfold(text)
    assert lines[0] == "BEGIN:VCARD" and lines[1] == "VERSION:4.0"
    assert lines[-2] == "END:VCARD" and lines[-1] == ""
    assert "FN;ALTID=1;PREF=1:Kim Min-jun" in lines
    assert "FN;ALTID=1;LANGUAGE=ko:김민준" in lines
    assert "ORG:Seoul Digital Foundation\\; Smart\\, City" in lines
    assert "TEL;VALUE=uri;TYPE=work:tel:+821012345678" in lines
    assert "EMAIL;TYPE=work:kim@sdf.seoul.kr" in lines
    assert "TITLE:Director General of the Smart City Policy Bureau and Chief Digital Officer" in lines
    assert "LANG;PREF=1:ko" in lines and "LANG:en" in lines
    assert any(line.startswith("UID:urn:uuid:") for line in lines)
    assert any(line.startswith("REV:") and line.endswith("Z") for line in lines)


def test_vcard_folds_multibyte_text_without_splitting_characters():
    card = vcard({"id": 1, "full_name": "A", "native_name": "김" * 60, "title": "", "languages": []})
    for raw in card.split("\r\n"):
        raw.encode().decode("utf-8")  # each physical line is valid UTF-8 on its own
        assert len(raw.encode()) <= 75
    assert "김" * 60 in card.replace("\r\n ", "")
