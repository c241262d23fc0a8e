"""The OpenAPI schema says what findings M-1 to M-4 changed in the answers."""

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


def test_schema_lead_match_answers_known_only(schema):
    assert schema["components"]["schemas"]["LeadMatch"]["properties"] == {
        "known": {"type": "boolean", "description": "The visitor is known to the office."}
    }


def test_schema_fields_only_some_callers_receive_are_not_required(schema):
    components = schema["components"]["schemas"]
    assert {"objectives", "outcome"} <= set(components["Meeting"]["properties"])
    assert not {"objectives", "outcome"} & set(components["Meeting"]["required"])
    assert not {"contact", "contact_name"} & set(components["Lead"]["required"])
    assert "known_contact" in components["Lead"]["required"]


def test_schema_describes_write_only_keys_and_allowlisted_filters(schema):
    patch = schema["paths"]["/api/v1/contacts/{id}/"]["patch"]["description"]
    assert "`contacts:write` without `contacts:read`" in patch
    listing = schema["paths"]["/api/v1/contacts/"]["get"]["description"]
    assert "a filter on another field answers 400" in listing
