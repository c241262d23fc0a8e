"""Misconfiguration stops start-up with one clear line naming the variable."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_manage(env_overrides: dict[str, str | None], *args: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "EXPO_TEST"))}
    env["EXPO_VAR_DIR"] = str(tmp_path / "var")
    for key, value in env_overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )


@pytest.mark.parametrize(
    ("overrides", "variable"),
    [
        ({"DATABASE_URL": "mysql://root@localhost/expo"}, "DATABASE_URL"),
        ({"DATABASE_URL": "postgres://"}, "DATABASE_URL"),
        ({"DEBUG": "0", "SECRET_KEY": None, "DATABASE_URL": "postgres://u@127.0.0.1:5432/x"}, "SECRET_KEY"),
        ({"DEBUG": "maybe"}, "DEBUG"),
        ({"CELERY_BROKER_URL": "kafka://broker:9092"}, "CELERY_BROKER_URL"),
    ],
    ids=["not-postgres", "no-database-name", "no-secret-key", "bad-debug", "bad-broker-scheme"],
)
def test_bad_setting_stops_with_one_line(tmp_path, overrides, variable):
    result = run_manage(overrides, "check", tmp_path=tmp_path)
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"Configuration error: {variable}:")


def test_unreachable_broker_stops_run_portal_with_one_line(tmp_path):
    overrides = {"CELERY_BROKER_URL": "redis://127.0.0.1:1/0", "DATABASE_URL": "postgres://postgres@127.0.0.1:1/x"}
    result = run_manage(overrides, "run_portal", "--no-demo", tmp_path=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1].startswith("Configuration error: CELERY_BROKER_URL:")
    assert "Traceback" not in result.stderr


def test_unreachable_database_stops_run_portal_with_one_line(tmp_path, redis_server):
    overrides = {"CELERY_BROKER_URL": redis_server.url, "DATABASE_URL": "postgres://postgres@127.0.0.1:1/x"}
    result = run_manage(overrides, "run_portal", "--no-demo", tmp_path=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1].startswith("Configuration error: DATABASE_URL:")
    assert "Traceback" not in result.stderr


@pytest.mark.django_db
def test_migrate_alone_makes_the_database_cache_work():
    from django.core.cache import cache
    from django.db import connection

    assert "portal_cache" in connection.introspection.table_names()
    cache.set("migrate-made-me", 1)
    assert cache.get("migrate-made-me") == 1


def test_production_uses_the_brokers_redis_as_cache(tmp_path):
    overrides = {"DEBUG": "0", "SECRET_KEY": "x" * 50, "CELERY_BROKER_URL": "redis://127.0.0.1:6379/6"}
    code = "from django.conf import settings; c = settings.CACHES['default']; print(c['BACKEND'], c['LOCATION'])"
    result = run_manage(overrides, "shell", "--no-imports", "-c", code, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.core.cache.backends.redis.RedisCache", "redis://127.0.0.1:6379/6"]
