"""What each caller may see of a meeting: one decision shared by the pages, the API and calendars.

- Office staff, and API keys with ``meetings:read`` (the office's own integrations), see every
  field.
- Everyone else — exhibitor users, guests receiving an invitation, calendar apps polling a feed —
  never sees the office's own notes: the ``objectives`` it pursues and the ``outcome`` it recorded.
- A key that may write meetings but not read them learns nothing of other meetings from a clash:
  conflicts and travel warnings keep their kind, ids and times, not titles or names.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import PermissionsMixin

from common.api_keys.authentication import ApiClient
from common.rules import OFFICE

OFFICE_NOTES = frozenset({"objectives", "outcome"})
NOTHING = frozenset[str]()


def hidden_meeting_fields(viewer: object | None) -> frozenset[str]:
    """Meeting fields ``viewer`` may not see. ``None`` stands for whoever receives a calendar file
    outside the portal (a guest's e-mail, a subscribed feed)."""
    if isinstance(viewer, ApiClient) or (isinstance(viewer, PermissionsMixin) and viewer.has_perm(OFFICE)):
        return NOTHING
    return OFFICE_NOTES


def without_hidden(data: dict[str, Any], hidden: frozenset[str]) -> dict[str, Any]:
    return {name: value for name, value in data.items() if name not in hidden} if hidden else data


_CLASH_KEPT = ("type", "id", "starts_at", "ends_at", "direction", "gap_minutes", "needed_minutes")


def clash_for_writer(entry: dict[str, Any]) -> dict[str, Any]:
    """A conflict or travel warning as a caller who may not read the schedule receives it."""
    narrowed = {name: entry[name] for name in _CLASH_KEPT if name in entry}
    subject = entry.get("subject")
    if isinstance(subject, dict):
        narrowed["subject"] = {name: subject[name] for name in ("type", "id") if name in subject}
    return narrowed


def clashes_for_writer(data: dict[str, Any]) -> dict[str, Any]:
    """An answer naming clashes (the check endpoint's, a 409 or a travel-buffer 400) narrowed for
    a caller who may not read the schedule."""
    narrowed = dict(data)
    changed = False
    for name in ("conflicts", "warnings"):
        if isinstance(data.get(name), list):
            narrowed[name] = [clash_for_writer(entry) if isinstance(entry, dict) else entry for entry in data[name]]
            changed = True
    if changed and "detail" in narrowed:
        if data.get("code") == "travel_buffer":
            narrowed["detail"] = "Not enough time to travel between venues; set override_travel to save anyway."
        elif "conflicts" in data:
            narrowed["detail"] = "This would double-book a person or a place."
    return narrowed
