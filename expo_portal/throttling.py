"""Per-key request throttling (429 with Retry-After); counters live in the shared cache."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rest_framework.throttling import SimpleRateThrottle

from expo_portal.models import ApiKey

if TYPE_CHECKING:
    from rest_framework.request import Request
    from rest_framework.views import APIView


class ApiKeyRateThrottle(SimpleRateThrottle):
    scope = "api_key"

    def get_cache_key(self, request: Request, view: APIView) -> str | None:
        if not isinstance(request.auth, ApiKey):
            return None  # browser sessions are not throttled here
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}
