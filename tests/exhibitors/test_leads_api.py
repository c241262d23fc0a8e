"""The lead API: list shape and query count, writes through the service, the match helper."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from exhibitors.models import Lead
from tests.factories import ContactFactory, ExhibitorMembershipFactory, LeadFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/leads/"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def client_a(api_client, exhibitor_user_a):
    api_client.force_login(exhibitor_user_a)
    return api_client


def test_lead_api_create_matches_contact_and_answers_201(client_a, exhibitor_a):
    contact = ContactFactory(email="ines@lisboa.example.pt")
    response = client_a.post(
        URL,
        {
            "full_name": "Inês Costa",
            "organization_name": "Lisboa E-Nova",
            "country": "PT",
            "email": "INES@lisboa.example.pt",
            "phone": "+351 21 123 4567",
            "interest": "Museum guides",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["exhibitor"] == exhibitor_a.pk
    assert body["known_contact"] is True
    assert "contact" not in body and "contact_name" not in body
    assert Lead.objects.get().contact == contact
    assert body["phone"] == "+351211234567"
    assert body["country"] == "PT"


def test_lead_api_bad_input_is_400_with_fields_and_writes_nothing(client_a):
    response = client_a.post(URL, {"full_name": "", "email": "nope", "country": "ZZ"}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert {"full_name", "email"} <= set(body["fields"])
    assert Lead.objects.count() == 0


def test_lead_api_invalid_country_is_400(client_a):
    response = client_a.post(URL, {"full_name": "X", "country": "ZZ"}, format="json")
    assert response.status_code == 400
    assert "country" in response.json()["fields"]


def test_lead_api_user_of_two_exhibitors_must_name_one(api_client, exhibitor_a, exhibitor_b, exhibitor_user_a):
    ExhibitorMembershipFactory(exhibitor=exhibitor_b, user=exhibitor_user_a)
    api_client.force_login(exhibitor_user_a)
    response = api_client.post(URL, {"full_name": "Someone"}, format="json")
    assert response.status_code == 400
    assert "exhibitor" in response.json()["fields"]
    response = api_client.post(URL, {"full_name": "Someone", "exhibitor": exhibitor_b.pk}, format="json")
    assert response.status_code == 201
    assert Lead.objects.get().exhibitor == exhibitor_b


def test_lead_api_cannot_move_lead_to_other_exhibitor(client_a, exhibitor_a, exhibitor_b):
    lead = LeadFactory(exhibitor=exhibitor_a)
    response = client_a.patch(f"{URL}{lead.pk}/", {"exhibitor": exhibitor_b.pk}, format="json")
    assert response.status_code == 400
    lead.refresh_from_db()
    assert lead.exhibitor == exhibitor_a


def test_lead_api_share_creates_contact(client_a, exhibitor_a):
    lead = LeadFactory(exhibitor=exhibitor_a, email="share@example.org")
    response = client_a.patch(f"{URL}{lead.pk}/", {"shared_with_office": True}, format="json")
    assert response.status_code == 200
    assert response.json()["known_contact"] is True
    assert Lead.objects.get().contact is not None


def test_lead_api_match_says_only_whether_the_visitor_is_known(client_a):
    ContactFactory(full_name="Kwame Mensah", email="kwame@accra.example.gh", phone="+233302123456")
    response = client_a.get(f"{URL}match/", {"email": "KWAME@accra.example.gh"})
    assert response.status_code == 200
    assert response.json() == {"known": True}
    assert client_a.get(f"{URL}match/", {"email": "nobody@example.org"}).json() == {"known": False}


def test_lead_api_match_bad_email_is_400(client_a):
    response = client_a.get(f"{URL}match/", {"email": "not an address"})
    assert response.status_code == 400
    assert "email" in response.json()["fields"]


def test_lead_api_list_pages_with_next(client_a, exhibitor_a):
    LeadFactory.create_batch(3, exhibitor=exhibitor_a)
    first = client_a.get(URL, {"page_size": 2}).json()
    assert len(first["results"]) == 2
    second = client_a.get(first["next"]).json()
    assert len(second["results"]) == 1
    assert second["next"] is None


@pytest.mark.parametrize("count", [1, 3])
def test_lead_api_list_query_count_is_flat(client_a, exhibitor_a, django_assert_num_queries, count):
    for _ in range(count):
        LeadFactory(exhibitor=exhibitor_a, contact=ContactFactory())
    # includes the rule check (the office group, then whether the user acts for an exhibitor at all)
    with django_assert_num_queries(5):
        response = client_a.get(URL)
    assert len(response.json()["results"]) == count


@pytest.mark.parametrize("count", [1, 3])
def test_lead_api_list_with_key_query_count_is_flat(key_client, exhibitor_a, count):
    client = key_client("exhibitors:read")
    for _ in range(count):
        LeadFactory(exhibitor=exhibitor_a, contact=ContactFactory(), shared_with_office=True)
    # Key look-up and throttling (database cache) vary with cache culling; count the lead reads only.
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert len(response.json()["results"]) == count
    domain = [q["sql"] for q in queries if "exhibitors_" in q["sql"] or "delegations_" in q["sql"]]
    assert len(domain) == 1
