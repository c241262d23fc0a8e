"""The contact form reports every problem in one round, and languages come from a list."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from delegations import services
from delegations.models import Contact
from tests.factories import ContactFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


def test_form_and_service_errors_come_in_one_round(client, office_user):
    """A form error (rank) and the service's errors (phone, e-mail) are shown together."""
    client.force_login(office_user)
    response = client.post(
        reverse("contact-create"),
        {"full_name": "Bad Data", "rank": "0", "email": "nope", "phone": "12", "country": "ZA"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"rank", "email", "phone"}
    assert not Contact.objects.exists()


def test_unknown_organisation_and_bad_phone_in_one_round(client, office_user):
    client.force_login(office_user)
    response = client.post(
        reverse("contact-create"),
        {"full_name": "Park", "organization": "No Such Agency", "phone": "010 1234 5678", "country": "ZA"},
    )
    errors = response.context["form"].errors
    assert set(errors) == {"organization", "phone"}


def test_first_invalid_field_gets_the_cursor(client, office_user):
    client.force_login(office_user)
    response = client.post(reverse("contact-create"), {"full_name": "Park", "email": "nope", "phone": "12"})
    html = response.content.decode()
    assert 'name="email"' in html
    email_input = html[html.index('name="email"') - 200 : html.index('name="email"') + 300]
    assert "autofocus" in email_input
    assert html.count("autofocus") == 1


def test_language_codes_outside_the_list_are_refused(client, office_user):
    client.force_login(office_user)
    response = client.post(
        reverse("contact-create"), {"full_name": "Park", "languages": ["ko", "xx"], "preferred_language": "xx"}
    )
    assert set(response.context["form"].errors) == {"languages", "preferred_language"}
    assert not Contact.objects.exists()


def test_languages_are_chosen_from_a_list_named_in_the_readers_language(client, office_user):
    client.force_login(office_user)
    html = client.get(reverse("contact-create")).content.decode()
    assert '<select name="languages"' in html and "multiple" in html
    assert '<select name="preferred_language"' in html
    assert '<option value="ko">Korean (ko)</option>' in html
    assert '<option value="zu">Zulu (zu)</option>' in html
    with translation.override("zh-hant"):
        response = client.get(reverse("contact-create"), HTTP_ACCEPT_LANGUAGE="zh-hant")
    assert "韓語 (ko)" in response.content.decode()


def test_contact_saved_with_languages_from_the_list(client, office_user):
    client.force_login(office_user)
    response = client.post(
        reverse("contact-create"),
        {"full_name": "Park Ji-woo", "languages": ["ko", "en"], "preferred_language": "ko"},
    )
    assert response.status_code == 302
    contact = Contact.objects.get()
    assert (contact.languages, contact.preferred_language) == (["ko", "en"], "ko")


def test_edit_form_preselects_the_stored_languages(client, office_user):
    contact = ContactFactory(languages=["ko", "en"], preferred_language="ko", organization=OrganizationFactory())
    client.force_login(office_user)
    html = client.get(reverse("contact-update", args=[contact.pk])).content.decode()
    assert '<option value="ko" selected>Korean (ko)</option>' in html


@pytest.mark.parametrize("code", ["xx", "english", "k"])
def test_service_refuses_unknown_language_codes(code):
    with pytest.raises(ValidationError) as error:
        services.contact_create(actor=None, full_name="Park", languages=[code])
    assert code in error.value.message_dict["languages"][0]
    with pytest.raises(ValidationError):
        services.contact_create(actor=None, full_name="Park", preferred_language=code)
    assert not Contact.objects.exists()


def test_service_reads_known_other_spellings_as_the_listed_code():
    contact = services.contact_create(
        actor=None, full_name="Chen", languages=["zh-TW", "EN"], preferred_language="zh_Hant"
    )
    contact.refresh_from_db()
    assert (contact.languages, contact.preferred_language) == (["zh-hant", "en"], "zh-hant")


def test_api_refuses_xx(key_client):
    writer = key_client("contacts:read", "contacts:write", name="crm")
    response = writer.post("/api/v1/contacts/", {"full_name": "Park", "languages": ["xx"]}, format="json")
    assert response.status_code == 400
    assert "languages" in response.json()["fields"]
