"""Pages of the schedule: meetings, speaking slots, booth duty, follow-ups, agendas, calendar feeds.

Office staff plan everything here; exhibitor users see their own exhibitor's schedule only.
Every write calls a service; a clash or a travel warning comes back onto the form.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from common.http import parse_id
from common.roles import user_is_office
from delegations.models import Expo, Member
from delegations.selectors import current_expo
from exhibitors.models import Exhibitor
from exhibitors.selectors import exhibitors_for_user
from meetings import selectors, services
from meetings.calendars import feed_ics
from meetings.forms import BoothShiftForm, FollowUpForm, MeetingForm, SpeakingSlotForm
from meetings.models import BoothShift, CalendarFeedToken, FollowUp, Meeting, SpeakingSlot
from meetings.services import SchedulingConflict, TravelBufferWarning


def office_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Anonymous visitors go to the sign-in page; signed-in users outside the office get 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not user_is_office(request.user):
            raise PermissionDenied(_("Only the office may see this page."))
        return view(request, *args, **kwargs)

    return wrapper


# --- Shared helpers ----------------------------------------------------------------------------


class BadTimeZone(Exception):
    pass


def _zones(request: HttpRequest, expo: Expo, fallback: str = "") -> dict[str, Any]:
    """The expo's zone and the viewer's home zone (``?tz=`` overrides; unknown → 400)."""
    requested = request.GET.get("tz", "").strip()
    if requested:
        if requested not in zoneinfo.available_timezones():
            raise BadTimeZone(requested)
        home = requested
    else:
        home = selectors.viewer_time_zone(request.user) or fallback
    home_tz = zoneinfo.ZoneInfo(home) if home and home != expo.time_zone else None
    return {"expo_tz": expo.tz, "expo_tz_name": expo.time_zone, "home_tz": home_tz, "home_tz_name": home}


def _bad_zone(name: str) -> HttpResponse:
    return HttpResponseBadRequest(
        _("“%(name)s” is not a known time zone (use an IANA name such as Asia/Seoul).") % {"name": name}
    )


def _expo_or_none(request: HttpRequest) -> Expo | None:
    raw = request.GET.get("expo")
    if parse_id(raw) is not None:
        return Expo.objects.filter(pk=parse_id(raw)).first()
    return current_expo()


def _apply_errors(form: Form, error: ValidationError, attendee_field: str | None = None) -> None:
    """Puts a service's per-field messages on the form (unknown fields become form errors)."""
    for field, messages_ in error.message_dict.items():
        target = field if field in form.fields else None
        if field in ("attendees", "speakers", "panelists", "deadlines") and attendee_field:
            target = attendee_field if field == "attendees" else (field if field in form.fields else None)
        for message in messages_:
            form.add_error(target, message)


def _local(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Adds ``when``: the clashing item's time as wall-clock time in the current (expo) zone."""
    shown = []
    for item in items:
        start = dt.datetime.fromisoformat(item["starts_at"])
        end = dt.datetime.fromisoformat(item["ends_at"])
        when = f"{timezone.localtime(start):%a %d %b %H:%M}–{timezone.localtime(end):%H:%M}"
        shown.append({**item, "when": when})
    return shown


def _save_with_services(form: Form, call: Callable[[], Any], attendee_field: str | None = None) -> tuple[Any, dict]:
    """Runs a service; returns (result, problems) with clashes and travel warnings for the page."""
    try:
        return call(), {}
    except ValidationError as error:
        _apply_errors(form, error, attendee_field)
    except SchedulingConflict as clash:
        form.add_error(None, _("Not saved: this would double-book someone or a place (see above)."))
        return None, {"conflicts": _local(clash.conflicts)}
    except TravelBufferWarning as warning:
        form.add_error(None, _("Not saved yet: someone has too little time to change venue (see above)."))
        return None, {"warnings": _local(warning.warnings), "offer_override": True}
    return None, {}


# --- Meetings -----------------------------------------------------------------------------------


@office_required
def meeting_list(request: HttpRequest) -> HttpResponse:
    expo = _expo_or_none(request)
    if expo is None:
        return render(request, "meetings/no_expo.html")
    try:
        zones = _zones(request, expo)
    except BadTimeZone as exc:
        return _bad_zone(str(exc))
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
    if not user_is_office(request.user) and not exhibitors_for_user(request.user).exists():
        raise PermissionDenied(_("Only the office and exhibitors' users may see meetings."))
    meeting = selectors.meetings_for_user(request.user).filter(pk=pk).first()
    if meeting is None:
        raise Http404
    return meeting


def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    meeting = _meeting_for_page(request, pk)
    try:
        zones = _zones(request, meeting.expo)
    except BadTimeZone as exc:
        return _bad_zone(str(exc))
    office = user_is_office(request.user)
    follow_ups = list(meeting.follow_ups.select_related("owner")) if office else []
    history = _history(meeting, Meeting) if office else []
    return render(
        request,
        "meetings/meeting_detail.html",
        {"meeting": meeting, "follow_ups": follow_ups, "history": history, "can_edit": office, **zones},
    )


def _history(obj: Meeting | SpeakingSlot, model: type) -> list[dict[str, Any]]:
    """Who changed what and when (database-trigger events), newest first."""
    from delegations.history import readable_history

    return readable_history(obj.events.select_related("pgh_context").order_by("pgh_id"), model)


@office_required
@require_http_methods(["GET", "POST"])
def meeting_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    meeting = get_object_or_404(selectors.meeting_list(), pk=pk) if pk else None
    expo = meeting.expo if meeting else _expo_or_none(request)
    if expo is None:
        return render(request, "meetings/no_expo.html")
    problems: dict[str, Any] = {}
    extra = [a.contact_id for a in meeting.attendees.all() if a.contact_id] if meeting else []
    if parse_id(request.GET.get("contact")) is not None:
        extra.append(parse_id(request.GET.get("contact")))
    with timezone.override(expo.tz):
        if request.method == "POST":
            form = MeetingForm(request.POST, expo=expo, extra_contact_ids=extra)
            if form.is_valid():
                fields = form.service_fields()
                attendees = form.attendees()
                if meeting is None:
                    call = lambda: services.meeting_create(  # noqa: E731
                        actor=request.user, expo=expo, attendees=attendees, **fields
                    )
                else:
                    call = lambda: services.meeting_update(  # noqa: E731
                        meeting=meeting, actor=request.user, attendees=attendees, **fields
                    )
                saved, problems = _save_with_services(form, call, attendee_field="members")
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
            services.meeting_cancel(meeting=meeting, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(m for ms in error.message_dict.values() for m in ms))
            return redirect("meeting-detail", pk=meeting.pk)
        messages.success(request, _("Meeting cancelled; attendees are told and their time is free again."))
        return redirect("meeting-detail", pk=meeting.pk)
    return render(request, "meetings/confirm_cancel.html", {"item": meeting, "back": meeting_url(meeting)})


def meeting_url(meeting: Meeting) -> str:
    return reverse("meeting-detail", kwargs={"pk": meeting.pk})


# --- Speaking slots -----------------------------------------------------------------------------


@office_required
def speaking_slot_list(request: HttpRequest) -> HttpResponse:
    expo = _expo_or_none(request)
    if expo is None:
        return render(request, "meetings/no_expo.html")
    try:
        zones = _zones(request, expo)
    except BadTimeZone as exc:
        return _bad_zone(str(exc))
    slots = list(selectors.speaking_slot_list().filter(expo=expo))
    return render(request, "meetings/slot_list.html", {"expo": expo, "slots": slots, **zones})


@office_required
def speaking_slot_detail(request: HttpRequest, pk: int) -> HttpResponse:
    slot = get_object_or_404(selectors.speaking_slot_list(), pk=pk)
    try:
        zones = _zones(request, slot.expo)
    except BadTimeZone as exc:
        return _bad_zone(str(exc))
    return render(
        request, "meetings/slot_detail.html", {"slot": slot, "history": _history(slot, SpeakingSlot), **zones}
    )


@office_required
@require_http_methods(["GET", "POST"])
def speaking_slot_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    slot = get_object_or_404(selectors.speaking_slot_list(), pk=pk) if pk else None
    expo = slot.expo if slot else _expo_or_none(request)
    if expo is None:
        return render(request, "meetings/no_expo.html")
    problems: dict[str, Any] = {}
    with timezone.override(expo.tz):
        if request.method == "POST":
            form = SpeakingSlotForm(request.POST, expo=expo)
            if form.is_valid():
                fields = form.service_fields()
                if slot is None:
                    call = lambda: services.speaking_slot_create(actor=request.user, expo=expo, **fields)  # noqa: E731
                else:
                    call = lambda: services.speaking_slot_update(slot=slot, actor=request.user, **fields)  # noqa: E731
                saved, problems = _save_with_services(form, call)
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
            services.speaking_slot_cancel(slot=slot, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(m for ms in error.message_dict.values() for m in ms))
            return redirect(back)
        messages.success(request, _("Speaking slot cancelled; its time is free again."))
        return redirect(back)
    return render(request, "meetings/confirm_cancel.html", {"item": slot, "back": back})


# --- Booth duty ---------------------------------------------------------------------------------


@office_required
@require_http_methods(["GET", "POST"])
def booth_shift_list(request: HttpRequest) -> HttpResponse:
    expo = _expo_or_none(request)
    if expo is None:
        return render(request, "meetings/no_expo.html")
    problems: dict[str, Any] = {}
    with timezone.override(expo.tz):
        form = BoothShiftForm(request.POST or None, expo=expo)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            saved, problems = _save_with_services(
                form,
                lambda: services.booth_shift_create(
                    actor=request.user,
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
    services.booth_shift_delete(shift=shift, actor=request.user)
    messages.success(request, _("Booth duty removed."))
    return redirect("booth-shift-list")


# --- Follow-ups ---------------------------------------------------------------------------------


@office_required
def follow_up_list(request: HttpRequest) -> HttpResponse:
    follow_ups = selectors.follow_up_list()
    status = request.GET.get("status", "open")
    if status in FollowUp.Status.values:
        follow_ups = follow_ups.filter(status=status)
    elif status != "all":
        status = "open"
        follow_ups = follow_ups.filter(status=status)
    if request.GET.get("mine"):
        follow_ups = follow_ups.filter(owner=request.user)
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
                call = lambda: services.follow_up_create(actor=request.user, **fields)  # noqa: E731
            else:
                call = lambda: services.follow_up_update(  # noqa: E731
                    follow_up=follow_up, actor=request.user, **fields
                )
            saved, _problems = _save_with_services(form, call)
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
        form = FollowUpForm(instance=follow_up, initial=initial)
    return render(request, "meetings/follow_up_form.html", {"form": form, "follow_up": follow_up})


# --- Agendas ------------------------------------------------------------------------------------


@office_required
def delegation_schedule(request: HttpRequest) -> HttpResponse:
    expo = _expo_or_none(request)
    if expo is None:
        return render(request, "meetings/no_expo.html")
    try:
        zones = _zones(request, expo)
    except BadTimeZone as exc:
        return _bad_zone(str(exc))
    days = selectors.agenda_by_day(selectors.agenda_for_expo(expo=expo), expo.tz)
    members = Member.objects.filter(delegation__expo=expo).order_by("full_name")
    exhibitors = Exhibitor.objects.filter(pavilion__expo=expo).order_by("name")
    return render(
        request,
        "meetings/agenda.html",
        {
            "expo": expo,
            "days": days,
            "heading": _("Whole delegation"),
            "members": members,
            "exhibitors": exhibitors,
            **zones,
        },
    )


@office_required
def member_schedule(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_object_or_404(Member.objects.select_related("delegation__expo"), pk=pk)
    expo = member.delegation.expo
    try:
        zones = _zones(request, expo, fallback=member.home_time_zone)
    except BadTimeZone as exc:
        return _bad_zone(str(exc))
    days = selectors.agenda_by_day(selectors.agenda_for_member(member=member), expo.tz)
    token = CalendarFeedToken.objects.filter(member=member, revoked_at__isnull=True).first()
    feed_url = request.session.pop(f"feed-url-{member.pk}", None)
    return render(
        request,
        "meetings/agenda.html",
        {
            "expo": expo,
            "days": days,
            "heading": member.full_name,
            "member": member,
            "feed_token": token,
            "feed_url": feed_url,
            **zones,
        },
    )


@office_required
def exhibitor_schedule_office(request: HttpRequest, pk: int) -> HttpResponse:
    exhibitor = get_object_or_404(Exhibitor.objects.select_related("pavilion__expo"), pk=pk)
    return _exhibitor_agenda(request, exhibitor)


def exhibitor_schedule(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """An exhibitor user's schedule: only what their exhibitor takes part in (404 otherwise)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    own = list(exhibitors_for_user(request.user).select_related("pavilion__expo").order_by("name"))
    office = user_is_office(request.user)
    if not pk and not office and not own:
        raise PermissionDenied(_("This page is for exhibitors' users."))
    exhibitor = next((e for e in own if e.pk == pk), None) if pk else (own[0] if own else None)
    if exhibitor is None:
        raise Http404
    return _exhibitor_agenda(request, exhibitor, own=None if office else own)


def _exhibitor_agenda(request: HttpRequest, exhibitor: Exhibitor, own: list[Exhibitor] | None = None) -> HttpResponse:
    expo = exhibitor.pavilion.expo
    try:
        zones = _zones(request, expo)
    except BadTimeZone as exc:
        return _bad_zone(str(exc))
    days = selectors.agenda_by_day(selectors.agenda_for_exhibitor(exhibitor=exhibitor), expo.tz)
    return render(
        request,
        "meetings/agenda.html",
        {"expo": expo, "days": days, "heading": exhibitor.name, "exhibitor": exhibitor, "own": own, **zones},
    )


# --- Calendar feeds -----------------------------------------------------------------------------


@office_required
@require_POST
def member_feed(request: HttpRequest, pk: int) -> HttpResponse:
    """Issue / regenerate (``action=issue``) or revoke (``action=revoke``) a member's feed URL."""
    member = get_object_or_404(Member, pk=pk)
    action = request.POST.get("action")
    if action == "issue":
        raw = services.calendar_feed_issue(member=member, actor=request.user)
        request.session[f"feed-url-{member.pk}"] = request.build_absolute_uri(
            reverse("calendar-feed", kwargs={"token": raw})
        )
        messages.success(request, _("New calendar link created; any earlier link no longer works."))
    elif action == "revoke":
        services.calendar_feed_revoke(member=member, actor=request.user)
        messages.success(request, _("Calendar link revoked."))
    else:
        return HttpResponseBadRequest(_("Unknown action."))
    return redirect("schedule-member", pk=member.pk)


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The private subscription feed (the token in the URL is the credential)."""
    found = selectors.feed_token_member(token)
    if found is None:
        raise Http404
    services.calendar_feed_touch(token=found)
    member = found.member
    meetings, slots = selectors.member_feed_items(member=member)
    body = feed_ics(
        name=f"{member.full_name} — {member.delegation.expo.name}",
        time_zone=member.delegation.expo.time_zone,
        meetings=meetings,
        slots=slots,
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    response["Content-Disposition"] = 'inline; filename="schedule.ics"'
    return response
