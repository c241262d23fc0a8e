from __future__ import annotations

import pytest
from django.test import override_settings

from common.health import check_broker


@pytest.mark.django_db
def test_healthz_ok_when_database_and_broker_answer(client, redis_server):
    with override_settings(CELERY_BROKER_URL=redis_server.url):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "ok"}


@pytest.mark.django_db
def test_healthz_reports_stopped_broker_as_503(client, redis_server):
    redis_server.stop()
    with override_settings(CELERY_BROKER_URL=redis_server.url):
        response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["database"] == "ok"
    assert body["broker"] == "down"
    assert "broker" in body["problems"]


def test_check_broker_names_the_failure_for_unreachable_redis(redis_server):
    url = redis_server.url
    redis_server.stop()
    problem = check_broker(url)
    assert problem is not None and "Error" in problem
