"""Benchmark of the contact-book API: prints its figures.

Usage (a dedicated database; it is created, migrated and filled on first use):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/expo_bench .venv/bin/python bench/contacts_api.py

Optional: REDIS_CACHE_URL=redis://127.0.0.1:6379/1 keeps the per-key throttle counters in Redis
(the production set-up) instead of the database cache (the embedded default).

Measures, with 10,000 organisations and 100,000 contacts:
1. median time of one page of 100 contacts through the full Django stack (Django test Client,
   in process: middleware, API-key authentication, throttle, filters, keyset pagination, pull
   log) against the same rows fetched by one raw SQL query and dumped with orjson, in the same
   process; and the ratio (target <= 2.0). The same page through a real gunicorn on 127.0.0.1
   is reported too (HTTP included).
2. queries per list request at page sizes 10, 100 and 1000 (target: the same small number);
3. last page against first page (target <= 1.3);
4. a full pull of all contacts by following ``next`` (page_size 1000): rows per second;
5. export.csv of every contact from a separate gunicorn worker process: peak RSS growth of that
   process, sampled every 5 ms with psutil (target <= 50 MB).
"""

from __future__ import annotations

import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PYTHON = sys.executable

ORGANIZATIONS = 10_000
CONTACTS = 100_000

if not os.environ.get("DATABASE_URL"):
    sys.exit("Set DATABASE_URL to a dedicated database, e.g. postgres://postgres@127.0.0.1:5432/expo_bench")

# Production-like settings: no query logging, no per-request debug overhead, throttle out of the way.
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production-0123456789abcdef")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
os.environ.setdefault("API_KEY_THROTTLE_RATE", "1000000/min")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "expo_portal.settings")
os.environ.setdefault("EXPO_VAR_DIR", str(ROOT / "var" / "bench"))


def ensure_database() -> None:
    import environ
    import psycopg2
    from psycopg2 import sql

    config = environ.Env().db_url("DATABASE_URL")
    admin = psycopg2.connect(
        dbname="postgres",
        user=config["USER"],
        host=config["HOST"],
        port=config["PORT"] or 5432,
        password=config["PASSWORD"] or None,
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]])
        if cursor.fetchone() is None:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))
            print(f"created database {config['NAME']}")
    admin.close()
    subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], cwd=ROOT, check=True)


def ensure_data() -> None:
    from delegations.models import Contact, Organization

    organizations = max(0, ORGANIZATIONS - Organization.objects.count())
    contacts = max(0, CONTACTS - Contact.objects.count())
    if organizations or contacts:
        started = time.monotonic()
        subprocess.run(
            [
                PYTHON,
                "manage.py",
                "generate_data",
                "--organizations",
                str(organizations),
                "--contacts",
                str(contacts),
                "--seed",
                "2027",
                "--force",
            ],
            cwd=ROOT,
            check=True,
        )
        print(
            f"generate_data: +{organizations} organisations, +{contacts} contacts in {time.monotonic() - started:.1f} s"
        )


def api_key() -> str:
    from common.api_keys.services import api_key_create
    from common.models import ApiKey

    ApiKey.objects.filter(name="bench").update(revoked=True)
    _key, raw = api_key_create(name="bench", scopes=["contacts:read"])
    return raw


def median_ms(function, repeat: int) -> float:
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


RAW_SQL = """
SELECT c.id, c.honorific, c.full_name, c.native_name, c.title, c.rank, c.organization_id,
       o.name, o.kind, c.country, c.email, c.phone, c.languages, c.preferred_language, c.tags,
       c.consent, c.owner_id,
       ARRAY(SELECT e.expo_id FROM delegations_contact_expos e WHERE e.contact_id = c.id ORDER BY e.expo_id),
       c.created_at, c.updated_at
FROM delegations_contact c LEFT JOIN delegations_organization o ON o.id = c.organization_id
ORDER BY c.full_name, c.id
LIMIT 100
"""


def raw_page() -> bytes:
    import orjson
    from django.db import connection

    from delegations.selectors import CONTACT_PUBLIC_FIELDS

    with connection.cursor() as cursor:
        cursor.execute(RAW_SQL)
        rows = cursor.fetchall()
    return orjson.dumps([dict(zip(CONTACT_PUBLIC_FIELDS, row, strict=True)) for row in rows])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    """One sync gunicorn worker on 127.0.0.1, so that the worker's memory can be watched."""

    def __init__(self) -> None:
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Gunicorn:
        self.process = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "gunicorn",
                "expo_portal.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "1",
                "--timeout",
                "300",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    break
            except OSError:
                time.sleep(0.1)
        return self

    def worker_pid(self) -> int:
        import psutil

        children = psutil.Process(self.process.pid).children()
        return children[0].pid

    def get(self, path: str, key: str) -> bytes:
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{path}", headers={"Authorization": f"Token {key}"}
        )
        with urllib.request.urlopen(request, timeout=300) as response:  # noqa: S310 - our own server on 127.0.0.1
            return response.read()

    def stream(self, path: str, key: str) -> int:
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{path}", headers={"Authorization": f"Token {key}"}
        )
        size = 0
        with urllib.request.urlopen(request, timeout=300) as response:  # noqa: S310
            while chunk := response.read(64 * 1024):
                size += len(chunk)
        return size

    def __exit__(self, *exc: object) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(30)


def main() -> None:
    ensure_database()
    import django

    django.setup()
    ensure_data()

    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from delegations.models import Contact

    total = Contact.objects.count()
    key = api_key()
    client = Client(HTTP_AUTHORIZATION=f"Token {key}")
    cache_kind = "Redis" if os.environ.get("REDIS_CACHE_URL") else "database cache"
    print(f"data: {total} contacts; throttle counters in the {cache_kind}; DEBUG off")

    first_url = "/api/v1/contacts/?page_size=100"
    for _ in range(20):  # warm-up
        assert client.get(first_url).status_code == 200
        raw_page()
    # Interleaved, so that both see the same load on a shared machine.
    stack_times, raw_times = [], []
    for _ in range(300):
        stack_times.append(median_ms(lambda: client.get(first_url), 1))
        raw_times.append(median_ms(raw_page, 1))
    stack, raw = statistics.median(stack_times), statistics.median(raw_times)
    print(f"\n1. one page of 100 contacts (median of 300, interleaved; load average {os.getloadavg()[0]:.1f})")
    print(f"   full Django stack (test Client, in process): {stack:.2f} ms")
    print(f"   raw SQL + orjson (same rows, same process):   {raw:.2f} ms")
    print(f"   ratio: {stack / raw:.2f}   (target <= 2.0)")

    # Where the stack's time goes: database round trips vs everything else (Python, cache).
    db_times: list[float] = []

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            db_times.append((time.perf_counter() - started) * 1000)

    per_request: list[float] = []
    whole: list[float] = []
    with connection.execute_wrapper(timed):
        for _ in range(100):
            db_times.clear()
            whole.append(median_ms(lambda: client.get(first_url), 1))
            per_request.append(sum(db_times))
    print(
        f"   of which database statements ({len(db_times)} per request): median {statistics.median(per_request):.2f} ms"
        f" of {statistics.median(whole):.2f} ms"
    )

    print("\n2. queries per list request")
    counts = {}
    for size in (10, 100, 1000):
        client.get(f"/api/v1/contacts/?page_size={size}")
        with CaptureQueriesContext(connection) as captured:
            response = client.get(f"/api/v1/contacts/?page_size={size}")
        assert len(response.json()["results"]) == size
        counts[size] = len(captured)
        reset_queries()
    print(
        "   " + ", ".join(f"page_size={size}: {count}" for size, count in counts.items()) + "   (target: equal, small)"
    )

    print("\n4. full pull following next (page_size=1000)")
    url = "/api/v1/contacts/?page_size=1000"
    seen = 0
    pages = 0
    started = time.perf_counter()
    while url:
        body = client.get(url).json()
        seen += len(body["results"])
        pages += 1
        url = body["next"]
    elapsed = time.perf_counter() - started
    print(f"   {seen} rows in {pages} pages, {elapsed:.2f} s: {seen / elapsed:,.0f} rows/s")
    assert seen == total, (seen, total)

    # The last page of 100: walk with page_size=100 from the row before the last 100.
    from common.pagination import KeysetPagination
    from delegations.filters import CONTACT_ORDERINGS

    before_last = list(Contact.objects.order_by(*CONTACT_ORDERINGS["full_name"]).values_list("full_name", "id"))[-101]
    cursor = KeysetPagination().encode_cursor(list(before_last), backwards=False, ordering_name="full_name")
    last_url = f"/api/v1/contacts/?page_size=100&cursor={cursor}"
    last_body = client.get(last_url).json()
    assert len(last_body["results"]) == 100 and last_body["next"] is None
    first_times, last_times = [], []
    for _ in range(200):  # interleaved, like (1)
        first_times.append(median_ms(lambda: client.get(first_url), 1))
        last_times.append(median_ms(lambda: client.get(last_url), 1))
    first, last = statistics.median(first_times), statistics.median(last_times)
    print("\n3. last page vs first page (page_size=100, median of 200, interleaved)")
    print(f"   first {first:.2f} ms, last {last:.2f} ms, ratio {last / first:.2f}   (target <= 1.3)")

    import psutil

    print("\n5. export.csv of every contact, separate gunicorn worker (1 sync worker)")
    with Gunicorn() as server:
        server.get("/api/v1/contacts/?page_size=10", key)  # warm-up: imports, connection
        server.get("/api/v1/contacts/export.csv?country=KR&page_size=1", key)
        http_page = median_ms(lambda: server.get(first_url, key), 100)
        worker = psutil.Process(server.worker_pid())
        baseline = worker.memory_info().rss
        peak = baseline
        done = threading.Event()

        def sample() -> None:
            nonlocal peak
            while not done.is_set():
                peak = max(peak, worker.memory_info().rss)
                time.sleep(0.005)

        sampler = threading.Thread(target=sample)
        sampler.start()
        started = time.perf_counter()
        size = server.stream("/api/v1/contacts/export.csv", key)
        elapsed = time.perf_counter() - started
        done.set()
        sampler.join()
    print(f"   {size / 1e6:.1f} MB of CSV in {elapsed:.2f} s ({total / elapsed:,.0f} rows/s)")
    print(
        f"   worker RSS before {baseline / 2**20:.1f} MB, peak {peak / 2**20:.1f} MB: "
        f"growth {(peak - baseline) / 2**20:.1f} MB   (target <= 50 MB)"
    )
    print(f"\n1b. the same page of 100 over HTTP through gunicorn (median of 100): {http_page:.2f} ms")


if __name__ == "__main__":
    main()
