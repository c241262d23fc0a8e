"""Speaking slots, booth duty and itinerary share one timeline with meetings; follow-ups; feeds."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from delegations.models import BusyTime, Venue
from meetings.models import CalendarFeedToken, FollowUp, SpeakingSlot
from meetings.services import (
    SchedulingConflict,
    booth_shift_create,
    booth_shift_delete,
    calendar_feed_issue,
    calendar_feed_revoke,
    follow_up_create,
    follow_up_update,
    itinerary_busy_time_sync,
    speaking_slot_cancel,
    speaking_slot_create,
    speaking_slot_update,
)
from meetings.services.feeds import feed_token_hash
from tests.factories import ExhibitorFactory, ItineraryItemFactory, VenueFactory
from tests.factories.scheduling import book, make_scene, seoul

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene():
    return make_scene()


@pytest.fixture
def stage(scene):
    return VenueFactory(expo=scene.expo, name="Forum Stage", kind=Venue.Kind.STAGE)


def slot(scene, stage, **extra):
    extra.setdefault("starts_at", seoul(5, 14))
    extra.setdefault("ends_at", seoul(5, 14, 30))
    return speaking_slot_create(
        actor=None, expo=scene.expo, kind="forum_talk", title="Smart care", stage=stage, **extra
    )


def test_slot_busy_for_speakers_panelists_moderator_and_stage(scene, stage):
    created = slot(
        scene, stage, speakers=[scene.members[0]], panelists=[scene.contacts[0]], moderator=scene.contacts[1]
    )
    rows = BusyTime.objects.filter(source="speaking_slot", source_id=created.pk)
    assert {(r.member_id, r.contact_id, r.venue_id) for r in rows} == {
        (scene.members[0].pk, None, None),
        (None, scene.contacts[0].pk, None),
        (None, scene.contacts[1].pk, None),
        (None, None, stage.pk),
    }


def test_slot_clashes_with_meeting_of_speaker(scene, stage):
    meeting = book(scene, title="Lunch", start=seoul(5, 13, 30), end=seoul(5, 14, 15), members=[scene.members[0]])
    with pytest.raises(SchedulingConflict) as caught:
        slot(scene, stage, speakers=[scene.members[0]])
    assert [(c["type"], c["id"]) for c in caught.value.conflicts] == [("meeting", meeting.pk)]
    assert SpeakingSlot.objects.count() == 0


def test_slot_stage_double_booked(scene, stage):
    slot(scene, stage)
    with pytest.raises(SchedulingConflict) as caught:
        slot(scene, stage, starts_at=seoul(5, 14, 15), ends_at=seoul(5, 15))
    assert caught.value.conflicts[0]["subject"] == {"type": "venue", "id": stage.pk, "name": "Forum Stage"}


def test_slot_cancel_frees_and_bumps_sequence(scene, stage):
    created = slot(scene, stage, speakers=[scene.members[0]])
    cancelled = speaking_slot_cancel(slot=created, actor=None)
    assert (cancelled.status, cancelled.sequence) == ("cancelled", 1)
    assert not BusyTime.objects.filter(source="speaking_slot", source_id=created.pk).exists()


def test_slot_deadlines_with_owners(scene, stage, office_user):
    created = slot(
        scene,
        stage,
        deadlines=[
            {"kind": "bio", "due_on": dt.date(2027, 8, 1), "owner": office_user.pk},
            {"kind": "slides", "due_on": dt.date(2027, 8, 20)},
        ],
    )
    assert list(created.deadlines.values_list("kind", "owner_id")) == [("bio", office_user.pk), ("slides", None)]
    updated = speaking_slot_update(
        slot=created, actor=None, deadlines=[{"kind": "bio", "due_on": dt.date(2027, 8, 1), "done": True}]
    )
    (bio,) = updated.deadlines.all()
    assert bio.done_at is not None


def test_slot_deadline_kind_twice_is_field_error(scene, stage):
    with pytest.raises(ValidationError) as caught:
        slot(scene, stage, deadlines=[{"kind": "bio", "due_on": dt.date(2027, 8, 1)}] * 2)
    assert caught.value.message_dict == {"deadlines": ["Deadline 2: bio is listed twice."]}


def test_booth_shift_busy_for_member_not_booth(scene):
    booth = VenueFactory(expo=scene.expo, name="Booth A1", kind=Venue.Kind.BOOTH)
    exhibitor = ExhibitorFactory(pavilion__expo=scene.expo, booth=booth)
    first = booth_shift_create(
        actor=None, exhibitor=exhibitor, member=scene.members[0], starts_at=seoul(4, 9), ends_at=seoul(4, 12)
    )
    # two people staff the booth at once
    booth_shift_create(
        actor=None, exhibitor=exhibitor, member=scene.members[1], starts_at=seoul(4, 9), ends_at=seoul(4, 12)
    )
    with pytest.raises(SchedulingConflict) as caught:
        book(scene, start=seoul(4, 11), end=seoul(4, 13), members=[scene.members[0]])
    assert caught.value.conflicts[0]["type"] == "booth_shift"
    assert caught.value.conflicts[0]["id"] == first.pk
    booth_shift_delete(shift=first, actor=None)
    assert book(scene, start=seoul(4, 11), end=seoul(4, 13), members=[scene.members[0]]).pk


def test_itinerary_item_makes_members_busy(scene):
    item = ItineraryItemFactory(delegation=scene.delegation, title="Site visit: Songdo")
    item.members.set([scene.members[0]])
    itinerary_busy_time_sync(item=item)
    with pytest.raises(SchedulingConflict) as caught:
        book(scene, start=seoul(4, 9, 30), end=seoul(4, 10, 30), members=[scene.members[0]])
    assert caught.value.conflicts[0]["type"] == "itinerary"
    assert caught.value.conflicts[0]["title"] == "Site visit: Songdo"


def test_itinerary_item_not_blocking_leaves_members_free(scene):
    item = ItineraryItemFactory(delegation=scene.delegation, blocks_time=False)
    item.members.set([scene.members[0]])
    itinerary_busy_time_sync(item=item)
    assert not BusyTime.objects.filter(source="itinerary").exists()


def test_follow_up_from_meeting_fills_expo_and_closes(scene, office_user):
    meeting = book(scene, start=seoul(4, 10), end=seoul(4, 11))
    follow_up = follow_up_create(actor=office_user, title="Sign MOU in March", meeting=meeting)
    assert (follow_up.expo_id, follow_up.owner_id, follow_up.status) == (scene.expo.pk, office_user.pk, "open")
    done = follow_up_update(follow_up=follow_up, actor=office_user, status=FollowUp.Status.DONE)
    assert done.completed_at is not None


def test_follow_up_without_title_is_field_error(office_user):
    with pytest.raises(ValidationError) as caught:
        follow_up_create(actor=office_user, title="  ")
    assert list(caught.value.message_dict) == ["title"]
    assert FollowUp.objects.count() == 0


def test_calendar_feed_regenerate_revokes_old(scene, office_user):
    member = scene.members[0]
    first = calendar_feed_issue(member=member, actor=office_user)
    second = calendar_feed_issue(member=member, actor=office_user)
    assert first != second
    live = CalendarFeedToken.objects.get(member=member, revoked_at__isnull=True)
    assert live.token_hash == feed_token_hash(second)
    assert not CalendarFeedToken.objects.filter(token_hash=first).exists()  # only hashes are stored
    assert calendar_feed_revoke(member=member, actor=office_user) == 1
    assert not CalendarFeedToken.objects.filter(member=member, revoked_at__isnull=True).exists()


def test_itinerary_sync_all_writes_every_blocking_item(scene):
    from meetings.services import itinerary_busy_time_sync_all

    first = ItineraryItemFactory(delegation=scene.delegation)
    first.members.set(scene.members[:2])
    hotel = ItineraryItemFactory(
        delegation=scene.delegation, blocks_time=False, starts_at=seoul(4, 12), ends_at=seoul(4, 13)
    )
    hotel.members.set(scene.members[:1])
    assert itinerary_busy_time_sync_all(delegation_ids=[scene.delegation.pk]) == 2
    assert sorted(BusyTime.objects.filter(source="itinerary").values_list("member_id", flat=True)) == sorted(
        m.pk for m in scene.members[:2]
    )
