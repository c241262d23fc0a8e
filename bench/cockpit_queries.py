"""Query counts and server times of the cockpit's pages on the database DATABASE_URL points at.

Usage (on a database with the demo loaded, then again after generate_data has added ten times as much):
    DATABASE_URL=postgres://… .venv/bin/python bench/cockpit_queries.py [--user office] [--runs 5]
Prints one line per page: queries, median and best wall time over the runs, response size.
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

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from delegations import selectors as delegation_selectors  # noqa: E402
from meetings import selectors as meeting_selectors  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--user", default="office")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    expo = delegation_selectors.current_expo()
    if expo is None:
        sys.exit("No expo: run manage.py load_demo first.")
    client = Client()
    client.force_login(get_user_model().objects.get(username=args.user))
    meeting = meeting_selectors.meeting_list().filter(expo=expo).order_by("starts_at").first()
    member = delegation_selectors.member_list().filter(delegation__expo=expo).first()
    pages = {
        "dashboard": f"{reverse('dashboard')}?expo={expo.slug}",
        "delegation": f"{reverse('delegation-overview')}?expo={expo.slug}&at={expo.starts_on}T11:00",
        "agenda": f"{reverse('agenda-grid')}?expo={expo.slug}",
        "report": f"{reverse('outcome-report')}?expo={expo.slug}",
        "report-csv": f"{reverse('outcome-report')}?expo={expo.slug}&format=csv",
    }
    if meeting is not None:
        pages["briefing-meeting"] = reverse("briefing-meeting", args=[meeting.pk])
    if member is not None:
        pages["briefing-day"] = reverse("briefing-member-day", args=[member.pk, expo.starts_on.isoformat()])
    counts = {
        "meetings": meeting_selectors.meeting_list().filter(expo=expo).count(),
        "contacts": delegation_selectors.contact_list().count(),
        "organisations": delegation_selectors.organization_list().count(),
    }
    print(f"expo {expo.slug}: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
    print(f"{'page':18} {'queries':>7} {'median ms':>10} {'best ms':>8} {'KiB':>7}")
    for name, url in pages.items():
        times = []
        queries = 0
        size = 0
        for _ in range(args.runs):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
            queries = len(captured)
            size = len(response.content)
        print(f"{name:18} {queries:7d} {statistics.median(times):10.1f} {min(times):8.1f} {size / 1024:7.1f}")


if __name__ == "__main__":
    main()
