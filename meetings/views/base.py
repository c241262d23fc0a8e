"""What the schedule's pages share: the expo and zones of a request, service errors onto forms, history."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from common.forms import apply_service_errors
from common.http import parse_id
from delegations.history import readable_history
from delegations.models import Expo
from delegations.selectors import current_expo
from meetings import selectors
from meetings.models import Meeting, SpeakingSlot
from meetings.services import SchedulingConflict, TravelBufferWarning

# --- Shared helpers ----------------------------------------------------------------------------


class BadTimeZone(Exception):
    pass


def page_zones(request: HttpRequest, expo: Expo, fallback: str = "") -> dict[str, Any]:
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


def bad_zone_response(name: str) -> HttpResponse:
    return HttpResponseBadRequest(
        _("“%(name)s” is not a known time zone (use an IANA name such as Asia/Seoul).") % {"name": name}
    )


def expo_or_none(request: HttpRequest) -> Expo | None:
    expo_id = parse_id(request.GET.get("expo"))
    if expo_id is not None:
        return Expo.objects.filter(pk=expo_id).first()
    return current_expo()


def in_local_time(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Adds ``when``: the clashing item's time as wall-clock time in the current (expo) zone."""
    shown = []
    for item in items:
        start = dt.datetime.fromisoformat(item["starts_at"])
        end = dt.datetime.fromisoformat(item["ends_at"])
        when = f"{timezone.localtime(start):%a %d %b %H:%M}–{timezone.localtime(end):%H:%M}"
        shown.append({**item, "when": when})
    return shown


def save_with_services(form: BaseForm, call: Callable[[], Any], attendee_field: str | None = None) -> tuple[Any, dict]:
    """Runs a service; returns (result, problems) with clashes and travel warnings for the page."""
    try:
        return call(), {}
    except ValidationError as error:
        apply_service_errors(form, error, field_map={"attendees": attendee_field} if attendee_field else None)
    except SchedulingConflict as clash:
        form.add_error(None, _("Not saved: this would double-book someone or a place (see above)."))
        return None, {"conflicts": in_local_time(clash.conflicts)}
    except TravelBufferWarning as warning:
        form.add_error(None, _("Not saved yet: someone has too little time to change venue (see above)."))
        return None, {"warnings": in_local_time(warning.warnings), "offer_override": True}
    return None, {}


def change_history(obj: Meeting | SpeakingSlot, model: type) -> list[dict[str, Any]]:
    """Who changed what and when (database-trigger events), newest first."""
    return readable_history(obj.events.select_related("pgh_context").order_by("pgh_id"), model)
