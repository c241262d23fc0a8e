"""Who a write is done for: a signed-in user, or an integration holding an API key.

Services take ``actor: Actor``; pages and API views pass ``actor_of(request)``. History rows are
attributed to the user's id, or to the key's name for an API client.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied

from common.api_keys.authentication import ApiClient

if TYPE_CHECKING:
    from django.http import HttpRequest
    from rest_framework.request import Request

Actor: TypeAlias = User | ApiClient


def actor_of(request: HttpRequest | Request) -> Actor:
    """The user or API client behind ``request``; an anonymous request may not write (403).

    Every page and endpoint that writes is behind a gate that already turned anonymous visitors
    away, so this only makes that promise visible to the type checker."""
    user = request.user
    if isinstance(user, User | ApiClient):
        return user
    raise PermissionDenied


def user_of(request: HttpRequest | Request) -> User:
    """The signed-in user behind a page request; anyone else (anonymous, an API key) is refused (403)."""
    user = request.user
    if isinstance(user, User):
        return user
    raise PermissionDenied
