"""Who lands where, and the admin is for the office only."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_office_lands_on_dashboard(client, office_user):
    client.force_login(office_user)
    response = client.get("/")
    assert response.status_code == 200
    assert response.templates[0].name.startswith("cockpit/")


def test_exhibitor_user_lands_on_booth_profile(client, exhibitor_user_a):
    client.force_login(exhibitor_user_a)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/exhibitor/"


def test_user_without_role_is_told_so(client, plain_user):
    client.force_login(plain_user)
    response = client.get("/")
    assert response.status_code == 403
    assert b"No access yet" in response.content


def test_login_page_is_served(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert b'name="username"' in response.content


def test_login_and_logout(client, office_user, password):
    response = client.post("/accounts/login/", {"username": "office", "password": password})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    client.post("/accounts/logout/")
    assert client.get("/").status_code == 302


@pytest.mark.parametrize(
    ("user_fixture", "status"),
    [("office_user", 200), ("superuser", 200), ("exhibitor_user_a", 302), ("plain_user", 302)],
)
def test_admin_is_for_office_only(client, request, user_fixture, status):
    user = request.getfixturevalue(user_fixture)
    user.is_staff = True  # even a staff flag does not open the admin without the office role
    user.save()
    client.force_login(user)
    response = client.get("/admin/delegations/contact/")
    assert response.status_code in ({200} if status == 200 else {302, 403})
