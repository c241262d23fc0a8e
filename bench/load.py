"""Load on the production shape: gunicorn + worker + beat, real PostgreSQL and Redis, locust users.

Usage (PostgreSQL and Redis reachable; ``make bench-env`` installs locust into .venv-bench):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres CELERY_BROKER_URL=redis://127.0.0.1:6379/8 \\
        .venv/bin/python bench/load.py [--users 50] [--seconds 60] [--contacts 20000] [--web-workers 4]

Creates a fresh database on DATABASE_URL's server, sets it up the README's way (migrate,
collectstatic) with the demo and ``--contacts`` synthetic contacts, starts the processes with
``DEBUG=0`` and the shipped defaults, runs ``bench/locustfile.py`` headless for the given time,
then prints requests/s, p50/p95/p99 and errors per request kind and in total, and drops the
database again.
"""

from __future__ import annotations

import argparse
import csv
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg2

ROOT = Path(__file__).resolve().parent.parent
LOCUST = ROOT / ".venv-bench" / "bin" / "locust"


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def admin_sql(url: str, sql: str) -> None:
    connection = psycopg2.connect(with_database(url, "postgres"))
    connection.autocommit = True  # CREATE/DROP DATABASE run outside a transaction
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql)
    finally:
        connection.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--contacts", type=int, default=20_000)
    parser.add_argument("--web-workers", type=int, default=4)
    args = parser.parse_args()
    server_url, broker = os.environ.get("DATABASE_URL", ""), os.environ.get("CELERY_BROKER_URL", "")
    if not server_url.startswith("postgres") or not broker.startswith("redis"):
        print("bench/load.py needs DATABASE_URL (PostgreSQL) and CELERY_BROKER_URL (Redis)", file=sys.stderr)
        return 2
    if not LOCUST.exists():
        print("locust is missing: run `make bench-env` first", file=sys.stderr)
        return 2

    name = f"expo_load_{secrets.token_hex(3)}"
    work = Path(tempfile.mkdtemp(prefix="expo-load-"))
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", str(work)),
        "LANG": "C.UTF-8",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": with_database(server_url, name),
        "CELERY_BROKER_URL": broker,
        "PORTAL_URL": url,
        "SECURE_SSL_REDIRECT": "0",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(work / "mail"),
        "EXPO_VAR_DIR": str(work / "var"),
        "STATIC_ROOT": str(work / "static"),
        "MEDIA_ROOT": str(work / "media"),
    }
    admin_sql(server_url, f'CREATE DATABASE "{name}"')
    processes: list[subprocess.Popen[bytes]] = []

    def manage(*command: str) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *command], cwd=ROOT, env=env, capture_output=True, text=True, check=False
        )
        if result.returncode:
            raise SystemExit(f"manage.py {' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout

    def start(label: str, command: list[str]) -> None:
        log = open(work / f"{label}.log", "ab")  # noqa: SIM115 - closed with the process
        processes.append(
            subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        )

    try:
        started = time.monotonic()
        manage("migrate", "--noinput")
        manage("collectstatic", "--noinput")
        manage("load_demo", "--force")
        manage(
            "generate_data",
            "--organizations",
            str(max(args.contacts // 10, 10)),
            "--contacts",
            str(args.contacts),
            "--seed",
            "7",
            "--force",
        )
        key = manage("create_api_token", "--name", "load", "--scope", "contacts:read").strip().splitlines()[-1]
        print(f"set up {name} with {args.contacts} contacts in {time.monotonic() - started:.0f} s")
        start(
            "web",
            [
                sys.executable,
                "-m",
                "gunicorn",
                "expo_portal.wsgi",
                "-b",
                f"127.0.0.1:{port}",
                "-w",
                str(args.web_workers),
            ],
        )
        start("worker", [sys.executable, "-m", "celery", "-A", "expo_portal", "worker", "--concurrency", "2"])
        start("beat", [sys.executable, "-m", "celery", "-A", "expo_portal", "beat", "--schedule", str(work / "beat")])
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if urllib.request.urlopen(url + "/healthz", timeout=5).status == 200:  # noqa: S310 - our own server
                    break
            except OSError:
                time.sleep(0.5)
        else:
            raise SystemExit("gunicorn did not answer /healthz within 60 s")
        result = subprocess.run(
            [
                str(LOCUST),
                "-f",
                str(ROOT / "bench" / "locustfile.py"),
                "--headless",
                "--only-summary",
                "-u",
                str(args.users),
                "-r",
                str(max(args.users // 5, 1)),
                "-t",
                f"{args.seconds}s",
                "--host",
                url,
                "--csv",
                str(work / "load"),
                "--loglevel",
                "WARNING",
            ],
            cwd=ROOT,
            env={**os.environ, "LOAD_API_KEY": key},
            capture_output=True,
            text=True,
            check=False,
        )
        report(work / "load_stats.csv", args)
        if result.returncode not in (0, 1):  # 1: some requests failed, which the report shows
            print(result.stdout[-3000:], result.stderr[-3000:], file=sys.stderr)
            return result.returncode
        return 0
    finally:
        for process in processes:
            os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        admin_sql(server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def report(stats: Path, args: argparse.Namespace) -> None:
    print(f"{args.users} users for {args.seconds} s, {args.web_workers} gunicorn workers")
    print(f"{'request':24} {'count':>7} {'errors':>6} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}")
    with stats.open() as handle:
        for row in csv.DictReader(handle):
            label = row["Name"] if row["Name"] != "Aggregated" else "ALL"
            print(
                f"{label[:24]:24} {row['Request Count']:>7} {row['Failure Count']:>6} "
                f"{float(row['Requests/s']):7.1f} {row['50%']:>7} {row['95%']:>7} {row['99%']:>7}"
            )


if __name__ == "__main__":
    sys.exit(main())
