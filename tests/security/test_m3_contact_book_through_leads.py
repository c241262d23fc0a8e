"""Finding M-3: exhibitors learn at most that a booth visitor is known to the office — not which
contact it is — and the look-up is throttled for signed-in users too."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from tests.factories import ContactFactory, LeadFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

LEADS = "/api/v1/leads/"
SECRET_NAME = "Kwame Asante Mensah"
SECRET_ORG = "Accra Metropolitan Assembly"


@pytest.fixture
def known(db):
    return ContactFactory(
        full_name=SECRET_NAME, email="kwame@accra.example.gh", organization=OrganizationFactory(name=SECRET_ORG)
    )


@pytest.fixture
def exhibitor_api(api_client, exhibitor_user_a):
    api_client.force_login(exhibitor_user_a)
    return api_client


def assert_no_contact_book(text: str) -> None:
    assert SECRET_NAME not in text
    assert SECRET_ORG not in text


def test_m3_match_answers_known_or_not_and_nothing_else(exhibitor_api, known):
    response = exhibitor_api.get(f"{LEADS}match/", {"email": "KWAME@accra.example.gh"})
    assert response.status_code == 200
    assert response.json() == {"known": True}
    by_name = exhibitor_api.get(f"{LEADS}match/", {"full_name": SECRET_NAME, "organization_name": SECRET_ORG})
    assert by_name.json() == {"known": True}
    assert exhibitor_api.get(f"{LEADS}match/", {"email": "someone@else.example"}).json() == {"known": False}


def test_m3_created_and_listed_leads_do_not_name_the_contact(exhibitor_api, exhibitor_a, known):
    created = exhibitor_api.post(
        LEADS, {"full_name": "K. Mensah", "organization_name": "AMA", "email": "kwame@accra.example.gh"}, format="json"
    )
    assert created.status_code == 201
    body = created.json()
    assert body["known_contact"] is True
    assert "contact" not in body and "contact_name" not in body
    assert_no_contact_book(created.content.decode())
    listed = exhibitor_api.get(LEADS).json()["results"]
    assert [(row["known_contact"], "contact_name" in row, "contact" in row) for row in listed] == [(True, False, False)]
    detail = exhibitor_api.get(f"{LEADS}{body['id']}/").json()
    assert "contact_name" not in detail and "contact" not in detail


def test_m3_office_still_sees_which_contact_a_lead_matched(office_client, exhibitor_a, known):
    lead = LeadFactory(exhibitor=exhibitor_a, email="kwame@accra.example.gh", contact=known)
    body = office_client.get(f"{LEADS}{lead.pk}/").json()
    assert (body["known_contact"], body["contact"], body["contact_name"]) == (True, known.pk, SECRET_NAME)


def test_m3_match_is_throttled_per_signed_in_user(settings, api_client, exhibitor_user_a, exhibitor_user_b, known):
    settings.LEAD_MATCH_THROTTLE_RATE = "3/min"
    api_client.force_login(exhibitor_user_a)
    statuses = [api_client.get(f"{LEADS}match/", {"email": f"v{i}@example.org"}).status_code for i in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = api_client.get(f"{LEADS}match/", {"email": "kwame@accra.example.gh"})
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) >= 1
    # Another user has a budget of their own; the lead list itself is not counted.
    assert api_client.get(LEADS).status_code == 200
    api_client.force_login(exhibitor_user_b)
    assert api_client.get(f"{LEADS}match/", {"email": "x@example.org"}).status_code == 200


def test_m3_match_throttle_default_rate_is_30_per_minute(settings):
    from exhibitors.api.leads import LeadMatchThrottle

    throttle = LeadMatchThrottle()
    assert (throttle.num_requests, throttle.duration) == (30, 60)


def test_m3_lead_pages_and_export_do_not_name_the_contact(client, exhibitor_a, exhibitor_user_a, known):
    LeadFactory(exhibitor=exhibitor_a, full_name="K. Mensah", email="kwame@accra.example.gh", contact=known)
    client.force_login(exhibitor_user_a)
    page = client.get(reverse("lead-list")).content.decode()
    assert "Known to the office" in page
    assert_no_contact_book(page)
    export = client.get(reverse("lead-export")).content.decode("utf-8-sig")
    header, row = list(csv.reader(io.StringIO(export)))
    assert (header[-1], row[-1]) == ("Known to the office", "yes")
    assert SECRET_NAME not in export
    saved = client.post(
        reverse("lead-create"),
        {"exhibitor": exhibitor_a.pk, "full_name": "Another Visit", "email": "kwame@accra.example.gh"},
        follow=True,
    ).content.decode()
    assert "Another Visit is known to the office." in saved
    assert_no_contact_book(saved)


def test_m3_office_export_still_names_the_contact(client, office_user, exhibitor_a, known):
    LeadFactory(exhibitor=exhibitor_a, full_name="K. Mensah", contact=known)
    client.force_login(office_user)
    export = client.get(reverse("lead-export")).content.decode("utf-8-sig")
    header, row = list(csv.reader(io.StringIO(export)))
    assert (header[-1], row[-1]) == ("Known contact", SECRET_NAME)
