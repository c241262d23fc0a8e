"""``/healthz``: 200 when the database and the broker answer, 503 otherwise."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

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
    from kombu import Connection

    try:
        with Connection(url, connect_timeout=BROKER_TIMEOUT_SECONDS) as conn:
            conn.ensure_connection(max_retries=1, timeout=BROKER_TIMEOUT_SECONDS)
    except Exception as exc:  # noqa: BLE001
        return _one_line(exc)
    return None


def _one_line(exc: Exception) -> str:
    return " ".join(f"{type(exc).__name__}: {exc}".split())


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    problems = {name: error for name, error in (("database", check_database()), ("broker", check_broker())) if error}
    body: dict[str, object] = {
        "database": "ok" if "database" not in problems else "down",
        "broker": "ok" if "broker" not in problems else "down",
    }
    if problems:
        body["problems"] = problems
    return JsonResponse(body, status=503 if problems else 200)
