"""Per-key throttling: 429 with Retry-After, counted per key, with the database cache and Redis."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from django.core.cache import caches
from django.test import override_settings
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from tests.factories import ContactFactory

pytestmark = pytest.mark.django_db


@contextmanager
def throttle_rate(rate: str):
    from django.conf import settings

    rest = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"api_key": rate}}
    with override_settings(REST_FRAMEWORK=rest):
        api_settings.reload()
        SimpleRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
        try:
            yield
        finally:
            SimpleRateThrottle.THROTTLE_RATES = {}
    api_settings.reload()
    SimpleRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES


def _exercise(key_client):
    ContactFactory()
    first, second = key_client("contacts:read"), key_client("contacts:read")
    with throttle_rate("2/hour"):
        statuses = [first.get("/api/v1/contacts/").status_code for _ in range(3)]
        refused = first.get("/api/v1/contacts/1/")
        other = second.get("/api/v1/contacts/").status_code
    return statuses, refused, other


def test_database_cache_throttle_answers_429_with_retry_after(key_client):
    caches["default"].clear()
    statuses, refused, other = _exercise(key_client)
    assert statuses == [200, 200, 429]
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 3600
    assert refused.json() == {"detail": refused.json()["detail"], "code": "throttled"}
    assert other == 200


def test_redis_throttle_answers_429_with_retry_after(key_client, redis_server):
    cache_settings = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_server.url}
    }
    with override_settings(CACHES=cache_settings):
        caches["default"].clear()
        statuses, refused, other = _exercise(key_client)
        keys = caches["default"]._cache.get_client().keys("*throttle_api_key*")
    assert statuses == [200, 200, 429]
    assert refused.status_code == 429
    assert 3500 <= int(refused["Retry-After"]) <= 3600
    assert other == 200
    assert len(keys) == 2  # one counter per key


def test_browser_sessions_are_not_throttled(office_client):
    with throttle_rate("1/hour"):
        assert [office_client.get("/api/v1/contacts/").status_code for _ in range(3)] == [200, 200, 200]
