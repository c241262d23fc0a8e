"""Meetings API: writes, 409 on double booking, bad input, roles and scopes, the check endpoint."""

from __future__ import annotations

import pytest

from delegations.models import BusyTime
from meetings.models import Meeting, MeetingAttendee
from tests.factories.scheduling import book, make_scene, seoul

pytestmark = pytest.mark.django_db
URL = "/api/v1/meetings/"


@pytest.fixture
def scene():
    return make_scene()


def payload(scene, **overrides):
    data = {
        "expo": scene.expo.pk,
        "title": "Smart waste with Rabat",
        "kind": "g2g",
        "starts_at": "2027-09-04T10:00:00+09:00",
        "ends_at": "2027-09-04T11:00:00+09:00",
        "venue": scene.room_a.pk,
        "attendees": [
            {"type": "member", "id": scene.members[0].pk, "role": "host"},
            {"type": "contact", "id": scene.contacts[0].pk, "role": "participant"},
        ],
        "agenda": "1. Introductions",
    }
    data.update(overrides)
    return data


def test_meeting_post_creates_with_attendees(office_client, scene):
    response = office_client.post(URL, payload(scene), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["title"] == "Smart waste with Rabat"
    assert body["status"] == "proposed"
    assert body["starts_at"] == "2027-09-04T01:00:00Z"
    no_answer = {"response": "pending", "proposed_starts_at": None, "responded_at": None}
    assert body["attendees"] == [
        {"type": "member", "id": scene.members[0].pk, "role": "host", **no_answer},
        {"type": "contact", "id": scene.contacts[0].pk, "role": "participant", **no_answer},
    ]
    assert body["notify_contacts"] is False
    assert BusyTime.objects.filter(source="meeting", source_id=body["id"]).count() == 3


def test_meeting_post_naive_times_are_expo_local(office_client, scene):
    response = office_client.post(
        URL, payload(scene, starts_at="2027-09-04T10:00", ends_at="2027-09-04T11:00"), format="json"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["starts_at"] == "2027-09-04T01:00:00Z"


def test_meeting_post_naive_times_in_given_zone(office_client, scene):
    response = office_client.post(
        URL,
        payload(scene, starts_at="2027-09-04T09:00", ends_at="2027-09-04T10:00", time_zone="Asia/Taipei"),
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["starts_at"] == "2027-09-04T01:00:00Z"


def test_meeting_post_clash_answers_409_naming_it(office_client, scene):
    first = book(scene, title="Busy already", start=seoul(4, 10, 30), end=seoul(4, 11, 30), members=[scene.members[0]])
    response = office_client.post(URL, payload(scene, venue=None), format="json")
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "conflict"
    assert body["conflicts"] == [
        {
            "type": "meeting",
            "id": first.pk,
            "title": "Busy already",
            "starts_at": "2027-09-04T01:30:00+00:00",
            "ends_at": "2027-09-04T02:30:00+00:00",
            "subject": {"type": "member", "id": scene.members[0].pk, "name": "Member 0"},
        }
    ]
    assert "Member 0" in body["detail"]
    assert Meeting.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "fields"),
    [
        ({"ends_at": "2027-09-04T09:00:00+09:00"}, ["ends_at"]),
        ({"starts_at": "2027-09-10T10:00:00+09:00", "ends_at": "2027-09-10T11:00:00+09:00"}, ["starts_at"]),
        ({"time_zone": "Mars/Olympus", "starts_at": "2027-09-04T10:00"}, ["time_zone"]),
        ({"kind": "party"}, ["kind"]),
        ({"title": ""}, ["title"]),
    ],
)
def test_meeting_post_bad_input_is_400_per_field(office_client, scene, overrides, fields):
    response = office_client.post(URL, payload(scene, **overrides), format="json")
    assert response.status_code == 400, response.json()
    body = response.json()
    assert body["code"] == "invalid"
    assert sorted(body["fields"]) == fields
    assert Meeting.objects.count() == 0
    assert BusyTime.objects.count() == 0


def test_meeting_post_attendee_twice_is_400(office_client, scene):
    attendees = [{"type": "member", "id": scene.members[0].pk}, {"type": "member", "id": scene.members[0].pk}]
    response = office_client.post(URL, payload(scene, attendees=attendees), format="json")
    assert response.status_code == 400
    assert response.json()["fields"] == {"attendees": [f"Attendee 2: member {scene.members[0].pk} is listed twice."]}
    assert MeetingAttendee.objects.count() == 0


def test_meeting_post_outside_expo_confirmed(office_client, scene):
    data = payload(
        scene, starts_at="2027-09-10T10:00:00+09:00", ends_at="2027-09-10T11:00:00+09:00", confirm_outside_expo=True
    )
    assert office_client.post(URL, data, format="json").status_code == 201


def test_meeting_patch_reschedules(office_client, scene):
    meeting = book(scene, start=seoul(4, 10), end=seoul(4, 11), members=[scene.members[0]])
    response = office_client.patch(
        f"{URL}{meeting.pk}/",
        {"starts_at": "2027-09-05T10:00:00+09:00", "ends_at": "2027-09-05T11:00:00+09:00"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["starts_at"] == "2027-09-05T01:00:00Z"
    assert response.json()["sequence"] == 1


def test_meeting_patch_into_clash_is_409_and_changes_nothing(office_client, scene):
    book(scene, start=seoul(5, 10), end=seoul(5, 11), members=[scene.members[0]])
    meeting = book(scene, start=seoul(4, 10), end=seoul(4, 11), members=[scene.members[0]])
    response = office_client.patch(
        f"{URL}{meeting.pk}/",
        {"starts_at": "2027-09-05T10:30:00+09:00", "ends_at": "2027-09-05T11:30:00+09:00"},
        format="json",
    )
    assert response.status_code == 409
    meeting.refresh_from_db()
    assert meeting.starts_at == seoul(4, 10)


def test_meeting_patch_travel_buffer_needs_override(office_client, scene):
    book(scene, title="Before", start=seoul(4, 9), end=seoul(4, 10), members=[scene.members[0]], venue=scene.room_b)
    meeting = book(scene, start=seoul(4, 14), end=seoul(4, 15), members=[scene.members[0]], venue=scene.room_a)
    change = {"starts_at": "2027-09-04T10:10:00+09:00", "ends_at": "2027-09-04T11:00:00+09:00"}
    response = office_client.patch(f"{URL}{meeting.pk}/", change, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "travel_buffer"
    assert [(w["title"], w["gap_minutes"], w["needed_minutes"]) for w in body["warnings"]] == [("Before", 10, 30)]
    meeting.refresh_from_db()
    assert meeting.starts_at == seoul(4, 14)
    response = office_client.patch(f"{URL}{meeting.pk}/", {**change, "override_travel": True}, format="json")
    assert response.status_code == 200


def test_meeting_delete_cancels_and_frees(office_client, scene):
    meeting = book(scene, start=seoul(4, 10), end=seoul(4, 11), members=[scene.members[0]])
    response = office_client.delete(f"{URL}{meeting.pk}/")
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    assert not BusyTime.objects.filter(source="meeting", source_id=meeting.pk).exists()


def test_meeting_check_reports_conflicts_and_warnings(office_client, scene):
    clash = book(scene, title="Clash", start=seoul(4, 10), end=seoul(4, 11), members=[scene.members[0]])
    book(scene, title="Far", start=seoul(4, 12, 30), end=seoul(4, 13), members=[scene.members[1]], venue=scene.room_b)
    response = office_client.post(
        f"{URL}check/",
        {
            "expo": scene.expo.pk,
            "starts_at": "2027-09-04T10:30",
            "ends_at": "2027-09-04T12:20",
            "venue": scene.room_a.pk,
            "attendees": [{"type": "member", "id": m.pk} for m in scene.members[:2]],
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert [(c["id"], c["subject"]["id"]) for c in body["conflicts"]] == [(clash.pk, scene.members[0].pk)]
    assert [(w["title"], w["direction"], w["gap_minutes"], w["needed_minutes"]) for w in body["warnings"]] == [
        ("Far", "after", 10, 30)
    ]
    assert body["outside_expo_days"] is False


def test_meeting_check_editing_ignores_own_busy_time(office_client, scene):
    meeting = book(scene, start=seoul(4, 10), end=seoul(4, 11), members=[scene.members[0]])
    response = office_client.post(
        f"{URL}check/",
        {
            "meeting": meeting.pk,
            "starts_at": "2027-09-04T10:30",
            "ends_at": "2027-09-04T11:30",
            "attendees": [{"type": "member", "id": scene.members[0].pk}],
        },
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["conflicts"] == []


# --- Roles and scopes ----------------------------------------------------------------------------


@pytest.fixture
def two_meetings(scene, exhibitor_a, exhibitor_b):
    from meetings.services import meeting_create

    def with_exhibitor(exhibitor, hour):
        exhibitor.pavilion.expo = scene.expo
        exhibitor.pavilion.save()
        return meeting_create(
            actor=None,
            expo=scene.expo,
            title=f"With {exhibitor.name}",
            kind="business",
            starts_at=seoul(4, hour),
            ends_at=seoul(4, hour + 1),
            attendees=[{"type": "exhibitor", "id": exhibitor.pk}],
        )

    return with_exhibitor(exhibitor_a, 10), with_exhibitor(exhibitor_b, 12)


def test_meeting_list_exhibitor_sees_only_own(api_client, exhibitor_user_a, two_meetings):
    api_client.force_authenticate(exhibitor_user_a)
    response = api_client.get(URL)
    assert response.status_code == 200
    assert [m["id"] for m in response.json()["results"]] == [two_meetings[0].pk]


def test_meeting_detail_other_exhibitor_404(api_client, exhibitor_user_b, two_meetings):
    api_client.force_authenticate(exhibitor_user_b)
    assert api_client.get(f"{URL}{two_meetings[0].pk}/").status_code == 404
    assert api_client.get(f"{URL}{two_meetings[0].pk}.ics").status_code == 404
    assert api_client.get(f"{URL}{two_meetings[1].pk}/").status_code == 200


def test_meeting_write_exhibitor_forbidden(api_client, exhibitor_user_a, two_meetings):
    api_client.force_authenticate(exhibitor_user_a)
    response = api_client.patch(f"{URL}{two_meetings[0].pk}/", {"title": "Mine now"}, format="json")
    assert response.status_code == 403


def test_meeting_anonymous_401(api_client, two_meetings):
    assert api_client.get(URL).status_code == 401
    assert api_client.post(URL, {}, format="json").status_code == 401
    assert api_client.get(f"{URL}{two_meetings[0].pk}.ics").status_code == 401


def test_meeting_plain_user_403(api_client, plain_user, two_meetings):
    api_client.force_authenticate(plain_user)
    assert api_client.get(URL).status_code == 403
    assert api_client.get(f"{URL}{two_meetings[0].pk}/").status_code == 403
    assert api_client.post(URL, {}, format="json").status_code == 403


def test_meeting_key_scopes(key_client, scene):
    meeting = book(scene, start=seoul(4, 10), end=seoul(4, 11))
    reader = key_client("meetings:read")
    writer = key_client("meetings:read", "meetings:write")
    other = key_client("contacts:read")
    assert reader.get(URL).status_code == 200
    assert reader.get(f"{URL}{meeting.pk}.ics").status_code == 200
    assert reader.patch(f"{URL}{meeting.pk}/", {"title": "x"}, format="json").status_code == 403
    assert other.get(URL).status_code == 403
    response = writer.patch(f"{URL}{meeting.pk}/", {"title": "Renamed"}, format="json")
    assert response.status_code == 200
    assert response.json()["title"] == "Renamed"


@pytest.mark.parametrize("count", [1, 4])
def test_meeting_list_queries_do_not_grow(office_client, scene, django_assert_num_queries, count):
    for i in range(count):
        book(scene, start=seoul(4, 8 + 2 * i), end=seoul(4, 9 + 2 * i), members=scene.members[:2], venue=scene.room_a)
    with django_assert_num_queries(3):
        response = office_client.get(URL)
    assert len(response.json()["results"]) == count


def test_meeting_check_unknown_time_zone_is_400(office_client, scene):
    response = office_client.post(
        f"{URL}check/",
        {
            "expo": scene.expo.pk,
            "starts_at": "2027-09-04T10:00",
            "ends_at": "2027-09-04T11:00",
            "time_zone": "Nowhere/City",
        },
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["time_zone"]


def test_meeting_check_exhibitor_forbidden(api_client, exhibitor_user_a, scene):
    api_client.force_authenticate(exhibitor_user_a)
    response = api_client.post(
        f"{URL}check/",
        {"expo": scene.expo.pk, "starts_at": "2027-09-04T10:00", "ends_at": "2027-09-04T11:00"},
        format="json",
    )
    assert response.status_code == 403


def test_meeting_patch_attendees_replaces_and_rechecks(office_client, scene):
    meeting = book(scene, start=seoul(4, 10), end=seoul(4, 11), members=[scene.members[0]])
    response = office_client.patch(
        f"{URL}{meeting.pk}/",
        {"attendees": [{"type": "member", "id": scene.members[1].pk, "role": "interpreter"}]},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["attendees"] == [
        {
            "type": "member",
            "id": scene.members[1].pk,
            "role": "interpreter",
            "response": "pending",
            "proposed_starts_at": None,
            "responded_at": None,
        }
    ]
    assert list(
        BusyTime.objects.filter(source="meeting", source_id=meeting.pk).values_list("member_id", flat=True)
    ) == [scene.members[1].pk]


def test_meeting_patch_status_transition_refused_400(office_client, scene):
    meeting = book(scene, start=seoul(4, 10), end=seoul(4, 11))
    response = office_client.patch(f"{URL}{meeting.pk}/", {"status": "held"}, format="json")
    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["status"]


def test_meeting_ics_own_exhibitor_200(api_client, exhibitor_user_a, two_meetings):
    api_client.force_authenticate(exhibitor_user_a)
    response = api_client.get(f"{URL}{two_meetings[0].pk}.ics")
    assert response.status_code == 200
    assert b"BEGIN:VCALENDAR" in response.content


def test_meeting_list_filters(office_client, scene):
    first = book(scene, start=seoul(4, 10), end=seoul(4, 11), members=[scene.members[0]], contacts=[scene.contacts[0]])
    second = book(scene, start=seoul(5, 10), end=seoul(5, 11), members=[scene.members[0], scene.members[1]])

    def ids(query):
        response = office_client.get(f"{URL}?{query}")
        assert response.status_code == 200, response.json()
        return [m["id"] for m in response.json()["results"]]

    assert ids(f"member={scene.members[0].pk}") == [first.pk, second.pk]
    assert ids(f"member={scene.members[1].pk}") == [second.pk]
    assert ids(f"contact={scene.contacts[0].pk}") == [first.pk]
    assert ids("starts_after=2027-09-05T00:00:00%2B09:00") == [second.pk]
    assert office_client.get(f"{URL}?starts_after=yesterday").status_code == 400
