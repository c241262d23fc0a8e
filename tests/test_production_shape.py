"""The production shape, set up exactly as the README's deployment steps say.

A fresh database, ``migrate`` and ``collectstatic`` only, ``DEBUG=0``, gunicorn, one Celery worker
and one beat on a real Redis, every other setting at the product's default. Through it: the
health check, the API with a key, a page with a signed-in user and its static files, and a
meeting reminder that the worker delivers by itself.
"""

# ruff: noqa: S310 - every URL opened here is the test's own http://127.0.0.1 server

from __future__ import annotations

import contextlib
import datetime as dt
import http.cookies
import json
import os
import re
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection

from tests.conftest import free_port, subprocess_database_url

ROOT = Path(__file__).resolve().parents[1]
REMINDER_HEADER = re.compile(rb"^X-Expo-Reminder: \d+\r?$", re.MULTILINE)

SETUP = """
import datetime as dt
from django.utils import timezone
from delegations.models import Delegation, Expo, Member
today = timezone.localdate()
expo = Expo.objects.create(
    name="Production Expo", slug="production-expo", city="Seoul", starts_on=today,
    ends_on=today + dt.timedelta(days=3), time_zone="Asia/Seoul", reminder_offsets=[60],
)
delegation = Delegation.objects.create(expo=expo, name="City delegation")
member = Member.objects.create(delegation=delegation, full_name="Lin Mei-ling", email="lin@city.example")
print(expo.pk, member.pk)
"""


class Deployment:
    def __init__(self, workdir: Path, database_url: str, broker_url: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.workdir = workdir
        self.mail_dir = workdir / "mail"
        self.mail_dir.mkdir()
        # What an operator sets (README, "Deploying"); everything else stays at the default.
        self.env = {
            "PATH": os.environ.get("PATH", ""),
            "HOME": os.environ.get("HOME", str(workdir)),
            "LANG": "C.UTF-8",
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": database_url,
            "CELERY_BROKER_URL": broker_url,
            "PORTAL_URL": self.url,
            "EMAIL_URL": "",
            "EMAIL_FILE_PATH": str(self.mail_dir),
            "EXPO_VAR_DIR": str(workdir / "var"),
            "STATIC_ROOT": str(workdir / "static"),
            "MEDIA_ROOT": str(workdir / "media"),
            "PYTHONUNBUFFERED": "1",
        }
        self.processes: dict[str, subprocess.Popen[bytes]] = {}

    def manage(self, *args: str, env: dict[str, str] | None = None) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env={**self.env, **(env or {})},
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert result.returncode == 0, f"manage.py {' '.join(args)}:\n{result.stdout}\n{result.stderr}"
        return result.stdout + result.stderr

    def start(self, name: str, args: list[str]) -> None:
        log = open(self.workdir / f"{name}.log", "ab")  # noqa: SIM115 — closed with the process
        self.processes[name] = subprocess.Popen(
            args, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        log.close()

    def log(self, name: str) -> str:
        return (self.workdir / f"{name}.log").read_text(errors="replace")

    def stop(self) -> None:
        for process in self.processes.values():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(10)

    def reminder_mails(self) -> list[bytes]:
        found = []
        for path in self.mail_dir.iterdir():
            found.extend(REMINDER_HEADER.findall(path.read_bytes()))
        return found


class Browser:
    """Just enough of a browser over urllib: cookies (the portal's are ``Secure``, which a real
    browser sends to a TLS proxy; here the test hands them back itself) and CSRF."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.cookies: dict[str, str] = {}
        self.opener = urllib.request.build_opener(NoRedirect)

    def request(self, method: str, path: str, data: dict[str, str] | None = None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body, method=method)
        if self.cookies:
            request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        if body is not None:
            request.add_header("Content-Type", "application/x-www-form-urlencoded")
            request.add_header("Referer", self.base + path)
        try:
            response = self.opener.open(request, timeout=30)
        except urllib.error.HTTPError as error:
            response = error
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = http.cookies.SimpleCookie(header)
            for name, morsel in cookie.items():
                self.cookies[name] = morsel.value
        return response.status, dict(response.headers), response.read().decode(errors="replace")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def call(url: str, *, method: str = "GET", token: str = "", payload: object = None):
    request = urllib.request.Request(url, method=method)
    if token:
        request.add_header("Authorization", f"Token {token}")
    body = None
    if payload is not None:
        body = json.dumps(payload).encode()
        request.add_header("Content-Type", "application/json")
    try:
        response = urllib.request.urlopen(request, body, timeout=30)
    except urllib.error.HTTPError as error:
        response = error
    text = response.read().decode()
    return response.status, (json.loads(text) if text.startswith(("{", "[")) else text)


def wait_for(predicate, *, timeout: float, what: str, interval: float = 0.5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(interval)
    raise AssertionError(f"{what} did not happen within {timeout} s")


@pytest.fixture
def fresh_database(transactional_db) -> Iterator[str]:
    """An empty database on the same server as the test database, dropped afterwards."""
    name = f"expo_production_{secrets.token_hex(4)}"
    with connection.cursor() as cursor:  # autocommit: a transactional test holds no transaction
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield subprocess_database_url().rsplit("/", 1)[0] + f"/{name}"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def deployment(fresh_database, redis_server, tmp_path) -> Iterator[Deployment]:
    deployment = Deployment(tmp_path, fresh_database, redis_server.url)
    yield deployment
    deployment.stop()


def test_the_readme_deployment_serves_api_pages_and_reminders(deployment):
    # 1-2. The steps the README lists, and nothing else.
    deployment.manage("migrate", "--noinput")
    deployment.manage("collectstatic", "--noinput")
    # Behind TLS (the README's shape) the deployment checklist has nothing left to say.
    report = deployment.manage("check", "--deploy", "--fail-level", "WARNING")
    assert "no issues" in report, report

    # An operator's first user and key.
    deployment.manage(
        "createsuperuser",
        "--noinput",
        env={
            "DJANGO_SUPERUSER_USERNAME": "operator",
            "DJANGO_SUPERUSER_EMAIL": "operator@city.example",
            "DJANGO_SUPERUSER_PASSWORD": "a long operator passphrase",
        },
    )
    output = deployment.manage(
        "create_api_token",
        "--name",
        "crm",
        "--scope",
        "contacts:read",
        "--scope",
        "contacts:write",
        "--scope",
        "meetings:read",
        "--scope",
        "meetings:write",
    )
    key = output.strip().splitlines()[-1]  # the key, printed once on its own line
    expo_id, member_id = (int(n) for n in deployment.manage("shell", "-c", SETUP).split()[-2:])

    # 3-4. gunicorn (plain HTTP behind the TLS proxy), worker and beat, as the README says.
    deployment.env["SECURE_SSL_REDIRECT"] = "0"
    deployment.start(
        "web",
        [sys.executable, "-m", "gunicorn", "expo_portal.wsgi", "-b", f"127.0.0.1:{deployment.port}", "-w", "2"],
    )
    deployment.start("worker", [sys.executable, "-m", "celery", "-A", "expo_portal", "worker", "--concurrency", "1"])
    deployment.start(
        "beat",
        [sys.executable, "-m", "celery", "-A", "expo_portal", "beat", "--schedule", str(deployment.workdir / "beat")],
    )
    wait_for(
        lambda: _quiet_status(deployment.url + "/healthz") == 200,
        timeout=60,
        what="gunicorn answering /healthz with 200",
    )

    # The API with a key: a write, then a keyset-paginated read that finds it.
    status, body = call(
        deployment.url + "/api/v1/contacts/",
        method="POST",
        token=key,
        payload={"full_name": "Park Ji-won", "email": "jiwon.park@seoul.example", "country": "KR"},
    )
    assert status == 201, body
    status, body = call(deployment.url + "/api/v1/contacts/?page_size=10", token=key)
    assert status == 200, body
    assert [c["full_name"] for c in body["results"]] == ["Park Ji-won"]
    contact_id = body["results"][0]["id"]

    # A meeting whose one-hour reminder falls due in a few seconds.
    starts = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=60, seconds=5)
    status, body = call(
        deployment.url + "/api/v1/meetings/",
        method="POST",
        token=key,
        payload={
            "expo": expo_id,
            "title": "Smart mobility with Seoul",
            "kind": "business",
            "status": "confirmed",
            "starts_at": starts.isoformat(),
            "ends_at": (starts + dt.timedelta(hours=1)).isoformat(),
            "location": "Hall B, room 3",
            "attendees": [{"type": "member", "id": member_id, "role": "host"}, {"type": "contact", "id": contact_id}],
        },
    )
    assert status == 201, body

    # A page, signed in through the login form, with its static files (WhiteNoise, hashed names).
    browser = Browser(deployment.url)
    status, _headers, page = browser.request("GET", "/accounts/login/")
    assert status == 200
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert csrf, page[:500]
    status, _headers, _page = browser.request(
        "POST",
        "/accounts/login/",
        {"csrfmiddlewaretoken": csrf.group(1), "username": "operator", "password": "a long operator passphrase"},
    )
    assert status == 302, _page[:1000]
    status, _headers, page = browser.request("GET", "/contacts/")
    assert status == 200
    assert "Park Ji-won" in page
    stylesheet = re.search(r'href="(/static/[^"]+\.css)"', page)
    assert stylesheet, "the page links no stylesheet"
    assert re.search(r"\.[0-9a-f]{12}\.css$", stylesheet.group(1)), stylesheet.group(1)
    status, _headers, _css = browser.request("GET", stylesheet.group(1))
    assert status == 200

    # The worker delivers the reminder on its own: beat's sweep (shipped interval) finds it.
    mails = wait_for(deployment.reminder_mails, timeout=90, what="the reminder e-mail")
    assert len(mails) >= 1
    # ... and the worker's heartbeat makes the deep health check answer 200.
    wait_for(lambda: _quiet_status(deployment.url + "/healthz?deep=1") == 200, timeout=60, what="deep health check 200")
    for name in ("web", "worker", "beat"):
        assert deployment.processes[name].poll() is None, deployment.log(name)[-3000:]
    assert "Traceback" not in deployment.log("web"), deployment.log("web")[-3000:]


def _quiet_status(url: str) -> int:
    try:
        return urllib.request.urlopen(url, timeout=5).status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0
