"""Exhibitor accounts: invitations (one-time, expiring), team admins, removal, switching between
exhibitors, password reset, and login throttling."""

from __future__ import annotations

import re

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from exhibitors import services
from exhibitors.current import SESSION_KEY
from exhibitors.models import ExhibitorMembership
from tests.factories import DEFAULT_PASSWORD, ExhibitorMembershipFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]
User = get_user_model()
NEW_PASSWORD = "booth-window-river-42"


def invitation_path(message) -> str:
    match = re.search(r"https?://[^/\s]+(/accounts/invitation/[^\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def invite(client, exhibitor, email, **extra):
    return client.post(f"/exhibitors/{exhibitor.pk}/team/", {"email": email, **extra})


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """``with commit():`` runs the on-commit callbacks (the e-mails) of what happens inside."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_office_invites_new_person_who_sets_password_once(client, office_user, exhibitor_a, commit):
    client.force_login(office_user)
    with commit():
        response = invite(client, exhibitor_a, "Ana@Example.org", full_name="Ana Lee")
    assert response.status_code == 302
    user = User.objects.get(email="ana@example.org")
    assert (user.username, user.first_name, user.last_name, user.has_usable_password()) == (
        "ana@example.org",
        "Ana",
        "Lee",
        False,
    )
    assert ExhibitorMembership.objects.filter(exhibitor=exhibitor_a, user=user, is_admin=False).exists()
    assert mail.outbox[-1].to == ["ana@example.org"]
    path = invitation_path(mail.outbox[-1])

    client.logout()
    assert client.get(path).status_code == 200
    response = client.post(path, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/exhibitor/"
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    # Signed in straight away and lands on the booth profile.
    assert client.get("/exhibitor/")["Location"] == f"/exhibitors/{exhibitor_a.pk}/profile/"
    # The link is spent.
    client.logout()
    assert client.get(path).status_code == 410
    response = client.post(path, {"new_password1": "another-pass-77", "new_password2": "another-pass-77"})
    assert response.status_code == 410
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_invitation_expires_after_seven_days(client, exhibitor_a, office_user):
    membership = services.exhibitor_invite(exhibitor=exhibitor_a, actor=office_user, email="late@example.org")
    token = services.invitation_token(user=membership.user)
    with time_machine.travel(timezone.now() + timezone.timedelta(days=7, minutes=1)):
        assert client.get(f"/accounts/invitation/{token}/").status_code == 410
    with time_machine.travel(timezone.now() + timezone.timedelta(days=6, hours=23)):
        assert client.get(f"/accounts/invitation/{token}/").status_code == 200


def test_invitation_forged_token_is_refused(client, exhibitor_user_a):
    assert client.get("/accounts/invitation/not-a-token/").status_code == 410
    # A token for an existing user with a password is dead too (its fingerprint is of no password).
    forged = services.invitation_token(user=exhibitor_user_a)
    exhibitor_user_a.set_password("changed-pass-123")
    exhibitor_user_a.save()
    assert client.get(f"/accounts/invitation/{forged}/").status_code == 410


def test_invitation_weak_password_is_refused_with_message(client, exhibitor_a, office_user):
    membership = services.exhibitor_invite(exhibitor=exhibitor_a, actor=office_user, email="weak@example.org")
    path = f"/accounts/invitation/{services.invitation_token(user=membership.user)}/"
    response = client.post(path, {"new_password1": "12345678", "new_password2": "12345678"})
    assert response.status_code == 400
    assert "This password is entirely numeric." in response.content.decode()
    membership.user.refresh_from_db()
    assert membership.user.has_usable_password() is False


def test_exhibitor_admin_invites_colleague(client, exhibitor_user_a, exhibitor_a, commit):
    client.force_login(exhibitor_user_a)
    with commit():
        assert invite(client, exhibitor_a, "colleague@example.org", is_admin="on").status_code == 302
    membership = ExhibitorMembership.objects.get(user__email="colleague@example.org")
    assert (membership.exhibitor, membership.is_admin) == (exhibitor_a, True)
    assert "Care Tech" in mail.outbox[-1].subject


def test_exhibitor_non_admin_cannot_invite(client, exhibitor_a):
    member = UserFactory(username="member")
    ExhibitorMembershipFactory(exhibitor=exhibitor_a, user=member, is_admin=False)
    client.force_login(member)
    page = client.get(f"/exhibitors/{exhibitor_a.pk}/team/")
    assert page.status_code == 200
    assert "Invite a colleague" not in page.content.decode()
    assert invite(client, exhibitor_a, "x@example.org").status_code == 403
    assert not User.objects.filter(email="x@example.org").exists()


def test_exhibitor_admin_cannot_invite_into_other_exhibitor(client, exhibitor_user_a, exhibitor_b):
    client.force_login(exhibitor_user_a)
    assert invite(client, exhibitor_b, "sneaky@example.org").status_code == 404
    assert not User.objects.filter(email="sneaky@example.org").exists()


def test_invite_existing_account_offers_to_join_without_adding(
    client, office_user, exhibitor_user_a, exhibitor_b, commit
):
    client.force_login(office_user)
    before = set(exhibitor_user_a.exhibitor_memberships.values_list("exhibitor", flat=True))
    with commit():
        assert invite(client, exhibitor_b, exhibitor_user_a.email).status_code == 302
    # Nothing changes until the person accepts, signed in as themselves.
    assert set(exhibitor_user_a.exhibitor_memberships.values_list("exhibitor", flat=True)) == before
    assert "/accounts/invitation/" not in mail.outbox[-1].body
    assert "/accounts/team-invitation/" in mail.outbox[-1].body
    assert "Bin Works" in mail.outbox[-1].subject


def test_invite_existing_member_is_refused(client, exhibitor_user_a, exhibitor_a):
    client.force_login(exhibitor_user_a)
    response = invite(client, exhibitor_a, exhibitor_user_a.email)
    assert response.status_code == 400
    assert "already on the team" in response.content.decode()


def test_invite_pending_member_again_sends_fresh_link(client, office_user, exhibitor_a, commit):
    client.force_login(office_user)
    with commit():
        invite(client, exhibitor_a, "pending@example.org")
    with commit():
        assert invite(client, exhibitor_a, "pending@example.org").status_code == 302
    assert [m.to for m in mail.outbox] == [["pending@example.org"], ["pending@example.org"]]
    assert "/accounts/invitation/" in mail.outbox[1].body


def test_invite_bad_email_shows_error(client, office_user, exhibitor_a):
    client.force_login(office_user)
    response = invite(client, exhibitor_a, "not an address")
    assert response.status_code == 400
    assert "Enter a valid email address." in response.content.decode()


def test_admin_removes_colleague_who_is_then_deactivated(client, exhibitor_user_a, exhibitor_a):
    colleague = UserFactory(username="leaving")
    membership = ExhibitorMembershipFactory(exhibitor=exhibitor_a, user=colleague)
    client.force_login(exhibitor_user_a)
    confirm = client.get(f"/exhibitors/{exhibitor_a.pk}/team/{membership.pk}/remove/")
    assert confirm.status_code == 200
    assert "Remove from the team?" in confirm.content.decode()
    assert ExhibitorMembership.objects.filter(pk=membership.pk).exists()  # GET changes nothing
    response = client.post(f"/exhibitors/{exhibitor_a.pk}/team/{membership.pk}/remove/")
    assert response.status_code == 302
    assert not ExhibitorMembership.objects.filter(pk=membership.pk).exists()
    colleague.refresh_from_db()
    assert colleague.is_active is False


def test_removed_colleague_with_other_exhibitor_stays_active(exhibitor_user_a, exhibitor_a, exhibitor_b):
    colleague = UserFactory(username="two-hats")
    membership = ExhibitorMembershipFactory(exhibitor=exhibitor_a, user=colleague)
    ExhibitorMembershipFactory(exhibitor=exhibitor_b, user=colleague)
    services.membership_remove(membership=membership, actor=exhibitor_user_a)
    colleague.refresh_from_db()
    assert colleague.is_active is True


def test_last_admin_cannot_be_removed(client, exhibitor_user_a, exhibitor_a):
    membership = ExhibitorMembership.objects.get(user=exhibitor_user_a, exhibitor=exhibitor_a)
    client.force_login(exhibitor_user_a)
    response = client.post(f"/exhibitors/{exhibitor_a.pk}/team/{membership.pk}/remove/", follow=True)
    assert "The team needs at least one admin" in response.content.decode()
    assert ExhibitorMembership.objects.filter(pk=membership.pk).exists()


def test_admin_cannot_remove_member_of_other_exhibitor(client, exhibitor_user_a, exhibitor_user_b, exhibitor_b):
    membership = ExhibitorMembership.objects.get(user=exhibitor_user_b)
    client.force_login(exhibitor_user_a)
    assert client.post(f"/exhibitors/{exhibitor_b.pk}/team/{membership.pk}/remove/").status_code == 404
    # Nor through A's URL with B's membership id.
    exhibitor_a_id = exhibitor_user_a.exhibitor_memberships.get().exhibitor_id
    assert client.post(f"/exhibitors/{exhibitor_a_id}/team/{membership.pk}/remove/").status_code == 404
    assert ExhibitorMembership.objects.filter(pk=membership.pk).exists()


def test_user_of_two_exhibitors_switches_between_them(client, exhibitor_user_a, exhibitor_a, exhibitor_b):
    ExhibitorMembershipFactory(exhibitor=exhibitor_b, user=exhibitor_user_a)
    client.force_login(exhibitor_user_a)
    first = client.get("/exhibitor/")["Location"]
    assert first == f"/exhibitors/{exhibitor_b.pk}/profile/"  # "Bin Works" sorts first
    page = client.get(first)
    assert 'name="exhibitor"' in page.content.decode()  # the switcher is shown
    response = client.post(
        "/exhibitor/switch/", {"exhibitor": exhibitor_a.pk, "next": f"/exhibitors/{exhibitor_b.pk}/team/"}
    )
    assert response["Location"] == f"/exhibitors/{exhibitor_a.pk}/team/"
    assert client.get("/exhibitor/")["Location"] == f"/exhibitors/{exhibitor_a.pk}/profile/"
    assert client.get("/exhibitor/team/")["Location"] == f"/exhibitors/{exhibitor_a.pk}/team/"


def test_switch_to_exhibitor_user_is_not_member_of_is_404(client, exhibitor_user_a, exhibitor_b):
    client.force_login(exhibitor_user_a)
    assert client.post("/exhibitor/switch/", {"exhibitor": exhibitor_b.pk}).status_code == 404
    assert client.post("/exhibitor/switch/", {"exhibitor": "x"}).status_code == 404


def test_session_current_exhibitor_is_revalidated_after_removal(client, exhibitor_user_a, exhibitor_a, exhibitor_b):
    membership_b = ExhibitorMembershipFactory(exhibitor=exhibitor_b, user=exhibitor_user_a)
    client.force_login(exhibitor_user_a)
    client.post("/exhibitor/switch/", {"exhibitor": exhibitor_b.pk})
    assert client.session[SESSION_KEY] == exhibitor_b.pk
    membership_b.delete()
    assert client.get("/exhibitor/")["Location"] == f"/exhibitors/{exhibitor_a.pk}/profile/"
    assert client.get(f"/exhibitors/{exhibitor_b.pk}/profile/").status_code == 404


def test_switch_ignores_foreign_next_url(client, exhibitor_user_a, exhibitor_a):
    client.force_login(exhibitor_user_a)
    response = client.post("/exhibitor/switch/", {"exhibitor": exhibitor_a.pk, "next": "https://evil.example/"})
    assert response["Location"] == f"/exhibitors/{exhibitor_a.pk}/profile/"


def test_password_reset_flow_sets_new_password(client, exhibitor_user_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/password_reset/", {"email": exhibitor_user_a.email})
    assert response.status_code == 302
    assert mail.outbox[-1].subject == "Reset your Expo Portal password"
    link = re.search(r"https?://[^/\s]+(/accounts/reset/[^\s]+/)", mail.outbox[-1].body).group(1)
    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    response = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    exhibitor_user_a.refresh_from_db()
    assert exhibitor_user_a.check_password(NEW_PASSWORD)
    # Used once: the same link is now invalid.
    assert "This link does not work any more" in client.get(link, follow=True).content.decode()


def test_password_reset_pages_render(client):
    for url in ("/accounts/password_reset/", "/accounts/password_reset/done/", "/accounts/reset/done/"):
        assert client.get(url).status_code == 200


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_login_is_locked_after_repeated_failures(client, exhibitor_user_a):
    for _ in range(2):
        response = client.post("/accounts/login/", {"username": "exhibitor-a", "password": "wrong"})
        assert response.status_code == 200
    response = client.post("/accounts/login/", {"username": "exhibitor-a", "password": "wrong"})
    assert response.status_code == 429
    assert "Too many sign-in attempts" in response.content.decode()
    # Even the right password is refused while locked.
    response = client.post("/accounts/login/", {"username": "exhibitor-a", "password": DEFAULT_PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_login_lock_is_per_user_name(client, exhibitor_user_a, exhibitor_user_b):
    for _ in range(3):
        client.post("/accounts/login/", {"username": "exhibitor-a", "password": "wrong"})
    response = client.post("/accounts/login/", {"username": "exhibitor-b", "password": DEFAULT_PASSWORD})
    assert response.status_code == 302


def test_exhibitor_user_lands_on_booth_profile_after_login(client, exhibitor_user_a, exhibitor_a):
    response = client.post("/accounts/login/", {"username": "exhibitor-a", "password": DEFAULT_PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == f"/exhibitors/{exhibitor_a.pk}/profile/"
    assert response.status_code == 200
