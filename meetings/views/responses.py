"""The guests' response page (no sign-in: the personal link is the credential) and the office's
actions on their answers: accept a proposed time in one click, withdraw a guest's links."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from common.actors import actor_of
from common.permissions import office_required
from common.throttling import rate_limited
from meetings import selectors, services
from meetings.models import Meeting, MeetingAttendee
from meetings.reminders.messages import GUEST_LANGUAGES, meeting_place, recipient_language, time_range
from meetings.response_links import FoundLink, response_link_find
from meetings.services import SchedulingConflict, TravelBufferWarning
from meetings.views.base import in_local_time
from meetings.views.meetings import meeting_detail_response

logger = logging.getLogger(__name__)

LANGUAGE_NAMES = {"en": "English", "zh-hant": "繁體中文", "ko": "한국어"}


def _language(request: HttpRequest, found: FoundLink) -> str:
    asked = request.GET.get("lang") or request.POST.get("lang") or ""
    if asked in GUEST_LANGUAGES:
        return asked
    contact = found.attendee.contact
    stored = (contact.preferred_language or (contact.languages[0] if contact.languages else "")) if contact else ""
    language = recipient_language(stored)
    return language if language in GUEST_LANGUAGES else "en"


def _proposal(data: Any, meeting: Meeting) -> object:
    """The proposed start: a suggested slot (ISO 8601) or another time (expo time); None if none."""
    value = (data.get("proposed_starts_at") or "").strip()
    if value in ("", "other"):
        value = (data.get("other_starts_at") or "").strip()
    if not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        return value  # reported as "give a date and time"
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=meeting.expo.tz)


def _closed(request: HttpRequest, found: FoundLink, language: str) -> HttpResponse:
    return render(
        request,
        "meetings/respond_closed.html",
        {"found": found, "meeting": found.meeting, "attendee": found.attendee, "language": language},
        status=410,
    )


@require_http_methods(["GET", "POST"])
def respond(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows the meeting to the guest in their language; POST records accept / decline / propose."""
    found = response_link_find(token)
    if found is None:
        raise Http404
    language = _language(request, found)
    with translation.override(language):
        if found.closed:
            return _closed(request, found, language)
        meeting, attendee = found.meeting, found.attendee
        errors: dict[str, list[str]] = {}
        if request.method == "POST":
            wait = rate_limited(
                scope="response_link", ident=found.link.token_hash[:40], rate=settings.RESPONSE_LINK_THROTTLE_RATE
            ) or rate_limited(
                scope="response_client",
                ident=request.META.get("REMOTE_ADDR", ""),
                rate=settings.RESPONSE_CLIENT_THROTTLE_RATE,
            )
            if wait is not None:
                response = render(
                    request, "meetings/respond_limited.html", {"meeting": meeting, "wait": wait}, status=429
                )
                response["Retry-After"] = str(wait)
                return response
            try:
                attendee = services.attendee_respond(
                    found=found,
                    response=request.POST.get("response", ""),
                    proposed_starts_at=_proposal(request.POST, meeting),
                )
            except services.ResponseClosed:
                again = response_link_find(token)
                return _closed(request, again or found, language)
            except ValidationError as error:
                errors = error.message_dict
            else:
                logger.info("meeting %s: guest %s answered %s", meeting.pk, attendee.contact_id, attendee.response)
                return redirect(f"{request.path}?lang={language}&saved=1")
        duration = meeting.ends_at - meeting.starts_at
        slots = [
            (start.isoformat(), time_range(start, start + duration, meeting.expo.tz))
            for start in selectors.meeting_free_slots(meeting=meeting)
        ]
        chosen = request.POST.get("proposed_starts_at", "") if errors else ""
        context = {
            "meeting": meeting,
            "attendee": attendee,
            "contact": attendee.contact,
            "expo": meeting.expo,
            "language": language,
            "languages": [(code, LANGUAGE_NAMES[code]) for code in GUEST_LANGUAGES],
            "when": time_range(meeting.starts_at, meeting.ends_at, meeting.expo.tz),
            "place": meeting_place(meeting),
            "proposed": time_range(attendee.proposed_starts_at, attendee.proposed_starts_at + duration, meeting.expo.tz)
            if attendee.proposed_starts_at
            else "",
            "slots": slots,
            "chosen": chosen,
            "other_value": request.POST.get("other_starts_at", "") if errors else "",
            "answer": request.POST.get("response", "") if errors else "",
            "first_local": f"{meeting.expo.starts_on.isoformat()}T00:00",
            "last_local": f"{meeting.expo.ends_on.isoformat()}T23:45",
            "errors": errors,
            "saved": request.GET.get("saved") == "1" and not errors,
        }
        return render(request, "meetings/respond.html", context, status=400 if errors else 200)


# --- The office's side -----------------------------------------------------------------------


def _guest_of(meeting: Meeting, attendee_pk: int) -> MeetingAttendee:
    attendee = meeting.attendees.filter(pk=attendee_pk, contact__isnull=False).first()
    if attendee is None:
        raise Http404
    return attendee


@office_required
@require_POST
def response_accept(request: HttpRequest, pk: int, attendee_pk: int) -> HttpResponse:
    """Move the meeting to the time a guest proposed (clash-checked): one click on the meeting page."""
    meeting = get_object_or_404(selectors.meeting_list(), pk=pk)
    attendee = _guest_of(meeting, attendee_pk)
    try:
        services.meeting_accept_proposal(
            meeting=meeting,
            attendee_id=attendee.pk,
            actor=actor_of(request),
            tell_contacts=request.POST.get("tell_contacts") == "1",
            override_travel=request.POST.get("override_travel") == "1",
        )
    except SchedulingConflict as clash:
        return meeting_detail_response(
            request,
            meeting,
            status=409,
            problems={"conflicts": _localised(meeting, clash.conflicts)},
            error=_("Not moved: the proposed time clashes with another engagement (see below)."),
        )
    except TravelBufferWarning as warning:
        return meeting_detail_response(
            request,
            meeting,
            status=400,
            problems={"warnings": _localised(meeting, warning.warnings), "override_for": attendee.pk},
            error=_("Not moved yet: someone would have too little time to change venue (see below)."),
        )
    except ValidationError as error:
        messages.error(request, " ".join(m for ms in error.message_dict.values() for m in ms))
        return redirect("meeting-detail", pk=meeting.pk)
    messages.success(
        request,
        _("Moved to the time %(name)s proposed; their answer is now “accepted”.") % {"name": attendee.contact},
    )
    return redirect("meeting-detail", pk=meeting.pk)


def _localised(meeting: Meeting, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    with timezone.override(meeting.expo.tz):
        return in_local_time(items)


@office_required
@require_POST
def response_revoke(request: HttpRequest, pk: int, attendee_pk: int) -> HttpResponse:
    """Withdraw every response link of one guest (a forwarded mail, a wrong address)."""
    meeting = get_object_or_404(Meeting, pk=pk)
    attendee = _guest_of(meeting, attendee_pk)
    count = services.response_links_revoke(meeting=meeting, attendee_id=attendee.pk)
    messages.success(
        request,
        _("%(name)s's response links withdrawn (%(count)d); a later mail to them carries a new one.")
        % {"name": attendee.contact, "count": count},
    )
    return redirect("meeting-detail", pk=meeting.pk)
