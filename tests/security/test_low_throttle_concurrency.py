"""Finding Low: under concurrency the throttle lets exactly its limit through (atomic counters)."""

from __future__ import annotations

import threading
from types import SimpleNamespace

import pytest
from django.db import connection

from common.models import ApiKey, RateCounter
from common.throttling import ApiKeyRateThrottle, count_hit
from tests.common.test_throttling import throttle_rate

THREADS = 16
PER_THREAD = 25
LIMIT = 120


def hammer(call) -> list[bool]:
    results: list[bool] = []
    lock = threading.Lock()
    start = threading.Barrier(THREADS)

    def worker() -> None:
        try:
            start.wait()
            mine = [call() for _ in range(PER_THREAD)]
            with lock:
                results.extend(mine)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.mark.django_db(transaction=True)
def test_low_throttle_lets_exactly_the_limit_through_under_16_threads():
    key, _raw = ApiKey.objects.create_key(name="busy", scopes=["contacts:read"])
    request = SimpleNamespace(auth=key)
    with throttle_rate(f"{LIMIT}/min"):
        results = hammer(lambda: ApiKeyRateThrottle().allow_request(request, None))
    assert len(results) == THREADS * PER_THREAD
    assert results.count(True) == LIMIT
    assert RateCounter.objects.get().count == THREADS * PER_THREAD


@pytest.mark.django_db(transaction=True)
def test_low_counter_starts_a_new_window_when_the_old_one_ended():
    assert count_hit("k", window_seconds=60).count == 1
    assert count_hit("k", window_seconds=60).count == 2
    RateCounter.objects.filter(key="k").update(window_ends_at="2000-01-01T00:00Z")
    hit = count_hit("k", window_seconds=60)
    assert hit.count == 1
    assert 59 <= hit.seconds_left <= 60
