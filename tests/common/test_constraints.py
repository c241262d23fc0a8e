"""Each rule the data must keep is refused by PostgreSQL itself, not only by Python."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from psycopg2.extras import DateTimeTZRange

from delegations.models import BusyTime, Contact, ContactTombstone, TravelTime
from exhibitors.models import ExhibitorMembership
from meetings.models import MeetingAttendee, Reminder
from tests.factories import (
    SEOUL,
    ContactFactory,
    DelegationFactory,
    ExhibitorFactory,
    ExpoFactory,
    ItineraryItemFactory,
    MeetingFactory,
    MemberFactory,
    OrganizationFactory,
    SpeakingSlotFactory,
    UserFactory,
    VenueFactory,
)

pytestmark = pytest.mark.django_db


def at(hour: int, minute: int = 0, day: int = 4) -> dt.datetime:
    return dt.datetime(2027, 9, day, hour, minute, tzinfo=SEOUL)


def refused(pgcode: str):
    """Context: the statement inside must fail with this PostgreSQL error code."""

    class _Refused:
        def __enter__(self):
            self.atomic = transaction.atomic()
            self.atomic.__enter__()
            return self

        def __exit__(self, exc_type, exc, tb):
            self.atomic.__exit__(exc_type, exc, tb)
            assert exc_type is IntegrityError, f"expected the database to refuse ({pgcode}), it accepted"
            assert exc.__cause__.pgcode == pgcode
            return True

    return _Refused()


def busy(**subject) -> BusyTime:
    return BusyTime(during=DateTimeTZRange(at(10), at(11)), source="meeting", source_id=1, **subject)


def test_overlapping_booking_of_a_member_is_refused():
    member = MemberFactory()
    BusyTime.objects.create(member=member, during=DateTimeTZRange(at(10), at(11)), source="meeting", source_id=1)
    with refused("23P01"):
        BusyTime.objects.create(
            member=member, during=DateTimeTZRange(at(10, 30), at(11, 30)), source="meeting", source_id=2
        )


def test_back_to_back_bookings_of_a_member_are_allowed():
    member = MemberFactory()
    BusyTime.objects.create(member=member, during=DateTimeTZRange(at(10), at(11)), source="meeting", source_id=1)
    BusyTime.objects.create(member=member, during=DateTimeTZRange(at(11), at(12)), source="speaking_slot", source_id=1)
    assert BusyTime.objects.filter(member=member).count() == 2


def test_overlapping_booking_of_a_contact_is_refused():
    contact = ContactFactory()
    BusyTime.objects.create(contact=contact, during=DateTimeTZRange(at(10), at(11)), source="meeting", source_id=1)
    with refused("23P01"):
        BusyTime.objects.create(
            contact=contact, during=DateTimeTZRange(at(9), at(10, 1)), source="meeting", source_id=2
        )


def test_overlapping_booking_of_a_room_is_refused():
    room = VenueFactory()
    BusyTime.objects.create(venue=room, during=DateTimeTZRange(at(10), at(11)), source="meeting", source_id=1)
    with refused("23P01"):
        BusyTime.objects.create(venue=room, during=DateTimeTZRange(at(10), at(11)), source="booth_shift", source_id=7)


def test_same_time_for_different_people_is_allowed():
    BusyTime.objects.create(
        member=MemberFactory(), during=DateTimeTZRange(at(10), at(11)), source="meeting", source_id=1
    )
    BusyTime.objects.create(
        member=MemberFactory(), during=DateTimeTZRange(at(10), at(11)), source="meeting", source_id=1
    )
    assert BusyTime.objects.count() == 2


def test_busy_time_needs_exactly_one_subject():
    with refused("23514"):
        BusyTime.objects.create(
            member=MemberFactory(),
            contact=ContactFactory(),
            during=DateTimeTZRange(at(10), at(11)),
            source="meeting",
            source_id=1,
        )
    with refused("23514"):
        BusyTime.objects.create(during=DateTimeTZRange(at(10), at(11)), source="meeting", source_id=1)


@pytest.mark.parametrize(
    "factory",
    [
        lambda: MeetingFactory(starts_at=at(11), ends_at=at(10)),
        lambda: MeetingFactory(starts_at=at(11), ends_at=at(11)),
        lambda: SpeakingSlotFactory(starts_at=at(11), ends_at=at(10)),
        lambda: ItineraryItemFactory(starts_at=at(11), ends_at=at(10)),
        lambda: ExpoFactory(starts_on=dt.date(2027, 9, 6), ends_on=dt.date(2027, 9, 4)),
        lambda: MemberFactory(arrives_at=at(12), departs_at=at(11)),
    ],
    ids=["meeting", "meeting-zero-length", "speaking-slot", "itinerary", "expo", "member-stay"],
)
def test_end_before_start_is_refused(factory):
    with refused("23514"):
        factory()


def test_attendee_is_exactly_one_kind_and_listed_once():
    meeting = MeetingFactory()
    member = MemberFactory()
    with refused("23514"):
        MeetingAttendee.objects.create(meeting=meeting)
    with refused("23514"):
        MeetingAttendee.objects.create(meeting=meeting, member=member, contact=ContactFactory())
    MeetingAttendee.objects.create(meeting=meeting, member=member)
    with refused("23505"):
        MeetingAttendee.objects.create(meeting=meeting, member=member)


def test_reminder_is_unique_per_meeting_attendee_and_offset():
    meeting = MeetingFactory()
    attendee = MeetingAttendee.objects.create(meeting=meeting, member=MemberFactory())
    Reminder.objects.create(meeting=meeting, attendee=attendee, offset_minutes=60, due_at=at(9))
    with refused("23505"):
        Reminder.objects.create(meeting=meeting, attendee=attendee, offset_minutes=60, due_at=at(9))


def test_uniques_of_the_people_side():
    expo = ExpoFactory()
    DelegationFactory(expo=expo, name="Delegation")
    with refused("23505"):
        DelegationFactory(expo=expo, name="Delegation")
    OrganizationFactory(name="Muscat Municipality", country="OM")
    with refused("23505"):
        OrganizationFactory(name="Muscat Municipality", country="OM")
    room = VenueFactory(expo=expo, name="Room 1")
    with refused("23505"):
        VenueFactory(expo=expo, name="Room 1")
    with refused("23514"):
        TravelTime.objects.create(origin=room, destination=room, minutes=5)


def test_exhibitor_membership_is_unique():
    exhibitor = ExhibitorFactory()
    user = UserFactory()
    ExhibitorMembership.objects.create(exhibitor=exhibitor, user=user)
    with refused("23505"):
        ExhibitorMembership.objects.create(exhibitor=exhibitor, user=user)


def test_deleting_a_contact_leaves_a_tombstone_even_for_bulk_deletes():
    contacts = ContactFactory.create_batch(3)
    ids = sorted(c.pk for c in contacts)
    Contact.objects.filter(pk__in=ids).delete()
    assert sorted(ContactTombstone.objects.values_list("contact_id", flat=True)) == ids


def test_bulk_update_bumps_updated_at():
    contact = ContactFactory()
    before = Contact.objects.get(pk=contact.pk).updated_at
    Contact.objects.filter(pk=contact.pk).update(title="Secretary-General")
    assert Contact.objects.get(pk=contact.pk).updated_at > before


def test_history_records_bulk_updates():
    contact = ContactFactory(title="Director")
    Contact.objects.filter(pk=contact.pk).update(title="Secretary-General")
    events = contact.events.order_by("pgh_id").values_list("pgh_label", "title")
    assert list(events) == [("insert", "Director"), ("update", "Secretary-General")]
