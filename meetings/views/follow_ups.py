"""Follow-up pages: the office's list of what was promised, new and edit."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from common.actors import actor_of, user_of
from common.http import parse_id
from common.permissions import office_required
from delegations import selectors as delegation_selectors
from meetings import selectors, services
from meetings.forms import FollowUpForm
from meetings.models import FollowUp
from meetings.views.base import (
    save_with_services,
)

# --- Follow-ups ---------------------------------------------------------------------------------


@office_required
@require_safe
def follow_up_list(request: HttpRequest) -> HttpResponse:
    follow_ups = selectors.follow_up_list()
    status = request.GET.get("status", "open")
    if status in FollowUp.Status.values:
        follow_ups = follow_ups.filter(status=status)
    elif status != "all":
        status = "open"
        follow_ups = follow_ups.filter(status=status)
    if request.GET.get("mine"):
        follow_ups = follow_ups.filter(owner=user_of(request))
    return render(
        request,
        "meetings/follow_up_list.html",
        {
            "follow_ups": list(follow_ups.order_by("due_on", "id")[:500]),
            "status": status,
            "statuses": FollowUp.Status.choices,
            "today": timezone.localdate(),
        },
    )


@office_required
@require_http_methods(["GET", "POST"])
def follow_up_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    follow_up = get_object_or_404(FollowUp, pk=pk) if pk else None
    if request.method == "POST":
        form = FollowUpForm(request.POST, instance=follow_up)
        if form.is_valid():
            fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
            if follow_up is None:
                call = lambda: services.follow_up_create(actor=actor_of(request), **fields)  # noqa: E731
            else:
                call = lambda: services.follow_up_update(  # noqa: E731
                    follow_up=follow_up, actor=actor_of(request), **fields
                )
            saved, _problems = save_with_services(form, call)
            if saved is not None:
                messages.success(request, _("Follow-up saved."))
                return redirect("follow-up-list")
    else:
        initial: dict[str, Any] = {}
        if follow_up is None:
            initial["owner"] = request.user.pk
            for name in ("meeting", "contact"):
                raw = request.GET.get(name, "")
                if parse_id(raw) is not None:
                    initial[name] = parse_id(raw)
            # Opened from a contact's page: their organisation too.
            contact = delegation_selectors.contact_list().filter(pk=initial.get("contact") or 0).first()
            if contact is not None and contact.organization_id:
                initial["organization"] = contact.organization_id
        form = FollowUpForm(instance=follow_up, initial=initial)
    return render(request, "meetings/follow_up_form.html", {"form": form, "follow_up": follow_up})
