"""Team pages: who acts for an exhibitor, invitations by e-mail, removal; accepting an invitation.

Team admins of the exhibitor and the office invite and remove; other members only look.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from common.actors import actor_of, user_of
from exhibitors import services
from exhibitors.forms import InviteForm
from exhibitors.models import ExhibitorMembership
from exhibitors.views.profile import exhibitor_or_404

LOGIN_BACKEND = "common.auth_backends.PortalModelBackend"


@login_required
@require_http_methods(["GET", "POST"])
def team(request: HttpRequest, exhibitor_id: int) -> HttpResponse:
    exhibitor = exhibitor_or_404(request, exhibitor_id)
    can_manage = request.user.has_perm("exhibitors.manage_team", exhibitor)
    form = InviteForm(request.POST or None)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied(_("Only team admins invite colleagues."))
        if form.is_valid():
            try:
                membership = services.exhibitor_invite(
                    exhibitor=exhibitor,
                    actor=actor_of(request),
                    email=form.cleaned_data["email"],
                    full_name=form.cleaned_data["full_name"],
                    is_admin=form.cleaned_data["is_admin"],
                )
            except ValidationError as error:
                for field, field_messages in (
                    error.message_dict.items() if hasattr(error, "error_dict") else [(None, error.messages)]
                ):
                    for message in field_messages:
                        form.add_error(field if field in form.fields else None, message)
            else:
                if membership is None:
                    text = _("Invitation sent to %(email)s. They join the team once they accept it, signed in.")
                else:
                    text = _("Invitation sent to %(email)s. The link to set a password works once, for 7 days.")
                messages.success(request, text % {"email": form.cleaned_data["email"]})
                return redirect("exhibitor-team-detail", exhibitor_id=exhibitor.pk)
    memberships = list(
        ExhibitorMembership.objects.filter(exhibitor=exhibitor)
        .select_related("user")
        .order_by("-is_admin", "user__email")
    )
    return render(
        request,
        "exhibitors/team.html",
        {"exhibitor": exhibitor, "memberships": memberships, "form": form, "can_manage": can_manage},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def team_remove(request: HttpRequest, exhibitor_id: int, membership_id: int) -> HttpResponse:
    exhibitor = exhibitor_or_404(request, exhibitor_id)
    membership = get_object_or_404(
        ExhibitorMembership.objects.select_related("user"), pk=membership_id, exhibitor=exhibitor
    )
    if not request.user.has_perm("exhibitors.manage_team", exhibitor):
        raise PermissionDenied(_("Only team admins remove colleagues."))
    if request.method == "POST":
        try:
            services.membership_remove(membership=membership, actor=actor_of(request))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("%(name)s is no longer on the team.") % {"name": membership.user.email or membership.user.username},
            )
            if membership.user_id == request.user.pk:
                return redirect("exhibitor-home")
        return redirect("exhibitor-team-detail", exhibitor_id=exhibitor.pk)
    return render(request, "exhibitors/team_confirm_remove.html", {"exhibitor": exhibitor, "membership": membership})


@sensitive_post_parameters("new_password1", "new_password2")
@never_cache
@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The one-time link of an invitation: choose a password, then land on the booth profile."""
    user = services.invitation_user(token=token)
    if user is None:
        return render(request, "exhibitors/invitation_invalid.html", status=410)
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(token=token, password=form.cleaned_data["new_password1"])
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            login(request, user, backend=LOGIN_BACKEND)
            messages.success(request, _("Welcome! Your password is set."))
            return redirect("exhibitor-home")
    return render(
        request,
        "exhibitors/invitation_accept.html",
        {"form": form, "invited_user": user},
        status=400 if form.errors else 200,
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def team_join(request: HttpRequest, token: str) -> HttpResponse:
    """An existing account's invitation: the person, signed in as themselves, accepts to join."""
    offer = services.team_join_offer(token=token, user=user_of(request))
    if offer is None:
        return render(request, "exhibitors/invitation_invalid.html", status=410)
    exhibitor, is_admin = offer
    if request.method == "POST":
        try:
            services.team_join_accept(token=token, user=user_of(request))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return render(request, "exhibitors/invitation_invalid.html", status=410)
        messages.success(request, _("You are now on the team of %(name)s.") % {"name": exhibitor.name})
        return redirect("exhibitor-home")
    return render(request, "exhibitors/team_join.html", {"exhibitor": exhibitor, "is_admin": is_admin})
