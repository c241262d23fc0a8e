"""Who may reach which lead and office page / endpoint: every role against every URL of this area.

Roles: anonymous, a plain signed-in user, an exhibitor user of A, of B, office staff, an API
key with ``exhibitors:read`` and one without it. A's leads are private to A and the office;
B gets 404, never 403, for anything of A.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from exhibitors.models import Lead
from tests.factories import LeadFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Users are made per test; the real (slow) hasher is not what these tests are about."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


ROLES = ["anonymous", "plain", "exhibitor_a", "exhibitor_b", "office", "key_read", "key_other"]


@pytest.fixture
def lead_a(exhibitor_a):
    return LeadFactory(exhibitor=exhibitor_a, full_name="Private Visitor Of A", email="a-visitor@example.org")


@pytest.fixture
def shared_lead_a(exhibitor_a):
    return LeadFactory(exhibitor=exhibitor_a, full_name="Shared Visitor Of A", shared_with_office=True)


@pytest.fixture
def as_role(request, plain_user, exhibitor_user_a, exhibitor_user_b, office_user, key_client):
    """``as_role(name)`` → a client acting as that role (Django test client for pages, APIClient for the API)."""

    def make(role: str) -> APIClient:
        if role == "key_read":
            return key_client("exhibitors:read")
        if role == "key_other":
            return key_client("contacts:read")
        client = APIClient()
        users = {
            "plain": plain_user,
            "exhibitor_a": exhibitor_user_a,
            "exhibitor_b": exhibitor_user_b,
            "office": office_user,
        }
        if role in users:
            client.force_login(users[role])
        return client

    return make


LOGIN = "login"
PAGE_EXPECTED = {
    # url name: {role: status}; "login" = redirect to the sign-in page
    "lead-list": {"anonymous": LOGIN, "plain": 403, "exhibitor_a": 200, "exhibitor_b": 200, "office": 200},
    "lead-create": {"anonymous": LOGIN, "plain": 403, "exhibitor_a": 200, "exhibitor_b": 200, "office": 200},
    "lead-export": {"anonymous": LOGIN, "plain": 403, "exhibitor_a": 200, "exhibitor_b": 200, "office": 200},
    "lead-edit": {"anonymous": LOGIN, "plain": 404, "exhibitor_a": 200, "exhibitor_b": 404, "office": 200},
    "lead-delete": {"anonymous": LOGIN, "plain": 404, "exhibitor_a": 200, "exhibitor_b": 404, "office": 200},
    "pavilion-review": {"anonymous": LOGIN, "plain": 403, "exhibitor_a": 403, "exhibitor_b": 403, "office": 200},
    "pavilion-brochure": {"anonymous": LOGIN, "plain": 403, "exhibitor_a": 403, "exhibitor_b": 403, "office": 200},
}
# API keys do not sign in to pages: they are anonymous there.
for _expected in PAGE_EXPECTED.values():
    _expected["key_read"] = _expected["key_other"] = LOGIN


def _page_url(name: str, lead: Lead) -> str:
    return reverse(name, args=[lead.pk]) if name in {"lead-edit", "lead-delete"} else reverse(name)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(PAGE_EXPECTED))
def test_page_access_matrix(as_role, lead_a, exhibitor_user_b, name, role):
    response = as_role(role).get(_page_url(name, lead_a))
    expected = PAGE_EXPECTED[name][role]
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == expected


def test_every_url_of_this_area_is_in_the_matrix():
    from exhibitors import urls

    names = {
        p.name
        for p in urls.urlpatterns
        if p.name and (p.name.startswith("lead-") or p.name in {"pavilion-review", "pavilion-brochure"})
    }
    assert names == set(PAGE_EXPECTED)


@pytest.mark.parametrize("role", ["exhibitor_b", "plain"])
def test_lead_pages_post_by_outsider_change_nothing(as_role, lead_a, exhibitor_user_b, role):
    client = as_role(role)
    assert client.post(reverse("lead-edit", args=[lead_a.pk]), {"full_name": "Hijacked"}).status_code == 404
    assert client.post(reverse("lead-delete", args=[lead_a.pk])).status_code == 404
    lead_a.refresh_from_db()
    assert lead_a.full_name == "Private Visitor Of A"


def test_lead_export_of_b_never_contains_a(as_role, lead_a, exhibitor_user_b):
    response = as_role("exhibitor_b").get(reverse("lead-export"))
    assert "Private Visitor Of A" not in response.content.decode("utf-8-sig")


def test_lead_list_filter_on_other_exhibitor_is_404(as_role, lead_a, exhibitor_a, exhibitor_user_b):
    response = as_role("exhibitor_b").get(reverse("lead-list"), {"exhibitor": exhibitor_a.pk})
    assert response.status_code == 404


# --- API ---------------------------------------------------------------------------------------

API_LIST = "/api/v1/leads/"

API_READ_LIST = {
    "anonymous": 401,
    "plain": 403,
    "exhibitor_a": 200,
    "exhibitor_b": 200,
    "office": 200,
    "key_read": 200,
    "key_other": 403,
}
API_READ_PRIVATE_DETAIL = {**API_READ_LIST, "exhibitor_b": 404, "key_read": 404}
API_READ_SHARED_DETAIL = {**API_READ_LIST, "exhibitor_b": 404}
API_PATCH = {**API_READ_PRIVATE_DETAIL, "key_read": 403}
API_DELETE = {**API_PATCH, "exhibitor_a": 204, "office": 204}


def _status(expected: int, response) -> None:
    if expected == 401:
        assert response.status_code in (401, 403)  # no credentials: DRF answers 401 when it can name a scheme
        return
    assert response.status_code == expected, response.content


@pytest.mark.parametrize("role", ROLES)
def test_api_list_matrix(as_role, lead_a, shared_lead_a, exhibitor_user_b, role):
    response = as_role(role).get(API_LIST)
    _status(API_READ_LIST[role], response)
    if response.status_code == 200:
        names = {row["full_name"] for row in response.json()["results"]}
        expected = {
            "exhibitor_a": {"Private Visitor Of A", "Shared Visitor Of A"},
            "exhibitor_b": set(),
            "office": {"Private Visitor Of A", "Shared Visitor Of A"},
            "key_read": {"Shared Visitor Of A"},
        }[role]
        assert names == expected


@pytest.mark.parametrize("role", ROLES)
def test_api_private_detail_matrix(as_role, lead_a, exhibitor_user_b, role):
    _status(API_READ_PRIVATE_DETAIL[role], as_role(role).get(f"{API_LIST}{lead_a.pk}/"))


@pytest.mark.parametrize("role", ROLES)
def test_api_shared_detail_matrix(as_role, shared_lead_a, exhibitor_user_b, role):
    _status(API_READ_SHARED_DETAIL[role], as_role(role).get(f"{API_LIST}{shared_lead_a.pk}/"))


@pytest.mark.parametrize("role", ROLES)
def test_api_patch_matrix(as_role, lead_a, exhibitor_user_b, role):
    response = as_role(role).patch(f"{API_LIST}{lead_a.pk}/", {"interest": "Changed"}, format="json")
    _status(API_PATCH[role], response)
    lead_a.refresh_from_db()
    assert lead_a.interest == ("Changed" if response.status_code == 200 else "")


@pytest.mark.parametrize("role", ROLES)
def test_api_delete_matrix(as_role, lead_a, exhibitor_user_b, role):
    response = as_role(role).delete(f"{API_LIST}{lead_a.pk}/")
    _status(API_DELETE[role], response)
    assert Lead.objects.filter(pk=lead_a.pk).exists() == (response.status_code != 204)


API_CREATE = {
    "anonymous": 401,
    "plain": 403,
    "exhibitor_a": 201,
    "exhibitor_b": 400,  # names exhibitor A, which B cannot see: "No such exhibitor."
    "office": 201,
    "key_read": 403,
    "key_other": 403,
}


@pytest.mark.parametrize("role", ROLES)
def test_api_create_matrix(as_role, exhibitor_a, exhibitor_user_a, exhibitor_user_b, role):
    response = as_role(role).post(API_LIST, {"exhibitor": exhibitor_a.pk, "full_name": "API Visitor"}, format="json")
    _status(API_CREATE[role], response)
    assert Lead.objects.filter(full_name="API Visitor").count() == (1 if response.status_code == 201 else 0)


API_MATCH = {
    "anonymous": 401,
    "plain": 403,
    "exhibitor_a": 200,
    "exhibitor_b": 200,
    "office": 200,
    "key_read": 403,
    "key_other": 403,
}


@pytest.mark.parametrize("role", ROLES)
def test_api_match_matrix(as_role, exhibitor_user_a, exhibitor_user_b, role):
    _status(API_MATCH[role], as_role(role).get(f"{API_LIST}match/", {"email": "x@example.org"}))
