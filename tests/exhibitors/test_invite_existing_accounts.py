"""An invitation never changes an existing account's state or rights (finding H-1).

A team admin cannot re-activate a deactivated account, attach office, staff or superuser accounts,
or attach anybody without that person's acceptance while signed in as themselves.
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import ValidationError
from django.db.models import Model

from common.rules import OFFICE_GROUP
from exhibitors import services
from exhibitors.models import ExhibitorMembership
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]
User = get_user_model()


def invite(client, exhibitor, email, **extra):
    return client.post(f"/exhibitors/{exhibitor.pk}/team/", {"email": email, **extra})


def state(user: Model) -> tuple:
    user.refresh_from_db()
    return (
        user.is_active,
        user.is_staff,
        user.is_superuser,
        user.password,
        sorted(user.groups.values_list("name", flat=True)),
        sorted(ExhibitorMembership.objects.filter(user=user).values_list("exhibitor_id", flat=True)),
    )


def join_path(message) -> str:
    match = re.search(r"https?://[^/\s]+(/accounts/team-invitation/[^\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


@pytest.mark.parametrize(
    "account",
    [
        {"office": True, "is_active": False},
        {"office": True},
        {"is_staff": True},
        {"is_superuser": True, "is_staff": True},
        {"is_active": False},
    ],
    ids=["deactivated-office", "office", "staff", "superuser", "deactivated"],
)
def test_team_admin_invite_leaves_protected_account_unchanged(
    client, exhibitor_user_a, exhibitor_a, account, django_capture_on_commit_callbacks
):
    target = UserFactory(username="target", email="target@example.org", **account)
    before = state(target)
    client.force_login(exhibitor_user_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(client, exhibitor_a, "Target@Example.org", is_admin="on")
    assert response.status_code == 400
    assert state(target) == before
    assert mail.outbox == []


def test_deactivated_office_user_cannot_sign_in_after_invite(client, exhibitor_user_a, exhibitor_a):
    target = UserFactory(username="former-office", email="former@example.org", office=True, is_active=False)
    client.force_login(exhibitor_user_a)
    invite(client, exhibitor_a, "former@example.org")
    client.logout()
    assert client.login(username="former-office", password=DEFAULT_PASSWORD) is False
    assert client.get("/contacts/").status_code == 302  # to the sign-in page
    assert state(target)[0] is False


def test_existing_account_joins_only_after_accepting_signed_in(
    client, exhibitor_user_a, exhibitor_a, exhibitor_user_b, exhibitor_b, django_capture_on_commit_callbacks
):
    client.force_login(exhibitor_user_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(client, exhibitor_a, exhibitor_user_b.email)
    assert response.status_code == 302
    assert not ExhibitorMembership.objects.filter(exhibitor=exhibitor_a, user=exhibitor_user_b).exists()
    assert mail.outbox[-1].to == [exhibitor_user_b.email]
    path = join_path(mail.outbox[-1])

    # Somebody else holding the link gets nothing.
    assert client.get(path).status_code == 410
    assert client.post(path).status_code == 410
    assert not ExhibitorMembership.objects.filter(exhibitor=exhibitor_a, user=exhibitor_user_b).exists()

    client.force_login(exhibitor_user_b)
    page = client.get(path)
    assert page.status_code == 200
    assert exhibitor_a.name in page.content.decode()
    assert not ExhibitorMembership.objects.filter(exhibitor=exhibitor_a, user=exhibitor_user_b).exists()
    assert client.post(path).status_code == 302
    membership = ExhibitorMembership.objects.get(exhibitor=exhibitor_a, user=exhibitor_user_b)
    assert membership.is_admin is False


def test_join_refused_when_account_became_office_after_invitation(exhibitor_user_a, exhibitor_a):
    target = UserFactory(username="later-office", email="later@example.org")
    assert services.exhibitor_invite(exhibitor=exhibitor_a, actor=exhibitor_user_a, email=target.email) is None
    token = services.team_join_token(user=target, exhibitor=exhibitor_a, is_admin=True)
    target.groups.add(Group.objects.get_or_create(name=OFFICE_GROUP)[0])
    with pytest.raises(ValidationError):
        services.team_join_accept(token=token, user=target)
    assert not ExhibitorMembership.objects.filter(user=target).exists()


def test_forged_join_token_is_refused(client, exhibitor_user_b):
    client.force_login(exhibitor_user_b)
    assert client.get("/accounts/team-invitation/not-a-token/").status_code == 410
