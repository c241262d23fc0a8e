"""Writes are done for a signed-in user or an API client; an anonymous request may not write."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory

from common.actors import actor_of, user_of
from common.api_keys.authentication import ApiClient
from common.api_keys.services import api_key_create

pytestmark = pytest.mark.django_db


def _request(user):
    request = RequestFactory().post("/")
    request.user = user
    return request


def test_signed_in_user_is_the_actor(office_user):
    request = _request(office_user)
    assert actor_of(request) == office_user
    assert user_of(request) == office_user


def test_api_client_is_an_actor_but_not_a_user():
    key, _raw = api_key_create(name="crm", scopes=["contacts:write"])
    client = ApiClient(key=key)
    request = _request(client)
    assert actor_of(request) is client
    with pytest.raises(PermissionDenied):
        user_of(request)


def test_anonymous_request_may_not_write():
    request = _request(AnonymousUser())
    with pytest.raises(PermissionDenied):
        actor_of(request)
    with pytest.raises(PermissionDenied):
        user_of(request)
