"""Schedule pages: roles, forms that show clashes, agendas, calendar feeds."""

from __future__ import annotations

import re

import pytest
from icalendar import Calendar

from meetings.models import CalendarFeedToken, FollowUp, Meeting, SpeakingSlot
from meetings.services import meeting_create
from tests.factories import ExhibitorFactory
from tests.factories.scheduling import book, make_scene, seoul

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene():
    return make_scene()


@pytest.fixture
def office(client, office_user):
    client.force_login(office_user)
    return client


def form_data(scene, **overrides):
    data = {
        "title": "Waste management with Busan",
        "kind": "business",
        "status": "proposed",
        "starts_at": "2027-09-04T10:00",
        "ends_at": "2027-09-04T11:00",
        "venue": scene.room_a.pk,
        "members": [scene.members[0].pk],
        "contacts": [scene.contacts[0].pk],
    }
    data.update(overrides)
    return data


def test_meeting_list_office_only(client, scene, office_user, exhibitor_user_a):
    assert client.get("/meetings/").status_code == 302
    client.force_login(exhibitor_user_a)
    assert client.get("/meetings/").status_code == 403
    client.force_login(office_user)
    assert client.get("/meetings/").status_code == 200


@pytest.mark.parametrize("count", [1, 3])
def test_meeting_list_queries_do_not_grow(office, scene, django_assert_num_queries, count):
    for i in range(count):
        book(
            scene,
            start=seoul(4, 8 + 2 * i),
            end=seoul(4, 9 + 2 * i),
            members=scene.members[:2],
            contacts=scene.contacts[:1],
        )
    office.get("/meetings/")  # warm the session and the current expo
    with django_assert_num_queries(8):
        response = office.get("/meetings/")
    assert response.content.decode().count('<li class="sched-item') == count


def test_meeting_create_page_saves_in_expo_time(office, scene):
    response = office.post("/meetings/new/", form_data(scene))
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/meetings/{meeting.pk}/"
    assert meeting.starts_at == seoul(4, 10)
    assert list(meeting.attendees.values_list("member_id", "contact_id")) == [
        (scene.members[0].pk, None),
        (None, scene.contacts[0].pk),
    ]


def test_meeting_create_page_shows_clash_and_saves_nothing(office, scene):
    book(scene, title="Already booked", start=seoul(4, 10, 30), end=seoul(4, 11, 30), members=[scene.members[0]])
    response = office.post("/meetings/new/", form_data(scene, venue=""))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Double booking" in body
    assert "“Already booked” (Sat 04 Sep 10:30–11:30)" in body
    assert Meeting.objects.count() == 1


def test_meeting_create_page_end_before_start(office, scene):
    response = office.post("/meetings/new/", form_data(scene, ends_at="2027-09-04T09:00"))
    assert response.status_code == 200
    assert "The end must be after the start." in response.content.decode()
    assert Meeting.objects.count() == 0


def test_meeting_create_page_same_member_twice(office, scene):
    response = office.post("/meetings/new/", form_data(scene, interpreters=[scene.members[0].pk]))
    assert response.status_code == 200
    assert "is listed twice" in response.content.decode()
    assert Meeting.objects.count() == 0


def test_meeting_edit_page_reschedules(office, scene):
    meeting = book(scene, start=seoul(4, 10), end=seoul(4, 11), members=[scene.members[0]])
    response = office.get(f"/meetings/{meeting.pk}/edit/")
    assert 'value="2027-09-04T10:00"' in response.content.decode()
    data = form_data(scene, starts_at="2027-09-05T15:00", ends_at="2027-09-05T16:00", contacts=[], venue="")
    response = office.post(f"/meetings/{meeting.pk}/edit/", data)
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.starts_at, meeting.sequence) == (seoul(5, 15), 1)


def test_meeting_cancel_page_confirms_first(office, scene):
    meeting = book(scene, start=seoul(4, 10), end=seoul(4, 11))
    assert office.get(f"/meetings/{meeting.pk}/cancel/").status_code == 200
    meeting.refresh_from_db()
    assert meeting.status == "proposed"
    office.post(f"/meetings/{meeting.pk}/cancel/")
    meeting.refresh_from_db()
    assert meeting.status == "cancelled"


@pytest.fixture
def exhibitor_meetings(scene, exhibitor_a, exhibitor_b):
    exhibitor_a.pavilion.expo = scene.expo
    exhibitor_a.pavilion.save()
    made = []
    for exhibitor, hour in ((exhibitor_a, 10), (exhibitor_b, 12)):
        made.append(
            meeting_create(
                actor=None,
                expo=scene.expo,
                title=f"Buyers for {exhibitor.name}",
                kind="business",
                starts_at=seoul(4, hour),
                ends_at=seoul(4, hour + 1),
                attendees=[{"type": "exhibitor", "id": exhibitor.pk}],
            )
        )
    return made


def test_meeting_detail_exhibitor_sees_own_other_404(client, exhibitor_user_a, exhibitor_user_b, exhibitor_meetings):
    mine, theirs = exhibitor_meetings
    client.force_login(exhibitor_user_a)
    assert client.get(f"/meetings/{mine.pk}/").status_code == 200
    assert client.get(f"/meetings/{theirs.pk}/").status_code == 404
    assert client.get(f"/meetings/{mine.pk}/edit/").status_code == 403


def test_exhibitor_schedule_only_own_items(client, exhibitor_user_a, exhibitor_b, exhibitor_meetings):
    client.force_login(exhibitor_user_a)
    body = client.get("/exhibitor/schedule/").content.decode()
    assert "Buyers for Care Tech" in body
    assert "Buyers for Bin Works" not in body
    assert client.get(f"/exhibitor/schedule/{exhibitor_b.pk}/").status_code == 404


def test_exhibitor_schedule_plain_user_403_and_404(client, plain_user, exhibitor_a, exhibitor_meetings):
    client.force_login(plain_user)
    assert client.get("/exhibitor/schedule/").status_code == 403
    assert client.get(f"/exhibitor/schedule/{exhibitor_a.pk}/").status_code == 404
    assert client.get(f"/meetings/{exhibitor_meetings[0].pk}/").status_code == 403


@pytest.mark.parametrize("count", [1, 3])
def test_exhibitor_schedule_queries_do_not_grow(
    client, exhibitor_user_a, exhibitor_a, scene, django_assert_num_queries, count
):
    exhibitor_a.pavilion.expo = scene.expo
    exhibitor_a.pavilion.save()
    for i in range(count):
        meeting_create(
            actor=None,
            expo=scene.expo,
            title=f"M{i}",
            kind="business",
            starts_at=seoul(4, 8 + i),
            ends_at=seoul(4, 9 + i),
            attendees=[{"type": "exhibitor", "id": exhibitor_a.pk}, {"type": "contact", "id": scene.contacts[0].pk}],
        )
    client.force_login(exhibitor_user_a)
    client.get("/exhibitor/schedule/")
    # includes the rule checks' one read of the user's exhibitor memberships
    with django_assert_num_queries(10):
        client.get("/exhibitor/schedule/")


def test_member_schedule_shows_two_time_zones(office, scene):
    book(scene, title="Morning call", start=seoul(4, 10), end=seoul(4, 11), members=[scene.members[0]])
    body = office.get(f"/schedule/member/{scene.members[0].pk}/").content.decode()
    assert "10:00–11:00" in body  # Seoul
    assert "09:00–10:00" in body  # the member's home, Taipei


def test_agenda_unknown_time_zone_is_400(office, scene):
    response = office.get("/schedule/?tz=Mars/Olympus")
    assert response.status_code == 400
    assert "Mars/Olympus" in response.content.decode()


def test_agenda_delegation_lists_meetings_and_slots(office, scene):
    book(scene, title="G2G Rabat", start=seoul(4, 10), end=seoul(4, 11))
    from meetings.services import speaking_slot_create

    speaking_slot_create(
        actor=None, expo=scene.expo, kind="panel", title="Smart bins", starts_at=seoul(5, 9), ends_at=seoul(5, 10)
    )
    body = office.get(f"/schedule/?expo={scene.expo.pk}").content.decode()
    assert "G2G Rabat" in body
    assert "Panel: Smart bins" in body


def test_calendar_feed_issue_fetch_revoke(office, client, scene):
    member = scene.members[0]
    book(scene, title="Feed meeting", start=seoul(4, 10), end=seoul(4, 11), members=[member])
    office.post(f"/schedule/member/{member.pk}/feed/", {"action": "issue"})
    page = office.get(f"/schedule/member/{member.pk}/").content.decode()
    url = re.search(r'id="feed-url"[^>]*value="([^"]+)"', page).group(1)
    path = url.split("testserver", 1)[1]
    token = path.removeprefix("/calendar/").removesuffix(".ics")
    assert not CalendarFeedToken.objects.filter(token_hash=token).exists()
    from django.test import Client

    anonymous = Client()
    response = anonymous.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    cal = Calendar.from_ical(response.content)
    assert [str(e["summary"]) for e in cal.walk("VEVENT")] == ["Feed meeting"]
    office.post(f"/schedule/member/{member.pk}/feed/", {"action": "revoke"})
    assert anonymous.get(path).status_code == 404


def test_calendar_feed_unknown_token_404(client, db):
    assert client.get("/calendar/not-a-token.ics").status_code == 404


def test_member_feed_exhibitor_forbidden(client, exhibitor_user_a, scene):
    client.force_login(exhibitor_user_a)
    assert client.post(f"/schedule/member/{scene.members[0].pk}/feed/", {"action": "issue"}).status_code == 403
    assert not CalendarFeedToken.objects.exists()


def test_speaking_slot_page_creates_with_deadline(office, scene, office_user):
    response = office.post(
        "/speeches/new/",
        {
            "kind": "forum_talk",
            "title": "Smart care for ageing cities",
            "starts_at": "2027-09-05T14:00",
            "ends_at": "2027-09-05T14:30",
            "speakers": [scene.members[0].pk],
            "status": "invited",
            "deadline_slides": "2027-08-20",
            "deadline_slides_owner": office_user.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    slot = SpeakingSlot.objects.get()
    assert list(slot.deadlines.values_list("kind", "owner_id")) == [("slides", office_user.pk)]
    assert office.get("/speeches/").status_code == 200
    assert office.get(f"/speeches/{slot.pk}/").status_code == 200


def test_follow_up_page_from_meeting(office, scene, office_user):
    meeting = book(scene, start=seoul(4, 10), end=seoul(4, 11))
    page = office.get(f"/follow-ups/new/?meeting={meeting.pk}").content.decode()
    assert f'<option value="{meeting.pk}" selected>' in page
    response = office.post(
        "/follow-ups/new/",
        {
            "title": "Invite the secretary-general to judge",
            "meeting": meeting.pk,
            "owner": office_user.pk,
            "status": "open",
            "due_on": "2027-10-01",
        },
    )
    assert response.status_code == 302
    follow_up = FollowUp.objects.get()
    assert follow_up.expo_id == scene.expo.pk
    assert "Invite the secretary-general" in office.get("/follow-ups/").content.decode()


def test_booth_duty_page_adds_shift(office, scene):
    exhibitor = ExhibitorFactory(pavilion__expo=scene.expo)
    response = office.post(
        f"/booth-duty/?expo={scene.expo.pk}",
        {
            "exhibitor": exhibitor.pk,
            "member": scene.members[0].pk,
            "starts_at": "2027-09-04T09:00",
            "ends_at": "2027-09-04T12:00",
        },
    )
    assert response.status_code == 302
    assert scene.members[0].booth_shifts.count() == 1


@pytest.mark.parametrize("count", [1, 3])
def test_delegation_schedule_queries_do_not_grow(office, scene, django_assert_num_queries, count):
    from meetings.services import speaking_slot_create

    for i in range(count):
        book(
            scene,
            start=seoul(4, 8 + i),
            end=seoul(4, 9 + i),
            members=[scene.members[i]],
            contacts=[scene.contacts[0]] if i == 0 else [],
        )
        speaking_slot_create(
            actor=None,
            expo=scene.expo,
            kind="panel",
            title=f"P{i}",
            starts_at=seoul(5, 8 + i),
            ends_at=seoul(5, 9 + i),
            speakers=[scene.members[i]],
        )
    office.get(f"/schedule/?expo={scene.expo.pk}")
    with django_assert_num_queries(16):
        response = office.get(f"/schedule/?expo={scene.expo.pk}")
    assert response.content.decode().count('<li class="sched-item') == 2 * count


@pytest.mark.parametrize("count", [1, 3])
def test_member_schedule_queries_do_not_grow(office, scene, django_assert_num_queries, count):
    member = scene.members[0]
    for i in range(count):
        book(scene, start=seoul(4, 8 + i), end=seoul(4, 9 + i), members=[member, scene.members[1]])
    office.get(f"/schedule/member/{member.pk}/")
    with django_assert_num_queries(12):
        office.get(f"/schedule/member/{member.pk}/")


def test_meeting_detail_shows_history_with_actor(office, scene, office_user):
    meeting = book(scene, actor=office_user, start=seoul(4, 10), end=seoul(4, 11))
    office.post(f"/meetings/{meeting.pk}/edit/", form_data(scene, title="Renamed meeting", contacts=[], members=[]))
    body = office.get(f"/meetings/{meeting.pk}/").content.decode()
    assert "History of changes" in body
    assert "Renamed meeting" in body
    assert body.count(f"· {office_user.username} ·") == 2


@pytest.mark.parametrize("count", [1, 3])
def test_slot_and_follow_up_pages_queries_do_not_grow(office, scene, office_user, django_assert_num_queries, count):
    from meetings.services import follow_up_create, speaking_slot_create

    meeting = book(scene, start=seoul(4, 10), end=seoul(4, 11))
    for i in range(count):
        speaking_slot_create(
            actor=None,
            expo=scene.expo,
            kind="panel",
            title=f"Panel {i}",
            starts_at=seoul(5, 8 + i),
            ends_at=seoul(5, 9 + i),
            speakers=[scene.members[i]],
            panelists=scene.contacts,
            deadlines=[{"kind": "bio", "due_on": seoul(1, 0).date(), "owner": office_user.pk}],
        )
        follow_up_create(actor=office_user, title=f"Follow {i}", meeting=meeting, contact=scene.contacts[0])
    office.get(f"/speeches/?expo={scene.expo.pk}")
    with django_assert_num_queries(10):
        office.get(f"/speeches/?expo={scene.expo.pk}")
    with django_assert_num_queries(4):
        response = office.get("/follow-ups/")
    assert response.content.decode().count("/edit/") == count
