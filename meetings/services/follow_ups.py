"""Follow-ups: what was agreed, with an owner and a due date."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, TypedDict

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from meetings.models import FollowUp
from meetings.services.common import FieldErrors

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from common.actors import Actor
    from delegations.models import Contact, Expo, Organization
    from meetings.models import Meeting

FIELDS = frozenset({"expo", "meeting", "contact", "organization", "title", "description", "owner", "due_on", "status"})


class FollowUpFields(TypedDict, total=False):
    """What a caller may set on a follow-up besides its title."""

    expo: Expo | None
    meeting: Meeting | None
    contact: Contact | None
    organization: Organization | None
    description: str
    owner: User | None
    due_on: dt.date | None
    status: str


class FollowUpChanges(FollowUpFields, total=False):
    """What ``follow_up_update`` may change: the same fields and the title."""

    title: str


def _check(follow_up: FollowUp, errors: FieldErrors) -> None:
    if not (follow_up.title or "").strip():
        errors.add("title", _("Say what has to be done."))
    if len(follow_up.title or "") > 300:
        errors.add("title", _("At most %(limit)d characters.") % {"limit": 300})
    if follow_up.status not in FollowUp.Status.values:
        errors.add("status", _("Choose one of: %(s)s.") % {"s": ", ".join(FollowUp.Status.values)})
    if follow_up.due_on is not None and not isinstance(follow_up.due_on, dt.date):
        errors.add("due_on", _("Give a date."))
    meeting = follow_up.meeting if follow_up.meeting_id and follow_up.expo_id else None
    if meeting is not None and meeting.expo_id != follow_up.expo_id:
        errors.add("meeting", _("This meeting belongs to another expo."))


def _apply_derived(follow_up: FollowUp, previous_status: str | None, previous_due: dt.date | None) -> None:
    if follow_up.meeting is not None and not follow_up.expo_id:
        follow_up.expo_id = follow_up.meeting.expo_id
    if follow_up.contact is not None and not follow_up.organization_id:
        follow_up.organization_id = follow_up.contact.organization_id
    closed = {FollowUp.Status.DONE, FollowUp.Status.DROPPED}
    if follow_up.status in closed and previous_status not in closed:
        follow_up.completed_at = timezone.now()
    elif follow_up.status not in closed:
        follow_up.completed_at = None
    if follow_up.due_on != previous_due:
        follow_up.reminded_at = None  # a new due date gets a new reminder


@transaction.atomic
def follow_up_create(*, actor: Actor | None, title: str, **fields: Unpack[FollowUpFields]) -> FollowUp:
    """Record a follow-up (from a meeting or a contact).

    Side effects: a ``FollowUp``; expo and organisation are filled from the meeting and the
    contact when not given. The owner is reminded on the due date (reminders module).
    """
    unknown = set(fields) - FIELDS
    if unknown:
        raise TypeError(f"follow_up_create() got unexpected fields: {', '.join(sorted(unknown))}")
    follow_up = FollowUp(title=(title or "").strip(), **fields)
    if follow_up.owner_id is None and isinstance(actor, User) and actor.pk:
        follow_up.owner_id = actor.pk
    errors = FieldErrors()
    _check(follow_up, errors)
    errors.raise_if_any()
    _apply_derived(follow_up, None, None)
    follow_up.save()
    return follow_up


@transaction.atomic
def follow_up_update(*, follow_up: FollowUp, actor: Actor | None, **fields: Unpack[FollowUpChanges]) -> FollowUp:
    """Change a follow-up; closing it stamps ``completed_at``, a new due date re-arms its reminder."""
    unknown = set(fields) - FIELDS
    if unknown:
        raise TypeError(f"follow_up_update() got unexpected fields: {', '.join(sorted(unknown))}")
    locked = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    previous_status, previous_due = locked.status, locked.due_on
    for name, value in fields.items():
        setattr(locked, name, str(value or "").strip() if name == "title" else value)
    errors = FieldErrors()
    _check(locked, errors)
    errors.raise_if_any()
    _apply_derived(locked, previous_status, previous_due)
    locked.save()
    return locked


@transaction.atomic
def follow_up_delete(*, follow_up: FollowUp, actor: Actor | None) -> None:
    """Delete a follow-up."""
    follow_up.delete()
