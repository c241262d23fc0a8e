"""API authentication and scopes: no key 401, wrong scope 403, revoked or expired key 401."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from rest_framework.test import APIClient

from common.models import ApiKey

pytestmark = pytest.mark.django_db

CONTACTS = "/api/v1/contacts/"


def test_no_credentials_is_401(api_client):
    response = api_client.get(CONTACTS)
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_malformed_token_is_401(api_client):
    api_client.credentials(HTTP_AUTHORIZATION="Token not-a-key")
    assert api_client.get(CONTACTS).status_code == 401


def test_key_with_scope_reads(key_client):
    assert key_client("contacts:read").get(CONTACTS).status_code == 200


def test_key_without_scope_is_403(key_client):
    response = key_client("meetings:read").get(CONTACTS)
    assert response.status_code == 403
    assert "contacts:read" in response.json()["detail"]


def test_read_scope_cannot_write(key_client):
    response = key_client("contacts:read").post(CONTACTS, {"full_name": "X"}, format="json")
    assert response.status_code == 403


def test_revoked_key_is_401(key_client):
    client = key_client("contacts:read", name="crm")
    assert client.get(CONTACTS).status_code == 200
    call_command("revoke_api_token", "crm")
    assert client.get(CONTACTS).status_code == 401


def test_expired_key_is_401(key_client):
    client = key_client("contacts:read")
    ApiKey.objects.filter(pk=client.api_key.pk).update(expiry_date=timezone.now() - timedelta(minutes=1))
    assert client.get(CONTACTS).status_code == 401


def test_key_use_records_last_used(key_client):
    client = key_client("contacts:read")
    client.get(CONTACTS)
    assert ApiKey.objects.get(pk=client.api_key.pk).last_used_at is not None


def test_create_api_token_prints_key_once_and_stores_only_hash(capsys):
    call_command("create_api_token", "--name", "newsletter", "--scope", "contacts:read", "--expires", "30")
    raw = capsys.readouterr().out.strip()
    key = ApiKey.objects.get(name="newsletter")
    assert raw.startswith(key.prefix + ".")
    assert raw not in key.hashed_key
    assert key.scopes == ["contacts:read"]
    assert key.expiry_date is not None
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
    assert client.get(CONTACTS).status_code == 200


def test_create_api_token_refuses_unknown_scope():
    with pytest.raises(CommandError, match="invalid choice"):
        call_command("create_api_token", "--name", "x", "--scope", "everything")
    assert not ApiKey.objects.exists()


def test_office_session_reads_everything(office_client):
    for path in ["/api/v1/expos/", "/api/v1/contacts/", "/api/v1/meetings/", "/api/v1/exhibitors/"]:
        assert office_client.get(path).status_code == 200, path


def test_plain_user_session_is_403(plain_user):
    client = APIClient()
    client.force_authenticate(plain_user)
    assert client.get(CONTACTS).status_code == 403


def test_session_writes_need_csrf(office_user, password):
    client = APIClient(enforce_csrf_checks=True)
    client.login(username=office_user.username, password=password)
    response = client.post(CONTACTS, {"full_name": "No Token"}, format="json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def test_schema_and_docs_are_served(client):
    schema = client.get("/api/v1/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/contacts/" in schema.content
    docs = client.get("/api/v1/docs/")
    assert docs.status_code == 200
    assert b"swagger" in docs.content.lower()
