"""Finding Low: a strict Content-Security-Policy on every answer and ``Cache-Control: no-store`` on
signed-in pages; no template carries an inline script or event handler the policy would block."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted(path for pattern in ("templates/**/*.html", "*/templates/**/*.html") for path in ROOT.glob(pattern))

pytestmark = pytest.mark.django_db


def policy(response) -> dict[str, list[str]]:
    directives = [part.strip().split() for part in response["Content-Security-Policy"].split(";") if part.strip()]
    return {name: values for name, *values in directives}


def test_low_signed_in_page_has_strict_policy_and_no_store(client, office_user):
    client.force_login(office_user)
    response = client.get("/contacts/")
    assert response.status_code == 200
    csp = policy(response)
    assert csp["script-src"] == ["'self'"]
    assert csp["default-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]
    assert "'unsafe-inline'" not in csp["style-src"]
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"no-store", "private"} <= cache_control


def test_low_signed_in_api_answer_is_no_store(client, office_user):
    client.force_login(office_user)
    response = client.get("/api/v1/contacts/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_low_public_page_has_the_policy_but_may_be_cached(client):
    response = client.get("/pavilion/")
    assert response.status_code == 200
    assert policy(response)["script-src"] == ["'self'"]
    assert "no-store" not in response.get("Cache-Control", "")


def test_low_api_docs_page_runs_no_inline_script(client, office_user):
    client.force_login(office_user)
    html = client.get("/api/v1/docs/").content.decode()
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: str(path.relative_to(ROOT)))
def test_low_templates_have_no_inline_scripts_or_handlers(template):
    text = template.read_text(encoding="utf-8")
    inline_scripts = [
        tag for tag in re.findall(r"<script\b[^>]*>", text) if "src=" not in tag and "application/json" not in tag
    ]
    assert inline_scripts == []
    assert re.findall(r"\son[a-z]+\s*=", text) == []
    assert "javascript:" not in text
