"""A 10,000-row import through a real ``celery -A expo_portal worker``, with progress seen by polling.

The worker runs against the broker of this run (``CELERY_BROKER_URL``, Redis in CI) and the test
database, so the test uses ``django_db(transaction=True)``: the worker sees committed rows only.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from delegations.models import Contact, ContactImport, Organization
from tests.conftest import skip_or_fail, subprocess_database_url
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]
ROWS = 10_000

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True), pytest.mark.timeout(400)]


def _database_url() -> str:
    return subprocess_database_url()


@pytest.fixture
def worker(tmp_path):
    if not settings.CELERY_BROKER_URL.startswith("redis://"):
        skip_or_fail("EXPO_REQUIRE_REDIS_SERVER", "this test needs CELERY_BROKER_URL=redis://…")
    log_path = tmp_path / "worker.log"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("PYTEST")},
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "EXPO_VAR_DIR": str(tmp_path / "var"),
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "expo_portal",
                "worker",
                "-l",
                "info",
                "-n",
                "import@%h",
                "--concurrency",
                "1",
                "--without-mingle",
                "--without-gossip",
                "--without-heartbeat",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    deadline = time.monotonic() + 60
    while "ready." not in log_path.read_text(errors="replace"):
        if process.poll() is not None or time.monotonic() > deadline:
            raise AssertionError(f"worker did not start:\n{log_path.read_text(errors='replace')[-3000:]}")
        time.sleep(0.2)
    yield log_path
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(10)


def _wait(client, job, until: set[str], timeout: float, log_path: Path) -> tuple[dict, list[int]]:
    url = reverse("contact-import-status", args=[job.pk])
    seen: list[int] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = client.get(url).json()
        seen.append(status["processed"])
        if status["state"] in until:
            return status, seen
        time.sleep(0.3)
    raise AssertionError(f"import still {status} after {timeout} s:\n{log_path.read_text(errors='replace')[-3000:]}")


def test_ten_thousand_rows_import_in_worker_with_progress(client, worker):
    office = UserFactory(username="office", office=True)
    client.force_login(office)
    lines = ["Full name,Native name,E-mail,Country,Organisation"]
    lines += [f"Person {i},사람 {i},person{i}@example.org,KR,Agency {i % 200}" for i in range(ROWS)]
    upload = SimpleUploadedFile("big.csv", ("\n".join(lines) + "\n").encode("utf-8-sig"))

    started = time.monotonic()
    response = client.post(reverse("contact-import"), {"file": upload})
    job = ContactImport.objects.get()
    assert response["Location"] == reverse("contact-import-mapping", args=[job.pk])
    response = client.post(
        reverse("contact-import-mapping", args=[job.pk]),
        {
            **{f"column_{i}": t for i, t in job.mapping.items()},
            "on_duplicate": "update",
            "new_organization_kind": "government",
        },
    )
    request_seconds = time.monotonic() - started
    assert request_seconds < 10  # upload and mapping hand the 10,000 rows to the worker
    status, _ = _wait(client, job, {"valid", "invalid"}, 120, worker)
    assert (status["state"], status["created"]) == ("valid", ROWS)
    assert Contact.objects.count() == 0

    client.post(reverse("contact-import-preview", args=[job.pk]))
    status, seen = _wait(client, job, {"done", "failed", "invalid"}, 300, worker)
    elapsed = time.monotonic() - started
    assert (status["state"], status["created"], status["processed"]) == ("done", ROWS, ROWS)
    # Progress was visible while the single transaction was still open.
    assert any(0 < n < ROWS for n in seen), seen
    assert Contact.objects.count() == ROWS
    assert Organization.objects.count() == 200
    print(f"\n10,000-row import through the worker: {elapsed:.1f} s (requests {request_seconds:.1f} s)")
