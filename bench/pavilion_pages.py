"""Public pavilion pages: response time and query count with many published exhibitors.

Usage: DATABASE_URL=... .venv/bin/python bench/pavilion_pages.py [--exhibitors 60] [--runs 50]
Adds synthetic published exhibitors inside a transaction that is rolled back at the end, so
the database is left as it was. Prints median and p95 per page and the number of SQL queries.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "expo_portal.settings")

import django

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from delegations.models import Expo  # noqa: E402
from exhibitors.models import BoothProfile, Exhibitor, Pavilion  # noqa: E402
from exhibitors.services import profile_snapshot  # noqa: E402


class Rollback(Exception):
    pass


def measure(client: Client, url: str, runs: int) -> tuple[float, float, int]:
    client.get(url)  # warm up
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1], len(queries)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--exhibitors", type=int, default=60)
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    try:
        with transaction.atomic():
            expo = Expo.objects.create(
                name="Bench Expo",
                slug="bench-expo",
                city="Seoul",
                country="KR",
                venue="COEX",
                starts_on="2030-09-04",
                ends_on="2030-09-06",
                time_zone="Asia/Seoul",
            )
            pavilion = Pavilion.objects.create(expo=expo, name="Bench Pavilion", slug="bench-pavilion")
            categories = Exhibitor.Category.values
            for n in range(args.exhibitors):
                exhibitor = Exhibitor.objects.create(
                    pavilion=pavilion,
                    name=f"Bench Exhibitor {n:03d}",
                    slug=f"bench-{n:03d}",
                    category=categories[n % len(categories)],
                )
                profile = BoothProfile.objects.create(
                    exhibitor=exhibitor,
                    company_name=exhibitor.name,
                    tagline="Smart solutions for cities",
                    description="<p>" + "Words about the company. " * 40 + "</p>",
                    solutions=[{"name": f"Solution {i}", "line": "What it does"} for i in range(4)],
                    patents=[{"jurisdiction": "US", "number": f"US {i}", "title": "A patent"} for i in range(6)],
                    website="https://example.org",
                    languages=["en", "ko"],
                )
                profile.published = profile_snapshot(profile)
                profile.status = BoothProfile.Status.PUBLISHED
                profile.save()
            client = Client()
            print(f"{args.exhibitors} published exhibitors, {args.runs} requests per page (test client, in-process)")
            for url in ("/pavilion/", "/pavilion/?category=waste_recycling", "/pavilion/bench-007/"):
                median, p95, queries = measure(client, url, args.runs)
                print(f"{url:40s} median {median:6.1f} ms   p95 {p95:6.1f} ms   {queries} SQL queries")
            raise Rollback
    except Rollback:
        pass


if __name__ == "__main__":
    main()
