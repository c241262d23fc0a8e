"""Writes through /api/v1/contacts/ (contacts:write): validation, history, If-Match, tombstones."""

from __future__ import annotations

import pghistory.models
import pytest

from delegations.models import Contact, ContactTombstone, Organization
from tests.factories import ContactFactory, ExpoFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/contacts/"


@pytest.fixture
def writer(key_client):
    return key_client("contacts:read", "contacts:write", name="crm")


def test_contact_create_validates_and_records_history(writer):
    org = OrganizationFactory(name="Busan IT Industry Promotion Agency", country="KR")
    expo = ExpoFactory()
    response = writer.post(
        URL,
        {
            "full_name": "Park Ji-woo",
            "native_name": "박지우",
            "organization": org.id,
            "country": "KR",
            "email": "jiwoo@busanit.or.kr",
            "phone": "+821012345678",
            "languages": ["ko", "en"],
            "tags": ["mou"],
            "expos": [expo.id],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["native_name"] == "박지우"
    assert body["organization_name"] == "Busan IT Industry Promotion Agency"
    assert body["phone"] == "+821012345678"
    assert body["expos"] == [expo.id]
    assert response["Location"].endswith(f"{URL}{body['id']}/")
    event = pghistory.models.Events.objects.filter(pgh_obj_model="delegations.Contact", pgh_obj_id=body["id"]).get()
    assert event.pgh_context["api_key"] == "crm"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"full_name": "A", "phone": "010-1234-5678"}, "phone"),
        ({"full_name": "A", "phone": "+82 not a number"}, "phone"),
        ({"full_name": "A", "country": "XX"}, "country"),
        ({"full_name": "A", "email": "not-an-email"}, "email"),
        ({"full_name": ""}, "full_name"),
        ({"full_name": "A", "organization": 999999}, "organization"),
        ({"full_name": "A", "languages": ["not a code!"]}, "languages"),
    ],
)
def test_contact_create_bad_input_is_400_and_writes_nothing(writer, payload, field):
    response = writer.post(URL, payload, format="json")
    assert response.status_code == 400
    assert field in response.json()["fields"]
    assert Contact.objects.count() == 0


def test_contact_patch_with_current_etag_succeeds_and_stale_etag_is_409(writer):
    contact = ContactFactory(full_name="Amina Diallo", title="Advisor")
    detail = writer.get(f"{URL}{contact.id}/")
    etag = detail["ETag"]
    response = writer.patch(f"{URL}{contact.id}/", {"title": "Director"}, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 200, response.json()
    assert response.json()["title"] == "Director"
    assert response["ETag"] != etag
    stale = writer.patch(f"{URL}{contact.id}/", {"title": "Minister"}, format="json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 409
    assert stale.json()["code"] == "conflict"
    assert stale.json()["current_etag"] == response["ETag"]
    contact.refresh_from_db()
    assert contact.title == "Director"


def test_contact_patch_without_if_match_applies(writer):
    contact = ContactFactory(full_name="Amina Diallo")
    response = writer.patch(f"{URL}{contact.id}/", {"country": "ZA"}, format="json")
    assert response.status_code == 200
    assert response.json()["country"] == "ZA"
    contact.refresh_from_db()
    assert contact.country.code == "ZA"


def test_contact_patch_bad_phone_is_400_and_changes_nothing(writer):
    contact = ContactFactory(full_name="Amina Diallo", phone="+27211234567")
    response = writer.patch(f"{URL}{contact.id}/", {"phone": "12345", "title": "X"}, format="json")
    assert response.status_code == 400
    assert "phone" in response.json()["fields"]
    contact.refresh_from_db()
    assert (str(contact.phone), contact.title) == ("+27211234567", "")


def test_contact_put_replaces_the_record(writer):
    contact = ContactFactory(full_name="Amina Diallo", title="Advisor", tags=["vip"])
    response = writer.put(f"{URL}{contact.id}/", {"full_name": "Amina Diallo-Ba"}, format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["full_name"], body["title"], body["tags"], body["organization"]) == ("Amina Diallo-Ba", "", [], None)


def test_contact_delete_leaves_tombstone_and_stale_delete_is_409(writer):
    contact = ContactFactory()
    etag = writer.get(f"{URL}{contact.id}/")["ETag"]
    Contact.objects.filter(pk=contact.pk).update(title="Changed elsewhere")
    assert writer.delete(f"{URL}{contact.id}/", HTTP_IF_MATCH=etag).status_code == 409
    assert Contact.objects.filter(pk=contact.pk).exists()
    fresh = writer.get(f"{URL}{contact.id}/")["ETag"]
    assert writer.delete(f"{URL}{contact.id}/", HTTP_IF_MATCH=fresh).status_code == 204
    tombstone = ContactTombstone.objects.get(contact_id=contact.id)
    assert tombstone.merged_into_id is None
    assert writer.get(f"{URL}{contact.id}/").status_code == 404


def test_write_on_missing_contact_is_404(writer):
    assert writer.patch(f"{URL}999999/", {"title": "X"}, format="json").status_code == 404
    assert writer.delete(f"{URL}999999/").status_code == 404


def test_organization_create_and_patch(key_client):
    client = key_client("contacts:read", "contacts:write")
    response = client.post(
        "/api/v1/organizations/",
        {"name": "Oman Smart Cities", "native_name": "المدن الذكية", "kind": "government", "country": "OM"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    org_id = response.json()["id"]
    etag = response["ETag"]
    response = client.patch(f"/api/v1/organizations/{org_id}/", {"city": "Muscat"}, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 200
    assert Organization.objects.get(pk=org_id).city == "Muscat"
    bad = client.post("/api/v1/organizations/", {"name": "X", "kind": "bakery", "country": "XX"}, format="json")
    assert bad.status_code == 400
    assert set(bad.json()["fields"]) == {"kind", "country"}
