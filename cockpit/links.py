"""Where one click on a cockpit item leads: the object's own page, else its admin change page."""

from __future__ import annotations

from functools import lru_cache

from django.urls import NoReverseMatch, reverse

# Page URL names (and the name of their id argument) tried in order for each kind of object,
# then the admin change page.
PAGE_NAMES: dict[str, tuple[tuple[str, str], ...]] = {
    "meeting": (("meeting-detail", "pk"),),
    "speaking_slot": (("speaking-slot-detail", "pk"),),
    "follow_up": (("follow-up-detail", "pk"), ("follow-up-edit", "pk")),
    "contact": (("contact-detail", "pk"),),
    "organization": (("organization-detail", "pk"),),
    "exhibitor": (("exhibitor-profile-review", "exhibitor_id"), ("exhibitor-profile", "exhibitor_id")),
    "member": (("schedule-member", "pk"), ("member-detail", "pk")),
}
ADMIN_NAMES: dict[str, str] = {
    "meeting": "admin:meetings_meeting_change",
    "speaking_slot": "admin:meetings_speakingslot_change",
    "follow_up": "admin:meetings_followup_change",
    "contact": "admin:delegations_contact_change",
    "organization": "admin:delegations_organization_change",
    "exhibitor": "admin:exhibitors_exhibitor_change",
    "member": "admin:delegations_member_change",
    "reminder": "admin:meetings_reminder_change",
}
LIST_NAMES: dict[str, tuple[str, ...]] = {
    "meeting": ("meeting-list", "admin:meetings_meeting_changelist"),
    "speaking_slot": ("speaking-slot-list", "admin:meetings_speakingslot_changelist"),
    "follow_up": ("follow-up-list", "admin:meetings_followup_changelist"),
    "contact": ("contact-list", "admin:delegations_contact_changelist"),
    "organization": ("organization-list", "admin:delegations_organization_changelist"),
    "exhibitor": ("pavilion-review", "admin:exhibitors_boothprofile_changelist"),
    "reminder": ("admin:meetings_reminder_changelist",),
}


@lru_cache(maxsize=64)
def _page_name(kind: str) -> tuple[str, str] | None:
    """The first page URL name that exists for this kind, found once per process."""
    for name, argument in PAGE_NAMES.get(kind, ()):
        try:
            reverse(name, kwargs={argument: 1})
        except NoReverseMatch:
            continue
        return name, argument
    return None


def object_url(kind: str, pk: int | None) -> str:
    """The object's own page, else its admin change page, else an empty string."""
    if pk is None:
        return ""
    found = _page_name(kind)
    if found:
        name, argument = found
        return reverse(name, kwargs={argument: pk})
    admin_name = ADMIN_NAMES.get(kind)
    if admin_name:
        try:
            return reverse(admin_name, args=[pk])
        except NoReverseMatch:
            return ""
    return ""


def list_url(kind: str) -> str:
    for name in LIST_NAMES.get(kind, ()):
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return ""


def clear_cache() -> None:
    _page_name.cache_clear()
