"""Request throttling (429 with Retry-After) over one atomic fixed-window counter shared by all processes.

Every request made with an API key is counted against the key (not the client's address), so N
gunicorn processes enforce one limit. The rate comes from ``API_KEY_THROTTLE_RATE``
(``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["api_key"]``, e.g. ``1200/min``). A refused request
answers 429 with ``Retry-After`` (whole seconds until the key may call again). The failed-login
limit counts with the same ``count_hit``.

- Redis: one pipelined round trip (``SET NX EX`` + ``INCR`` + ``TTL``).
- Otherwise (the database cache of the embedded default): one ``INSERT … ON CONFLICT DO UPDATE SET
  count = count + 1 … RETURNING`` on ``common.RateCounter``. A read-modify-write of a cached list
  (DRF's own throttle) loses increments under concurrency and let far more through than the
  limit. The statement commits with ``synchronous_commit`` off: a counter lost in a crash costs
  nothing, waiting for the disk on every request would cost more than the request itself.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.core.cache.backends.redis import RedisCache
from django.db import connections, router, transaction
from django.db.models.functions import Now
from rest_framework.throttling import SimpleRateThrottle

from common.models import ApiKey, RateCounter

if TYPE_CHECKING:
    from rest_framework.request import Request
    from rest_framework.views import APIView

_COUNT_SQL = """
INSERT INTO common_ratecounter AS counter (key, window_ends_at, count)
VALUES (%(key)s, clock_timestamp() + make_interval(secs => %(seconds)s), 1)
ON CONFLICT (key) DO UPDATE SET
    count = CASE WHEN counter.window_ends_at <= clock_timestamp() THEN 1 ELSE counter.count + 1 END,
    window_ends_at = CASE
        WHEN counter.window_ends_at <= clock_timestamp() THEN EXCLUDED.window_ends_at
        ELSE counter.window_ends_at
    END
RETURNING counter.count, CEIL(GREATEST(0, EXTRACT(EPOCH FROM counter.window_ends_at - clock_timestamp())))
"""
# Windows that ended a day ago are of no use; pruned whenever some key starts a new window.
_PRUNE_SQL = "DELETE FROM common_ratecounter WHERE window_ends_at < clock_timestamp() - interval '1 day'"


@dataclass(frozen=True)
class Hit:
    """The count of hits in the current window, this one included, and the seconds it still runs."""

    count: int
    seconds_left: int


def count_hit(key: str, *, window_seconds: int) -> Hit:
    """Count one hit on ``key`` in a fixed window of ``window_seconds``; atomic across processes."""
    backend = caches[DEFAULT_CACHE_ALIAS]
    if isinstance(backend, RedisCache):
        redis_key = backend.make_and_validate_key(key)
        # Django's Redis backend keeps its client private; a pipeline needs the client itself.
        client = backend._cache.get_client(redis_key, write=True)  # type: ignore[attr-defined]
        pipeline = client.pipeline()
        pipeline.set(redis_key, 0, ex=window_seconds, nx=True)
        pipeline.incr(redis_key)
        pipeline.ttl(redis_key)
        _created, count, ttl = pipeline.execute()
        return Hit(count=count, seconds_left=ttl if ttl and ttl > 0 else window_seconds)
    alias = router.db_for_write(RateCounter)
    with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
        cursor.execute("SET LOCAL synchronous_commit TO OFF")
        cursor.execute(_COUNT_SQL, {"key": key[:200], "seconds": window_seconds})
        count, seconds_left = cursor.fetchone()
        if count == 1:
            cursor.execute(_PRUNE_SQL)
    return Hit(count=count, seconds_left=int(seconds_left))


def current_count(key: str) -> int:
    """Hits counted on ``key`` in its current window (0 when none is running); counts nothing."""
    backend = caches[DEFAULT_CACHE_ALIAS]
    if isinstance(backend, RedisCache):
        value = backend.get(key)
        return int(value) if value is not None else 0
    running = RateCounter.objects.filter(key=key[:200], window_ends_at__gt=Now())
    return running.values_list("count", flat=True).first() or 0


class ApiKeyRateThrottle(SimpleRateThrottle):
    scope = "api_key"
    retry_after: float | None = None
    # Set by SimpleRateThrottle.__init__ from the rate ("1200/min" → 1200 requests, 60 seconds).
    num_requests: int
    duration: int

    def get_cache_key(self, request: Request, view: APIView) -> str | None:
        if not isinstance(request.auth, ApiKey):
            return None  # browser sessions are not throttled here
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}

    def allow_request(self, request: Request, view: APIView) -> bool:
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        hit = count_hit(self.key, window_seconds=self.duration)
        if hit.count <= self.num_requests:
            return True
        self.retry_after = hit.seconds_left or self.duration
        return False

    def wait(self) -> float | None:
        """Whole seconds (at least 1) until a request is allowed again: the Retry-After header."""
        remaining = self.retry_after if self.retry_after is not None else super().wait()
        if remaining is None:
            return None
        return max(1, math.ceil(remaining))


class KeyedRateThrottle(ApiKeyRateThrottle):
    """The same shared-cache counter for anything with an identity of its own (a personal link, a
    client address) on pages outside DRF: ``KeyedRateThrottle(scope=…, ident=…, rate="10/min")``."""

    def __init__(self, *, scope: str, ident: str, rate: str) -> None:
        # SimpleRateThrottle.__init__ reads the rate from DRF's settings by scope; this one is given.
        self.scope = scope
        self.ident = ident
        self.rate = rate
        self.num_requests, self.duration = self.parse_rate(rate)  # type: ignore[assignment]

    def get_cache_key(self, request: Request | None, view: APIView | None) -> str | None:
        return self.cache_format % {"scope": self.scope, "ident": self.ident}


def rate_limited(*, scope: str, ident: str, rate: str) -> int | None:
    """Count one request; None when it is allowed, else the whole seconds to wait (Retry-After)."""
    throttle = KeyedRateThrottle(scope=scope, ident=ident, rate=rate)
    if throttle.allow_request(None, None):  # type: ignore[arg-type]
        return None
    wait = throttle.wait()
    return int(wait) if wait is not None else throttle.duration
