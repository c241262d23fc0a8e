"""Finding M-5, the remaining causes: each answers 400 (or its ordinary page), never a server error."""

from __future__ import annotations

import io
import re
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from delegations.models import ContactImport
from tests.factories import ExpoFactory
from tests.factories.profiles import complete_profile, media_root  # noqa: F401 - media_root is a fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


@pytest.fixture
def profile(exhibitor_a):
    return complete_profile(exhibitor_a)


@pytest.fixture
def api_a(exhibitor_user_a) -> APIClient:
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(exhibitor_user_a)
    return client


def profile_url(exhibitor) -> str:
    return f"/api/v1/exhibitors/{exhibitor.pk}/profile/"


def test_m5_profile_asked_for_as_html_answers_the_browsable_page(api_a, exhibitor_a, profile):
    response = api_a.get(profile_url(exhibitor_a), HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "Care" in response.content.decode() or profile.company_name in response.content.decode()


@pytest.mark.parametrize("suffix", ["submit/", "logo/"])
def test_m5_profile_actions_asked_for_as_html_are_no_server_error(api_a, exhibitor_a, profile, suffix):
    response = api_a.post(profile_url(exhibitor_a) + suffix, {}, HTTP_ACCEPT="text/html")
    assert response.status_code < 500


@pytest.mark.parametrize("value", ["\\ud800", "smart\\udfff"])
def test_m5_lone_surrogate_in_a_choice_field_is_a_400(api_a, exhibitor_a, profile, value):
    body = '{"version": 1, "category": "' + value + '"}'
    response = api_a.generic("PATCH", profile_url(exhibitor_a), body, content_type="application/json")
    assert response.status_code == 400


@pytest.mark.parametrize("website", [123, ["https://a.example"], {"a": 1}, True])
def test_m5_non_string_website_is_a_400(api_a, exhibitor_a, profile, website):
    response = api_a.patch(profile_url(exhibitor_a), {"version": 1, "website": website}, format="json")
    assert response.status_code == 400
    assert "website" in response.json()["fields"]


@pytest.mark.parametrize("field", ["tagline", "company_name", "description", "website"])
def test_m5_nul_in_a_profile_field_is_a_400(api_a, exhibitor_a, profile, field):
    response = api_a.patch(profile_url(exhibitor_a), {"version": 1, field: "a\x00b"}, format="json")
    assert response.status_code == 400


def test_m5_nul_in_lead_search_api_is_a_400(api_a):
    response = api_a.get("/api/v1/leads/", {"q": "a\x00"})
    assert response.status_code == 400


@pytest.mark.parametrize("at", ["0001-01-01T00:00+14:00", "9999-12-31T23:59-14:00", "0001-01-01T00:00"])
def test_m5_delegation_moment_at_the_edge_of_time_is_no_server_error(client, office_user, at):

    expo = ExpoFactory()
    client.force_login(office_user)
    response = client.get("/delegation/", {"expo": expo.slug, "at": at})
    assert response.status_code == 200
    assert response.context["at_error"] == "Enter a date and time such as 2027-09-04 14:30."


def xlsx_without_a_sheet() -> bytes:
    saved = io.BytesIO()
    openpyxl.Workbook().save(saved)
    source = zipfile.ZipFile(saved)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for info in source.infolist():
            if info.filename.startswith("xl/worksheets/"):
                continue
            data = source.read(info.filename)
            if info.filename == "xl/workbook.xml":
                data = re.sub(rb"<sheets>.*</sheets>", b"<sheets/>", data)
            archive.writestr(info, data)
    return out.getvalue()


def test_m5_xlsx_without_a_sheet_is_refused_with_a_message(client, office_user):
    client.force_login(office_user)
    upload = SimpleUploadedFile("contacts.xlsx", xlsx_without_a_sheet())
    response = client.post("/contacts/import/", {"file": upload})
    assert response.status_code == 400
    assert "The XLSX file has no sheet." in response.content.decode()
    assert not ContactImport.objects.exists()


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("/api/v1/speaking-slots/?starts_after=0080-08-17T18:51:45-19:22", "starts_after"),
        ("/api/v1/meetings/?updated_since=2027-09-04T10:00%2B23:00", "updated_since"),
        ("/api/v1/contacts/?updated_since=0001-01-01T00:00%2B14:00", "updated_since"),
    ],
)
def test_m5_time_filters_the_database_cannot_compare_are_a_400(key_client, url, name):
    client = key_client("contacts:read", "meetings:read")
    response = client.get(url)
    assert response.status_code == 400
    assert name in response.json()["fields"]
