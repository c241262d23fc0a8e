"""Booth duty: the shift plan of the pavilion, add and remove shifts."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from common.actors import actor_of
from common.permissions import office_required
from meetings import selectors, services
from meetings.forms import BoothShiftForm
from meetings.models import BoothShift
from meetings.views.base import (
    expo_or_none,
    save_with_services,
)

# --- Booth duty ---------------------------------------------------------------------------------


@office_required
@require_http_methods(["GET", "POST"])
def booth_shift_list(request: HttpRequest) -> HttpResponse:
    expo = expo_or_none(request)
    if expo is None:
        return render(request, "meetings/no_expo.html")
    problems: dict[str, Any] = {}
    with timezone.override(expo.tz):
        form = BoothShiftForm(request.POST or None, expo=expo)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            saved, problems = save_with_services(
                form,
                lambda: services.booth_shift_create(
                    actor=actor_of(request),
                    exhibitor=data["exhibitor"],
                    member=data["member"],
                    starts_at=data["starts_at"],
                    ends_at=data["ends_at"],
                    override_travel=data["override_travel"],
                ),
            )
            if saved is not None:
                messages.success(request, _("Booth duty added."))
                return redirect("booth-shift-list")
        shifts = list(selectors.booth_shift_list().filter(exhibitor__pavilion__expo=expo).order_by("starts_at"))
        days = selectors.agenda_by_day(selectors.shift_agenda_items(shifts), expo.tz)
        return render(
            request,
            "meetings/shift_list.html",
            {"expo": expo, "form": form, "days": days, "expo_tz": expo.tz, "expo_tz_name": expo.time_zone, **problems},
        )


@office_required
@require_POST
def booth_shift_delete(request: HttpRequest, pk: int) -> HttpResponse:
    shift = get_object_or_404(BoothShift, pk=pk)
    services.booth_shift_delete(shift=shift, actor=actor_of(request))
    messages.success(request, _("Booth duty removed."))
    return redirect("booth-shift-list")
