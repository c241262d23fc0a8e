"""Query counts and server times of the lead pages, lead API, CSV export and the office's pavilion view.

Usage (on a database with the demo loaded; ``--add N`` first adds N synthetic leads per exhibitor):
    DATABASE_URL=postgres://… .venv/bin/python bench/leads.py [--add 2000] [--runs 5]
Prints one line per page: queries, median and best wall time over the runs, response size.
Refuses to add data when DEBUG is off.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "expo_portal.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from exhibitors.models import Exhibitor, Lead  # noqa: E402

COUNTRIES = ["MA", "ZA", "OM", "AU", "US", "KR", "DE", "GB", "IL", "TW", "JP", "FR"]
NAMES = [
    "Amina Benali",
    "Thabo Nkosi",
    "Layla Al Said",
    "Kim Min-jun",
    "王小明",
    "Sofia Weber",
    "Noa Levi",
    "José Müller",
]


def add_leads(per_exhibitor: int) -> None:
    if not settings.DEBUG:
        sys.exit("Refusing to add synthetic leads with DEBUG off.")
    rng = random.Random(2027)
    rows = []
    for exhibitor in Exhibitor.objects.all():
        for n in range(per_exhibitor):
            rows.append(
                Lead(
                    exhibitor=exhibitor,
                    full_name=f"{rng.choice(NAMES)} {n}",
                    organization_name=f"Agency {rng.randint(1, 400)}",
                    country=rng.choice(COUNTRIES),
                    email=f"visitor{exhibitor.pk}-{n}@example.org",
                    interest="Pilot project",
                    note="=1+1 looks like a formula" if n % 50 == 0 else "",
                    shared_with_office=n % 3 == 0,
                )
            )
    Lead.objects.bulk_create(rows, batch_size=2000)
    print(f"added {len(rows)} leads")


def measure(client: Client, url: str, runs: int) -> tuple[int, float, float, int]:
    client.get(url)  # warm
    times = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            content = b"".join(response.streaming_content) if response.streaming else response.content
            times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return len(queries), statistics.median(times), min(times), len(content)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--add", type=int, default=0, help="synthetic leads to add per exhibitor first")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--exhibitor-user", default="carelink")
    parser.add_argument("--office-user", default="office")
    args = parser.parse_args()
    if args.add:
        add_leads(args.add)
    users = get_user_model().objects
    exhibitor_client, office_client = Client(), Client()
    exhibitor_client.force_login(users.get(username=args.exhibitor_user))
    office_client.force_login(users.get(username=args.office_user))
    print(f"leads in the database: {Lead.objects.count()}")
    pages = [
        ("exhibitor: lead list (50 a page)", exhibitor_client, reverse("lead-list")),
        ("exhibitor: CSV export (all own)", exhibitor_client, reverse("lead-export")),
        ("exhibitor: API list page_size=1000", exhibitor_client, "/api/v1/leads/?page_size=1000"),
        ("office: pavilion review", office_client, reverse("pavilion-review")),
        ("office: lead list, all exhibitors", office_client, reverse("lead-list")),
        ("office: brochure", office_client, reverse("pavilion-brochure")),
    ]
    print(f"{'page':40} {'queries':>7} {'median ms':>10} {'best ms':>8} {'bytes':>9}")
    for label, client, url in pages:
        count, median, best, size = measure(client, url, args.runs)
        print(f"{label:40} {count:7d} {median:10.1f} {best:8.1f} {size:9d}")


if __name__ == "__main__":
    main()
