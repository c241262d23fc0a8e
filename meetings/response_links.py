"""Guests' personal response links: issued when a mail to a guest is sent, found by the hash of the token.

The raw token appears only in the mail (``<PORTAL_URL>/respond/<token>/``); the database keeps its
SHA-256. A link works until the meeting starts, the meeting is cancelled, or the office revokes it.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from meetings.models import Meeting, MeetingAttendee, ResponseLink


def response_token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def response_url(raw: str) -> str:
    return f"{settings.PORTAL_URL.rstrip('/')}/respond/{raw}/"


def response_link_issue(*, attendee: MeetingAttendee) -> str:
    """Store a new link for a guest attendee; returns the raw token (never stored)."""
    if attendee.contact_id is None:
        raise ValueError("only a guest (contact) attendee answers through a response link")
    raw = secrets.token_urlsafe(32)
    ResponseLink.objects.create(attendee=attendee, token_hash=response_token_hash(raw), prefix=raw[:8])
    return raw


@dataclass(frozen=True)
class FoundLink:
    link: ResponseLink
    attendee: MeetingAttendee
    meeting: Meeting
    # Why the link no longer works ("revoked", "cancelled", "started"), or "" when it does.
    closed: str


def response_link_find(raw: str) -> FoundLink | None:
    """The link, its attendee and meeting, and whether it still works; None for an unknown token."""
    if not raw or len(raw) > 100:
        return None
    link = (
        ResponseLink.objects.select_related(
            "attendee__contact__organization", "attendee__meeting__expo", "attendee__meeting__venue"
        )
        .filter(token_hash=response_token_hash(raw))
        .first()
    )
    if link is None:
        return None
    attendee = link.attendee
    meeting = attendee.meeting
    closed = ""
    if link.revoked_at is not None:
        closed = "revoked"
    elif meeting.status == Meeting.Status.CANCELLED:
        closed = "cancelled"
    elif meeting.starts_at <= timezone.now() or meeting.status == Meeting.Status.HELD:
        closed = "started"
    return FoundLink(link=link, attendee=attendee, meeting=meeting, closed=closed)
