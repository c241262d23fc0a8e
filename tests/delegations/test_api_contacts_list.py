"""GET /api/v1/contacts/ and /organizations/: filters, bad input, keyset walks, N+1 guard, ETags."""

from __future__ import annotations

import datetime as dt

import pgtrigger
import pytest
from django.test import override_settings

from delegations.models import Contact
from tests.factories import ContactFactory, ExpoFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/contacts/"


@pytest.fixture
def reader(key_client):
    return key_client("contacts:read")


@pytest.fixture
def book(db):
    """A small multi-country, multi-script contact book."""
    seoul = OrganizationFactory(
        name="Seoul Digital Foundation", native_name="서울디지털재단", kind="city", country="KR"
    )
    rabat = OrganizationFactory(name="Agence du Développement Digital", kind="government", country="MA")
    tel_aviv = OrganizationFactory(name="Tel Aviv Smart City", native_name="תל אביב", kind="city", country="IL")
    expo = ExpoFactory(slug="wsce-2027")
    contacts = {
        "kim": ContactFactory(
            full_name="Kim Min-jun", native_name="김민준", organization=seoul, country="KR", tags=["vip", "mou"]
        ),
        "jose": ContactFactory(full_name="José Álvarez", organization=rabat, country="MA", email="jose@add.gov.ma"),
        "fatima": ContactFactory(
            full_name="Fatima Zahra El Amrani", native_name="فاطمة الزهراء العمراني", organization=rabat, country="MA"
        ),
        "noa": ContactFactory(full_name="Noa Levi", native_name="נועה לוי", organization=tel_aviv, country="IL"),
        "wang": ContactFactory(full_name="Wang Xiaoming", native_name="王小明", organization=None, country="TW"),
    }
    contacts["kim"].expos.add(expo)
    contacts["noa"].expos.add(expo)
    return {"expo": expo, **contacts}


def names(response) -> list[str]:
    return [row["full_name"] for row in response.json()["results"]]


def test_contact_list_returns_core_fields_in_name_order(reader, book):
    response = reader.get(URL)
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"next", "previous", "results"}
    assert body["next"] is None and body["previous"] is None
    assert names(response) == ["Fatima Zahra El Amrani", "José Álvarez", "Kim Min-jun", "Noa Levi", "Wang Xiaoming"]
    kim = next(row for row in body["results"] if row["full_name"] == "Kim Min-jun")
    assert kim["native_name"] == "김민준"
    assert kim["organization"] == book["kim"].organization_id
    assert kim["organization_name"] == "Seoul Digital Foundation"
    assert kim["country"] == "KR"
    assert kim["tags"] == ["vip", "mou"]
    assert kim["expos"] == [book["expo"].id]
    assert kim["updated_at"].endswith("+00:00")
    for field in (
        "id",
        "full_name",
        "native_name",
        "title",
        "organization",
        "organization_name",
        "country",
        "email",
        "phone",
        "languages",
        "tags",
        "created_at",
        "updated_at",
    ):
        assert field in kim


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("country=MA", ["Fatima Zahra El Amrani", "José Álvarez"]),
        ("country=ma", ["Fatima Zahra El Amrani", "José Álvarez"]),
        ("organization_kind=city", ["Kim Min-jun", "Noa Levi"]),
        ("tag=vip", ["Kim Min-jun"]),
        ("expo=wsce-2027", ["Kim Min-jun", "Noa Levi"]),
        ("q=jose", ["José Álvarez"]),
        ("q=ALVAREZ", ["José Álvarez"]),
        ("q=김민", ["Kim Min-jun"]),
        ("q=王小明", ["Wang Xiaoming"]),
        ("q=العمراني", ["Fatima Zahra El Amrani"]),
        ("q=נועה", ["Noa Levi"]),
        ("q=Fatma Zahra", ["Fatima Zahra El Amrani"]),  # typo tolerated
        ("q=developpement", ["Fatima Zahra El Amrani", "José Álvarez"]),  # organisation name, accents ignored
        ("q=add.gov", ["José Álvarez"]),  # e-mail
        ("q=100%", []),
        ("ordering=-full_name&country=MA", ["José Álvarez", "Fatima Zahra El Amrani"]),
    ],
)
def test_contact_list_filters(reader, book, query, expected):
    response = reader.get(f"{URL}?{query}")
    assert response.status_code == 200, response.json()
    assert names(response) == expected


def test_contact_list_filters_by_organization_id(reader, book):
    response = reader.get(f"{URL}?organization={book['kim'].organization_id}")
    assert names(response) == ["Kim Min-jun"]


def test_contact_list_filters_by_expo_id(reader, book):
    response = reader.get(f"{URL}?expo={book['expo'].id}")
    assert names(response) == ["Kim Min-jun", "Noa Levi"]


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("updated_since=yesterday", "updated_since"),
        ("country=XX", "country"),
        ("ordering=email", "ordering"),
        ("page_size=1000000000", "page_size"),
        ("page_size=10^9", "page_size"),
        ("page_size=0", "page_size"),
        ("organization=abc", "organization"),
        ("organization_kind=bakery", "organization_kind"),
        ("expo=no-such-expo", "expo"),
        ("cursor=forged", "cursor"),
        ("q=" + "x" * 101, "q"),
        ("organization=99999999999999999999", "organization"),
        ("expo=99999999999999999999", "expo"),
        ("owner=0", "owner"),
    ],
)
def test_contact_list_bad_filter_is_400_naming_the_parameter(reader, book, query, parameter):
    response = reader.get(f"{URL}?{query}")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert list(body["fields"]) == [parameter]


def test_organization_list_filters_and_bad_input(reader, book):
    response = reader.get("/api/v1/organizations/?country=MA")
    assert [row["name"] for row in response.json()["results"]] == ["Agence du Développement Digital"]
    response = reader.get("/api/v1/organizations/?kind=city")
    assert [row["name"] for row in response.json()["results"]] == ["Seoul Digital Foundation", "Tel Aviv Smart City"]
    response = reader.get("/api/v1/organizations/?q=developpement")
    assert [row["name"] for row in response.json()["results"]] == ["Agence du Développement Digital"]
    response = reader.get("/api/v1/organizations/?q=서울")
    assert [row["name"] for row in response.json()["results"]] == ["Seoul Digital Foundation"]
    for query, parameter in [("country=XX", "country"), ("kind=bakery", "kind"), ("page_size=5000", "page_size")]:
        response = reader.get(f"/api/v1/organizations/?{query}")
        assert response.status_code == 400
        assert list(response.json()["fields"]) == [parameter]


def walk(client, url):
    seen: list[int] = []
    pages = 0
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        seen.extend(row["id"] for row in response.json()["results"])
        url = response.json()["next"]
        pages += 1
    return seen, pages


@pytest.mark.parametrize("ordering", ["full_name", "-full_name", "updated_at", "-created_at", "id", "-id"])
def test_keyset_walk_reaches_every_row_once_while_rows_are_added(reader, ordering):
    org = OrganizationFactory()
    for index in range(23):
        ContactFactory(full_name=f"Person {index % 5}", organization=org)  # many ties on full_name
    with pgtrigger.ignore("delegations.Contact:contact_touch_updated_at"):  # ties on updated_at too
        Contact.objects.update(updated_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    before = set(Contact.objects.values_list("id", flat=True))
    url = f"{URL}?ordering={ordering}&page_size=4"
    seen: list[int] = []
    added: list[int] = []
    with override_settings(CONTACT_SYNC_SAFETY_SECONDS=0):
        while url:
            response = reader.get(url)
            assert response.status_code == 200
            seen.extend(row["id"] for row in response.json()["results"])
            url = response.json()["next"]
            added.append(ContactFactory(full_name="Person 2b", organization=org).id)
    assert len(seen) == len(set(seen)), "a row came twice"
    assert before <= set(seen), "a row present from the start was skipped"


def test_keyset_previous_link_walks_back(reader):
    org = OrganizationFactory()
    for index in range(7):
        ContactFactory(full_name=f"Person {index}", organization=org)
    first = reader.get(f"{URL}?page_size=3").json()
    second = reader.get(first["next"]).json()
    back = reader.get(second["previous"]).json()
    assert [r["id"] for r in back["results"]] == [r["id"] for r in first["results"]]
    assert back["previous"] is None
    third = reader.get(second["next"]).json()
    assert [r["full_name"] for r in third["results"]] == ["Person 6"]
    assert third["next"] is None


def test_cursor_from_another_ordering_is_400(reader):
    org = OrganizationFactory()
    for index in range(3):
        ContactFactory(full_name=f"Person {index}", organization=org)
    next_url = reader.get(f"{URL}?page_size=1").json()["next"]
    response = reader.get(next_url + "&ordering=-id")
    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["cursor"]


def test_page_size_1000_is_allowed(reader, book):
    response = reader.get(f"{URL}?page_size=1000")
    assert response.status_code == 200
    assert len(response.json()["results"]) == 5


def _count_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response


@pytest.mark.parametrize("client_fixture", ["office_client", "reader"])
def test_contact_list_query_count_does_not_grow_with_rows(request, client_fixture):
    client = request.getfixturevalue(client_fixture)
    expo = ExpoFactory()
    ContactFactory(organization=OrganizationFactory()).expos.add(expo)
    client.get(URL)  # warm-up: per-user/per-key caches filled once
    one, _ = _count_queries(client, f"{URL}?page_size=10")
    for _ in range(12):
        ContactFactory(organization=OrganizationFactory()).expos.add(expo)
    ten, response = _count_queries(client, f"{URL}?page_size=10")
    assert len(response.json()["results"]) == 10
    hundred, response = _count_queries(client, f"{URL}?page_size=100&country=MA")
    assert len(response.json()["results"]) == 13
    assert ten == hundred == one
    # key lookup, throttle counter (shared cache), the page, the pull log — never one per row
    # key lookup, throttle counter (database cache: read, then a relaxed-commit write), the page,
    # the pull log — a fixed number, never one per row
    assert one <= 12


def test_organization_list_query_count_does_not_grow_with_rows(reader):
    OrganizationFactory()
    reader.get("/api/v1/organizations/")
    one, _ = _count_queries(reader, "/api/v1/organizations/")
    for _ in range(4):
        OrganizationFactory()
    many, response = _count_queries(reader, "/api/v1/organizations/")
    assert len(response.json()["results"]) == 5
    assert many == one


def test_contact_list_and_detail_answer_304_to_matching_etag(reader, book):
    response = reader.get(URL)
    etag = response["ETag"]
    assert etag.startswith('"')
    assert reader.get(URL, HTTP_IF_NONE_MATCH=etag).status_code == 304
    detail_url = f"{URL}{book['kim'].id}/"
    detail = reader.get(detail_url)
    assert detail.status_code == 200
    assert reader.get(detail_url, HTTP_IF_NONE_MATCH=detail["ETag"]).status_code == 304
    Contact.objects.filter(pk=book["kim"].pk).update(title="Director")
    changed = reader.get(detail_url, HTTP_IF_NONE_MATCH=detail["ETag"])
    assert changed.status_code == 200
    assert changed.json()["title"] == "Director"
    assert reader.get(URL, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_contact_detail_unknown_id_is_404(reader):
    assert reader.get(f"{URL}999999/").status_code == 404
    assert reader.get(f"{URL}abc/").status_code == 404
