"""``/healthz``: 200 only when everything a request needs answers, 503 naming what does not.

Checked on every call (cheap enough to poll every few seconds): the database (``SELECT 1``),
the broker (a connection), the cache (a write and a read) and the media store (a file written and
removed). ``?deep=1`` adds the worker: the reminder sweep records a heartbeat in the cache each
time it runs, and the worker counts as down when the last one is older than three sweep intervals.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from kombu import Connection

BROKER_TIMEOUT_SECONDS = 2.0


def check_database() -> str | None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any failure means "not healthy"
        return _one_line(exc)
    return None


def check_broker(url: str | None = None) -> str | None:
    url = url or settings.CELERY_BROKER_URL
    if url.startswith("filesystem://"):
        folder = Path(str(settings.CELERY_BROKER_TRANSPORT_OPTIONS["data_folder_in"]))
        return None if folder.is_dir() else f"broker folder {folder} is missing"
    try:
        with Connection(url, connect_timeout=BROKER_TIMEOUT_SECONDS) as conn:
            conn.ensure_connection(max_retries=1, timeout=BROKER_TIMEOUT_SECONDS)
    except Exception as exc:  # noqa: BLE001
        return _one_line(exc)
    return None


HEARTBEAT_KEY = "portal:worker-heartbeat"


def check_cache() -> str | None:
    key = f"portal:health:{uuid.uuid4().hex}"
    try:
        cache.set(key, "ok", timeout=10)
        value = cache.get(key)
        cache.delete(key)
    except Exception as exc:  # noqa: BLE001
        return _one_line(exc)
    return None if value == "ok" else "the cache did not keep a value"


def check_media() -> str | None:
    folder = Path(settings.MEDIA_ROOT)
    probe = folder / f".health-{uuid.uuid4().hex}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe.write_bytes(b"ok")
        probe.unlink()
    except OSError as exc:
        return f"media folder {folder} is not writable ({_one_line(exc)})"
    return None


def record_heartbeat() -> None:
    """Called by each reminder sweep: the worker and beat are alive."""
    cache.set(HEARTBEAT_KEY, time.time(), timeout=None)


def check_worker() -> str | None:
    interval = float(getattr(settings, "REMINDER_SWEEP_SECONDS", 10))
    try:
        last = cache.get(HEARTBEAT_KEY)
    except Exception as exc:  # noqa: BLE001
        return _one_line(exc)
    if last is None:
        return "no reminder sweep has run yet"
    age = time.time() - float(last)
    if age > 3 * interval:
        return f"the last reminder sweep ran {age:.0f} s ago (every {interval:g} s expected)"
    return None


def _one_line(exc: Exception) -> str:
    return " ".join(f"{type(exc).__name__}: {exc}".split())


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    checks: list[tuple[str, Callable[[], str | None]]] = [
        ("database", check_database),
        ("broker", check_broker),
        ("cache", check_cache),
        ("media", check_media),
    ]
    if request.GET.get("deep") == "1":
        checks.append(("worker", check_worker))
    problems = {name: error for name, check in checks if (error := check())}
    body: dict[str, object] = {name: "down" if name in problems else "ok" for name, _check in checks}
    if problems:
        body["problems"] = problems
    return JsonResponse(body, status=503 if problems else 200)
