"""``Authorization: Token <key>``: hashed, scoped, revocable API keys."""

from __future__ import annotations

from dataclasses import dataclass, field

import rules
from django.utils import timezone
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from common.models import ApiKey

# Refresh last_used_at at most this often per key, so a busy integration does not write on every request.
LAST_USED_RESOLUTION_SECONDS = 60


@dataclass
class ApiClient:
    """Stands in for ``request.user`` when a request is made with an API key."""

    key: ApiKey
    is_authenticated: bool = True
    is_active: bool = True
    is_staff: bool = False
    is_superuser: bool = False
    is_anonymous: bool = False
    pk: None = None
    id: None = None
    groups: list = field(default_factory=list)

    def __str__(self) -> str:
        return f"API key {self.key.name}"

    def has_perm(self, perm: str, obj: object = None) -> bool:
        # The portal's rules (common/rules.py) decide; only their scope predicates pass a key.
        return bool(rules.has_perm(perm, self, obj))

    def get_username(self) -> str:
        return f"api:{self.key.name}"


class ApiKeyAuthentication(authentication.BaseAuthentication):
    keyword = "Token"

    def authenticate(self, request: Request) -> tuple[ApiClient, ApiKey] | None:
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Invalid Authorization header: use 'Token <key>'.")
        try:
            raw = header[1].decode()
        except UnicodeError as exc:
            raise exceptions.AuthenticationFailed("Invalid API key.") from exc
        key = self._valid_key(raw)
        if key is None:
            raise exceptions.AuthenticationFailed("Invalid, expired or revoked API key.")
        now = timezone.now()
        if key.last_used_at is None or (now - key.last_used_at).total_seconds() > LAST_USED_RESOLUTION_SECONDS:
            ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
            key.last_used_at = now
        return ApiClient(key=key), key

    def authenticate_header(self, request: Request) -> str:
        return self.keyword

    @staticmethod
    def _valid_key(raw: str) -> ApiKey | None:
        prefix, _, _secret = raw.partition(".")
        if not prefix or not _secret:
            return None
        # Every API request passes here: a prepared-once raw lookup instead of building an ORM query.
        table = ApiKey._meta.db_table
        rows = list(ApiKey.objects.raw(f'SELECT * FROM "{table}" WHERE prefix = %s', [prefix]))  # noqa: S608
        if not rows:
            return None
        key = rows[0]
        if key.revoked or key.has_expired or not key.is_valid(raw):
            return None
        return key
