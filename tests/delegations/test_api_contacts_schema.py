"""The OpenAPI schema generates without warnings and documents the contact book as served."""

from __future__ import annotations

import io

import pytest
import yaml
from django.core.management import call_command

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def schema(django_db_setup, django_db_blocker):
    out = io.StringIO()
    with django_db_blocker.unblock():
        call_command("spectacular", "--validate", "--fail-on-warn", stdout=out)
    return yaml.safe_load(out.getvalue())


def _parameters(operation):
    return {parameter["name"] for parameter in operation.get("parameters", [])}


def test_schema_documents_contact_filters_pagination_and_sync_rule(schema):
    contacts = schema["paths"]["/api/v1/contacts/"]["get"]
    assert {
        "country",
        "organization",
        "organization_kind",
        "tag",
        "expo",
        "q",
        "updated_since",
        "ordering",
        "cursor",
        "page_size",
    } <= _parameters(contacts)
    assert "Incremental sync" in contacts["description"]
    assert {"200", "304", "400", "401", "403", "429"} <= set(contacts["responses"])
    page = schema["components"]["schemas"]["PaginatedContactList"]
    assert set(page["properties"]) == {"next", "previous", "results"}
    contact = schema["components"]["schemas"]["Contact"]
    assert {
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
    } <= set(contact["properties"])


def test_schema_documents_deleted_exports_and_writes(schema):
    paths = schema["paths"]
    assert "since" in _parameters(paths["/api/v1/contacts/deleted/"]["get"])
    export = paths["/api/v1/contacts/export.{file_format}"]["get"]
    assert {"country", "q", "updated_since", "bom"} <= _parameters(export)
    assert set(export["responses"]["200"]["content"]) == {"text/csv", "text/vcard"}
    detail = paths["/api/v1/contacts/{id}/"]
    assert "409" in detail["patch"]["responses"] and "409" in detail["delete"]["responses"]
    assert {"country", "kind", "q"} <= _parameters(paths["/api/v1/organizations/"]["get"])
