"""Every permission of the portal, in one place: django-rules predicates and the rules built on them.

Pages ask ``request.user.has_perm(rule)`` (or ``has_perm(rule, obj)`` for an object), the API's one
permission class (``common.permissions.PortalApiPermission``) asks the rules each view declares,
and the admin asks ``common.office``. Outside a request (selectors, services) ask
``rules.has_perm(rule, user)``. An API key's stand-in user (``ApiClient``) is asked the same
rules: a key passes a rule only through a scope predicate (``api_scope``).

Roles: office staff (the ``office`` group, and superusers) pass every rule; exhibitor users
(members of an exhibitor's team, some of them team admins) pass the rules of their own
exhibitors; API keys pass the rules their scopes name; nobody else passes any. Nothing is
granted implicitly: Django model permissions are not consulted (``common.auth_backends``).

``tests/common/test_rules.py`` fails when a rule registered here is consulted nowhere.
"""

from __future__ import annotations

import re
from typing import Any

import rules
from django.contrib.auth.base_user import AbstractBaseUser

from common.api_keys.authentication import ApiClient

OFFICE_GROUP = "office"
OFFICE = "common.office"


# --- Predicates ---------------------------------------------------------------------------------


def _signed_in(user: Any) -> bool:
    # An API key's stand-in is not a Django user: it is never office staff nor an exhibitor user.
    return isinstance(user, AbstractBaseUser) and user.is_authenticated


@rules.predicate
def is_office(user: Any) -> bool:
    if not _signed_in(user):
        return False
    if user.is_superuser:
        return True
    # Asked several times per page: the answer is kept on the user object of this request.
    cached = getattr(user, "_portal_is_office", None)
    if cached is None:
        cached = user.groups.filter(name=OFFICE_GROUP).exists()
        user._portal_is_office = cached
    return cached


def _memberships(user: Any) -> dict[int, bool]:
    """The user's exhibitors (id → team admin?), read once per user object (one per request)."""
    cached = getattr(user, "_portal_memberships", None)
    if cached is None:
        cached = dict(user.exhibitor_memberships.values_list("exhibitor_id", "is_admin"))
        user._portal_memberships = cached
    return cached


@rules.predicate
def is_exhibitor_user(user: Any) -> bool:
    """Acts for at least one exhibitor (a member of its team)."""
    return _signed_in(user) and bool(_memberships(user))


@rules.predicate
def is_exhibitor_member(user: Any, exhibitor: Any) -> bool:
    if exhibitor is None or not _signed_in(user):
        return False
    return exhibitor.pk in _memberships(user)


@rules.predicate
def is_exhibitor_admin(user: Any, exhibitor: Any) -> bool:
    if exhibitor is None or not _signed_in(user):
        return False
    return _memberships(user).get(exhibitor.pk) is True


@rules.predicate
def is_member_of_objects_exhibitor(user: Any, obj: Any) -> bool:
    """A lead (or another object with an ``exhibitor``) of one of the user's exhibitors."""
    return bool(is_exhibitor_member(user, getattr(obj, "exhibitor", None)))


@rules.predicate
def exhibitor_takes_part(user: Any, meeting: Any) -> bool:
    if meeting is None or not _signed_in(user):
        return False
    exhibitor_ids = _memberships(user)
    return bool(exhibitor_ids) and meeting.attendees.filter(exhibitor_id__in=list(exhibitor_ids)).exists()


@rules.predicate
def lead_shared_with_office(user: Any, lead: Any) -> bool:
    return bool(getattr(lead, "shared_with_office", False))


def api_scope(scope: str) -> rules.Predicate:
    """Passes an API key that holds ``scope`` (e.g. ``contacts:read``); never a browser session."""

    def test(user: Any) -> bool:
        return isinstance(user, ApiClient) and user.key.has_scope(scope)

    return rules.Predicate(test, name=f"api_scope({scope})")


# --- Rules --------------------------------------------------------------------------------------

RULES: dict[str, rules.Predicate] = {
    # The office: its pages, the admin, every API resource for browser sessions.
    OFFICE: is_office,
    # The contact book (contacts, organisations, tombstones, exports).
    "delegations.view_contacts": is_office | api_scope("contacts:read"),
    "delegations.change_contacts": is_office | api_scope("contacts:write"),
    # Expos, delegations and members (read by schedulers and integrations).
    "delegations.view_delegations": is_office | api_scope("meetings:read"),
    # The schedule: meetings, speaking slots, follow-ups.
    "meetings.view_schedule": is_office | api_scope("meetings:read"),
    "meetings.change_schedule": is_office | api_scope("meetings:write"),
    # Meetings are also read by the users of the exhibitors taking part in them.
    "meetings.list_meetings": is_office | is_exhibitor_user | api_scope("meetings:read"),
    "meetings.view_meeting": is_office | exhibitor_takes_part | api_scope("meetings:read"),
    # The pavilion: exhibitor self-service pages and their API.
    "exhibitors.use_self_service": is_office | is_exhibitor_user,
    "exhibitors.list_exhibitors": is_office | is_exhibitor_user | api_scope("exhibitors:read"),
    "exhibitors.view_exhibitor": is_office | is_exhibitor_member | api_scope("exhibitors:read"),
    "exhibitors.edit_profile": is_office | is_exhibitor_member,
    "exhibitors.review_profile": is_office,
    "exhibitors.manage_team": is_office | is_exhibitor_admin,
    # Booth leads: keys read only the leads whose visitors agreed to be shared with the office.
    "exhibitors.list_leads": is_office | is_exhibitor_user | api_scope("exhibitors:read"),
    "exhibitors.add_lead": is_office | is_exhibitor_user,
    "exhibitors.view_lead": is_office
    | is_member_of_objects_exhibitor
    | (api_scope("exhibitors:read") & lead_shared_with_office),
    "exhibitors.change_lead": is_office | is_member_of_objects_exhibitor,
}

for _name, _predicate in RULES.items():
    rules.add_perm(_name, _predicate)

# The scopes that let a key pass each rule (read from the predicates), for the API's 403 message.
KEY_SCOPES: dict[str, tuple[str, ...]] = {
    name: tuple(re.findall(r"api_scope\(([^)]+)\)", predicate.name)) for name, predicate in RULES.items()
}
