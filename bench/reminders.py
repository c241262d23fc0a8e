"""Benchmark of reminder delivery: prints its figures.

Usage (a dedicated database, created and migrated on first use; any Redis database):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/expo_bench_rem \\
    CELERY_BROKER_URL=redis://127.0.0.1:6379/4 .venv/bin/python bench/reminders.py

10,000 reminders (2,500 meetings × 4 attendees with e-mail) all fall due at the same moment.
One ``celery worker`` (prefork, one process per core) and one ``celery beat`` with the default
sweep interval run as real processes; mail goes to the file backend in a temporary folder
(rendering, the .ics and the write are all real). Reported: time from the due moment until the
last one is sent, throughput, and lateness (sent_at − due_at) p50 / p99 / max, against the target
p99 <= one sweep interval + 5 s.

Options: --meetings N, --attendees N (per meeting), --concurrency N, --lead S (seconds between
building the data and the due moment; the worker starts in between).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PYTHON = sys.executable


def ensure_database() -> None:
    import environ
    import psycopg2
    from psycopg2 import sql

    config = environ.Env.db_url_config(os.environ["DATABASE_URL"])
    admin = psycopg2.connect(
        dbname="postgres",
        user=config.get("USER") or "postgres",
        password=config.get("PASSWORD") or None,
        host=config.get("HOST") or "127.0.0.1",
        port=config.get("PORT") or 5432,
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]])
        if cursor.fetchone() is None:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))
    admin.close()
    subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], cwd=ROOT, check=True)


def build(meetings: int, attendees: int, due_at: dt.datetime) -> list[int]:
    from delegations.models import Contact, Delegation, Expo, Member
    from meetings.models import Meeting, MeetingAttendee, Reminder

    Expo.objects.filter(slug="bench-reminders").delete()
    expo = Expo.objects.create(
        name="Reminder bench expo",
        slug="bench-reminders",
        city="Seoul",
        country="KR",
        starts_on=dt.date(2027, 9, 4),
        ends_on=dt.date(2027, 9, 6),
        time_zone="Asia/Seoul",
        reminder_offsets=[60],
    )
    delegation = Delegation.objects.create(expo=expo, name="Bench delegation")
    members = Member.objects.bulk_create(
        [
            Member(
                delegation=delegation,
                full_name=f"Bench Member {i}",
                email=f"member{i}@bench.example.org",
                home_time_zone="Asia/Taipei",
                preferred_language="zh-hant" if i % 2 else "en",
            )
            for i in range(attendees)
        ]
    )
    contacts = Contact.objects.bulk_create(
        [Contact(full_name=f"Bench Contact {i}", email=f"contact{i}@bench.example.org") for i in range(meetings)]
    )
    starts_at = due_at + dt.timedelta(hours=1)
    rows = Meeting.objects.bulk_create(
        [
            Meeting(
                expo=expo,
                title=f"Bench meeting {i}",
                kind=Meeting.Kind.BUSINESS,
                status=Meeting.Status.CONFIRMED,
                starts_at=starts_at,
                ends_at=starts_at + dt.timedelta(minutes=30),
                location=f"Room {i % 40}",
                agenda="1. Introductions\n2. Pilot project\n3. Next steps",
            )
            for i in range(meetings)
        ]
    )
    people = []
    for i, meeting in enumerate(rows):
        people.append(MeetingAttendee(meeting=meeting, contact=contacts[i]))
        people += [MeetingAttendee(meeting=meeting, member=m) for m in members[: attendees - 1]]
    people = MeetingAttendee.objects.bulk_create(people, batch_size=2000)
    # The rows reminders_sync writes (one per attendee and offset), due at the same moment.
    Reminder.objects.bulk_create(
        [Reminder(meeting_id=a.meeting_id, attendee=a, offset_minutes=60, due_at=due_at) for a in people],
        batch_size=2000,
    )
    return list(Reminder.objects.filter(meeting__expo=expo).values_list("id", flat=True))


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--meetings", type=int, default=2500)
    parser.add_argument("--attendees", type=int, default=4)
    parser.add_argument("--concurrency", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--lead", type=float, default=25.0)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL") or not os.environ.get("CELERY_BROKER_URL"):
        sys.exit("set DATABASE_URL (a database of its own) and CELERY_BROKER_URL")

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "expo_portal.settings")
    ensure_database()
    import django

    django.setup()
    from django.conf import settings

    from expo_portal.celery import app
    from meetings.models import Reminder

    app.control.purge()  # leftovers of an interrupted run would only add noise
    sweep = settings.REMINDER_SWEEP_SECONDS
    due_at = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(seconds=args.lead)
    started = time.monotonic()
    ids = build(args.meetings, args.attendees, due_at)
    print(f"built {len(ids):,} reminders in {time.monotonic() - started:.1f} s, all due at {due_at:%H:%M:%S} UTC")

    workdir = Path(tempfile.mkdtemp(prefix="bench-reminders-"))
    env = {
        **os.environ,
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(workdir / "mail"),
        "EXPO_VAR_DIR": str(workdir / "var"),
        "LOG_LEVEL": "WARNING",
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-secret-key-" + "x" * 40),
    }
    celery = [PYTHON, "-m", "celery", "-A", "expo_portal"]
    processes = [
        subprocess.Popen(
            [
                *celery,
                "worker",
                "-l",
                "warning",
                "--concurrency",
                str(args.concurrency),
                "-n",
                "bench@%h",
                "--without-mingle",
                "--without-gossip",
                "--without-heartbeat",
            ],
            cwd=ROOT,
            env=env,
            stdout=(workdir / "worker.log").open("wb"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        ),
        subprocess.Popen(
            [*celery, "beat", "-l", "warning", "--schedule", str(workdir / "beat-schedule")],
            cwd=ROOT,
            env=env,
            stdout=(workdir / "beat.log").open("wb"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        ),
    ]
    try:
        deadline = time.monotonic() + args.lead + 900
        while time.monotonic() < deadline:
            left = Reminder.objects.filter(id__in=ids).exclude(state=Reminder.State.SENT).count()
            if left == 0:
                break
            time.sleep(1)
        else:
            sys.exit(f"not finished: {left} reminders not sent; logs in {workdir}")
        worker = psutil.Process(processes[0].pid)
        cpu = sum(
            t.user + t.system for t in [worker.cpu_times(), *(c.cpu_times() for c in worker.children(recursive=True))]
        )
    finally:
        for process in processes:
            try:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(20)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                os.killpg(process.pid, signal.SIGKILL)

    rows = list(Reminder.objects.filter(id__in=ids).values_list("due_at", "sent_at"))
    lateness = [(sent - due).total_seconds() for due, sent in rows]
    last = max(sent for _due, sent in rows)
    first = min(sent for _due, sent in rows)
    mails = sum(p.read_bytes().count(b"\nX-Expo-Reminder: ") for p in (workdir / "mail").iterdir())
    target = sweep + 5
    p99 = percentile(lateness, 0.99)
    print(f"worker: 1 process group, concurrency {args.concurrency}; beat sweep every {sweep:g} s")
    print(f"reminders sent: {len(rows):,} (mails written: {mails:,})")
    print(f"time from due moment to last sent: {(last - due_at).total_seconds():.1f} s")
    print(f"throughput (first to last mail): {len(rows) / max((last - first).total_seconds(), 1e-9):,.0f} mails/s")
    print(
        f"lateness first {min(lateness):.1f} s, p50 {percentile(lateness, 0.5):.1f} s, "
        f"p99 {p99:.1f} s, max {max(lateness):.1f} s, "
        f"mean {statistics.fmean(lateness):.1f} s"
    )
    print(f"target p99 <= {target:g} s: {'met' if p99 <= target else 'NOT met'}")
    print(
        f"worker CPU: {cpu:.1f} s in all, {cpu / len(rows) * 1000:.2f} ms per mail "
        f"(machine load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)"
    )


if __name__ == "__main__":
    main()
