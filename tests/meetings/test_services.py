"""Meeting services: clashes refused by PostgreSQL and named, cancel frees, reschedule moves."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from delegations.models import BusyTime, TravelTime
from meetings.models import Meeting, MeetingAttendee
from meetings.services import (
    SchedulingConflict,
    TravelBufferWarning,
    meeting_cancel,
    meeting_create,
    meeting_reschedule,
    meeting_update,
)
from tests.factories.scheduling import book, make_scene, seoul

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene():
    return make_scene()


def test_meeting_create_writes_busy_time_for_people_and_room(scene):
    meeting = book(
        scene,
        start=seoul(4, 10),
        end=seoul(4, 11),
        members=scene.members[:2],
        contacts=scene.contacts[:1],
        venue=scene.room_a,
    )
    rows = BusyTime.objects.filter(source="meeting", source_id=meeting.pk)
    assert {(r.member_id, r.contact_id, r.venue_id) for r in rows} == {
        (scene.members[0].pk, None, None),
        (scene.members[1].pk, None, None),
        (None, scene.contacts[0].pk, None),
        (None, None, scene.room_a.pk),
    }
    assert meeting.sequence == 0


def test_meeting_create_clash_on_member_names_the_meeting(scene):
    first = book(scene, title="With Rabat", start=seoul(4, 10), end=seoul(4, 11), members=[scene.members[0]])
    with pytest.raises(SchedulingConflict) as caught:
        book(scene, title="With Muscat", start=seoul(4, 10, 30), end=seoul(4, 11, 30), members=[scene.members[0]])
    assert caught.value.conflicts == [
        {
            "type": "meeting",
            "id": first.pk,
            "title": "With Rabat",
            "starts_at": "2027-09-04T01:00:00+00:00",
            "ends_at": "2027-09-04T02:00:00+00:00",
            "subject": {"type": "member", "id": scene.members[0].pk, "name": "Member 0"},
        }
    ]
    assert Meeting.objects.count() == 1
    assert MeetingAttendee.objects.count() == 1


def test_meeting_create_clash_on_room(scene):
    book(scene, start=seoul(4, 10), end=seoul(4, 11), venue=scene.room_a)
    with pytest.raises(SchedulingConflict) as caught:
        book(scene, start=seoul(4, 10, 59), end=seoul(4, 12), venue=scene.room_a)
    assert [c["subject"]["type"] for c in caught.value.conflicts] == ["venue"]


def test_meeting_create_back_to_back_in_same_room_is_fine(scene):
    book(scene, start=seoul(4, 10), end=seoul(4, 11), venue=scene.room_a, members=[scene.members[0]])
    second = book(scene, start=seoul(4, 11), end=seoul(4, 12), venue=scene.room_a, members=[scene.members[0]])
    assert second.pk


def test_meeting_cancel_frees_busy_time(scene):
    first = book(scene, start=seoul(4, 10), end=seoul(4, 11), members=[scene.members[0]], venue=scene.room_a)
    cancelled = meeting_cancel(meeting=first, actor=None)
    assert cancelled.status == Meeting.Status.CANCELLED
    assert cancelled.sequence == 1
    assert not BusyTime.objects.filter(source="meeting", source_id=first.pk).exists()
    second = book(scene, start=seoul(4, 10), end=seoul(4, 11), members=[scene.members[0]], venue=scene.room_a)
    assert second.pk


def test_meeting_reschedule_moves_busy_time(scene):
    meeting = book(scene, start=seoul(4, 10), end=seoul(4, 11), members=[scene.members[0]])
    moved = meeting_reschedule(meeting=meeting, actor=None, starts_at=seoul(4, 14), ends_at=seoul(4, 15))
    (row,) = BusyTime.objects.filter(source="meeting", source_id=meeting.pk)
    assert (row.during.lower, row.during.upper) == (seoul(4, 14), seoul(4, 15))
    assert moved.sequence == 1
    # the old slot is free again
    assert book(scene, start=seoul(4, 10), end=seoul(4, 11), members=[scene.members[0]]).pk


def test_meeting_reschedule_into_clash_changes_nothing(scene):
    book(scene, title="Fixed", start=seoul(4, 14), end=seoul(4, 15), members=[scene.members[0]])
    meeting = book(scene, start=seoul(4, 10), end=seoul(4, 11), members=[scene.members[0]])
    with pytest.raises(SchedulingConflict):
        meeting_reschedule(meeting=meeting, actor=None, starts_at=seoul(4, 14, 30), ends_at=seoul(4, 15, 30))
    meeting.refresh_from_db()
    assert (meeting.starts_at, meeting.sequence) == (seoul(4, 10), 0)
    (row,) = BusyTime.objects.filter(source="meeting", source_id=meeting.pk)
    assert row.during.lower == seoul(4, 10)


def test_meeting_update_adding_busy_attendee_is_refused(scene):
    book(scene, start=seoul(4, 10), end=seoul(4, 11), contacts=[scene.contacts[0]])
    meeting = book(scene, start=seoul(4, 10), end=seoul(4, 11), members=[scene.members[0]])
    with pytest.raises(SchedulingConflict) as caught:
        meeting_update(
            meeting=meeting,
            actor=None,
            attendees=[
                {"type": "member", "id": scene.members[0].pk, "role": "host"},
                {"type": "contact", "id": scene.contacts[0].pk, "role": "participant"},
            ],
        )
    assert caught.value.conflicts[0]["subject"] == {"type": "contact", "id": scene.contacts[0].pk, "name": "Guest 0"}
    assert list(meeting.attendees.values_list("member_id", "role")) == [(scene.members[0].pk, "participant")]


def test_meeting_interpreter_is_checked_like_anyone(scene):
    interpreter = scene.members[2]
    book(scene, start=seoul(4, 10), end=seoul(4, 11), members=[interpreter])
    with pytest.raises(SchedulingConflict) as caught:
        meeting_create(
            actor=None,
            expo=scene.expo,
            title="Interpreted",
            kind="g2g",
            starts_at=seoul(4, 10, 30),
            ends_at=seoul(4, 11, 30),
            language_a="ko",
            language_b="ar",
            attendees=[{"type": "member", "id": interpreter.pk, "role": "interpreter"}],
        )
    assert caught.value.conflicts[0]["subject"]["id"] == interpreter.pk


def test_meeting_cancelled_then_reinstated_rechecks(scene):
    first = book(scene, start=seoul(4, 10), end=seoul(4, 11), members=[scene.members[0]])
    meeting_cancel(meeting=first, actor=None)
    book(scene, start=seoul(4, 10), end=seoul(4, 11), members=[scene.members[0]])
    with pytest.raises(SchedulingConflict):
        meeting_update(meeting=first, actor=None, status="proposed")


def test_meeting_status_transition_refused(scene):
    meeting = book(scene, start=seoul(4, 10), end=seoul(4, 11))
    with pytest.raises(ValidationError) as caught:
        meeting_update(meeting=meeting, actor=None, status="held")
    assert "status" in caught.value.message_dict


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"start": seoul(4, 11), "end": seoul(4, 10)}, "ends_at"),
        ({"start": seoul(8, 10), "end": seoul(8, 11)}, "starts_at"),
    ],
)
def test_meeting_create_bad_times_are_field_errors(scene, kwargs, field):
    with pytest.raises(ValidationError) as caught:
        book(scene, **kwargs)
    assert list(caught.value.message_dict) == [field]
    assert Meeting.objects.count() == 0


def test_meeting_create_outside_expo_days_with_confirmation(scene):
    meeting = book(scene, start=seoul(8, 10), end=seoul(8, 11), confirm_outside_expo=True)
    assert meeting.pk


def test_meeting_create_attendee_twice_is_field_error(scene):
    member = scene.members[0]
    with pytest.raises(ValidationError) as caught:
        meeting_create(
            actor=None,
            expo=scene.expo,
            title="Twice",
            kind="business",
            starts_at=seoul(4, 10),
            ends_at=seoul(4, 11),
            attendees=[{"type": "member", "id": member.pk}, {"type": "member", "id": member.pk, "role": "host"}],
        )
    assert caught.value.message_dict == {"attendees": [f"Attendee 2: member {member.pk} is listed twice."]}
    assert Meeting.objects.count() == 0


def test_meeting_travel_buffer_warns_between_venues(scene):
    TravelTime.objects.create(origin=scene.room_a, destination=scene.room_b, minutes=20)
    book(scene, title="Before", start=seoul(4, 10), end=seoul(4, 11), members=[scene.members[0]], venue=scene.room_a)
    with pytest.raises(TravelBufferWarning) as caught:
        book(scene, start=seoul(4, 11, 10), end=seoul(4, 12), members=[scene.members[0]], venue=scene.room_b)
    (warning,) = caught.value.warnings
    assert (warning["title"], warning["direction"], warning["gap_minutes"], warning["needed_minutes"]) == (
        "Before",
        "before",
        10,
        20,
    )
    assert Meeting.objects.count() == 1
    overridden = book(
        scene,
        start=seoul(4, 11, 10),
        end=seoul(4, 12),
        members=[scene.members[0]],
        venue=scene.room_b,
        override_travel=True,
    )
    assert overridden.pk


def test_meeting_travel_buffer_uses_expo_default(scene):
    book(scene, start=seoul(4, 10), end=seoul(4, 11), members=[scene.members[0]], venue=scene.room_a)
    book(scene, start=seoul(4, 11, 30), end=seoul(4, 12), members=[scene.members[0]], venue=scene.room_b)
    with pytest.raises(TravelBufferWarning):
        book(scene, start=seoul(4, 12, 29), end=seoul(4, 13), members=[scene.members[0]], venue=scene.room_a)


def test_meeting_services_call_reminders_and_notices(scene, monkeypatch):
    from meetings import reminders

    calls: list[tuple] = []
    monkeypatch.setattr(reminders, "reminders_sync", lambda *, meeting: calls.append(("sync", meeting.pk)))
    monkeypatch.setattr(
        reminders,
        "notify_attendees_added",
        lambda *, meeting, attendee_ids, **_: calls.append(("added", len(list(attendee_ids)))),
    )
    monkeypatch.setattr(
        reminders,
        "notify_meeting_rescheduled",
        lambda *, meeting, previous_starts_at, **_: calls.append(("moved", previous_starts_at)),
    )
    monkeypatch.setattr(reminders, "notify_meeting_cancelled", lambda *, meeting, **_: calls.append(("cancelled",)))
    meeting = book(scene, start=seoul(4, 10), end=seoul(4, 11), members=scene.members[:2])
    meeting_reschedule(meeting=meeting, actor=None, starts_at=seoul(4, 12), ends_at=seoul(4, 13))
    meeting_update(meeting=meeting, actor=None, agenda="No time change")
    meeting_cancel(meeting=meeting, actor=None)
    assert calls == [
        ("sync", meeting.pk),
        ("added", 2),
        ("sync", meeting.pk),
        ("moved", seoul(4, 10)),
        ("sync", meeting.pk),
        ("sync", meeting.pk),
        ("cancelled",),
    ]
