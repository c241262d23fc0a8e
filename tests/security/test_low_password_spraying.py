"""Finding Low: password spraying (one password over many user names) is limited per address."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from common.models import RateCounter

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


@pytest.fixture
def limit(settings):
    settings.LOGIN_FAILURES_PER_ADDRESS_PER_HOUR = 5
    return 5


def spray(client, count: int, address: str = "203.0.113.7") -> list[int]:
    return [
        client.post(LOGIN, {"username": f"user{n}", "password": "Winter2026!"}, REMOTE_ADDR=address).status_code
        for n in range(count)
    ]


def test_low_spraying_many_user_names_from_one_address_is_refused(client, limit, office_user, password):
    spray(client, limit)
    assert RateCounter.objects.get(key="login-failures:203.0.113.7").count == limit
    # Over the limit even the right password for a real account is refused, with a message saying why.
    response = client.post(LOGIN, {"username": office_user.username, "password": password}, REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "Too many failed sign-ins from your network" in response.content.decode()


def test_low_other_addresses_still_sign_in(client, limit, office_user, password):
    spray(client, limit)
    response = client.post(LOGIN, {"username": office_user.username, "password": password}, REMOTE_ADDR="198.51.100.2")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(office_user.pk)


def test_low_below_the_limit_sign_in_works(client, limit, office_user, password):
    spray(client, limit - 1)
    response = client.post(LOGIN, {"username": office_user.username, "password": password}, REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 302


def test_low_admin_login_is_refused_over_the_limit_too(client, limit, superuser, password):
    spray(client, limit)
    response = client.post(
        "/admin/login/", {"username": superuser.username, "password": password}, REMOTE_ADDR="203.0.113.7"
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_low_default_limit_is_50_per_hour(settings):
    assert settings.LOGIN_FAILURES_PER_ADDRESS_PER_HOUR == 50
    assert get_user_model().objects.count() == 0
