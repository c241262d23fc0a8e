"""Scheduling figures on the database DATABASE_URL points at; everything it writes is rolled back.

Usage:
    DATABASE_URL=postgres://… .venv/bin/python bench/scheduling.py [--members 60] [--meetings 600]

Builds a throw-away expo with N members and books M meetings (each with 3 members, 1 contact and
a room) through ``meeting_create``, then prints: create time per meeting (p50/p99), the clash
check the form asks before saving (p50/p99 of ``meeting_check`` and of POST /api/v1/meetings/check/),
the time to refuse a double booking, and the meetings-list API and a member's agenda page
(queries and time).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
import zoneinfo
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "expo_portal.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from delegations.models import Contact, Delegation, Expo, Member, Venue  # noqa: E402
from meetings import selectors  # noqa: E402
from meetings.services import SchedulingConflict, TravelBufferWarning, meeting_create  # noqa: E402

SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")


class Rollback(Exception):
    pass


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=60)
    parser.add_argument("--meetings", type=int, default=600)
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = ["*"]
    rng = random.Random(7)
    try:
        with transaction.atomic():
            run(args, rng)
            raise Rollback
    except Rollback:
        print("(all bench rows rolled back)")


def run(args, rng) -> None:
    expo = Expo.objects.create(
        name="Bench Expo",
        slug=f"bench-{time.time_ns()}",
        city="Seoul",
        country="KR",
        starts_on=dt.date(2031, 9, 1),
        ends_on=dt.date(2031, 9, 3),
        time_zone="Asia/Seoul",
    )
    delegation = Delegation.objects.create(expo=expo, name="Bench delegation")
    members = Member.objects.bulk_create(
        [Member(delegation=delegation, full_name=f"Bench member {i}") for i in range(args.members)]
    )
    contacts = Contact.objects.bulk_create([Contact(full_name=f"Bench guest {i}") for i in range(args.meetings)])
    rooms = Venue.objects.bulk_create([Venue(expo=expo, name=f"Bench room {i}") for i in range(20)])
    create_times, booked, skipped = [], [], 0
    slots = [dt.datetime(2031, 9, d, h, m, tzinfo=SEOUL) for d in (1, 2, 3) for h in range(8, 19) for m in (0, 30)]
    for i in range(args.meetings):
        start = rng.choice(slots)
        people = rng.sample(members, 3)
        attendees = [{"type": "member", "id": m.pk} for m in people] + [{"type": "contact", "id": contacts[i].pk}]
        began = time.perf_counter()
        try:
            with transaction.atomic():
                meeting = meeting_create(
                    actor=None,
                    expo=expo,
                    title=f"Bench {i}",
                    kind="business",
                    starts_at=start,
                    ends_at=start + dt.timedelta(minutes=30),
                    venue=rng.choice(rooms),
                    attendees=attendees,
                    override_travel=True,
                    notify=False,
                )
            booked.append(meeting)
        except (SchedulingConflict, TravelBufferWarning):
            skipped += 1
        create_times.append(time.perf_counter() - began)
    print(
        f"meeting_create: {len(booked)} booked, {skipped} refused as clashes; "
        f"p50 {pct(create_times, 0.5):.1f} ms, p99 {pct(create_times, 0.99):.1f} ms per call"
    )

    check_times = []
    for _ in range(200):
        start = rng.choice(slots)
        began = time.perf_counter()
        selectors.meeting_check(
            expo=expo,
            starts_at=start,
            ends_at=start + dt.timedelta(hours=1),
            venue=rng.choice(rooms),
            attendees=[{"type": "member", "id": m.pk} for m in rng.sample(members, 4)],
        )
        check_times.append(time.perf_counter() - began)
    print(f"meeting_check (selector): p50 {pct(check_times, 0.5):.1f} ms, p99 {pct(check_times, 0.99):.1f} ms")

    victim = booked[0]
    began = time.perf_counter()
    try:
        with transaction.atomic():
            meeting_create(
                actor=None,
                expo=expo,
                title="Clash",
                kind="business",
                starts_at=victim.starts_at,
                ends_at=victim.ends_at,
                attendees=[{"type": "member", "id": victim.attendees.first().member_id}],
                notify=False,
            )
    except SchedulingConflict as clash:
        print(
            f"double booking refused by PostgreSQL and named in {(time.perf_counter() - began) * 1000:.1f} ms "
            f"({len(clash.conflicts)} clash)"
        )

    user = get_user_model().objects.create_user(username=f"bench-office-{time.time_ns()}")
    user.groups.add(Group.objects.get_or_create(name="office")[0])
    client = Client()
    client.force_login(user)
    api_times = []
    for _ in range(50):
        start = rng.choice(slots)
        began = time.perf_counter()
        response = client.post(
            "/api/v1/meetings/check/",
            {
                "expo": expo.pk,
                "starts_at": start.isoformat(),
                "ends_at": (start + dt.timedelta(hours=1)).isoformat(),
                "attendees": [{"type": "member", "id": m.pk} for m in rng.sample(members, 4)],
            },
            content_type="application/json",
        )
        assert response.status_code == 200, response.content
        api_times.append(time.perf_counter() - began)
    print(f"POST /api/v1/meetings/check/: p50 {pct(api_times, 0.5):.1f} ms, p99 {pct(api_times, 0.99):.1f} ms")

    for label, url in (
        ("GET /api/v1/meetings/?page_size=500", f"/api/v1/meetings/?expo={expo.pk}&page_size=500"),
        ("member agenda page", f"/schedule/member/{members[0].pk}/"),
        ("whole-delegation agenda page", f"/schedule/?expo={expo.pk}"),
    ):
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            began = time.perf_counter()
            response = client.get(url)
            elapsed = (time.perf_counter() - began) * 1000
        assert response.status_code == 200, (url, response.status_code)
        print(
            f"{label}: {response.status_code}, {len(queries)} queries, {elapsed:.0f} ms, {len(response.content)} bytes"
        )


if __name__ == "__main__":
    main()
