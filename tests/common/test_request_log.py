"""One log line per request, with its id and who asked; refusals log no traceback; JSON on request."""

from __future__ import annotations

import json
import logging

import pytest

from common.request_log import JsonFormatter
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def request_records(caplog):
    return [r for r in caplog.records if r.name == "portal.request"]


def test_each_request_logs_one_line_with_status_id_and_user(client, caplog):
    user = UserFactory()
    client.force_login(user)
    with caplog.at_level(logging.INFO):
        response = client.get("/contacts/", HTTP_X_REQUEST_ID="trace-0001-abcd")
    [record] = request_records(caplog)
    assert response["X-Request-ID"] == "trace-0001-abcd"
    assert record.levelno == logging.INFO
    assert (record.method, record.path, record.status) == ("GET", "/contacts/", 403)
    assert record.request_id == "trace-0001-abcd"
    assert record.who == f"user:{user.pk}"
    assert user.email not in record.getMessage()


def test_a_hostile_request_id_is_replaced(client, caplog):
    with caplog.at_level(logging.INFO):
        response = client.get("/healthz", HTTP_X_REQUEST_ID="x\r\nSet-Cookie: a=b")
    [record] = request_records(caplog)
    assert len(response["X-Request-ID"]) == 32 and response["X-Request-ID"] == record.request_id
    assert record.who == "anonymous"


def test_refusals_log_no_traceback(client, caplog):
    client.force_login(UserFactory())
    with caplog.at_level(logging.INFO):
        assert client.get("/delegation/").status_code == 403
        assert client.get("/no-such-page/").status_code == 404
    assert [r.status for r in request_records(caplog)] == [403, 404]
    assert not [r for r in caplog.records if r.exc_info]
    assert not [r for r in caplog.records if r.name.startswith("django.")]


def test_json_formatter_writes_one_object_per_record():
    record = logging.makeLogRecord(
        {"name": "portal.request", "levelno": logging.INFO, "levelname": "INFO", "msg": "GET / %s", "args": (200,)}
    )
    record.request_id = "abc"
    line = JsonFormatter().format(record)
    assert "\n" not in line
    body = json.loads(line)
    assert body["message"] == "GET / 200" and body["request_id"] == "abc" and body["level"] == "INFO"
