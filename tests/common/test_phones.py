"""Korean (and every other) national phone numbers, read with the chosen or the expo's country.

Business cards from Seoul read ``02 1234 5678`` or ``010 1234 5678``. With South Korea as the
contact's or visitor's country — or, with none chosen, as the expo's country — they are accepted
on the contact and lead forms and through the API, and stored as E.164.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from common.phones import parse_phone, phone_example, phone_examples
from delegations import services as contact_services
from delegations.models import Contact
from exhibitors.models import Lead
from exhibitors.services import leads as lead_services
from tests.factories import ExhibitorFactory, ExhibitorMembershipFactory, ExpoFactory, PavilionFactory, UserFactory

pytestmark = pytest.mark.django_db

SEOUL_CARDS = [("02 1234 5678", "+82212345678"), ("010 1234 5678", "+821012345678"), ("010-1234-5678", "+821012345678")]


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def cape_town_booth(db):
    """A booth at an expo in South Africa, so the expo's country is not the visitor's."""
    expo = ExpoFactory(city="Cape Town", country="ZA", time_zone="Africa/Johannesburg")
    exhibitor = ExhibitorFactory(pavilion=PavilionFactory(expo=expo), name="CleanCycle Systems")
    user = UserFactory(username="cleancycle")
    ExhibitorMembershipFactory(exhibitor=exhibitor, user=user, is_admin=True)
    return exhibitor


@pytest.fixture
def seoul_booth(db):
    exhibitor = ExhibitorFactory(pavilion=PavilionFactory(expo=ExpoFactory(country="KR")), name="CareLink IoT")
    user = UserFactory(username="carelink")
    ExhibitorMembershipFactory(exhibitor=exhibitor, user=user, is_admin=True)
    return exhibitor


# --- The parser ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "e164"), SEOUL_CARDS)
def test_national_korean_numbers_read_with_korea_as_region(typed, e164):
    assert parse_phone(typed, "KR").as_e164 == e164


def test_international_numbers_need_no_region():
    assert parse_phone("+27 21 123 4567", None).as_e164 == "+27211234567"
    assert parse_phone("+82 2 1234 5678", "ZA").as_e164 == "+82212345678"


def test_national_number_without_a_region_asks_for_the_country_code():
    with pytest.raises(ValidationError) as error:
        parse_phone("02 1234 5678", None)
    assert "country code" in error.value.messages[0]


def test_wrong_number_for_the_country_names_that_countrys_example():
    with pytest.raises(ValidationError) as error:
        parse_phone("010 1234 5678", "ZA")
    assert error.value.messages == [
        f"“010 1234 5678” is not a phone number in South Africa. Example: {phone_example('ZA')}."
    ]


def test_one_example_per_country_and_each_example_is_valid_there():
    examples = phone_examples()
    assert examples["KR"] == phone_example("KR") == "+82 10-2000-0000"
    assert len(examples) > 200
    for code, example in examples.items():
        assert parse_phone(example, code).as_e164.startswith("+"), code


def test_empty_is_none():
    assert parse_phone("  ", "KR") is None


# --- Contacts: service, page, API ---------------------------------------------------------------


@pytest.mark.parametrize(("typed", "e164"), SEOUL_CARDS)
def test_contact_with_korea_as_country_accepts_national_numbers(typed, e164):
    contact = contact_services.contact_create(actor=None, full_name="Park Ji-woo", country="KR", phone=typed)
    contact.refresh_from_db()
    assert contact.phone.as_e164 == e164


def test_contact_without_country_reads_the_number_in_the_country_of_the_expo_met_at():
    ExpoFactory(country="ZA", starts_on="2029-01-01", ends_on="2029-01-02")  # the office's next expo
    seoul = ExpoFactory(country="KR")
    contact = contact_services.contact_create(actor=None, full_name="Kim Min-jun", phone="02 1234 5678", expos=[seoul])
    assert Contact.objects.get(pk=contact.pk).phone.as_e164 == "+82212345678"


def test_contact_without_country_or_expos_uses_the_current_expo():
    ExpoFactory(country="KR")
    contact = contact_services.contact_create(actor=None, full_name="Lee Seo-yeon", phone="010 1234 5678")
    assert Contact.objects.get(pk=contact.pk).phone.as_e164 == "+821012345678"


def test_contact_update_keeps_a_stored_number_and_reads_a_new_one():
    contact = contact_services.contact_create(actor=None, full_name="Park", country="KR", phone="+82212345678")
    contact_services.contact_update(contact=contact, actor=None, notes="met twice")
    assert Contact.objects.get(pk=contact.pk).phone.as_e164 == "+82212345678"
    contact_services.contact_update(contact=contact, actor=None, phone="010 1234 5678")
    assert Contact.objects.get(pk=contact.pk).phone.as_e164 == "+821012345678"


def test_contact_with_another_country_refuses_a_korean_national_number_and_writes_nothing():
    with pytest.raises(ValidationError) as error:
        contact_services.contact_create(actor=None, full_name="Sipho", country="ZA", phone="010 1234 5678")
    assert "South Africa" in error.value.message_dict["phone"][0]
    assert not Contact.objects.exists()


def test_contact_page_accepts_a_seoul_card(client, office_user):
    client.force_login(office_user)
    response = client.post(
        reverse("contact-create"), {"full_name": "Park Ji-woo", "country": "KR", "phone": "02 1234 5678"}
    )
    assert response.status_code == 302, response.context["form"].errors
    assert Contact.objects.get().phone.as_e164 == "+82212345678"


def test_contact_page_shows_the_example_of_the_chosen_country(client, office_user):
    ExpoFactory(country="KR")
    client.force_login(office_user)
    html = client.get(reverse("contact-create")).content.decode()
    assert 'placeholder="+82 10-2000-0000"' in html
    assert "data-phone-examples=" in html
    assert "As dialled in the chosen country, or with the country code." in html


def test_contact_api_accepts_a_national_number_with_the_country(key_client):
    writer = key_client("contacts:read", "contacts:write", name="crm")
    response = writer.post(
        "/api/v1/contacts/", {"full_name": "Park Ji-woo", "country": "KR", "phone": "010 1234 5678"}, format="json"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["phone"] == "+821012345678"


def test_contact_api_refuses_a_national_number_without_any_country(key_client):
    writer = key_client("contacts:read", "contacts:write", name="crm")
    response = writer.post("/api/v1/contacts/", {"full_name": "Nobody", "phone": "02 1234 5678"}, format="json")
    assert response.status_code == 400
    assert "phone" in response.json()["fields"]


# --- Leads: service, page, API ------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "e164"), SEOUL_CARDS)
def test_lead_with_korea_as_country_accepts_national_numbers(cape_town_booth, typed, e164):
    lead = lead_services.lead_create(
        actor=None, exhibitor=cape_town_booth, full_name="Park Ji-woo", country="KR", phone=typed
    )
    assert Lead.objects.get(pk=lead.pk).phone.as_e164 == e164


def test_lead_without_country_reads_the_number_in_the_expos_country(seoul_booth):
    lead = lead_services.lead_create(actor=None, exhibitor=seoul_booth, full_name="Kim", phone="010 1234 5678")
    assert Lead.objects.get(pk=lead.pk).phone.as_e164 == "+821012345678"


def test_lead_page_accepts_a_seoul_card_and_shows_its_example(client, cape_town_booth):
    client.force_login(UserFactory(username="cleancycle"))
    html = client.get(reverse("lead-create")).content.decode()
    assert f'placeholder="{phone_example("ZA")}"' in html  # the expo's country until one is chosen
    response = client.post(
        reverse("lead-create"),
        {"exhibitor": cape_town_booth.pk, "full_name": "Park Ji-woo", "country": "KR", "phone": "02 1234 5678"},
    )
    assert response.status_code == 302, response.context["form"].errors
    assert Lead.objects.get().phone.as_e164 == "+82212345678"


def test_lead_page_refusal_is_in_the_users_language(client, cape_town_booth):
    client.force_login(UserFactory(username="cleancycle"))
    with translation.override("en"):
        response = client.post(
            reverse("lead-create"),
            {"exhibitor": cape_town_booth.pk, "full_name": "Park", "country": "ZA", "phone": "010 1234 5678"},
        )
    assert response.status_code == 200
    assert response.context["form"].errors["phone"] == [
        f"“010 1234 5678” is not a phone number in South Africa. Example: {phone_example('ZA')}."
    ]
    assert not Lead.objects.exists()


def test_lead_api_accepts_a_national_number(api_client, seoul_booth):
    api_client.force_authenticate(UserFactory(username="carelink"))
    response = api_client.post(
        "/api/v1/leads/",
        {"exhibitor": seoul_booth.pk, "full_name": "Kim", "phone": "02 1234 5678"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["phone"] == "+82212345678"
