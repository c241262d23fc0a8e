"""Real Celery processes for the worker and chaos tests.

``celery_stack`` starts ``celery -A expo_portal worker`` / ``beat`` subprocesses against a private
``redis-server`` and the test database (tests using it need ``django_db(transaction=True)`` so the
processes see committed rows). Mail goes to files (one per connection) in a folder the test reads:
every reminder mail carries ``X-Expo-Reminder: <id>``, which is how deliveries are counted.
"""

from __future__ import annotations

import collections
import contextlib
import datetime as dt
import email
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.utils import timezone

from delegations.models import Contact
from meetings.models import Meeting, MeetingAttendee, Reminder
from tests.conftest import subprocess_database_url
from tests.factories import ExpoFactory

ROOT = Path(__file__).resolve().parents[2]
REMINDER_HEADER = re.compile(rb"^X-Expo-Reminder: (\d+)\r?$", re.MULTILINE)


def database_url() -> str:
    """The URL of the database this test runs against (pytest-django's test database)."""
    return subprocess_database_url()


class CeleryStack:
    def __init__(self, *, broker_url: str, workdir: Path, settings: dict[str, str]) -> None:
        self.workdir = workdir
        self.mail_dir = workdir / "mail"
        self.mail_dir.mkdir()
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("PYTEST")},
            "DATABASE_URL": database_url(),
            "CELERY_BROKER_URL": broker_url,
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(self.mail_dir),
            "EXPO_VAR_DIR": str(workdir / "var"),
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
            **settings,
        }
        self.processes: dict[str, subprocess.Popen[bytes]] = {}
        self.worker_args: dict[str, int] = {}
        self.restarts: dict[str, int] = {}

    def _start(self, name: str, args: list[str]) -> subprocess.Popen[bytes]:
        log = open(self.workdir / f"{name}.log", "ab")  # noqa: SIM115 — closed with the process
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "expo_portal", *args],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: SIGKILL reaches the pool children too
        )
        log.close()
        self.processes[name] = process
        return process

    def start_worker(self, name: str = "w1", concurrency: int = 2, wait: bool = True) -> subprocess.Popen[bytes]:
        self.worker_args[name] = concurrency
        log_size = len(self.log(name))
        process = self._start(
            name,
            [
                "worker",
                "-l",
                "info",
                "-n",
                f"{name}@%h",
                "--concurrency",
                str(concurrency),
                "--without-mingle",
                "--without-gossip",
                "--without-heartbeat",
            ],
        )
        if wait:
            self.wait_for_log(name, "ready.", after=log_size)
        return process

    def keep_alive(self, name: str) -> None:
        """Restart a worker that exited, as the production process manager does
        (docker-compose ``restart: unless-stopped``)."""
        process = self.processes.get(name)
        if process is not None and process.poll() is not None:
            self.restarts[name] = self.restarts.get(name, 0) + 1
            self.start_worker(name, self.worker_args[name], wait=False)

    def start_beat(self, name: str = "beat") -> subprocess.Popen[bytes]:
        return self._start(name, ["beat", "-l", "info", "--schedule", str(self.workdir / f"{name}-schedule")])

    def log(self, name: str) -> str:
        path = self.workdir / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def wait_for_log(self, name: str, text: str, timeout: float = 60, after: int = 0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in self.log(name)[after:]:
                return
            process = self.processes[name]
            if process.poll() is not None:
                raise AssertionError(f"{name} exited with {process.returncode}:\n{self.log(name)[-3000:]}")
            time.sleep(0.2)
        raise AssertionError(f"{name} did not log {text!r} within {timeout} s:\n{self.log(name)[-3000:]}")

    def kill(self, name: str, sig: int = signal.SIGKILL) -> None:
        process = self.processes.pop(name)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        process.wait(30)

    def stop_all(self) -> None:
        # Nothing is left to prove at teardown: stop at once rather than wait for warm shutdowns.
        for name in list(self.processes):
            self.kill(name)

    def messages(self) -> list[email.message.Message]:
        found = []
        for path in sorted(self.mail_dir.iterdir()):
            for chunk in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
                if chunk.strip():
                    found.append(email.message_from_bytes(chunk))
        return found

    def reminder_body(self, reminder_id: int) -> str:
        """The text of the (first) mail for one reminder or notice."""
        for message in self.messages():
            if message["X-Expo-Reminder"] == str(reminder_id):
                for part in message.walk():
                    if part.get_content_type() == "text/plain" and not part.get_filename():
                        return part.get_payload(decode=True).decode()
        raise AssertionError(f"no mail for reminder {reminder_id}")

    def mail_counts(self) -> collections.Counter[int]:
        counts: collections.Counter[int] = collections.Counter()
        for path in self.mail_dir.iterdir():
            counts.update(int(m) for m in REMINDER_HEADER.findall(path.read_bytes()))
        return counts


@pytest.fixture
def celery_stack(redis_server, tmp_path, transactional_db) -> Iterator[Callable[..., CeleryStack]]:
    """``celery_stack(REMINDER_CLAIM_TIMEOUT="10", ...)`` → a CeleryStack; processes stop at teardown.

    ``shipped_defaults=True`` leaves every reminder setting at the product's default."""
    stacks: list[CeleryStack] = []

    def make(*, shipped_defaults: bool = False, **settings: str) -> CeleryStack:
        # Worker tests compress time; chaos tests run with what the product ships.
        defaults = (
            {}
            if shipped_defaults
            else {"REMINDER_SWEEP_SECONDS": "1", "REMINDER_CLAIM_TIMEOUT": "15", "REMINDER_RETRY_BASE_SECONDS": "2"}
        )
        stack = CeleryStack(broker_url=redis_server.url, workdir=tmp_path, settings={**defaults, **settings})
        stacks.append(stack)
        return stack

    yield make
    for stack in stacks:
        stack.stop_all()


def wait_until(predicate: Callable[[], bool], *, timeout: float, interval: float = 0.5) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return predicate()


def make_due_reminders(count: int, *, first_due: dt.datetime, spread: dt.timedelta) -> list[int]:
    """``count`` meetings, one contact each, whose one reminder (1 h before) falls due evenly
    between ``first_due`` and ``first_due + spread``; returns the reminder ids."""
    expo = ExpoFactory(reminder_offsets=[60])
    step = spread / max(count - 1, 1)
    meetings = Meeting.objects.bulk_create(
        [
            Meeting(
                expo=expo,
                title=f"Chaos meeting {i}",
                kind=Meeting.Kind.BUSINESS,
                status=Meeting.Status.CONFIRMED,
                starts_at=first_due + i * step + dt.timedelta(hours=1),
                ends_at=first_due + i * step + dt.timedelta(hours=2),
                notify_contacts=True,
            )
            for i in range(count)
        ]
    )
    contacts = Contact.objects.bulk_create(
        [Contact(full_name=f"Chaos Contact {i}", email=f"chaos{i}@example.org") for i in range(count)]
    )
    attendees = MeetingAttendee.objects.bulk_create(
        [MeetingAttendee(meeting=m, contact=c) for m, c in zip(meetings, contacts, strict=True)]
    )
    # The rows reminders_sync would write (tests/meetings/test_reminders.py proves that), in one go.
    Reminder.objects.bulk_create(
        [
            Reminder(
                meeting=a.meeting,
                attendee=a,
                offset_minutes=60,
                due_at=a.meeting.starts_at - dt.timedelta(hours=1),
            )
            for a in attendees
        ]
    )
    ids = list(Reminder.objects.filter(meeting__expo=expo).order_by("id").values_list("id", flat=True))
    assert len(ids) == count
    assert timezone.now() < first_due, "test data took too long to build"
    return ids
