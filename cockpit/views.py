"""The office's cockpit: pages that read all three apps through their selectors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_safe

from cockpit import agenda, report
from cockpit import selectors as cockpit_selectors
from cockpit.links import list_url, object_url
from common.permissions import office_required
from common.rules import OFFICE
from delegations import selectors as delegation_selectors
from exhibitors import selectors as exhibitor_selectors


def date_formats() -> dict[str, str]:
    """Date formats the cockpit's templates use, translatable so each language orders them its own way."""
    return {
        "day": pgettext("date format: weekday, day, month", "D j M"),
        "day_time": pgettext("date format: weekday, day, month, time", "D j M H:i"),
        "day_short": pgettext("date format: weekday and day of the month", "D j"),
        "long_day": pgettext("date format: full weekday, day, month", "l j F"),
        "long_day_year": pgettext("date format: full weekday, day, month, year", "l j F Y"),
        "weekday_time": pgettext("date format: weekday and time", "D H:i"),
        "day_month": pgettext("date format: day and month", "j M"),
    }


WITH_EXPO_PICKER = {"cockpit/dashboard.html", "cockpit/delegation.html", "cockpit/agenda.html"}


def page(request: HttpRequest, template: str, context: dict[str, Any] | None = None, status: int = 200) -> HttpResponse:
    context = {"fmt": date_formats(), **(context or {})}
    if template in WITH_EXPO_PICKER and "expo" in context:
        context["expos"] = cockpit_selectors.expo_choices()  # the expo picker above each page
    return render(request, template, context, status=status)


def _no_expo(request: HttpRequest, title: str) -> HttpResponse:
    return page(request, "cockpit/no_expo.html", {"page_title": title})


def _date(value: str) -> dt.date | None:
    try:
        return parse_date(value) if len(value) == 10 else None
    except ValueError:  # well formed but impossible, e.g. 2027-13-40
        return None


def _datetime(value: str, tz: dt.tzinfo) -> dt.datetime | None:
    """An aware moment from request text (naive text is read in ``tz``), or None.

    Years 1 and 9999 parse, but moving them into another zone (UTC, the expo's) overflows.
    """
    try:
        parsed = parse_datetime(value) if len(value) <= 40 else None
        if parsed is None:
            return None
        aware = parsed if timezone.is_aware(parsed) else parsed.replace(tzinfo=tz)
        for zone in (dt.UTC, tz):
            aware.astimezone(zone)
        return aware
    except (ValueError, OverflowError):
        return None


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


# --- Dashboard ----------------------------------------------------------------------------------


@login_required
@require_safe
def dashboard(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm(OFFICE):
        if exhibitor_selectors.exhibitors_for_user(request.user).exists():
            return redirect("exhibitor-home")
        return page(request, "cockpit/no_role.html", status=403)
    expo = cockpit_selectors.expo_by_slug(request.GET.get("expo"))
    if expo is None:
        return _no_expo(request, _("Dashboard"))
    now = timezone.now()
    data = cockpit_selectors.dashboard(expo=expo, now=now)
    delegation = cockpit_selectors.delegation_for(expo)
    members = cockpit_selectors.delegation_members(delegation) if delegation else []
    return page(
        request,
        "cockpit/dashboard.html",
        {
            "expo": expo,
            "delegation": delegation,
            "home_tz": cockpit_selectors.home_time_zone(members, expo.time_zone, request.user),
            "now": now,
            "links": {kind: list_url(kind) for kind in ("meeting", "follow_up", "contact", "exhibitor", "reminder")},
            **data,
        },
    )


# --- Delegation ---------------------------------------------------------------------------------


def _default_moment(expo: Any, now: dt.datetime) -> dt.datetime:
    """Now, if the expo is running; else 10:00 expo time on its first day."""
    tz = expo.tz
    if expo.starts_on <= now.astimezone(tz).date() <= expo.ends_on:
        return now.astimezone(tz).replace(second=0, microsecond=0)
    return dt.datetime.combine(expo.starts_on, dt.time(10, 0), tzinfo=tz)


@office_required
@require_safe
def delegation_overview(request: HttpRequest) -> HttpResponse:
    expo = cockpit_selectors.expo_by_slug(request.GET.get("expo"))
    if expo is None:
        return _no_expo(request, _("Delegation"))
    delegation = cockpit_selectors.delegation_for(expo, _int(request.GET.get("delegation")))
    tz = expo.tz
    at_error = ""
    raw_at = request.GET.get("at", "")
    at = _default_moment(expo, timezone.now())
    if raw_at:
        parsed = _datetime(raw_at, tz)
        if parsed is None:
            at_error = _("Enter a date and time such as 2027-09-04 14:30.")
        else:
            at = parsed
    members = cockpit_selectors.sort_members(cockpit_selectors.delegation_members(delegation)) if delegation else []
    timeline = cockpit_selectors.expo_timeline(expo, delegation) if delegation else []
    itinerary = [i for i in timeline if i.type == "itinerary"]
    home_tz = cockpit_selectors.home_time_zone(members, expo.time_zone, request.user)
    for member in members:
        member.url = object_url("member", member.pk)
    return page(
        request,
        "cockpit/delegation.html",
        {
            "expo": expo,
            "delegation": delegation,
            "delegations": list(delegation_selectors.delegation_list().filter(expo=expo).order_by("name")),
            "members": members,
            "itinerary": itinerary,
            "at": at.astimezone(tz),
            "at_value": at.astimezone(tz).strftime("%Y-%m-%dT%H:%M"),
            "at_error": at_error,
            "whereabouts": cockpit_selectors.who_is_where(members, timeline, at),
            "home_tz": home_tz,
            "days": cockpit_selectors.expo_days(expo),
        },
    )


# --- Agenda grid --------------------------------------------------------------------------------


@office_required
@require_safe
def agenda_grid(request: HttpRequest) -> HttpResponse:
    expo = cockpit_selectors.expo_by_slug(request.GET.get("expo"))
    if expo is None:
        return _no_expo(request, _("Agenda"))
    delegation = cockpit_selectors.delegation_for(expo, _int(request.GET.get("delegation")))
    members = cockpit_selectors.sort_members(cockpit_selectors.delegation_members(delegation)) if delegation else []
    venues = list(delegation_selectors.venue_list().filter(expo=expo).order_by("kind", "name"))
    items = cockpit_selectors.expo_timeline(expo, delegation)
    home_tz = cockpit_selectors.home_time_zone(members, expo.time_zone, request.user)
    days = agenda.build_days(expo=expo, items=items, members=members, venues=venues, home_tz=home_tz)
    meetings = {
        str(i.id): {
            "title": i.title,
            "starts_at": i.starts_at.isoformat(),
            "ends_at": i.ends_at.isoformat(),
            "venue": i.venue_id,
            "attendees": [{"type": p.type, "id": p.id, "role": p.role} for p in i.people],
            "url": i.url,
            "brief": reverse("briefing-meeting", args=[i.id]),
            "guests_mailed": i.guests_mailed,
        }
        for i in items
        if i.type == "meeting"
    }
    return page(
        request,
        "cockpit/agenda.html",
        {
            "expo": expo,
            "delegation": delegation,
            "days": days,
            "home_tz": home_tz,
            "meetings_json": meetings,
            "venues": venues,
            "members": members,
            "snap_minutes": agenda.SNAP_MINUTES,
            "has_items": bool(items),
            "strings": _agenda_strings(),
        },
    )


def _agenda_strings() -> dict[str, str]:
    """The agenda script's sentences, translated here so one catalogue serves pages and script."""
    return {
        "saving": _("Saving…"),
        "moved": _("Moved “%(title)s” to %(when)s."),
        "pending": _("Moving to %(where)s. Press Enter to save or Escape to put it back."),
        "cancelled": _("Move cancelled; nothing was changed."),
        "conflict": _("Not moved: it would clash with another booking."),
        "nothing_changed": _("Nothing was changed."),
        "already_attending": _("That member already attends this meeting; nothing was changed."),
        "wrong_lane": _("A meeting moves to a member's lane only from another member's lane; nothing was changed."),
        "network": _("The server could not be reached; nothing was changed. Check the connection and try again."),
        "forbidden": _("You may not change this meeting; nothing was changed."),
        "not_found": _("This meeting no longer exists. Reload the page."),
        "invalid": _("The server refused the change:"),
        "server_error": _("The server could not save the change (error %(status)s); nothing was changed. Try again."),
        "bad_time": _("Choose one of the expo days and a start time such as 14:30."),
        "reload": _("Saved, but the grid could not be refreshed. Reload the page to see the change."),
        "dismiss": _("Dismiss"),
        "travel": _("Little time to travel from the previous place."),
        "save_anyway": _("Move anyway to %(when)s"),
        "guests_question": _("“%(title)s” e-mails its guests. Tell them of the new time?"),
        "guests_tell": _("Move and tell the guests"),
        "guests_quiet": _("Move, tell our members only"),
        "guests_keep": _("Do not move"),
        "moved_quietly": _("Moved “%(title)s” to %(when)s; the guests were not told."),
    }


# --- Outcome report -----------------------------------------------------------------------------


@office_required
@require_safe
def outcome_report(request: HttpRequest) -> HttpResponse:
    expo = cockpit_selectors.expo_by_slug(request.GET.get("expo"))
    if expo is None:
        return _no_expo(request, _("Outcome report"))
    current = report.build_report(expo)
    if request.GET.get("format") == "csv":
        response = HttpResponse(report.csv_export(current), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="outcome-{expo.slug}.csv"'
        return response
    expos = cockpit_selectors.expo_choices()
    earlier = None
    compare_slug = request.GET.get("compare", "")
    if compare_slug:
        earlier_expo = next((e for e in expos if e.slug == compare_slug and e.pk != expo.pk), None)
        if earlier_expo is not None:
            earlier_report = report.build_report(earlier_expo)
            earlier = {
                "report": earlier_report,
                "charts": report.charts_for(earlier_report, prefix="y"),
                "rows": _comparison_rows(current, earlier_report),
                "countries": _country_comparison(current, earlier_report),
            }
    follow_up_statuses = report.follow_up_status_labels()
    meeting_kinds = report.meeting_kind_labels()
    kinds = report.kind_labels()
    return page(
        request,
        "cockpit/outcome_report.html",
        {
            "expo": expo,
            "report": current,
            "charts": report.charts_for(current),
            "summaries": report.summaries(current),
            "expos": expos,
            "compare_slug": compare_slug,
            "earlier": earlier,
            "generated_at": timezone.now(),
            "meeting_kinds": meeting_kinds,
            "kind_rows": [
                {
                    "label": kinds.get(kind, kind),
                    "organizations": current.organizations_by_kind[kind],
                    "contacts": current.contacts_by_kind[kind],
                }
                for kind in report.KIND_ORDER
                if current.organizations_by_kind.get(kind)
            ],
            "day_rows": [
                {
                    "day": day,
                    "counts": [counts.get(key, 0) for key, _label in meeting_kinds],
                    "total": sum(counts.values()),
                }
                for day, counts in current.meetings_by_day.items()
            ],
            "follow_up_statuses": follow_up_statuses,
            "owner_rows": [
                (owner, [counts.get(key, 0) for key, _label in follow_up_statuses], sum(counts.values()))
                for owner, counts in current.follow_ups_by_owner.items()
            ],
            "country_rows": [
                (
                    code,
                    report.country_name(code),
                    current.contacts_by_country[code],
                    current.organizations_by_country[code],
                )
                for code in current.countries
            ],
        },
    )


def _comparison_rows(current: report.OutcomeReport, earlier: report.OutcomeReport) -> list[dict[str, Any]]:
    earlier_values = {key: value for key, _label, value in earlier.figures()}
    rows = []
    for key, label, value in current.figures():
        before = earlier_values.get(key, 0)
        rows.append({"key": key, "label": label, "current": value, "earlier": before, "change": value - before})
    return rows


def _country_comparison(current: report.OutcomeReport, earlier: report.OutcomeReport) -> list[dict[str, Any]]:
    codes = set(current.contacts_by_country) | set(earlier.contacts_by_country)
    rows = [
        {
            "code": code,
            "name": report.country_name(code),
            "current": current.contacts_by_country.get(code, 0),
            "earlier": earlier.contacts_by_country.get(code, 0),
        }
        for code in codes
    ]
    return sorted(rows, key=lambda r: (-(r["current"] + r["earlier"]), r["name"]))


# --- Briefing packs -----------------------------------------------------------------------------


def _briefing_response(request: HttpRequest, template: str, context: dict[str, Any], filename: str) -> HttpResponse:
    if request.GET.get("download") == "1":
        css = "\n".join(
            Path(path).read_text(encoding="utf-8")
            for path in (finders.find("css/portal.css"), finders.find("css/cockpit.css"))
            if path
        )
        html = render_to_string(
            template, {**context, "fmt": date_formats(), "standalone": True, "inline_css": css}, request=request
        )
        response = HttpResponse(html, content_type="text/html; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    return page(request, template, context)


def _travel(
    expo: Any, table: dict[tuple[int, int], int], timeline: list[Any], item: Any, member_ids: list[int]
) -> dict[str, Any] | None:
    previous = cockpit_selectors.previous_item(timeline, item, member_ids)
    if previous is None:
        return None
    return {
        "item": previous,
        "minutes": cockpit_selectors.travel_minutes(expo, table, previous.venue_id, item.venue_id),
        "gap": int((item.starts_at - previous.ends_at).total_seconds() // 60),
    }


def _meeting_brief(
    expo: Any, item: Any, timeline: list[Any], table: dict[tuple[int, int], int], counterpart: dict[str, Any]
) -> dict[str, Any]:
    return {
        "item": item,
        "ours": [p for p in item.people if p.type in ("member", "exhibitor")],
        "theirs": [p for p in item.people if p.type == "contact"],
        "interpreters": [p for p in item.people if p.role == "interpreter"],
        "travel": _travel(expo, table, timeline, item, item.member_ids),
        **counterpart,
    }


@office_required
@require_safe
def briefing_meeting(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = cockpit_selectors.meeting_for_briefing(pk)
    if meeting is None:
        raise Http404
    expo = meeting.expo
    item = cockpit_selectors.meeting_item(meeting)
    delegation = cockpit_selectors.delegation_for(expo)
    day_start, day_end = cockpit_selectors.local_day_bounds(item.starts_at.astimezone(expo.tz).date(), expo.tz)
    timeline = cockpit_selectors.expo_timeline(expo, delegation, since=day_start, until=day_end)
    table = cockpit_selectors.travel_table(expo)
    brief = _meeting_brief(expo, item, timeline, table, cockpit_selectors.counterparts([item])[item.id])
    members = cockpit_selectors.delegation_members(delegation) if delegation else []
    return _briefing_response(
        request,
        "cockpit/briefing_meeting.html",
        {
            "expo": expo,
            "brief": brief,
            "home_tz": cockpit_selectors.home_time_zone(members, expo.time_zone, request.user),
        },
        f"briefing-meeting-{meeting.pk}.html",
    )


@office_required
@require_safe
def briefing_member_day(request: HttpRequest, pk: int, day: str) -> HttpResponse:
    member = cockpit_selectors.member_for_briefing(pk)
    on = _date(day)
    if member is None or on is None:
        raise Http404
    expo = member.delegation.expo
    start, end = cockpit_selectors.local_day_bounds(on, expo.tz)
    timeline = cockpit_selectors.expo_timeline(expo, member.delegation, since=start, until=end)
    mine = [i for i in timeline if member.pk in i.member_ids]
    own = [i for i in mine if i.kind != "hotel"]
    stays = [i for i in mine if i.kind == "hotel"]
    table = cockpit_selectors.travel_table(expo)
    counterpart = cockpit_selectors.counterparts([i for i in own if i.type == "meeting"])
    entries = []
    for item in own:
        if item.type == "meeting":
            entries.append(_meeting_brief(expo, item, timeline, table, counterpart[item.id]))
        else:
            entries.append({"item": item, "travel": _travel(expo, table, timeline, item, [member.pk])})
    return _briefing_response(
        request,
        "cockpit/briefing_member_day.html",
        {
            "expo": expo,
            "member": member,
            "day": on,
            "entries": entries,
            "stays": stays,
            "days": cockpit_selectors.expo_days(expo),
            "home_tz": member.home_time_zone or expo.time_zone,
        },
        f"briefing-{member.pk}-{on.isoformat()}.html",
    )


# --- Offline support ----------------------------------------------------------------------------


@require_safe
def service_worker(request: HttpRequest) -> HttpResponse:
    """static/sw.js served from the site root so that it may keep briefing packs for offline reading."""
    path = finders.find("sw.js")
    if not path:
        raise Http404
    script = Path(path).read_text(encoding="utf-8").replace("__STATIC_URL__", settings.STATIC_URL)
    response = HttpResponse(script, content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response
