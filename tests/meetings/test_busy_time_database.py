"""Double booking is refused by PostgreSQL whatever writes the row: the deferred busy-time triggers.

The services write busy time themselves (so they can name a clash); these tests go around them —
raw SQL, bulk ``update()``, plain model saves, as the admin or a data migration would — and check
that the database recomputes the busy time and refuses the clash. Deferred triggers fire at commit:
inside a test transaction ``SET CONSTRAINTS ALL IMMEDIATE`` makes them fire at once, and one test
commits for real.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, connection, transaction

from delegations.models import BusyTime, ItineraryItem
from meetings.models import BoothShift, Meeting, MeetingAttendee, SpeakingSlot
from tests.factories import ExhibitorFactory, ItineraryItemFactory, SpeakingSlotFactory, VenueFactory
from tests.factories.scheduling import book, make_scene, seoul

pytestmark = pytest.mark.django_db


def settle() -> None:
    """Fire the deferred triggers now, as a commit would."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def rows(source: str, source_id: int) -> set[tuple]:
    return {
        (r.member_id, r.contact_id, r.venue_id, r.during.lower, r.during.upper)
        for r in BusyTime.objects.filter(source=source, source_id=source_id)
    }


def refused() -> pytest.RaisesContext:
    return pytest.raises(IntegrityError, match="busy_time_no_")


@pytest.fixture
def scene():
    return make_scene()


def test_raw_sql_update_of_meeting_times_onto_a_clash_is_refused(scene):
    member = scene.members[0]
    book(scene, title="First", start=seoul(4, 10), end=seoul(4, 11), members=[member])
    second = book(scene, title="Second", start=seoul(4, 14), end=seoul(4, 15), members=[member])
    with refused(), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE meetings_meeting SET starts_at = %s, ends_at = %s WHERE id = %s",
                [seoul(4, 10, 30), seoul(4, 11, 30), second.pk],
            )
        settle()
    second.refresh_from_db()
    assert second.starts_at == seoul(4, 14)


def test_bulk_update_moves_busy_time_with_the_meeting(scene):
    member = scene.members[0]
    meeting = book(scene, start=seoul(4, 10), end=seoul(4, 11), members=[member], venue=scene.room_a)
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=seoul(5, 9), ends_at=seoul(5, 10))
    settle()
    assert rows("meeting", meeting.pk) == {
        (member.pk, None, None, seoul(5, 9), seoul(5, 10)),
        (None, None, scene.room_a.pk, seoul(5, 9), seoul(5, 10)),
    }


def test_bulk_update_onto_a_clash_is_refused(scene):
    member = scene.members[0]
    book(scene, start=seoul(4, 10), end=seoul(4, 11), members=[member])
    second = book(scene, start=seoul(4, 14), end=seoul(4, 15), members=[member])
    with refused(), transaction.atomic():
        Meeting.objects.filter(pk=second.pk).update(starts_at=seoul(4, 10), ends_at=seoul(4, 11))
        settle()


def test_raw_insert_of_an_attendee_onto_a_busy_member_is_refused(scene):
    member = scene.members[0]
    book(scene, start=seoul(4, 10), end=seoul(4, 11), members=[member])
    other = book(scene, start=seoul(4, 10), end=seoul(4, 11), members=[scene.members[1]])
    with refused(), transaction.atomic():
        MeetingAttendee.objects.create(meeting=other, member=member, role="participant")
        settle()


def test_contact_and_bookable_venue_clash_through_plain_saves(scene):
    first = book(scene, start=seoul(4, 10), end=seoul(4, 11), contacts=[scene.contacts[0]], venue=scene.room_a)
    second = book(scene, start=seoul(4, 14), end=seoul(4, 15), venue=scene.room_a)
    second.starts_at, second.ends_at = first.starts_at, first.ends_at
    with refused(), transaction.atomic():
        second.save()
        settle()
    third = book(scene, start=seoul(4, 14), end=seoul(4, 15), contacts=[scene.contacts[0]])
    third.starts_at, third.ends_at = first.starts_at, first.ends_at
    with refused(), transaction.atomic():
        third.save()
        settle()


def test_cancelling_by_update_frees_the_time_and_deleting_removes_it(scene):
    member = scene.members[0]
    meeting = book(scene, start=seoul(4, 10), end=seoul(4, 11), members=[member])
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.CANCELLED)
    settle()
    assert rows("meeting", meeting.pk) == set()
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.PROPOSED)
    settle()
    assert rows("meeting", meeting.pk) == {(member.pk, None, None, seoul(4, 10), seoul(4, 11))}
    Meeting.objects.filter(pk=meeting.pk).delete()
    settle()
    assert rows("meeting", meeting.pk) == set()


def test_speaking_slot_speakers_panelists_moderator_and_stage_block(scene):
    stage = VenueFactory(expo=scene.expo, name="Forum stage", bookable=True)
    slot = SpeakingSlotFactory(
        expo=scene.expo, starts_at=seoul(4, 10), ends_at=seoul(4, 11), stage=stage, moderator=scene.contacts[1]
    )
    slot.speakers.add(scene.members[0])
    slot.panelists.add(scene.contacts[0])
    settle()
    span = (seoul(4, 10), seoul(4, 11))
    assert rows("speaking_slot", slot.pk) == {
        (scene.members[0].pk, None, None, *span),
        (None, scene.contacts[0].pk, None, *span),
        (None, scene.contacts[1].pk, None, *span),
        (None, None, stage.pk, *span),
    }
    with refused(), transaction.atomic():
        book(scene, start=seoul(4, 12), end=seoul(4, 13), members=[scene.members[0]])
        Meeting.objects.filter(title__isnull=False, starts_at=seoul(4, 12)).update(
            starts_at=seoul(4, 10, 30), ends_at=seoul(4, 11, 30)
        )
        settle()
    SpeakingSlot.objects.filter(pk=slot.pk).update(status=SpeakingSlot.Status.CANCELLED)
    settle()
    assert rows("speaking_slot", slot.pk) == set()


def test_booth_shift_blocks_its_member_but_not_the_booth(scene):
    exhibitor = ExhibitorFactory(pavilion__expo=scene.expo)
    shift = BoothShift.objects.create(
        exhibitor=exhibitor, member=scene.members[0], starts_at=seoul(4, 10), ends_at=seoul(4, 12)
    )
    settle()
    assert rows("booth_shift", shift.pk) == {(scene.members[0].pk, None, None, seoul(4, 10), seoul(4, 12))}
    with refused(), transaction.atomic():
        BoothShift.objects.create(
            exhibitor=exhibitor, member=scene.members[0], starts_at=seoul(4, 11), ends_at=seoul(4, 13)
        )
        settle()


def test_itinerary_item_blocks_members_and_hotel_stays_do_not(scene):
    flight = ItineraryItemFactory(
        delegation=scene.members[0].delegation,
        kind=ItineraryItem.Kind.FLIGHT,
        starts_at=seoul(4, 10),
        ends_at=seoul(4, 13),
        blocks_time=True,
    )
    flight.members.add(scene.members[0])
    hotel = ItineraryItemFactory(
        delegation=scene.members[0].delegation,
        kind=ItineraryItem.Kind.HOTEL,
        starts_at=seoul(4, 0),
        ends_at=seoul(6, 0),
        blocks_time=False,
    )
    hotel.members.add(scene.members[0])
    settle()
    assert rows("itinerary", flight.pk) == {(scene.members[0].pk, None, None, seoul(4, 10), seoul(4, 13))}
    assert rows("itinerary", hotel.pk) == set()
    meeting = book(scene, start=seoul(4, 15), end=seoul(4, 16), members=[scene.members[1]])
    with refused(), transaction.atomic():
        MeetingAttendee.objects.create(meeting=meeting, member=scene.members[0], role="participant")
        Meeting.objects.filter(pk=meeting.pk).update(starts_at=seoul(4, 12), ends_at=seoul(4, 14))
        settle()


def test_service_written_rows_are_left_as_they_are(scene):
    """The trigger only rewrites busy time that differs, so the service's rows (and labels) stay."""
    meeting = book(scene, title="Same rows", start=seoul(4, 10), end=seoul(4, 11), members=[scene.members[0]])
    before = list(BusyTime.objects.filter(source="meeting", source_id=meeting.pk).values_list("id", "label"))
    settle()
    after = list(BusyTime.objects.filter(source="meeting", source_id=meeting.pk).values_list("id", "label"))
    assert after == before


@pytest.mark.django_db(transaction=True)
def test_raw_sql_clash_is_refused_at_commit_in_autocommit():
    scene = make_scene()
    member = scene.members[0]
    book(scene, start=seoul(4, 10), end=seoul(4, 11), members=[member])
    second = book(scene, start=seoul(4, 14), end=seoul(4, 15), members=[member])
    with refused(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE meetings_meeting SET starts_at = starts_at - interval '4 hours', "
            "ends_at = ends_at - interval '4 hours' WHERE id = %s",
            [second.pk],
        )
    second.refresh_from_db()
    assert second.starts_at == seoul(4, 14)
    assert second.ends_at - second.starts_at == dt.timedelta(hours=1)


def test_a_venue_made_bookable_blocks_its_meetings_and_refuses_overlaps(scene):
    hall = VenueFactory(expo=scene.expo, name="Open hall", bookable=False)
    first = book(scene, start=seoul(4, 10), end=seoul(4, 11), venue=hall)
    book(scene, start=seoul(4, 14), end=seoul(4, 15), venue=hall)
    assert rows("meeting", first.pk) == set()
    hall.bookable = True
    hall.save()
    settle()
    assert rows("meeting", first.pk) == {(None, None, hall.pk, seoul(4, 10), seoul(4, 11))}
    hall.bookable = False
    hall.save()
    settle()
    assert rows("meeting", first.pk) == set()


def test_making_a_venue_bookable_while_two_meetings_overlap_there_is_refused(scene):
    hall = VenueFactory(expo=scene.expo, name="Open hall", bookable=False)
    book(scene, start=seoul(4, 10), end=seoul(4, 11), venue=hall)
    book(scene, start=seoul(4, 10, 30), end=seoul(4, 11, 30), venue=hall)
    with refused(), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE delegations_venue SET bookable = true WHERE id = %s", [hall.pk])
        settle()
    hall.refresh_from_db()
    assert hall.bookable is False


def test_a_stage_made_bookable_blocks_its_speaking_slots(scene):
    stage = VenueFactory(expo=scene.expo, name="Side stage", bookable=False)
    slot = SpeakingSlotFactory(expo=scene.expo, stage=stage)
    settle()
    assert not BusyTime.objects.filter(source="speaking_slot", source_id=slot.pk, venue=stage).exists()
    VenueFactory._meta.model.objects.filter(pk=stage.pk).update(bookable=True)
    settle()
    assert BusyTime.objects.filter(source="speaking_slot", source_id=slot.pk, venue=stage).exists()
