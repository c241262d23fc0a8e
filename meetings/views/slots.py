"""Speaking-slot pages: list, detail, new and edit, cancel."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from common.actors import actor_of
from common.permissions import office_required
from meetings import selectors, services
from meetings.forms import SpeakingSlotForm
from meetings.models import SpeakingSlot
from meetings.views.base import (
    BadTimeZone,
    bad_zone_response,
    change_history,
    expo_or_none,
    page_zones,
    save_with_services,
)

# --- Speaking slots -----------------------------------------------------------------------------


@office_required
@require_safe
def speaking_slot_list(request: HttpRequest) -> HttpResponse:
    expo = expo_or_none(request)
    if expo is None:
        return render(request, "meetings/no_expo.html")
    try:
        zones = page_zones(request, expo)
    except BadTimeZone as exc:
        return bad_zone_response(str(exc))
    slots = list(selectors.speaking_slot_list().filter(expo=expo))
    return render(request, "meetings/slot_list.html", {"expo": expo, "slots": slots, **zones})


@office_required
@require_safe
def speaking_slot_detail(request: HttpRequest, pk: int) -> HttpResponse:
    slot = get_object_or_404(selectors.speaking_slot_list(), pk=pk)
    try:
        zones = page_zones(request, slot.expo)
    except BadTimeZone as exc:
        return bad_zone_response(str(exc))
    return render(
        request, "meetings/slot_detail.html", {"slot": slot, "history": change_history(slot, SpeakingSlot), **zones}
    )


@office_required
@require_http_methods(["GET", "POST"])
def speaking_slot_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    slot = get_object_or_404(selectors.speaking_slot_list(), pk=pk) if pk else None
    expo = slot.expo if slot else expo_or_none(request)
    if expo is None:
        return render(request, "meetings/no_expo.html")
    problems: dict[str, Any] = {}
    with timezone.override(expo.tz):
        if request.method == "POST":
            form = SpeakingSlotForm(request.POST, expo=expo)
            if form.is_valid():
                fields = form.service_fields()
                if slot is None:
                    call = lambda: services.speaking_slot_create(actor=actor_of(request), expo=expo, **fields)  # noqa: E731
                else:
                    call = lambda: services.speaking_slot_update(slot=slot, actor=actor_of(request), **fields)  # noqa: E731
                saved, problems = save_with_services(form, call)
                if saved is not None:
                    messages.success(request, _("Speaking slot “%(title)s” saved.") % {"title": saved.title})
                    return redirect("speaking-slot-detail", pk=saved.pk)
        else:
            initial = SpeakingSlotForm.initial_for(slot) if slot else {"status": SpeakingSlot.Status.INVITED}
            form = SpeakingSlotForm(initial=initial, expo=expo)
        return render(request, "meetings/slot_form.html", {"form": form, "slot": slot, "expo": expo, **problems})


@office_required
@require_http_methods(["GET", "POST"])
def speaking_slot_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    slot = get_object_or_404(selectors.speaking_slot_list(), pk=pk)
    back = reverse("speaking-slot-detail", kwargs={"pk": slot.pk})
    if request.method == "POST":
        try:
            services.speaking_slot_cancel(slot=slot, actor=actor_of(request))
        except ValidationError as error:
            messages.error(request, " ".join(m for ms in error.message_dict.values() for m in ms))
            return redirect(back)
        messages.success(request, _("Speaking slot cancelled; its time is free again."))
        return redirect(back)
    return render(request, "meetings/confirm_cancel.html", {"item": slot, "back": back})
