"""Who may read and write the contact book through the API: the role × endpoint matrix,
throttling, the pull log and a key's field allow-list."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import override_settings
from rest_framework.test import APIClient

from common.api_keys.services import api_key_revoke
from common.models import ApiPullLog
from tests.factories import ContactFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

READ_URLS = [
    "/api/v1/contacts/",
    "/api/v1/contacts/{id}/",
    "/api/v1/contacts/deleted/",
    "/api/v1/contacts/export.csv",
    "/api/v1/contacts/export.vcf",
    "/api/v1/organizations/",
    "/api/v1/organizations/{org}/",
]


@pytest.fixture
def contact(db):
    return ContactFactory(full_name="Thandi Nkosi", organization=OrganizationFactory(country="ZA"), country="ZA")


def _urls(contact):
    return [url.format(id=contact.id, org=contact.organization_id) for url in READ_URLS]


def _session(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def test_anonymous_gets_401_everywhere(api_client, contact):
    for url in _urls(contact):
        assert api_client.get(url).status_code == 401, url
    assert api_client.post("/api/v1/contacts/", {"full_name": "X"}, format="json").status_code == 401


@pytest.mark.parametrize("role", ["plain_user", "exhibitor_user_a", "exhibitor_user_b"])
def test_non_office_users_cannot_read_or_write_contacts(request, role, contact):
    client = _session(request.getfixturevalue(role))
    for url in _urls(contact):
        assert client.get(url).status_code in (403, 404), url
    assert client.post("/api/v1/contacts/", {"full_name": "X"}, format="json").status_code == 403
    assert client.delete(f"/api/v1/contacts/{contact.id}/").status_code in (403, 404)
    contact.refresh_from_db()


def test_office_session_reads_everything_and_writes_with_csrf(office_user, contact):
    client = _session(office_user)
    for url in _urls(contact):
        assert client.get(url).status_code == 200, url
    csrf_client = APIClient(enforce_csrf_checks=True)
    csrf_client.force_login(office_user)
    assert csrf_client.post("/api/v1/contacts/", {"full_name": "X"}, format="json").status_code == 403


def test_read_scope_reads_but_cannot_write(key_client, contact):
    client = key_client("contacts:read")
    for url in _urls(contact):
        assert client.get(url).status_code == 200, url
    response = client.post("/api/v1/contacts/", {"full_name": "X"}, format="json")
    assert response.status_code == 403
    assert "contacts:write" in response.json()["detail"]
    assert client.patch(f"/api/v1/contacts/{contact.id}/", {"title": "X"}, format="json").status_code == 403
    assert client.delete(f"/api/v1/contacts/{contact.id}/").status_code == 403


def test_key_without_contact_scope_is_403(key_client, contact):
    client = key_client("meetings:read")
    for url in _urls(contact):
        assert client.get(url).status_code == 403, url


def test_revoked_and_bogus_keys_are_401(key_client, contact):
    client = key_client("contacts:read", name="newsletter")
    assert client.get("/api/v1/contacts/").status_code == 200
    assert api_key_revoke(name="newsletter")
    assert client.get("/api/v1/contacts/").status_code == 401
    bogus = APIClient()
    bogus.credentials(HTTP_AUTHORIZATION="Token abc.def")
    assert bogus.get("/api/v1/contacts/").status_code == 401


def test_throttled_key_gets_429_with_retry_after(key_client, contact):
    cache.clear()
    client = key_client("contacts:read")
    other = key_client("contacts:read")
    rates = {"api_key": "3/min"}
    with override_settings(REST_FRAMEWORK={**_rest_settings(), "DEFAULT_THROTTLE_RATES": rates}):
        from rest_framework.settings import api_settings
        from rest_framework.throttling import SimpleRateThrottle

        api_settings.reload()
        SimpleRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
        try:
            statuses = [client.get("/api/v1/contacts/").status_code for _ in range(4)]
            throttled = client.get("/api/v1/contacts/export.csv")
            other_status = other.get("/api/v1/contacts/").status_code
        finally:
            SimpleRateThrottle.THROTTLE_RATES = {}
    api_settings.reload()
    SimpleRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
    assert statuses == [200, 200, 200, 429]
    assert throttled.status_code == 429
    assert 1 <= int(throttled["Retry-After"]) <= 60
    assert throttled.json()["code"] == "throttled"
    assert other_status == 200  # the counter is per key


def _rest_settings():
    from django.conf import settings

    return dict(settings.REST_FRAMEWORK)


def test_every_pull_with_a_key_is_logged_once(key_client, contact):
    client = key_client("contacts:read", name="city-crm")
    ContactFactory(organization=contact.organization, country="ZA")
    client.get("/api/v1/contacts/?country=ZA&page_size=1")
    export = client.get("/api/v1/contacts/export.csv?country=ZA")
    assert ApiPullLog.objects.count() == 1  # the export is logged when its last row has left
    b"".join(export.streaming_content)
    client.get(f"/api/v1/contacts/{contact.id}/")  # a detail read is not a pull
    logs = list(ApiPullLog.objects.order_by("id").values("key__name", "path", "filters", "rows"))
    assert logs == [
        {
            "key__name": "city-crm",
            "path": "/api/v1/contacts/",
            "filters": {"country": "ZA", "page_size": "1"},
            "rows": 1,
        },
        {"key__name": "city-crm", "path": "/api/v1/contacts/export.csv", "filters": {"country": "ZA"}, "rows": 2},
    ]
    assert ApiPullLog.objects.filter(duration_ms__gte=0).count() == 2


def test_office_session_pulls_are_not_logged(office_client, contact):
    office_client.get("/api/v1/contacts/")
    assert ApiPullLog.objects.count() == 0


def test_field_allowlist_limits_list_detail_and_exports(key_client, contact):
    client = key_client("contacts:read", fields=["full_name", "email", "organization_name"])
    contact.phone = "+27211234567"
    contact.save()
    row = client.get("/api/v1/contacts/").json()["results"][0]
    assert set(row) == {"id", "full_name", "email", "organization_name"}
    detail = client.get(f"/api/v1/contacts/{contact.id}/").json()
    assert set(detail) == {"id", "full_name", "email", "organization_name"}
    csv_body = b"".join(client.get("/api/v1/contacts/export.csv").streaming_content).decode()
    assert csv_body.splitlines()[0] == "id,full_name,organization_name,email"
    assert "+27211234567" not in csv_body
    vcf = b"".join(client.get("/api/v1/contacts/export.vcf").streaming_content).decode()
    assert "TEL" not in vcf and "+27211234567" not in vcf
    # Ordering by a field the key may not see would leak it through the cursor: refused.
    response = client.get("/api/v1/contacts/?ordering=updated_at")
    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["ordering"]


def test_field_allowlist_without_full_name_falls_back_to_id_order(key_client, contact):
    client = key_client("contacts:read", fields=["email"])
    response = client.get("/api/v1/contacts/?page_size=1")
    assert response.status_code == 200
    assert set(response.json()["results"][0]) == {"id", "email"}


def test_key_allowlist_must_name_known_fields():
    from common.api_keys.services import api_key_create

    with pytest.raises(ValueError, match="passport_number"):
        api_key_create(name="bad", scopes=["contacts:read"], field_allowlist=["email", "passport_number"])
    key, _raw = api_key_create(name="good", scopes=["contacts:read"], field_allowlist=["email", "name"])
    assert key.field_allowlist == ["email", "name"]


def test_field_allowlist_applies_to_organisations_too(key_client, contact):
    client = key_client("contacts:read", fields=["email", "country"])
    row = client.get("/api/v1/organizations/").json()["results"][0]
    assert row == {"id": contact.organization_id, "country": "ZA"}


def test_page_that_cannot_match_anything_is_empty_and_still_logged(key_client):
    from types import SimpleNamespace

    from django.http import QueryDict

    from common.api_keys.pulls import fetch_page_logging_pull
    from delegations.models import Contact

    client = key_client("contacts:read")
    request = SimpleNamespace(
        auth=client.api_key, path="/api/v1/contacts/", GET=QueryDict("country=ZA"), query_params=None
    )
    window = Contact.objects.filter(pk__in=[]).values_list("id", named=True)[:11]
    assert fetch_page_logging_pull(request, window, ("id",), fields=("id",), columns=("id",), started=0.0) == []
    assert list(ApiPullLog.objects.values_list("rows", "filters")) == [(0, {"country": "ZA"})]
