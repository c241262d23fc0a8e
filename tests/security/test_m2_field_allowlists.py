"""Finding M-2: a key's field allow-list holds for filters, search and writes, not only for output."""

from __future__ import annotations

import pytest

from tests.factories import ContactFactory, ExpoFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

CONTACTS = "/api/v1/contacts/"


@pytest.fixture
def contact():
    organization = OrganizationFactory(name="Ministry of Trade", native_name="وزارة التجارة", country="MA")
    contact = ContactFactory(
        full_name="Youssef Amrani",
        native_name="يوسف العمراني",
        email="y.amrani@trade.gov.ma",
        organization=organization,
        country="MA",
        tags=["vip"],
    )
    contact.expos.add(ExpoFactory())
    return contact


def export_rows(client, query: str) -> list[str]:
    response = client.get(f"{CONTACTS}export.csv?{query}")
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode().splitlines()[1:]


def test_m2_search_covers_only_the_fields_the_key_may_see(key_client, contact):
    names_only = key_client("contacts:read", fields=["full_name"])
    assert names_only.get(CONTACTS, {"q": "trade.gov"}).json()["results"] == []
    assert names_only.get(CONTACTS, {"q": "Ministry"}).json()["results"] == []
    assert names_only.get(CONTACTS, {"q": "العمراني"}).json()["results"] == []
    assert export_rows(names_only, "q=trade.gov") == []
    assert names_only.get(CONTACTS, {"q": "Amrani"}).json()["results"] == [
        {"id": contact.pk, "full_name": "Youssef Amrani"}
    ]
    # The same searches find the contact for a key that sees those fields.
    everything = key_client("contacts:read")
    for term in ("trade.gov", "Ministry", "العمراني"):
        assert [row["id"] for row in everything.get(CONTACTS, {"q": term}).json()["results"]] == [contact.pk]
    with_email = key_client("contacts:read", fields=["email"])
    assert [row["id"] for row in with_email.get(CONTACTS, {"q": "trade.gov"}).json()["results"]] == [contact.pk]
    assert with_email.get(CONTACTS, {"q": "Youssef"}).json()["results"] == []


@pytest.mark.parametrize(
    ("param", "value"),
    [
        ("country", "MA"),
        ("organization", "1"),
        ("organization_kind", "government"),
        ("sector", "trade"),
        ("tag", "vip"),
        ("expo", "1"),
        ("owner", "1"),
        ("updated_since", "2020-01-01T00:00:00Z"),
    ],
)
def test_m2_filter_on_a_hidden_field_is_400_naming_it(key_client, contact, param, value):
    names_only = key_client("contacts:read", fields=["full_name"])
    for url in (CONTACTS, f"{CONTACTS}export.csv", f"{CONTACTS}export.vcf"):
        response = names_only.get(url, {param: value})
        assert response.status_code == 400, url
        assert list(response.json()["fields"]) == [param]


def test_m2_filter_on_a_visible_field_still_works(key_client, contact):
    client = key_client("contacts:read", fields=["full_name", "country", "tags"])
    assert [r["id"] for r in client.get(CONTACTS, {"country": "MA", "tag": "vip"}).json()["results"]] == [contact.pk]
    assert client.get(CONTACTS, {"country": "ZA"}).json()["results"] == []


def test_m2_search_with_no_searchable_field_visible_is_400(key_client, contact):
    client = key_client("contacts:read", fields=["country"])
    response = client.get(CONTACTS, {"q": "Amrani"})
    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["q"]


def test_m2_organization_filters_and_search_follow_the_allowlist(key_client, contact):
    client = key_client("contacts:read", fields=["name"])
    response = client.get("/api/v1/organizations/", {"country": "MA"})
    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["country"]
    assert client.get("/api/v1/organizations/", {"q": "التجارة"}).json()["results"] == []
    found = client.get("/api/v1/organizations/", {"q": "Ministry"}).json()["results"]
    assert found == [{"id": contact.organization_id, "name": "Ministry of Trade"}]
    hidden_only = key_client("contacts:read", fields=["city"])
    assert hidden_only.get("/api/v1/organizations/", {"q": "Ministry"}).status_code == 400


def test_m2_allowlisted_writer_cannot_change_hidden_fields(key_client, contact):
    writer = key_client("contacts:read", "contacts:write", fields=["full_name"])
    url = f"{CONTACTS}{contact.pk}/"
    refused = writer.patch(url, {"full_name": "Youssef Amrani", "email": "attacker@example.org"}, format="json")
    assert refused.status_code == 400
    assert list(refused.json()["fields"]) == ["email"]
    notes = writer.patch(url, {"notes": "x"}, format="json")
    assert notes.status_code == 400
    assert list(notes.json()["fields"]) == ["notes"]
    created = writer.post(CONTACTS, {"full_name": "New Person", "country": "MA"}, format="json")
    assert created.status_code == 400
    assert list(created.json()["fields"]) == ["country"]
    # A PUT replaces what the key may see and leaves the rest as it was.
    replaced = writer.put(url, {"full_name": "Youssef El Amrani"}, format="json")
    assert replaced.status_code == 200
    assert replaced.json() == {"id": contact.pk, "full_name": "Youssef El Amrani"}
    contact.refresh_from_db()
    assert (contact.full_name, contact.email, contact.country.code, contact.tags) == (
        "Youssef El Amrani",
        "y.amrani@trade.gov.ma",
        "MA",
        ["vip"],
    )
    org_writer = key_client("contacts:read", "contacts:write", fields=["name"])
    response = org_writer.patch(f"/api/v1/organizations/{contact.organization_id}/", {"city": "Fès"}, format="json")
    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["city"]
