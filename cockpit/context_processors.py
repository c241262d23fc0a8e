from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from common.rules import OFFICE

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# The office's navigation: (label, URL name). Entries whose page does not exist are left out.
OFFICE_NAV = [
    (_("Dashboard"), "dashboard"),
    (_("Delegation"), "delegation-overview"),
    (_("Agenda"), "agenda-grid"),
    (_("Meetings"), "meeting-list"),
    (_("Speeches"), "speaking-slot-list"),
    (_("Follow-ups"), "follow-up-list"),
    (_("Contacts"), "contact-list"),
    (_("Organisations"), "organization-list"),
    (_("Pavilion review"), "pavilion-review"),
    (_("Outcome report"), "outcome-report"),
    (_("API keys"), "api-key-list"),
]
EXHIBITOR_NAV = [
    (_("Booth profile"), "exhibitor-home"),
    (_("Leads"), "lead-list"),
    (_("Schedule"), "exhibitor-schedule"),
    (_("Team"), "exhibitor-team"),
]


def _resolve(entries: Sequence[tuple[StrOrPromise, str]], current: str) -> list[dict[str, object]]:
    items: list[dict[str, object]] = []
    for label, name in entries:
        try:
            items.append({"label": label, "url": reverse(name), "current": False})
        except NoReverseMatch:
            continue
    # The current entry is the one whose URL is the longest prefix of the page's path.
    matches = [i for i in items if current == i["url"] or (i["url"] != "/" and current.startswith(str(i["url"])))]
    if matches:
        max(matches, key=lambda item: len(str(item["url"])))["current"] = True
    return items


def portal(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    office = bool(user and user.has_perm(OFFICE))
    nav: list[dict[str, object]] = []
    if office:
        nav = _resolve(OFFICE_NAV, request.path)
    elif user is not None and user.is_authenticated:
        nav = _resolve(EXHIBITOR_NAV, request.path)

    def has_role() -> bool:  # asked only by the pages that show it (one query then)
        return bool(user and user.has_perm("exhibitors.use_self_service"))

    return {"is_office": office, "portal_nav": nav, "has_role": has_role}
