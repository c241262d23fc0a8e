"""API-key pages: list with last use and pulls, create (key shown once), revoke after confirmation."""

from __future__ import annotations

import pytest
from django.urls import reverse

from common.api_keys.services import api_key_create
from common.models import ApiKey, ApiPullLog

pytestmark = pytest.mark.django_db


@pytest.fixture
def key(db):
    key, _raw = api_key_create(
        name="city-crm", scopes=["contacts:read"], purpose="CRM sync", field_allowlist=["full_name"]
    )
    ApiPullLog.objects.create(key=key, path="/api/v1/contacts/", filters={"country": "KR"}, rows=42, duration_ms=12)
    return key


def _urls(key):
    return [
        reverse("api-key-list"),
        reverse("api-key-create"),
        reverse("api-key-detail", args=[key.prefix]),
        reverse("api-key-revoke", args=[key.prefix]),
    ]


def test_api_key_pages_anonymous_redirected(client, key):
    for url in _urls(key):
        assert client.get(url)["Location"].startswith("/accounts/login/"), url


@pytest.mark.parametrize("role", ["plain_user", "exhibitor_user_a", "exhibitor_user_b"])
def test_api_key_pages_forbidden_outside_office(client, key, role, request):
    client.force_login(request.getfixturevalue(role))
    for url in _urls(key):
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("api-key-revoke", args=[key.prefix])).status_code == 403
    assert (
        client.post(reverse("api-key-create"), {"name": "x", "purpose": "y", "scopes": ["contacts:read"]}).status_code
        == 403
    )
    key.refresh_from_db()
    assert not key.revoked
    assert ApiKey.objects.count() == 1


def test_api_key_pages_refuse_api_keys(key_client, key):
    client = key_client("contacts:read", "contacts:write")
    for url in _urls(key):
        assert client.get(url).status_code == 302, url


def test_api_key_list_shows_last_use_and_pulls(client, office_user, key):
    client.force_login(office_user)
    html = client.get(reverse("api-key-list")).content.decode()
    assert "city-crm" in html and "CRM sync" in html and "full_name" in html
    detail = client.get(reverse("api-key-detail", args=[key.prefix])).content.decode()
    assert "country=KR" in detail and "<td>42</td>" in detail


def test_api_key_list_query_count_does_not_grow(client, office_user, key, django_assert_max_num_queries):
    client.force_login(office_user)
    with django_assert_max_num_queries(10) as one:
        client.get(reverse("api-key-list"))
    for i in range(3):
        extra, _ = api_key_create(name=f"tool-{i}", scopes=["contacts:read"])
        ApiPullLog.objects.create(key=extra, path="/api/v1/contacts/", rows=1)
    with django_assert_max_num_queries(10) as many:
        client.get(reverse("api-key-list"))
    assert len(one) == len(many)


def test_api_key_create_shows_key_once_and_it_works(client, office_user):
    client.force_login(office_user)
    response = client.post(
        reverse("api-key-create"),
        {
            "name": "newsletter",
            "purpose": "Monthly newsletter",
            "scopes": ["contacts:read"],
            "field_allowlist": ["full_name", "email"],
        },
    )
    raw = response.context["raw_key"]
    assert response["Cache-Control"] == "no-store"
    key = ApiKey.objects.get(name="newsletter")
    assert (key.scopes, key.field_allowlist, key.created_by) == (["contacts:read"], ["full_name", "email"], office_user)
    assert raw not in client.get(reverse("api-key-detail", args=[key.prefix])).content.decode()
    from rest_framework.test import APIClient

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
    assert api.get("/api/v1/contacts/").status_code == 200


def test_api_key_create_refuses_bad_input(client, office_user, key):
    client.force_login(office_user)
    response = client.post(
        reverse("api-key-create"), {"name": "city-crm", "purpose": "again", "scopes": ["contacts:read"]}
    )
    assert "already named" in response.content.decode()
    response = client.post(reverse("api-key-create"), {"name": "x", "purpose": "y", "scopes": ["root:all"]})
    assert "scopes" in response.context["form"].errors
    assert ApiKey.objects.count() == 1


def test_api_key_revoke_needs_confirmation(client, office_user, key):
    client.force_login(office_user)
    page = client.get(reverse("api-key-revoke", args=[key.prefix]))
    assert "Yes, revoke" in page.content.decode()
    key.refresh_from_db()
    assert not key.revoked
    client.post(reverse("api-key-revoke", args=[key.prefix]))
    key.refresh_from_db()
    assert key.revoked


def test_api_key_pages_accept_full_id_too(client, office_user, key):
    client.force_login(office_user)
    assert client.get(reverse("api-key-detail", args=[key.pk])).status_code == 200
    assert client.get(reverse("api-key-detail", args=["nope"])).status_code == 404
