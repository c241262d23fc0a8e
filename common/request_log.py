"""One log line per request, and log records an operator can read (plain or JSON).

``RequestLogMiddleware`` gives every request an id (a client's sane ``X-Request-ID`` is kept,
otherwise a new one), answers with it in ``X-Request-ID`` and logs, at INFO on the logger
``portal.request``, one line: method, path, status, duration, who (user id, API key or
anonymous) and the request id. Refusals (4xx) are these lines only — no traceback; server errors
keep Django's own ERROR record with its traceback. ``LOG_FORMAT=json`` makes every record one
JSON object per line (``JsonFormatter``).
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse

logger = logging.getLogger("portal.request")

REQUEST_ID_HEADER = "X-Request-ID"
_SANE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def who(request: HttpRequest) -> str:
    """``user:<id>``, ``key:<prefix>`` or ``anonymous`` — never a name or an e-mail."""
    auth = getattr(request, "auth", None)
    prefix = getattr(auth, "prefix", None)
    if isinstance(prefix, str) and prefix:
        return f"key:{prefix}"
    user = getattr(request, "user", None)
    if user is not None and getattr(user, "is_authenticated", False) and getattr(user, "pk", None):
        return f"user:{user.pk}"
    return "anonymous"


class RequestLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        offered = request.headers.get(REQUEST_ID_HEADER, "")
        request_id = offered if _SANE_ID.match(offered) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        started = time.perf_counter()
        response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request_id
        caller = who(request)
        logger.info(
            "%s %s %s %.0fms %s",
            request.method,
            request.path,
            response.status_code,
            (time.perf_counter() - started) * 1000,
            caller,
            extra={
                "request_id": request_id,
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "who": caller,
            },
        )
        return response


_STANDARD = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time, level, logger, message, extra fields, traceback."""

    def format(self, record: logging.LogRecord) -> str:
        body: dict[str, Any] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name, value in record.__dict__.items():
            if name not in _STANDARD and not name.startswith("_"):
                body[name] = value if isinstance(value, str | int | float | bool | type(None)) else str(value)
        if record.exc_info:
            body["traceback"] = self.formatException(record.exc_info)
        return json.dumps(body, ensure_ascii=False)
