"""Generic M-5 check on the API: schemathesis generates requests from the OpenAPI schema (valid and
invalid ones) for every operation, and a hostile pass sends NUL, lone surrogates, huge, deeply
nested and non-ASCII digit values in every query parameter and body field the schema names. No
answer may be a server error."""

from __future__ import annotations

import json
import re
import time

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, Phase, settings
from rest_framework.test import APIClient

from common.api_keys.services import api_key_create
from common.models import SCOPES
from expo_portal.wsgi import application
from tests.factories import ContactFactory, ExhibitorMembershipFactory, MeetingFactory, OrganizationFactory

OPENAPI = SchemaGenerator().get_schema(request=None, public=True)
schema = schemathesis.openapi.from_dict(OPENAPI)
schema.app = application
# The coverage phase alone sends hundreds of requests per operation: too slow for every CI run. The
# examples and fuzzing phases (valid and invalid data) stay, with a few examples per operation.
schema.config.phases.coverage.enabled = False
EXAMPLES_PER_OPERATION = 4
CALLS: list[int] = []

# Hostile values for query strings (percent-encoded: %ED%A0%80 is a lone surrogate in UTF-8) and
# JSON bodies (escaped: "\ud800" is a lone surrogate).
QUERY_VALUES = (
    "%00", "%ED%A0%80", "%C2%B2", "%EF%BC%91%EF%BC%92", "9" * 40, "-1", "x" * 20_000, "%5B" * 300 + "%5D" * 300,
    "0001-01-01T00%3A00%2B14%3A00", "abc",
)  # fmt: skip
BODY_VALUES = (
    '"\\u0000"', '"\\ud800"', '"a\\udfffb"', '"²"', '"١٢"', "9" * 40, '"' + "x" * 20_000 + '"',
    "[" * 40 + "]" * 40, '{"a": ' * 30 + "1" + "}" * 30, "123", "true", "null", '["x"]', '{"a": 1}',
    '"0001-01-01T00:00+14:00"',
)  # fmt: skip


@pytest.fixture
def data(db):
    """Something behind every id, so generated requests reach the views' code, not only 404."""
    organization = OrganizationFactory()
    ContactFactory(organization=organization)
    MeetingFactory()
    ExhibitorMembershipFactory()
    _key, raw = api_key_create(name="fuzz", scopes=list(SCOPES))
    return raw


@pytest.fixture
def same_connection():
    """Requests through the WSGI handler must not close the test's database connection mid-transaction."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_m5_api_fuzz_from_the_schema_no_server_error(case, data, same_connection):
    response = case.call(headers={"Authorization": f"Token {data}"})
    CALLS.append(response.status_code)
    assert response.status_code < 500, f"{case.method} {case.formatted_path}: {response.status_code}"


def operations() -> list[tuple[str, str, dict]]:
    found = []
    for path, item in OPENAPI["paths"].items():
        for method, operation in item.items():
            if method in ("get", "post", "put", "patch", "delete"):
                found.append((method, path, operation))
    return found


def concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "1", path)


def body_fields(operation: dict) -> list[str]:
    content = operation.get("requestBody", {}).get("content", {})
    body = content.get("application/json", {}).get("schema", {})
    ref = body.get("$ref", "")
    if ref:
        body = OPENAPI["components"]["schemas"][ref.rsplit("/", 1)[-1]]
    return sorted(body.get("properties", {})) or ["version"]


@pytest.mark.django_db
@pytest.mark.timeout(300)
def test_m5_api_hostile_values_in_every_parameter_and_field_no_server_error(data, capsys):
    started = time.monotonic()
    client = APIClient(raise_request_exception=False)
    client.credentials(HTTP_AUTHORIZATION=f"Token {data}")
    failures, cases = [], 0
    for method, path, operation in operations():
        url = concrete(path)
        names = [p["name"] for p in operation.get("parameters", []) if p.get("in") == "query"] or ["q"]
        for value in QUERY_VALUES:
            cases += 1
            status = client.generic("GET", url + "?" + "&".join(f"{n}={value}" for n in names)).status_code
            if status >= 500:
                failures.append(f"GET {url}?…={value[:40]}: {status}")
        if method in ("post", "put", "patch"):
            fields = body_fields(operation)
            for shift in range(len(BODY_VALUES)):
                members = ", ".join(
                    f"{json.dumps(name)}: {BODY_VALUES[(i + shift) % len(BODY_VALUES)]}"
                    for i, name in enumerate(fields)
                )
                cases += 1
                response = client.generic(method.upper(), url, "{" + members + "}", content_type="application/json")
                if response.status_code >= 500:
                    failures.append(f"{method.upper()} {url} {members[:80]}: {response.status_code}")
    with capsys.disabled():
        print(
            f"\napi hostile pass: {cases} requests over {len(operations())} operations, "
            f"{len(failures)} server errors, {time.monotonic() - started:.1f} s"
        )
    assert not failures, "\n".join(failures)


def test_m5_api_fuzz_ran(capsys):
    """Says how many generated requests the schema fuzz sent (it runs before this test in the module)."""
    with capsys.disabled():
        print(f"\nschema fuzz: {len(CALLS)} requests, {sum(s >= 500 for s in CALLS)} server errors")
    assert all(status < 500 for status in CALLS)
