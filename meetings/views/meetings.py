"""Meeting pages: list, detail, new and edit, cancel."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from common.actors import actor_of
from common.http import parse_id
from common.permissions import office_required
from common.rules import OFFICE
from delegations.models import Expo
from meetings import selectors, services
from meetings.forms import MeetingForm
from meetings.models import Meeting
from meetings.views.base import (
    BadTimeZone,
    bad_zone_response,
    change_history,
    expo_or_none,
    page_zones,
    save_with_services,
)

# --- Meetings -----------------------------------------------------------------------------------


@office_required
@require_safe
def meeting_list(request: HttpRequest) -> HttpResponse:
    expo = expo_or_none(request)
    if expo is None:
        return render(request, "meetings/no_expo.html")
    try:
        zones = page_zones(request, expo)
    except BadTimeZone as exc:
        return bad_zone_response(str(exc))
    meetings = selectors.meeting_list().filter(expo=expo)
    status = request.GET.get("status", "")
    if status in Meeting.Status.values:
        meetings = meetings.filter(status=status)
    days = selectors.agenda_by_day(selectors.meeting_agenda_items(meetings), expo.tz)
    return render(
        request,
        "meetings/meeting_list.html",
        {"expo": expo, "days": days, "status": status, "statuses": Meeting.Status.choices, **zones},
    )


def _meeting_for_page(request: HttpRequest, pk: int) -> Meeting:
    """Office: any meeting; exhibitor users: those their exhibitor attends (others 404)."""
    if not request.user.has_perm("meetings.list_meetings"):
        raise PermissionDenied(_("Only the office and exhibitors' users may see meetings."))
    meeting = selectors.meetings_for_user(request.user).filter(pk=pk).first()
    if meeting is None or not request.user.has_perm("meetings.view_meeting", meeting):
        raise Http404
    return meeting


@require_safe
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    meeting = _meeting_for_page(request, pk)
    try:
        zones = page_zones(request, meeting.expo)
    except BadTimeZone as exc:
        return bad_zone_response(str(exc))
    office = request.user.has_perm(OFFICE)
    follow_ups = list(meeting.follow_ups.select_related("owner")) if office else []
    history = change_history(meeting, Meeting) if office else []
    return render(
        request,
        "meetings/meeting_detail.html",
        {"meeting": meeting, "follow_ups": follow_ups, "history": history, "can_edit": office, **zones},
    )


@office_required
@require_http_methods(["GET", "POST"])
def meeting_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    meeting = get_object_or_404(selectors.meeting_list(), pk=pk) if pk else None
    expo = meeting.expo if meeting else expo_or_none(request)
    if expo is None:
        return render(request, "meetings/no_expo.html")
    problems: dict[str, Any] = {}
    extra = [a.contact_id for a in meeting.attendees.all() if a.contact_id] if meeting else []
    if (contact_id := parse_id(request.GET.get("contact"))) is not None:
        extra.append(contact_id)
    with timezone.override(expo.tz):
        if request.method == "POST":
            form = MeetingForm(request.POST, expo=expo, extra_contact_ids=extra)
            if form.is_valid():
                fields = form.service_fields()
                attendees = form.attendees()
                if meeting is None:
                    call = lambda: services.meeting_create(  # noqa: E731
                        actor=actor_of(request), expo=expo, attendees=attendees, **fields
                    )
                else:
                    call = lambda: services.meeting_update(  # noqa: E731
                        meeting=meeting, actor=actor_of(request), attendees=attendees, **fields
                    )
                saved, problems = save_with_services(form, call, attendee_field="members")
                if saved is not None:
                    messages.success(request, _("Meeting “%(title)s” saved.") % {"title": saved.title})
                    return redirect("meeting-detail", pk=saved.pk)
        else:
            initial = MeetingForm.initial_for(meeting) if meeting else _new_meeting_initial(request, expo)
            form = MeetingForm(initial=initial, expo=expo, extra_contact_ids=extra)
        return render(
            request,
            "meetings/meeting_form.html",
            {"form": form, "meeting": meeting, "expo": expo, **problems},
        )


def _new_meeting_initial(request: HttpRequest, expo: Expo) -> dict[str, Any]:
    initial: dict[str, Any] = {"status": Meeting.Status.PROPOSED}
    member = request.GET.get("member")
    if parse_id(member) is not None:
        initial["members"] = [parse_id(member)]
    contact = request.GET.get("contact")
    if parse_id(contact) is not None:
        initial["contacts"] = [parse_id(contact)]
    return initial


@office_required
@require_http_methods(["GET", "POST"])
def meeting_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(selectors.meeting_list(), pk=pk)
    if request.method == "POST":
        try:
            services.meeting_cancel(meeting=meeting, actor=actor_of(request))
        except ValidationError as error:
            messages.error(request, " ".join(m for ms in error.message_dict.values() for m in ms))
            return redirect("meeting-detail", pk=meeting.pk)
        messages.success(request, _("Meeting cancelled; attendees are told and their time is free again."))
        return redirect("meeting-detail", pk=meeting.pk)
    return render(request, "meetings/confirm_cancel.html", {"item": meeting, "back": meeting_url(meeting)})


def meeting_url(meeting: Meeting) -> str:
    return reverse("meeting-detail", kwargs={"pk": meeting.pk})
