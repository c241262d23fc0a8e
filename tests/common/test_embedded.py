"""With no variables set, the portal boots its own PostgreSQL from the wheel, from nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[2]
PROBE = (
    "from django.db import connection; c = connection.cursor(); "
    "c.execute(\"SELECT extname FROM pg_extension WHERE extname IN ('btree_gist', 'pg_trgm') ORDER BY 1\"); "
    "print(','.join(r[0] for r in c.fetchall()))"
)


def embedded_env(var_dir: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "CELERY_BROKER_URL", "EMAIL_URL"} and not k.startswith(("PYTEST", "EXPO_TEST"))
    }
    env["EXPO_VAR_DIR"] = str(var_dir)
    return env


def manage(var_dir: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=embedded_env(var_dir),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def postgres_running_on(pgdata: Path) -> bool:
    for proc in psutil.process_iter(attrs=["name", "cmdline"]):
        if proc.info["name"] == "postgres" and str(pgdata) in " ".join(proc.info["cmdline"] or []):
            return True
    return False


def test_embedded_defaults_boot_from_nothing(tmp_path):
    var_dir = tmp_path / "var"
    # Three processes start together against an empty folder, as web, worker and beat do.
    starters = [manage(var_dir, "check") for _ in range(3)]
    for proc in starters:
        out, err = proc.communicate(timeout=180)
        assert proc.returncode == 0, err
    assert (var_dir / "pgdata" / "PG_VERSION").exists()
    assert (var_dir / "broker").is_dir()
    assert (var_dir / "secret_key").read_text().strip()

    migrate = manage(var_dir, "migrate", "--no-input")
    _, err = migrate.communicate(timeout=300)
    assert migrate.returncode == 0, err
    probe = manage(var_dir, "shell", "-c", PROBE)
    out, err = probe.communicate(timeout=120)
    assert probe.returncode == 0, err
    assert out.strip().splitlines()[-1] == "btree_gist,pg_trgm"
    # The server stops when the last process that used it exits.
    assert not postgres_running_on((var_dir / "pgdata").resolve())
