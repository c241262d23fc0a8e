from __future__ import annotations

import time

import pytest
from django.core.cache import cache
from django.test import override_settings

from common.health import HEARTBEAT_KEY, check_broker, record_heartbeat
from meetings.tasks import sweep_reminders

EVERYTHING = {"database": "ok", "broker": "ok", "cache": "ok", "media": "ok"}


@pytest.mark.django_db
def test_healthz_ok_when_everything_answers(client, redis_server):
    with override_settings(CELERY_BROKER_URL=redis_server.url):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == EVERYTHING


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


@pytest.mark.django_db
def test_healthz_reports_a_cache_that_does_not_answer(client, redis_server):
    url = redis_server.url
    redis_server.stop()
    caches = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}}
    with override_settings(CACHES=caches):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["cache"] == "down" and "cache" in response.json()["problems"]


@pytest.mark.django_db
def test_healthz_reports_a_media_store_it_cannot_write(client, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with override_settings(MEDIA_ROOT=str(blocker / "media")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["media"] == "down"
    assert "not writable" in response.json()["problems"]["media"]


@pytest.mark.django_db
def test_deep_healthz_needs_a_recent_sweep(client, settings):
    cache.delete(HEARTBEAT_KEY)
    response = client.get("/healthz?deep=1")
    assert response.status_code == 503
    assert response.json()["problems"]["worker"] == "no reminder sweep has run yet"

    sweep_reminders()  # what beat runs every REMINDER_SWEEP_SECONDS
    response = client.get("/healthz?deep=1")
    assert response.status_code == 200, response.json()
    assert response.json()["worker"] == "ok"

    cache.set(HEARTBEAT_KEY, time.time() - 3 * settings.REMINDER_SWEEP_SECONDS - 1, timeout=None)
    response = client.get("/healthz?deep=1")
    assert response.status_code == 503
    assert "the last reminder sweep ran" in response.json()["problems"]["worker"]
    # The plain check does not ask for the worker.
    assert "worker" not in client.get("/healthz").json()
    record_heartbeat()


def test_check_broker_names_the_failure_for_unreachable_redis(redis_server):
    url = redis_server.url
    redis_server.stop()
    problem = check_broker(url)
    assert problem is not None and "Error" in problem
