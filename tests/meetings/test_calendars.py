"""iCalendar output parses back, keeps its UID, bumps SEQUENCE and marks cancellations."""

from __future__ import annotations

import datetime as dt

import pytest
from icalendar import Calendar

from meetings.calendars import meeting_ics
from meetings.services import meeting_cancel, meeting_reschedule
from tests.factories.scheduling import book, make_scene, seoul

pytestmark = pytest.mark.django_db


def parse(data: bytes):
    cal = Calendar.from_ical(data)
    (event,) = cal.walk("VEVENT")
    return cal, event


def test_meeting_ics_parses_back_in_utc():
    scene = make_scene()
    meeting = book(
        scene,
        title="MOU signing 서울",
        start=seoul(4, 10),
        end=seoul(4, 11),
        venue=scene.room_a,
        members=[scene.members[0]],
        agenda="Sign the MOU",
    )
    cal, event = parse(meeting_ics(meeting=meeting))
    assert str(cal["version"]) == "2.0"
    assert str(cal["method"]) == "PUBLISH"
    assert str(cal["x-wr-timezone"]) == "Asia/Seoul"
    assert str(event["summary"]) == "MOU signing 서울"
    assert event.decoded("dtstart") == dt.datetime(2027, 9, 4, 1, 0, tzinfo=dt.UTC)
    assert event.decoded("dtend") == dt.datetime(2027, 9, 4, 2, 0, tzinfo=dt.UTC)
    assert str(event["uid"]) == f"meeting-{meeting.pk}@expo-portal.invalid"
    assert int(event["sequence"]) == 0
    assert str(event["status"]) == "TENTATIVE"
    assert str(event["location"]) == "Room A"
    assert "2027-09-04 10:00–11:00 (Asia/Seoul)" in str(event["description"])
    assert "Member 0" in str(event["description"])


def test_meeting_ics_sequence_bumps_and_uid_stays():
    scene = make_scene()
    meeting = book(scene, start=seoul(4, 10), end=seoul(4, 11))
    _, before = parse(meeting_ics(meeting=meeting))
    moved = meeting_reschedule(meeting=meeting, actor=None, starts_at=seoul(4, 12), ends_at=seoul(4, 13))
    _, after = parse(meeting_ics(meeting=moved))
    assert str(after["uid"]) == str(before["uid"])
    assert int(after["sequence"]) == int(before["sequence"]) + 1
    assert after.decoded("dtstart") == dt.datetime(2027, 9, 4, 3, 0, tzinfo=dt.UTC)


def test_meeting_ics_cancelled():
    scene = make_scene()
    meeting = meeting_cancel(meeting=book(scene, start=seoul(4, 10), end=seoul(4, 11)), actor=None)
    cal, event = parse(meeting_ics(meeting=meeting))
    assert str(cal["method"]) == "CANCEL"
    assert str(event["status"]) == "CANCELLED"
    assert int(event["sequence"]) == 1


def test_meeting_ics_endpoint_content_type(office_client):
    scene = make_scene()
    meeting = book(scene, start=seoul(4, 10), end=seoul(4, 11))
    response = office_client.get(f"/api/v1/meetings/{meeting.pk}.ics", HTTP_ACCEPT="text/calendar")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    _, event = parse(response.content)
    assert str(event["uid"]) == f"meeting-{meeting.pk}@expo-portal.invalid"


def test_meeting_ics_endpoint_missing_is_404(office_client):
    assert office_client.get("/api/v1/meetings/999999.ics").status_code == 404


def test_feed_ics_has_meetings_slots_and_cancelled():
    from meetings.calendars import feed_ics
    from meetings.services import speaking_slot_cancel, speaking_slot_create

    scene = make_scene()
    member = scene.members[0]
    kept = book(scene, title="Kept", start=seoul(4, 10), end=seoul(4, 11), members=[member])
    dropped = meeting_cancel(
        meeting=book(scene, title="Dropped", start=seoul(4, 12), end=seoul(4, 13), members=[member]), actor=None
    )
    slot = speaking_slot_create(
        actor=None,
        expo=scene.expo,
        kind="keynote",
        title="Opening",
        starts_at=seoul(5, 9),
        ends_at=seoul(5, 9, 30),
        speakers=[member],
    )
    slot = speaking_slot_cancel(slot=slot, actor=None)
    cal = Calendar.from_ical(feed_ics(name="Member 0", time_zone="Asia/Seoul", meetings=[kept, dropped], slots=[slot]))
    events = {str(e["uid"]): (str(e["status"]), int(e["sequence"])) for e in cal.walk("VEVENT")}
    assert events == {
        f"meeting-{kept.pk}@expo-portal.invalid": ("TENTATIVE", 0),
        f"meeting-{dropped.pk}@expo-portal.invalid": ("CANCELLED", 1),
        f"speaking-slot-{slot.pk}@expo-portal.invalid": ("CANCELLED", 1),
    }
    assert str(cal["x-wr-calname"]) == "Member 0"
    assert "method" in cal and str(cal["method"]) == "PUBLISH"
