"""Exhibitor accounts: invitations, joining a team, leaving it.

An invitation never changes an existing account: a new address gets an account to set a password
for; an existing exhibitor account gets a signed link to join, accepted while signed in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pghistory
import rules
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db import transaction
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from common.rules import OFFICE
from exhibitors.models import Exhibitor, ExhibitorMembership
from exhibitors.services.mail import mail_after_commit

if TYPE_CHECKING:
    from common.actors import Actor


INVITATION_MAX_AGE = 7 * 24 * 3600  # seconds
INVITATION_SALT = "exhibitors.invitation"
TEAM_JOIN_SALT = "exhibitors.team-join"


# --- Accounts -------------------------------------------------------------------------------


def _password_fingerprint(user: User) -> str:
    return salted_hmac(INVITATION_SALT, f"{user.pk}:{user.password}").hexdigest()[:20]


def invitation_token(*, user: User) -> str:
    """A signed, expiring token that lets ``user`` set a password once (it dies with the password)."""
    return signing.dumps({"u": user.pk, "f": _password_fingerprint(user)}, salt=INVITATION_SALT, compress=True)


def invitation_user(*, token: str) -> User | None:
    """The user a still-valid invitation token belongs to, or None (expired, used, forged)."""
    try:
        payload = signing.loads(token, salt=INVITATION_SALT, max_age=INVITATION_MAX_AGE)
    except signing.BadSignature:
        return None
    user = User.objects.filter(pk=payload.get("u"), is_active=True).first()
    if user is None or not constant_time_compare(payload.get("f", ""), _password_fingerprint(user)):
        return None
    return user


@transaction.atomic
def invitation_accept(*, token: str, password: str) -> User:
    """Set the invited user's password; the token is spent (its fingerprint no longer matches).

    Raises ValidationError for an expired/used token or a weak password.
    """
    user = invitation_user(token=token)
    if user is None:
        raise ValidationError(_("This invitation link has expired or was already used. Ask for a new one."))
    user = User.objects.select_for_update().get(pk=user.pk)
    if invitation_user(token=token) is None:  # used concurrently
        raise ValidationError(_("This invitation link has expired or was already used. Ask for a new one."))
    validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    return user


@transaction.atomic
def exhibitor_invite(
    *, exhibitor: Exhibitor, actor: Actor, email: str, is_admin: bool = False, full_name: str = ""
) -> ExhibitorMembership | None:
    """Invite a person (by e-mail) to an exhibitor's team.

    An invitation never changes an existing account's state or rights:
    - a new address gets an account without a password and a membership, and an e-mail with a
      one-time link (valid 7 days) to set a password; a member who never set one gets a fresh link;
    - an existing account gets an e-mail with a link to join; the membership exists only once that
      person, signed in, accepts it (``team_join_accept``). Returns None in that case;
    - office, staff and superuser accounts, and deactivated ones, cannot be invited at all.
    Raises ValidationError for a bad address, a protected account or an active member.
    Side effects: one e-mail after commit.
    """
    email = (email or "").strip().lower()
    EmailValidator(message=_("Enter a valid e-mail address."))(email)
    with pghistory.context(user=actor.pk, action="exhibitor.invite"):
        user = User.objects.filter(email__iexact=email).order_by("id").first()
        if user is not None:
            if rules.has_perm(OFFICE, user) or user.is_staff or user.is_superuser:
                raise ValidationError(
                    {"email": _("This address belongs to a project-office account, which cannot join a team.")}
                )
            if not user.is_active:
                raise ValidationError({"email": _("This account is deactivated; ask the office.")})
        if user is None:
            username = email[:150]
            if User.objects.filter(username__iexact=username).exists():
                raise ValidationError({"email": _("An account with this user name exists already; ask the office.")})
            first, _sep, last = " ".join((full_name or "").split()).partition(" ")
            user = User(username=username, email=email, first_name=first[:150], last_name=last[:150])
            user.set_unusable_password()
            user.save()
            membership: ExhibitorMembership | None = ExhibitorMembership.objects.create(
                exhibitor=exhibitor, user=user, is_admin=is_admin
            )
        else:
            membership = ExhibitorMembership.objects.filter(exhibitor=exhibitor, user=user).first()
            if membership is not None and user.has_usable_password():
                raise ValidationError({"email": _("This person is already on the team.")})
    if membership is not None:
        template = "exhibitors/email/invitation"
        path = reverse("exhibitor-invitation", args=[invitation_token(user=user)])
    else:
        template = "exhibitors/email/team_join"
        path = reverse("exhibitor-team-join", args=[team_join_token(user=user, exhibitor=exhibitor, is_admin=is_admin)])
    mail_after_commit(
        recipients=[email],
        template=template,
        context={
            "exhibitor": exhibitor,
            "inviter": actor,
            "path": path,
            "user": user,
            "days": INVITATION_MAX_AGE // 86400,
        },
    )
    return membership


def team_join_token(*, user: User, exhibitor: Exhibitor, is_admin: bool) -> str:
    """A signed, expiring offer to ``user`` to join ``exhibitor``'s team (accepted signed in)."""
    return signing.dumps({"u": user.pk, "x": exhibitor.pk, "a": bool(is_admin)}, salt=TEAM_JOIN_SALT, compress=True)


def team_join_offer(*, token: str, user: User) -> tuple[Exhibitor, bool] | None:
    """The exhibitor and admin flag a still-valid join token offers to ``user``, or None.

    None for a forged or expired token, or a token addressed to another account.
    """
    try:
        payload = signing.loads(token, salt=TEAM_JOIN_SALT, max_age=INVITATION_MAX_AGE)
    except signing.BadSignature:
        return None
    if payload.get("u") != user.pk:
        return None
    exhibitor = Exhibitor.objects.filter(pk=payload.get("x")).first()
    if exhibitor is None:
        return None
    return exhibitor, bool(payload.get("a"))


@transaction.atomic
def team_join_accept(*, token: str, user: User) -> ExhibitorMembership:
    """The invited person, signed in, accepts a join offer: the membership is created.

    Raises ValidationError for an invalid token, or for an account that may not join a team
    (office, staff, superuser, deactivated), whatever changed since the invitation.
    """
    offer = team_join_offer(token=token, user=user)
    if offer is None:
        raise ValidationError(_("This invitation link does not work any more."))
    if not user.is_active or rules.has_perm(OFFICE, user) or user.is_staff or user.is_superuser:
        raise ValidationError(_("This account cannot join an exhibitor team."))
    exhibitor, is_admin = offer
    with pghistory.context(user=user.pk, action="exhibitor.join"):
        membership, _created = ExhibitorMembership.objects.get_or_create(
            exhibitor=exhibitor, user=user, defaults={"is_admin": is_admin}
        )
    return membership


@transaction.atomic
def membership_remove(*, membership: ExhibitorMembership, actor: Actor) -> None:
    """Take a person off an exhibitor's team.

    The last admin of a team cannot be removed. A person left without any exhibitor (and not
    office staff) is deactivated so the account cannot sign in any more.
    """
    with pghistory.context(user=actor.pk, action="exhibitor.remove_member"):
        membership = ExhibitorMembership.objects.select_for_update().select_related("user").get(pk=membership.pk)
        if membership.is_admin:
            admins = ExhibitorMembership.objects.filter(exhibitor_id=membership.exhibitor_id, is_admin=True)
            if admins.count() <= 1:
                raise ValidationError(_("The team needs at least one admin: make someone else admin first."))
        user = membership.user
        membership.delete()
        if (
            not user.exhibitor_memberships.exists()
            and not rules.has_perm(OFFICE, user)
            and not user.is_staff
            and user.pk != actor.pk
        ):
            user.is_active = False
            user.save(update_fields=["is_active"])
