"""An address-wide limit on failed sign-ins, against password spraying.

django-axes locks one user name at one address after a few failures; a sprayer tries one password
on many user names and never reaches that. Here every failed sign-in from an address counts
against that address (``LOGIN_FAILURES_PER_ADDRESS_PER_HOUR``, default 50; 0 turns it off), in the
same atomic counter as the API throttle. While an address is over the limit every sign-in from it is
refused, right ones too, until its hour has passed: the sign-in page says so, and every other path
that authenticates (the admin's login) is refused by a backend placed before the password check.
"""

from __future__ import annotations

from typing import Any

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from common.throttling import count_hit, current_count

WINDOW_SECONDS = 3600


def _limit() -> int:
    return int(getattr(settings, "LOGIN_FAILURES_PER_ADDRESS_PER_HOUR", 50))


def _key(request: HttpRequest) -> str | None:
    address = get_client_ip_address(request)
    return f"login-failures:{address}" if address else None


def login_limit_reached(request: HttpRequest | None) -> bool:
    """Whether sign-ins from the request's address are refused for now."""
    if request is None or _limit() <= 0 or (key := _key(request)) is None:
        return False
    return current_count(key) >= _limit()


def count_login_failure(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    """``user_login_failed`` receiver: one more failure for the request's address."""
    if request is None or _limit() <= 0 or (key := _key(request)) is None:
        return
    count_hit(key, window_seconds=WINDOW_SECONDS)


class AddressLoginLimitBackend:
    """Before the password backends: refuses every sign-in from an address over the limit.

    It has no ``get_user`` (it never signs anyone in), so sessions and ``force_login`` name a
    backend that does.
    """

    def authenticate(self, request: HttpRequest | None, **credentials: Any) -> None:
        if login_limit_reached(request):
            raise PermissionDenied
        return None


class LimitedAuthenticationForm(AuthenticationForm):
    """The sign-in form, telling a person at an address over the limit why they cannot sign in."""

    address_limited = False

    def clean(self) -> dict[str, Any]:
        if login_limit_reached(self.request):
            self.address_limited = True
            raise ValidationError(
                _("Too many failed sign-ins from your network. Please try again in an hour."),
                code="address_limited",
            )
        return super().clean()
