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
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_safe

from common.actors import actor_of
from common.http import parse_id
from common.permissions import office_required
from common.rules import OFFICE
from delegations.models import Expo
from meetings import selectors, services
from meetings.forms import MeetingForm
from meetings.models import Meeting, MeetingAttendee
from meetings.reminders.messages import time_range
from meetings.views.base import (
    BadTimeZone,
    bad_zone_response,
    change_history,
    expo_or_none,
    page_zones,
    save_with_services,
)
from meetings.views.guest_mail import guest_mail_question, mailable
from meetings.visibility import hidden_meeting_fields

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
    return meeting_detail_response(request, meeting)


def meeting_detail_response(
    request: HttpRequest,
    meeting: Meeting,
    *,
    status: int = 200,
    problems: dict[str, Any] | None = None,
    error: str = "",
) -> HttpResponse:
    """The meeting page (also answering a refused action on it, e.g. a proposal that clashes: 409)."""
    meeting = selectors.meeting_list().get(pk=meeting.pk)
    try:
        zones = page_zones(request, meeting.expo)
    except BadTimeZone as exc:
        return bad_zone_response(str(exc))
    office = request.user.has_perm(OFFICE)
    follow_ups = list(meeting.follow_ups.select_related("owner")) if office else []
    history = _with_guest_answers(meeting, change_history(meeting, Meeting)) if office else []
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "follow_ups": follow_ups,
            "history": history,
            "can_edit": office,
            "hidden": hidden_meeting_fields(request.user),
            "guests": guest_rows(meeting) if office else [],
            "action_error": error,
            **(problems or {}),
            **zones,
        },
        status=status,
    )


def guest_mail_status(meeting: Meeting, contact: Any) -> str:
    """Why a guest is or is not e-mailed about this meeting, in words for the office."""
    if contact.never_email:
        return _("never e-mailed (reached through their protocol office)")
    if not contact.email:
        return _("not e-mailed: no address")
    if not meeting.notify_contacts:
        return _("not e-mailed: this meeting does not e-mail its guests")
    return _("e-mailed")


def guest_rows(meeting: Meeting) -> list[dict[str, Any]]:
    """The meeting's guests with their answers, as the meeting page lists them."""
    duration = meeting.ends_at - meeting.starts_at
    rows = []
    for attendee in meeting.attendees.all():
        contact = attendee.contact
        if contact is None:
            continue
        proposed = attendee.proposed_starts_at
        rows.append(
            {
                "attendee": attendee,
                "contact": contact,
                "mail": guest_mail_status(meeting, contact),
                "mailed": bool(contact.email) and not contact.never_email and meeting.notify_contacts,
                "proposed": time_range(proposed, proposed + duration, meeting.expo.tz) if proposed else "",
            }
        )
    return rows


def _with_guest_answers(meeting: Meeting, history: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The meeting's change history with the guests' answers (and accepted proposals) among it."""
    duration = meeting.ends_at - meeting.starts_at
    labels = dict(MeetingAttendee.Response.choices)
    entries = list(history)
    for answer in meeting.guest_responses.select_related("contact", "accepted_by"):
        after = str(labels.get(answer.response, answer.response))
        if answer.proposed_starts_at:
            when = time_range(answer.proposed_starts_at, answer.proposed_starts_at + duration, meeting.expo.tz)
            after = f"{after}: {when}"
        if answer.accepted_by_id:
            action = _("proposed time accepted")
            who = answer.accepted_by.get_username() if answer.accepted_by else _("system")
        else:
            action = _("guest answered")
            who = str(answer.contact) if answer.contact else _("a guest (since removed)")
        entries.append(
            {
                "at": answer.at,
                "action": action,
                "who": who,
                "record_id": meeting.pk,
                "changes": [{"field": _("Response"), "before": "", "after": after}],
            }
        )
    return sorted(entries, key=lambda e: e["at"], reverse=True)


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
                question = guest_mail_question(
                    meeting=meeting,
                    expo=expo,
                    data=form.cleaned_data,
                    people=form.people(),
                    contacts=list(form.cleaned_data["contacts"]),
                )
                decision = request.POST.get("guest_mail", "")
                if question is not None and decision not in ("send", "hold"):
                    # Nothing goes to a guest unless the office says so: ask, with the mails shown.
                    return render(
                        request,
                        "meetings/meeting_form.html",
                        {"form": form, "meeting": meeting, "expo": expo, "guest_question": question},
                    )
                tell_contacts = True
                if question is not None and decision == "hold":
                    if meeting is None or not meeting.notify_contacts:
                        fields["notify_contacts"] = False  # not switched on: no invitation, no reminders
                    else:
                        tell_contacts = False  # this change only; the guests' reminders stay on
                if meeting is None:
                    call = lambda: services.meeting_create(  # noqa: E731
                        actor=actor_of(request), expo=expo, attendees=attendees, **fields
                    )
                else:
                    call = lambda: services.meeting_update(  # noqa: E731
                        meeting=meeting,
                        actor=actor_of(request),
                        attendees=attendees,
                        tell_contacts=tell_contacts,
                        **fields,
                    )
                saved, problems = save_with_services(form, call, attendee_field="members")
                if saved is not None:
                    messages.success(request, _("Meeting “%(title)s” saved.") % {"title": saved.title})
                    if question is not None and decision == "send":
                        messages.info(
                            request,
                            ngettext(
                                "The e-mail to %(n)d guest is on its way.",
                                "The e-mails to %(n)d guests are on their way.",
                                question.count,
                            )
                            % {"n": question.count},
                        )
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
    # A meeting that e-mails its guests asks again whether to tell them it is cancelled.
    guests = (
        [a.contact for a in meeting.attendees.all() if a.contact is not None and mailable(a.contact)]
        if meeting.notify_contacts
        else []
    )
    choice = request.POST.get("tell_contacts", "")
    if request.method == "POST" and (not guests or choice in ("0", "1")):
        try:
            services.meeting_cancel(meeting=meeting, actor=actor_of(request), tell_contacts=choice != "0")
        except ValidationError as error:
            messages.error(request, " ".join(m for ms in error.message_dict.values() for m in ms))
            return redirect("meeting-detail", pk=meeting.pk)
        if guests and choice == "0":
            messages.success(request, _("Meeting cancelled; members are told, the guests are not."))
        else:
            messages.success(request, _("Meeting cancelled; attendees are told and their time is free again."))
        return redirect("meeting-detail", pk=meeting.pk)
    return render(
        request,
        "meetings/confirm_cancel.html",
        {"item": meeting, "back": meeting_url(meeting), "guests": guests, "guest_count": len(guests)},
    )


def meeting_url(meeting: Meeting) -> str:
    return reverse("meeting-detail", kwargs={"pk": meeting.pk})
