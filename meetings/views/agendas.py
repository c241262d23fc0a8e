"""Agendas of the delegation, a member and an exhibitor, and the calendar feeds."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from common.actors import actor_of
from common.permissions import office_required
from common.rules import OFFICE
from delegations.models import Member
from exhibitors.models import Exhibitor
from exhibitors.selectors import exhibitors_for_user
from meetings import selectors, services
from meetings.calendars import feed_ics
from meetings.models import CalendarFeedToken
from meetings.views.base import (
    BadTimeZone,
    bad_zone_response,
    expo_or_none,
    page_zones,
)

# --- Agendas ------------------------------------------------------------------------------------


@office_required
@require_safe
def delegation_schedule(request: HttpRequest) -> HttpResponse:
    expo = expo_or_none(request)
    if expo is None:
        return render(request, "meetings/no_expo.html")
    try:
        zones = page_zones(request, expo)
    except BadTimeZone as exc:
        return bad_zone_response(str(exc))
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
@require_safe
def member_schedule(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_object_or_404(Member.objects.select_related("delegation__expo"), pk=pk)
    expo = member.delegation.expo
    try:
        zones = page_zones(request, expo, fallback=member.home_time_zone)
    except BadTimeZone as exc:
        return bad_zone_response(str(exc))
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
@require_safe
def exhibitor_schedule_office(request: HttpRequest, pk: int) -> HttpResponse:
    exhibitor = get_object_or_404(Exhibitor.objects.select_related("pavilion__expo"), pk=pk)
    return _exhibitor_agenda(request, exhibitor)


@require_safe
def exhibitor_schedule(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """An exhibitor user's schedule: only what their exhibitor takes part in (404 otherwise)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not pk and not request.user.has_perm("exhibitors.use_self_service"):
        raise PermissionDenied(_("This page is for exhibitors' users."))
    own = list(exhibitors_for_user(request.user).select_related("pavilion__expo").order_by("name"))
    office = request.user.has_perm(OFFICE)
    exhibitor = next((e for e in own if e.pk == pk), None) if pk else (own[0] if own else None)
    if exhibitor is None or not request.user.has_perm("exhibitors.view_exhibitor", exhibitor):
        raise Http404
    return _exhibitor_agenda(request, exhibitor, own=None if office else own)


def _exhibitor_agenda(request: HttpRequest, exhibitor: Exhibitor, own: list[Exhibitor] | None = None) -> HttpResponse:
    expo = exhibitor.pavilion.expo
    try:
        zones = page_zones(request, expo)
    except BadTimeZone as exc:
        return bad_zone_response(str(exc))
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
        raw = services.calendar_feed_issue(member=member, actor=actor_of(request))
        request.session[f"feed-url-{member.pk}"] = request.build_absolute_uri(
            reverse("calendar-feed", kwargs={"token": raw})
        )
        messages.success(request, _("New calendar link created; any earlier link no longer works."))
    elif action == "revoke":
        services.calendar_feed_revoke(member=member, actor=actor_of(request))
        messages.success(request, _("Calendar link revoked."))
    else:
        return HttpResponseBadRequest(_("Unknown action."))
    return redirect("schedule-member", pk=member.pk)


@require_safe
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
