"""Per-key request throttling (429 with Retry-After); counters live in the shared cache.

Every request made with an API key is counted against the key (not the client's address), in
the cache all web processes share (Redis in production, the database cache on one machine), so
N gunicorn processes enforce one limit. The rate comes from ``API_KEY_THROTTLE_RATE``
(``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["api_key"]``, e.g. ``1200/min``). A refused request
answers 429 with ``Retry-After`` (whole seconds until the key may call again).

- Redis: a fixed window counted with one pipelined round trip (``SET NX EX`` + ``INCR`` + ``TTL``).
- Database cache: DRF's sliding window, its update committed with ``synchronous_commit`` off —
  a throttle counter lost in a crash costs nothing, while waiting for the disk on every API
  request would cost more than the request itself.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.redis import RedisCache
from django.db import connections, router, transaction
from rest_framework.throttling import SimpleRateThrottle

from common.models import ApiKey

if TYPE_CHECKING:
    from rest_framework.request import Request
    from rest_framework.views import APIView


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
        backend = caches[DEFAULT_CACHE_ALIAS]
        if self.rate is None or not isinstance(backend, RedisCache):
            return super().allow_request(request, view)
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        redis_key = backend.make_and_validate_key(self.key)
        # Django's Redis backend keeps its client private; a pipeline needs the client itself.
        client = backend._cache.get_client(redis_key, write=True)  # type: ignore[attr-defined]
        pipeline = client.pipeline()
        pipeline.set(redis_key, 0, ex=self.duration, nx=True)
        pipeline.incr(redis_key)
        pipeline.ttl(redis_key)
        _created, count, ttl = pipeline.execute()
        if count <= self.num_requests:
            return True
        self.retry_after = ttl if ttl and ttl > 0 else self.duration
        return False

    def throttle_success(self) -> bool:
        self.history.insert(0, self.now)
        backend = caches[DEFAULT_CACHE_ALIAS]
        if isinstance(backend, DatabaseCache):
            alias = router.db_for_write(backend.cache_model_class)
            with transaction.atomic(using=alias):
                with connections[alias].cursor() as cursor:
                    cursor.execute("SET LOCAL synchronous_commit TO OFF")
                self.cache.set(self.key, self.history, self.duration)
        else:
            self.cache.set(self.key, self.history, self.duration)
        return True

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
