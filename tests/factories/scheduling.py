"""Helpers for schedule tests: an expo with venues, members and contacts, and a meeting builder."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from delegations.models import Contact, Delegation, Expo, Member, Venue
from meetings.models import Meeting
from meetings.services import meeting_create
from tests.factories import SEOUL, ContactFactory, DelegationFactory, ExpoFactory, MemberFactory, VenueFactory


def seoul(day: int, hour: int, minute: int = 0) -> dt.datetime:
    """A time on the demo expo's days (September 2027, Asia/Seoul)."""
    return dt.datetime(2027, 9, day, hour, minute, tzinfo=SEOUL)


@dataclass
class Scene:
    expo: Expo
    delegation: Delegation
    room_a: Venue
    room_b: Venue
    members: list[Member] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)


def make_scene(members: int = 3, contacts: int = 2) -> Scene:
    expo = ExpoFactory(default_travel_minutes=30)
    delegation = DelegationFactory(expo=expo)
    scene = Scene(
        expo=expo,
        delegation=delegation,
        room_a=VenueFactory(expo=expo, name="Room A"),
        room_b=VenueFactory(expo=expo, name="Room B"),
        members=[MemberFactory(delegation=delegation, full_name=f"Member {i}") for i in range(members)],
        contacts=[ContactFactory(full_name=f"Guest {i}") for i in range(contacts)],
    )
    for contact in scene.contacts:
        contact.expos.add(expo)
    return scene


def book(
    scene: Scene, *, actor=None, start: dt.datetime, end: dt.datetime, members=(), contacts=(), **extra
) -> Meeting:
    attendees = [{"type": "member", "id": m.pk, "role": "participant"} for m in members]
    attendees += [{"type": "contact", "id": c.pk, "role": "participant"} for c in contacts]
    extra.setdefault("title", "Meeting")
    extra.setdefault("kind", Meeting.Kind.BUSINESS)
    return meeting_create(actor=actor, expo=scene.expo, starts_at=start, ends_at=end, attendees=attendees, **extra)
