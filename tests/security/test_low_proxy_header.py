"""Finding Low: X-Forwarded-Proto is trusted only when a setting says a proxy sets it; /healthz answers
plain HTTP (the compose healthcheck) with 200 instead of a redirect."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db


@pytest.fixture
def production_redirects(settings):
    settings.SECURE_SSL_REDIRECT = True
    return settings


def test_low_forwarded_proto_from_a_client_is_not_believed(client, office_user, production_redirects):
    assert production_redirects.SECURE_PROXY_SSL_HEADER is None
    client.force_login(office_user)
    response = client.get("/contacts/", HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


def test_low_forwarded_proto_is_believed_when_a_proxy_is_declared(client, office_user, production_redirects):
    production_redirects.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    client.force_login(office_user)
    assert client.get("/contacts/", HTTP_X_FORWARDED_PROTO="https").status_code == 200


def test_low_healthz_over_plain_http_is_200_not_a_redirect(client, production_redirects):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert client.get("/contacts/").status_code == 301


def test_low_compose_healthcheck_asks_healthz_with_a_served_host():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    test = compose["services"]["web"]["healthcheck"]["test"]
    assert "/healthz" in test[-1]
    assert "ALLOWED_HOSTS" in test[-1]
    assert compose["x-portal"]["environment"]["TRUST_X_FORWARDED_PROTO"] == "${TRUST_X_FORWARDED_PROTO:-0}"


def production_setting(name: str, tmp_path: Path, **env: str) -> str:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    environ.update({"DEBUG": "0", "SECRET_KEY": "x" * 50, "EXPO_VAR_DIR": str(tmp_path), **env})
    code = f"import django; django.setup(); from django.conf import settings; print(settings.{name})"
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**environ, "DJANGO_SETTINGS_MODULE": "expo_portal.settings"},
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_low_production_settings_trust_the_header_only_when_told(tmp_path):
    assert production_setting("SECURE_PROXY_SSL_HEADER", tmp_path) == "None"
    trusted = production_setting("SECURE_PROXY_SSL_HEADER", tmp_path, TRUST_X_FORWARDED_PROTO="1")
    assert trusted == "('HTTP_X_FORWARDED_PROTO', 'https')"
