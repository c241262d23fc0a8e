"""Guests' answers to an invitation (through their response link) and the office's acceptance of a
proposed time."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.errors import DomainError
from meetings.models import GuestResponse, Meeting, MeetingAttendee, ResponseLink
from meetings.response_links import FoundLink
from meetings.services.common import FieldErrors
from meetings.services.meetings import meeting_update

if TYPE_CHECKING:
    from common.actors import Actor

ANSWERS = {
    "accept": MeetingAttendee.Response.ACCEPTED,
    "decline": MeetingAttendee.Response.DECLINED,
    "propose": MeetingAttendee.Response.PROPOSED,
}
# Proposals are taken on the quarter hour, like the agenda's grid.
PROPOSAL_STEP_MINUTES = 15


class ResponseClosed(DomainError):
    """The link no longer takes answers (revoked, meeting cancelled or started): the page answers 410."""

    code = "closed"
    default_message = "This response link no longer takes answers."


def _actor_id(actor: Actor | None) -> int | None:
    return getattr(actor, "pk", None) if getattr(actor, "is_authenticated", False) else None


def check_proposal(*, meeting: Meeting, starts_at: object, errors: FieldErrors) -> dt.datetime | None:
    """A proposed start: a date and time, on the quarter hour, in the future, and (with the
    meeting's length) within the expo's days in the expo's time zone."""
    if not isinstance(starts_at, dt.datetime) or starts_at.tzinfo is None:
        errors.add("proposed_starts_at", _("Give the proposed start as a date and time."))
        return None
    expo = meeting.expo
    local = starts_at.astimezone(expo.tz)
    ends = (starts_at + (meeting.ends_at - meeting.starts_at)).astimezone(expo.tz)
    if local.minute % PROPOSAL_STEP_MINUTES or local.second or local.microsecond:
        errors.add("proposed_starts_at", _("Propose a time on the quarter hour (for example 10:00 or 10:15)."))
    elif starts_at <= timezone.now():
        errors.add("proposed_starts_at", _("Propose a time that has not passed."))
    elif local.date() < expo.starts_on or ends.date() > expo.ends_on:
        errors.add(
            "proposed_starts_at",
            _("Propose a time within the expo's days (%(first)s to %(last)s).")
            % {"first": expo.starts_on.isoformat(), "last": expo.ends_on.isoformat()},
        )
    return starts_at


@transaction.atomic
def attendee_respond(*, found: FoundLink, response: str, proposed_starts_at: object = None) -> MeetingAttendee:
    """Record a guest's answer given through their response link (it may change until the start).

    Side effects: the attendee's ``response`` (and ``proposed_starts_at``), a ``GuestResponse``
    row in the meeting's log, the link's ``last_used_at``. Raises ``ResponseClosed`` when the
    link no longer works and ``ValidationError`` for a bad answer; nothing is saved then.
    """
    attendee = MeetingAttendee.objects.select_for_update().select_related("meeting__expo").get(pk=found.attendee.pk)
    link = ResponseLink.objects.select_for_update().get(pk=found.link.pk)
    meeting = attendee.meeting
    if (
        link.revoked_at is not None
        or meeting.status in (Meeting.Status.CANCELLED, Meeting.Status.HELD)
        or meeting.starts_at <= timezone.now()
    ):
        raise ResponseClosed()
    errors = FieldErrors()
    answer = ANSWERS.get(response or "")
    if answer is None:
        errors.add("response", _("Choose accept, decline or propose another time."))
    proposal = None
    if answer == MeetingAttendee.Response.PROPOSED:
        proposal = check_proposal(meeting=meeting, starts_at=proposed_starts_at, errors=errors)
    errors.raise_if_any()
    assert answer is not None  # checked above
    now = timezone.now()
    attendee.response = answer
    attendee.proposed_starts_at = proposal
    attendee.responded_at = now
    attendee.save(update_fields=["response", "proposed_starts_at", "responded_at"])
    GuestResponse.objects.create(
        meeting=meeting, contact_id=attendee.contact_id, response=answer, proposed_starts_at=proposal
    )
    link.last_used_at = now
    link.save(update_fields=["last_used_at"])
    return attendee


@transaction.atomic
def meeting_accept_proposal(
    *,
    meeting: Meeting,
    attendee_id: int,
    actor: Actor | None,
    tell_contacts: bool = True,
    override_travel: bool = False,
) -> Meeting:
    """Move the meeting to the time a guest proposed, keeping its length; the guest has then accepted.

    Side effects: those of ``meeting_update`` (busy time re-checked: a clash raises
    ``SchedulingConflict`` and nothing changes; "time changed" notices, to guests only with
    ``notify_contacts`` and ``tell_contacts``; other guests' answers back to pending); the
    proposer's answer becomes accepted and the acceptance is logged. ``ValidationError`` when
    that attendee has no open proposal.
    """
    attendee = (
        MeetingAttendee.objects.select_for_update()
        .filter(pk=attendee_id, meeting_id=meeting.pk, response=MeetingAttendee.Response.PROPOSED)
        .first()
    )
    if attendee is None or attendee.proposed_starts_at is None:
        errors = FieldErrors()
        errors.add("attendee", _("This guest has no proposed time to accept (any more)."))
        errors.raise_if_any()
        raise AssertionError("unreachable")  # raise_if_any raised
    starts_at = attendee.proposed_starts_at
    moved = meeting_update(
        meeting=meeting,
        actor=actor,
        starts_at=starts_at,
        ends_at=starts_at + (meeting.ends_at - meeting.starts_at),
        override_travel=override_travel,
        tell_contacts=tell_contacts,
    )
    MeetingAttendee.objects.filter(pk=attendee.pk).update(
        response=MeetingAttendee.Response.ACCEPTED, proposed_starts_at=None
    )
    GuestResponse.objects.create(
        meeting=moved,
        contact_id=attendee.contact_id,
        response=MeetingAttendee.Response.ACCEPTED,
        proposed_starts_at=starts_at,
        accepted_by_id=_actor_id(actor),
    )
    return moved


def response_links_revoke(*, meeting: Meeting, attendee_id: int) -> int:
    """Stop every live response link of one guest of the meeting. Side effects: ``revoked_at``."""
    return ResponseLink.objects.filter(
        attendee__meeting_id=meeting.pk, attendee_id=attendee_id, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())
