"""Shared fixtures: one user per role, API clients with scoped keys, and the real services."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from rest_framework.test import APIClient

from common.api_keys.services import api_key_create
from tests.factories import DEFAULT_PASSWORD, ExhibitorFactory, ExhibitorMembershipFactory, UserFactory

CHROMIUM = Path(os.environ.get("EXPO_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _must_not_skip(variable: str) -> bool:
    """CI sets these so that a missing browser or redis-server fails the run instead of skipping."""
    return os.environ.get(variable) == "1"


def skip_or_fail(variable: str, reason: str) -> None:
    if _must_not_skip(variable):
        pytest.fail(f"{reason} (and {variable}=1 forbids skipping)")
    pytest.skip(reason)


# --- Roles ------------------------------------------------------------------------------------


@pytest.fixture
def office_user(db):
    return UserFactory(username="office", office=True)


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_superuser=True, is_staff=True)


@pytest.fixture
def plain_user(db):
    """Signed in, but neither office staff nor acting for an exhibitor."""
    return UserFactory(username="nobody")


@pytest.fixture
def exhibitor_a(db):
    return ExhibitorFactory(name="Care Tech", slug="care-tech")


@pytest.fixture
def exhibitor_b(db, exhibitor_a):
    return ExhibitorFactory(
        name="Bin Works", slug="bin-works", pavilion=exhibitor_a.pavilion, category="waste_recycling"
    )


@pytest.fixture
def exhibitor_user_a(exhibitor_a):
    user = UserFactory(username="exhibitor-a")
    ExhibitorMembershipFactory(exhibitor=exhibitor_a, user=user, is_admin=True)
    return user


@pytest.fixture
def exhibitor_user_b(exhibitor_b):
    user = UserFactory(username="exhibitor-b")
    ExhibitorMembershipFactory(exhibitor=exhibitor_b, user=user, is_admin=True)
    return user


@pytest.fixture
def password() -> str:
    return DEFAULT_PASSWORD


# --- API clients ------------------------------------------------------------------------------


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def office_client(office_user) -> APIClient:
    client = APIClient()
    client.force_authenticate(office_user)
    return client


@pytest.fixture
def key_client(db) -> Callable[..., APIClient]:
    """``key_client("contacts:read", fields=[...])`` → an APIClient sending ``Authorization: Token``."""
    counter = iter(range(1, 10_000))

    def make(*scopes: str, fields: list[str] | None = None, name: str | None = None) -> APIClient:
        key, raw = api_key_create(
            name=name or f"integration-{next(counter)}", scopes=list(scopes), field_allowlist=fields or []
        )
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
        client.api_key = key  # type: ignore[attr-defined]
        client.raw_key = raw  # type: ignore[attr-defined]
        return client

    return make


# --- Real services started by the tests themselves ---------------------------------------------


def subprocess_database_url() -> str:
    """A ``DATABASE_URL`` for subprocesses (workers, a second booking process) that reaches the very
    database this test runs against — a TCP server in CI, the embedded server's socket otherwise."""
    from urllib.parse import quote

    from django.db import connection

    db = connection.settings_dict
    auth = quote(db.get("USER") or "postgres", safe="")
    if db.get("PASSWORD"):
        auth += ":" + quote(db["PASSWORD"], safe="")
    host = db.get("HOST") or "127.0.0.1"
    if host.startswith("/"):  # a socket folder: django-environ reads it from the URL's path
        return f"postgres://{auth}@/{host}/{db['NAME']}"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{auth}@{host}{port}/{db['NAME']}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    """A private ``redis-server`` on a spare port, which chaos tests may stop and start."""

    def __init__(self, binary: str, workdir: Path) -> None:
        self.binary = binary
        self.workdir = workdir
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                self.binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.workdir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)
        self.process = None


@pytest.fixture
def redis_server(tmp_path) -> Iterator[RedisServer]:
    binary = shutil.which("redis-server")
    if binary is None:
        skip_or_fail("EXPO_REQUIRE_REDIS_SERVER", "no redis-server binary on this machine")
    server = RedisServer(binary, tmp_path)  # type: ignore[arg-type]
    server.start()
    yield server
    server.stop()


# --- Browser ----------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def chromium_browser():
    if not CHROMIUM.exists():
        skip_or_fail("EXPO_REQUIRE_BROWSER", f"no Chromium at {CHROMIUM}")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium_browser, live_server):
    """A fresh browser page that fails the test on any console error or failed request."""
    context = chromium_browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server.url)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda msg: problems.append(f"console {msg.type}: {msg.text}") if msg.type == "error" else None)
    page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    # A lookup superseded by the next keystroke (or by leaving the page) is aborted on
    # purpose by the page's scripts; only a request the network refused is a problem.
    page.on(
        "requestfailed",
        lambda req: (
            problems.append(f"request failed: {req.url} {req.failure}") if req.failure != "net::ERR_ABORTED" else None
        ),
    )
    page.on(
        "response",
        lambda res: problems.append(f"HTTP {res.status}: {res.url}") if res.status >= 500 else None,
    )
    page.problems = problems  # type: ignore[attr-defined]
    yield page
    context.close()
    assert not problems, "browser reported problems:\n" + "\n".join(problems)


def browser_login(page, username: str, password: str = DEFAULT_PASSWORD) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


SCREENSHOT_DIR = Path(
    os.environ.get("EXPO_SCREENSHOT_DIR", Path(__file__).resolve().parent.parent / "var" / "screenshots")
)


@pytest.fixture(scope="session", autouse=True)
def _no_session_left_on_the_test_database(django_db_setup, django_db_blocker):
    """Before pytest-django drops a worker's test database, end any connection a subprocess or
    thread of the tests left open on it, so the drop never fails with "being accessed"."""
    yield
    from django.db import connection

    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
