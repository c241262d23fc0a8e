"""Benchmark of the contact book pages for office staff and of the spreadsheet import: prints its figures.

Usage (a dedicated database; it is created, migrated and filled on first use):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/expo_bench .venv/bin/python bench/contact_pages.py

With 10,000 organisations and 100,000 contacts, measures in process (Django test Client, full
middleware stack, DEBUG off):
1. median time and query count of the directory pages (first page, a later page, filters,
   searches in Latin and Hangul), the organisation directory, a contact's detail and edit pages;
2. the likely-duplicates page: first computation after a change, then the kept result;
3. a 10,000-row CSV import (check + commit through the contact services in one transaction):
   rows per second for each phase. The imported rows are removed again afterwards.
"""

from __future__ import annotations

import html
import os
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

if not os.environ.get("DATABASE_URL"):
    sys.exit("Set DATABASE_URL to a dedicated database, e.g. postgres://postgres@127.0.0.1:5432/expo_bench")

os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production-0123456789abcdef")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "expo_portal.settings")
os.environ.setdefault("EXPO_VAR_DIR", str(ROOT / "var" / "bench"))

RUNS = 7
IMPORT_ROWS = 10_000


def timed(client, url: str) -> tuple[float, int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times = []
    queries = 0
    status = 0
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        status = response.status_code
        queries = len(captured)
    return statistics.median(times), queries, status


def main() -> None:
    from contacts_api import ensure_data, ensure_database

    ensure_database()
    import django

    django.setup()
    ensure_data()

    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.test import Client

    from common.rules import OFFICE_GROUP
    from delegations import importing
    from delegations.models import Contact, ContactImport, DuplicateScan, Organization

    user, _ = get_user_model().objects.get_or_create(username="bench-office")
    user.groups.add(Group.objects.get_or_create(name=OFFICE_GROUP)[0])
    client = Client()
    client.force_login(user)
    contact = Contact.objects.order_by("id")[Contact.objects.count() // 2]
    found = re.search(r'href="([^"]+)" rel="next"', client.get("/contacts/").content.decode())
    next_url = "/contacts/" + html.unescape(found.group(1)) if found else "/contacts/"

    print(f"contacts: {Contact.objects.count()}, organisations: {Organization.objects.count()}")
    print(f"{'page':58s} {'median ms':>9s} {'queries':>7s}")
    for url in [
        "/contacts/",
        next_url,
        "/contacts/?country=KR&organization_kind=company",
        "/contacts/?tag=mou",
        "/contacts/?q=kim",
        "/contacts/?q=%EA%B9%80%EB%AF%BC",  # 김민
        "/contacts/?q=mohamed+alaoui",
        "/organizations/",
        "/organizations/?q=seoul",
        f"/contacts/{contact.pk}/",
        f"/contacts/{contact.pk}/edit/",
    ]:
        ms, queries, status = timed(client, url)
        assert status == 200, (url, status)
        print(f"{url[:58]:58s} {ms:9.0f} {queries:7d}")

    DuplicateScan.objects.all().delete()
    started = time.perf_counter()
    assert client.get("/contacts/duplicates/").status_code == 200
    first = (time.perf_counter() - started) * 1000
    kept, queries, _ = timed(client, "/contacts/duplicates/")
    print(f"duplicates page: first computation {first:.0f} ms, then {kept:.0f} ms ({queries} queries)")

    lines = ["Full name,Native name,E-mail,Country,Organisation"]
    lines += [f"Bench Person {i},벤치 {i},bench{i}@example.org,KR,Bench Agency {i % 200}" for i in range(IMPORT_ROWS)]
    job = importing.create_job(user=user, filename="bench.csv", data=("\n".join(lines) + "\n").encode())
    try:
        started = time.perf_counter()
        importing.run_check(job)
        check = time.perf_counter() - started
        started = time.perf_counter()
        importing.run_commit(job, actor=user)
        commit = time.perf_counter() - started
        assert job.state == ContactImport.State.DONE, job.errors[:3]
        print(
            f"import of {IMPORT_ROWS} rows: check {check:.1f} s ({IMPORT_ROWS / check:.0f} rows/s), "
            f"commit {commit:.1f} s ({IMPORT_ROWS / commit:.0f} rows/s)"
        )
    finally:
        Contact.objects.filter(email__startswith="bench", email__endswith="@example.org").delete()
        Organization.objects.filter(name__startswith="Bench Agency ").delete()
        job.delete()


if __name__ == "__main__":
    import django
    from django.conf import settings as django_settings

    django.setup()
    from django.test import override_settings

    # Pages reference static files; without collectstatic, serve their plain names.
    storages = {
        **django_settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=storages):
        main()
