"""Queries per contact-list request, with the database cache (embedded default) and with Redis.

Usage: DATABASE_URL=postgres://…/a_scratch_db CELERY_BROKER_URL=redis://127.0.0.1:6379/4 \\
    .venv/bin/python bench/list_queries.py
Migrates the database, adds 300 contacts when it has fewer, makes a key, then prints the SQL
statements one ``GET /api/v1/contacts/?page_size=100`` costs in each set-up (each statement listed).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def measure(cache: str) -> None:
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-secret-key-0123456789-abcdefghijklmnop",
        "SECURE_SSL_REDIRECT": "0",
        "ALLOWED_HOSTS": "testserver",
        "REDIS_CACHE_URL": cache,
    }
    if not cache:
        env["CELERY_BROKER_URL"] = ""  # no Redis at all: the database cache and its counter table
    code = """
import django, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "expo_portal.settings")
django.setup()
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from common.models import ApiKey
from delegations.models import Contact
call_command("migrate", verbosity=0)
if Contact.objects.count() < 300:
    call_command("generate_data", organizations=50, contacts=300, seed=3, force=True, verbosity=0)
import secrets
_key, raw = ApiKey.objects.create_key(name=f"list-queries-{secrets.token_hex(3)}", scopes=["contacts:read"])
client = Client()
client.get("/api/v1/contacts/?page_size=100", HTTP_AUTHORIZATION=f"Token {raw}")  # warm
with CaptureQueriesContext(connection) as queries:
    response = client.get("/api/v1/contacts/?page_size=100", HTTP_AUTHORIZATION=f"Token {raw}")
from django.core.cache import cache
print(type(cache).__name__, response.status_code, len(queries.captured_queries), "statements")
for q in queries.captured_queries:
    print("   ", q["sql"][:110])
"""
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True)


if __name__ == "__main__":
    measure("")
    measure(os.environ.get("CELERY_BROKER_URL", "redis://127.0.0.1:6379/4"))
